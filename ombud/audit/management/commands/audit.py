"""``python -m django audit keygen PATH | seal [--org ORG] | verify [--org ORG]``: the same as
``ombud audit`` (see ombud.audit.commands), for deployments that run Django's commands."""

import sys

from django.core.management.base import BaseCommand

from ombud.audit import commands


class Command(BaseCommand):
    help = "Seal and verify the case histories (keygen PATH | seal | verify [--org ORG])."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("keygen", "seal", "verify"))
        parser.add_argument("path", nargs="?", help="keygen: where to write the new key")
        parser.add_argument("--org", help="one organization (its slug)")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "keygen":
            if not options["path"]:
                self.stderr.write("keygen needs the PATH of the key file to create")
                sys.exit(commands.EXIT_INPUT_ERROR)
            status = commands.keygen(options["path"], self.stdout, self.stderr)
        else:
            status = getattr(commands, action)(options["org"], self.stdout, self.stderr)
        if status:
            sys.exit(status)

"""``ombud org create`` and ``ombud user create``: an organization and its people set up from
the command line (docs/authoring.md, the walk-through). Registered by ``ombud.cli``; ``add_to``
imports no Django, so that the command line starts fast."""

from __future__ import annotations

import argparse
import os
import sys


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
    django.setup()


def _refused(message: str) -> int:
    """Bad input: one line, exit status 2 (as every ombud command)."""
    print(f"ombud: {message}", file=sys.stderr)
    return 2


def org_command(args: argparse.Namespace) -> int:
    _django()
    from django.utils import translation

    from ombud.orgs.setup import SetupError, create_organization

    procedures = [item.strip() for item in args.procedures.split(",") if item.strip()]
    with translation.override("en"):
        try:
            organization = create_organization(slug=args.slug, name=args.name,
                                               language=args.language, procedures=procedures)
        except SetupError as error:
            return _refused(str(error))
    print(f"ok  {organization.slug} ({organization.name}): "
          + ", ".join(organization.procedures.values_list("procedure_id", flat=True)))
    return 0


def user_command(args: argparse.Namespace) -> int:
    _django()
    from django.utils import translation

    from ombud.orgs.models import Organization
    from ombud.orgs.setup import SetupError, create_user

    organization = Organization.objects.filter(slug=args.org).first()
    if organization is None:
        return _refused(f"no organization {args.org!r} (ombud org create makes one)")
    with translation.override("en"):
        try:
            user = create_user(username=args.username, organization=organization,
                               role=args.role, email=args.email)
        except SetupError as error:
            return _refused(str(error))
    print(f"ok  {user.get_username()} is {args.role} at {organization.slug}; a link to choose "
          f"a password is in the outbox for {user.email}")
    return 0


def add_to(commands) -> None:
    org = commands.add_parser("org", help="set up an organization")
    org_actions = org.add_subparsers(dest="action", required=True)
    create = org_actions.add_parser("create", help="a new organization with its procedures")
    create.add_argument("slug", help="its short name, in its addresses: /<slug>/...")
    create.add_argument("--name", required=True, help="its full name")
    create.add_argument("--language", required=True, choices=("nb", "nl", "en"))
    create.add_argument("--procedures", required=True,
                        help="the procedures to enable, ID[,ID...] (ombud procedure validate "
                             "--all lists those installed)")
    create.set_defaults(run=org_command)
    user = commands.add_parser("user", help="set up a person")
    user_actions = user.add_subparsers(dest="action", required=True)
    create = user_actions.add_parser("create", help="a new person with a role; mails a link to "
                                                    "choose the password")
    create.add_argument("username")
    create.add_argument("--org", required=True, help="the organization (its slug)")
    create.add_argument("--role", required=True,
                        choices=("admin", "manager", "handler", "intake", "privacy", "auditor"))
    create.add_argument("--email", required=True)
    create.set_defaults(run=user_command)

"""The background worker: resume what a previous worker left (``ombud.schedule.resume``), then
run Django's database task worker."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ombud import schedule


class Command(BaseCommand):
    help = "Run Ombud's background worker (outbox, deadline sweep and reminders)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds to wait when no task is ready")

    def handle(self, *args, **options):
        schedule.resume()
        call_command("db_worker", interval=options["interval"], verbosity=options["verbosity"])

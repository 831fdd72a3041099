"""The background worker: resume what a previous worker left (``ombud.schedule.resume``), then
run Django's database task worker, and beside it look for owed work no task was booked for
(``ombud.schedule.Polling``: a web submission's receipt)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ombud import schedule


class Command(BaseCommand):
    help = "Run Ombud's background worker (outbox, deadline sweep and reminders)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds to wait when no task is ready")
        parser.add_argument("--worker-id", help="the id the task rows it claims name it by")
        parser.add_argument("--no-resume", action="store_true",
                            help="its supervisor (ombud worker) resumed already")

    def handle(self, *args, **options):
        if not options["no_resume"]:
            schedule.resume()
        polling = schedule.Polling(options["interval"])
        polling.start()
        worker = {"worker_id": options["worker_id"]} if options["worker_id"] else {}
        try:
            call_command("db_worker", interval=options["interval"],
                         verbosity=options["verbosity"], **worker)
        finally:
            polling.stop()  # after the task in hand: what it is doing is finished too

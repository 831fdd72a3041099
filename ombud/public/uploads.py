"""What uploads from the public cost their sender (issue 9, finding 2). A refused upload counts
toward the address's hourly limit like a case sent (``abuse.over_limit`` asks
``refused_recently``), so nobody probes the checks endlessly; and a private page takes only so
many documents an hour, per case and per address, taken or refused.

The counts are read before the upload and written after it: parallel uploads may pass the
limit by the few that were in flight, never by more."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from ombud.cases.models import Case
from ombud.public.models import UploadTry

WINDOW = timedelta(hours=1)


def _recent() -> QuerySet:
    return UploadTry.objects.filter(created_at__gte=timezone.now() - WINDOW)


def refused_recently(client: str) -> QuerySet:
    """The uploads refused to this address within the hour, on the form or a private page."""
    return _recent().filter(client=client, refused=True)


def over_limit(*, client: str, case: Case) -> bool:
    """Whether this case, or this address, already sent its share of documents in the hour."""
    recent = _recent()
    return (recent.filter(case=case).count() >= settings.OMBUD_UPLOADS_PER_CASE_PER_HOUR
            or recent.filter(client=client, case__isnull=False).count()
            >= settings.OMBUD_UPLOADS_PER_ADDRESS_PER_HOUR)


def upload_try_record(*, client: str, refused: bool, case: Case | None = None,
                      proof_of_work: bool = True) -> None:
    """Count one upload: on a private page (``case``) taken or refused; on the form, refused
    ones only. Tries older than the window are dropped here, so the table stays small."""
    UploadTry.objects.filter(created_at__lt=timezone.now() - WINDOW).delete()
    UploadTry.objects.create(client=client, case=case, refused=refused,
                             proof_of_work=proof_of_work)

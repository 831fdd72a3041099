"""What uploads from the public cost their sender (issue 9, finding 2). A refused upload counts
toward the address's hourly limit like a case sent (``abuse.over_limit`` asks
``refused_recently``), so nobody probes the checks endlessly; and a private page takes only so
many documents an hour, per case and per address, taken or refused.

A try on a private page is written before it is counted, so uploads sent at once never pass
the limit."""

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


def try_begin(*, client: str, case: Case) -> UploadTry:
    """Count an upload to a private page before anything else is done with it. Written first
    and counted after, so that of uploads sent at once no more than the limit go through."""
    UploadTry.objects.filter(created_at__lt=timezone.now() - WINDOW).delete()
    return UploadTry.objects.create(client=client, case=case, refused=False)


def over_limit(attempt: UploadTry) -> bool:
    """Whether this try, counted with every other of the hour, is beyond the case's or the
    address's share. Tries sent at the same moment see each other: at the edge of the limit
    they may all be refused, never all let through."""
    recent = _recent()
    return (recent.filter(case=attempt.case_id).count() > settings.OMBUD_UPLOADS_PER_CASE_PER_HOUR
            or recent.filter(client=attempt.client, case__isnull=False).count()
            > settings.OMBUD_UPLOADS_PER_ADDRESS_PER_HOUR)


def try_counted(*, client: str, case: Case) -> UploadTry | None:
    """An upload to a private page counted (``try_begin``); None, and nothing counted, when it
    is beyond the hour's share (``over_limit``, ``try_forget``). The caller marks the try
    refused when the document is not taken (``try_refused``)."""
    attempt = try_begin(client=client, case=case)
    if over_limit(attempt):
        try_forget(attempt)
        return None
    return attempt


def try_forget(attempt: UploadTry) -> None:
    """A try turned away by the limit itself takes no one's share: the allowance comes back
    when the hour has passed, not later."""
    UploadTry.objects.filter(pk=attempt.pk).delete()


def try_refused(attempt: UploadTry) -> None:
    """A refused try counts toward the address's limit on the form too (``refused_recently``)."""
    UploadTry.objects.filter(pk=attempt.pk).update(refused=True)


def upload_try_record(*, client: str, refused: bool, proof_of_work: bool = True) -> None:
    """Count an upload refused on the form. Tries older than the window are dropped here, so
    the table stays small."""
    UploadTry.objects.filter(created_at__lt=timezone.now() - WINDOW).delete()
    UploadTry.objects.create(client=client, refused=refused, proof_of_work=proof_of_work)

"""What a web submission must pass before it is filed, apart from the sender's limits
(``public.limits``): its files (how many, how large, the type their bytes show, the virus
scanner) and the procedure's filing window, which a late filer is told about and confirms."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from ombud.cases import files
from ombud.domain import engine
from ombud.domain.procedure import Procedure
from ombud.public import uploads
from ombud.public.selectors import is_filing_window, is_filing_window_spec
from ombud.public.services import Upload


def attachments_checked(uploaded, *, client: str, proof_of_work: bool) -> list[Upload]:
    """Read and check the form's files: how many, then each one's size, the type its bytes show
    and the virus scanner. Raises ``files.Refused`` at the first refusal, saying why; the files
    after it are not read. A refusal counts toward the sender's hourly limit like a case sent
    (``uploads.refused_recently``), so that nobody probes the checks endlessly."""
    try:
        return _checked(uploaded)
    except files.Refused:
        uploads.upload_try_record(client=client, refused=True, proof_of_work=proof_of_work)
        raise


def _checked(uploaded) -> list[Upload]:
    if len(uploaded) > settings.OMBUD_ATTACHMENT_MAX_COUNT:
        raise files.Refused(_("Attach at most %(count)s files.") % {
            "count": settings.OMBUD_ATTACHMENT_MAX_COUNT})
    checked = []
    for upload in uploaded:
        found = files.check(upload, max_bytes=settings.OMBUD_ATTACHMENT_MAX_BYTES)
        checked.append(Upload(found.name, found.content, found.content_type))
    return checked


def document_checked(upload, *, title: str) -> Upload:
    """A further document from the private page, checked like an attachment and named by the
    title its sender gave it. Raises ``files.Refused``, saying why."""
    found = files.check(upload, max_bytes=settings.OMBUD_ATTACHMENT_MAX_BYTES)
    # A title is one line: sent with line breaks, it would start lines of its own in the
    # lists that name it (the staff's digest, the case file's list of documents).
    return Upload(" ".join(title.split()), found.content, found.content_type)


def filing_window_missed(procedure: Procedure, details: dict[str, Any],
                         today: date) -> engine.Deadline | None:
    """The procedure's filing window (X-20, DNV-K-05, DNV-I-02) when a web filing received
    ``today`` with these ``details`` comes after it; None when it is in time or the procedure
    has none. A late filing is not refused: the organization decides whether it can be
    handled, and may decline it as late."""
    if not any(is_filing_window_spec(spec) for spec in procedure.deadlines):
        return None  # nothing to miss: the engine is not asked
    received = engine.Event(today, "received", {"channel": "web", **details})
    state = engine.evaluate(procedure, [received], today)
    return next((deadline for deadline in state.deadlines
                 if is_filing_window(deadline) and deadline.status == "missed"), None)

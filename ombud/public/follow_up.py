"""What the worker does after a web submission, which the complainant does not wait for: the
case row and figures as the engine makes them, a recorded contact matched, the searchable
text, and the receipt (its PDF archived in the file and recorded in its chain, its mail with
the private link in the outbox). The submission's row says it is owed
(``Submission.followed_up``), written in the case's own transaction: a task lost in a crash
loses nothing, because the worker's start (``follow_up_owed``) finds the rows, and a second
run finds the work done and does nothing."""

from __future__ import annotations

from django.db import transaction

from ombud.cases import correspondence, services
from ombud.cases.models import Case
from ombud.public.models import Submission, TrackingLink
from ombud.public.selectors import case_state


def filing_follow_up(case_id: int) -> bool:
    """Do the follow-up of the web submission that opened case ``case_id``, once however often
    it is asked (two workers, a retried task): under the case's row lock, only while the
    submission's row says it is owed. Returns whether it was done now."""
    with transaction.atomic():
        owed = Submission.objects.filter(case_id=case_id, followed_up=False)
        if not owed.exists():
            return False
        case = Case.objects.select_for_update().select_related("organization").get(pk=case_id)
        if not owed.exists():  # done by another worker while this one waited for the lock
            return False
        services.case_registered_follow_up(case)
        link_id = (TrackingLink.objects.filter(case=case).order_by("id")
                   .values_list("id", flat=True).first())
        letters_before = services.last_document_id(case)
        correspondence.receipt_send(case=case, procedure=services.procedure_of(case),
                                    state=case_state(case), link_id=link_id)
        # The receipt's PDF is a document of the file like every letter: the chain records it
        # with its SHA-256, on the letter's date, or `ombud audit verify` calls it altered.
        services.documents_record(case=case, after_id=letters_before, on=case.received_on,
                                  actor=None)
        owed.update(followed_up=True)
    return True


def follow_up_owed() -> int:
    """Every follow-up still owed (at the worker's start: tasks that died with a worker).
    Returns how many were done."""
    owed = Submission.objects.filter(followed_up=False).order_by("id")
    return sum(filing_follow_up(case_id)
               for case_id in list(owed.values_list("case_id", flat=True)))

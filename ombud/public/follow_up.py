"""What the worker does after a web submission, which the complainant does not wait for: the
case row and figures as the engine makes them, a recorded contact matched, the searchable
text, and the receipt (its PDF archived in the file and recorded in its chain, its mail with
the private link in the outbox). The submission's row says it is owed
(``Submission.followed_up``), written in the case's own transaction: no task is booked on the
request's path; every worker looks for such rows (``follow_up_owed``, polled by
``schedule.Polling``), so a worker's crash loses nothing, and a second run finds the work done
and does nothing."""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError, connection, transaction

from ombud.cases import correspondence, services
from ombud.cases.models import Case
from ombud.public.models import Submission, TrackingLink
from ombud.public.selectors import case_state


def filing_follow_up(case_id: int, *, skip_locked: bool = False) -> bool:
    """Do the follow-up of the web submission that opened case ``case_id``, once however often
    it is asked (two workers, a retried task): under the case's row lock, only while the
    submission's row says it is owed. ``skip_locked``: leave a case another worker holds to it
    (PostgreSQL). Returns whether it was done now."""
    with transaction.atomic():
        owed = Submission.objects.filter(case_id=case_id, followed_up=False)
        if not owed.exists():
            return False
        case = (Case.objects.select_for_update(skip_locked=skip_locked, of=("self",))
                .select_related("organization").filter(pk=case_id).first())
        if case is None or not owed.exists():  # another worker's, or done by it meanwhile
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


FOLLOW_UPS_PER_TURN = 20  # the rest at the next turn, at once: a stop waits for one turn
log = logging.getLogger("ombud.worker")
# Cases whose follow-up failed in this process other than by the database: tried again at the
# process's next start (as a failed task was), not every turn, and never in the others' way.
_failed_here: set[int] = set()
# Cases the database refused while it answered (a value out of its column's range, a constraint,
# a lock it gave up waiting for): case id -> (failures, the monotonic time of the next try). A
# lock is gone at the next try; a refusal that stays is tried less and less often (at most
# hourly), and logged as often, never in the others' way.
_refused_here: dict[int, tuple[int, float]] = {}
REFUSED_PAUSE_MAX = 3600.0


def follow_up_owed() -> int:
    """The follow-ups still owed, oldest first, each in a transaction of its own; the cases
    another worker is doing are left to it. Returns how many were done."""
    owed = (Submission.objects.filter(followed_up=False).exclude(case_id__in=_resting())
            .order_by("id").values_list("case_id", flat=True))
    done = 0
    for case_id in list(owed[:FOLLOW_UPS_PER_TURN]):
        try:
            done += filing_follow_up(case_id, skip_locked=True)
        except DatabaseError:
            if not connection.is_usable():
                raise  # the database away: every case waits for the next turn
            # The database answers, and refused this case alone: ending the turn here, as for
            # the database away, tried it first again every turn and kept every case behind it
            # waiting for ever.
            _refused(case_id)
        except Exception:
            _failed_here.add(case_id)
            log.exception("the follow-up of case %s failed", case_id,
                          extra={"case_id": case_id})
        else:
            _refused_here.pop(case_id, None)
    return done


def _resting() -> set[int]:
    now = time.monotonic()
    return _failed_here | {case_id for case_id, (_, at) in _refused_here.items() if at > now}


def _refused(case_id: int) -> None:
    failures = _refused_here.get(case_id, (0, 0.0))[0] + 1
    pause = min(2.0 ** min(failures, 12), REFUSED_PAUSE_MAX)  # 2 s, 4 s, … an hour
    _refused_here[case_id] = failures, time.monotonic() + pause
    log.exception("the follow-up of case %s failed in the database (%s times; tried again in "
                  "%d s)", case_id, failures, pause, extra={"case_id": case_id})

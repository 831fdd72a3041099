"""Two people act on one case at the same moment, each on their own database connection.

The services hold the case row lock (``select_for_update``) while they check and record a step:
the second writer waits for the first, then sees its event and is refused by the engine with the
procedure's own rule. Exactly one event is added, and the history stays one valid chain.

To make "at the same moment" certain rather than likely, the test itself holds the row lock while
both threads start (a ``threading.Barrier``) and releases it only once PostgreSQL reports both
threads waiting on a lock; each test asserts that they did wait, so it cannot pass with the
threads one after the other. (This is the one concurrency test of two handlers at once: the copy
in tests/concurrency, a barrier alone, could pass without the threads ever competing.)
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone, translation

from ombud.cases import services
from ombud.cases.history import first_broken_link
from ombud.cases.models import Case, Document, DocumentKind

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks need PostgreSQL: SQLite serializes writers"),
    pytest.mark.django_db(transaction=True),
]

TODAY = timezone.localdate


def _sessions_waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is snapshotted per transaction
        cursor.execute("SELECT count(*) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0]


def _wait_until_waiting(sessions: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _sessions_waiting_on_a_lock() >= sessions:
            return True
        time.sleep(0.02)
    return False


def _run_at_once(work, people_acting, *, hold_lock_on: Case):
    """Run ``work(person)`` in one thread per person, released together by a barrier, while this
    test holds ``hold_lock_on``'s row lock until all of them wait on it.
    Returns (outcomes, whether all were seen waiting)."""
    start = threading.Barrier(len(people_acting))
    outcomes: list[tuple] = []

    def act(person):
        try:
            start.wait(timeout=10)
            with translation.override("en"):
                work(person)
            outcomes.append(("recorded", person.username))
        except services.Refused as refusal:
            outcomes.append(("refused", refusal.rule, refusal.reason))
        except Exception as error:  # any other failure is reported by the assertions
            outcomes.append(("error", repr(error)))
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=act, args=(person,)) for person in people_acting]
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=hold_lock_on.pk)
        for thread in threads:
            thread.start()
        all_waited = _wait_until_waiting(len(threads))
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return sorted(outcomes), all_waited


@pytest.fixture
def dnv_complaint(register):
    return register("dnv/complaint", received_on=TODAY() - timedelta(days=3), name="Sanne Jansen")


def test_two_handlers_acknowledging_at_once_one_is_recorded_the_other_refused(
        dnv_complaint, people):
    case = dnv_complaint
    before = Case.objects.get(pk=case.pk).event_count

    def acknowledge(person):
        services.case_step(case=case, event_type="acknowledged", on=TODAY(), actor=person)

    outcomes, all_waited = _run_at_once(
        acknowledge, [people["dnv"]["handler"], people["dnv"]["handler2"]], hold_lock_on=case)

    assert all_waited, "the two handlers never waited on the row lock together"
    assert [outcome[0] for outcome in outcomes] == ["recorded", "refused"], outcomes
    refused = outcomes[1]
    assert refused[1] == "DNV-K-11" and refused[2].startswith("this was already done on")
    case = Case.objects.get(pk=case.pk)
    # The step and the archived letter it wrote (every document is in the chain): once.
    assert case.event_count == before + 2 == 3
    assert list(case.events.order_by("seq").values_list("type", flat=True)) == [
        "received", "acknowledged", "document_added"]
    assert first_broken_link(case.events.order_by("seq")) is None


def test_two_handlers_answering_at_once_one_answer_and_one_letter_are_kept(
        dnv_complaint, step, alice, people):
    case = dnv_complaint
    step(case, "acknowledged", on=TODAY() - timedelta(days=2))
    step(case, "assigned", on=TODAY() - timedelta(days=2), handler_id=alice.pk, handler="Alice",
         involved=False)
    step(case, "hearing_invited", on=TODAY() - timedelta(days=1), term_weeks=2)
    step(case, "hearing_waived", on=TODAY() - timedelta(days=1))
    before = Case.objects.get(pk=case.pk).event_count

    def answer(person):
        services.case_step(case=case, event_type="answered", on=TODAY(), actor=person,
                           data={"outcome": "not_upheld", "reasons": f"By {person.username}",
                                 "letter": f"Letter by {person.username}"})

    # Only the appointed handler answers (AV-09 and the permission table): her answer sent
    # twice at once, from two browser tabs.
    outcomes, all_waited = _run_at_once(answer, [alice, alice], hold_lock_on=case)

    assert all_waited, "the two answers never waited on the row lock together"
    assert [outcome[0] for outcome in outcomes] == ["recorded", "refused"], outcomes
    refused = outcomes[1]
    assert refused[1] == "DNV-K-19" and refused[2].startswith("the case was closed on")
    case = Case.objects.get(pk=case.pk)
    assert (case.state, case.event_count) == ("answered", before + 2)  # answer and its letter
    # Every earlier step wrote its own letter; of the two answers only one letter was kept.
    letters = Document.objects.filter(case=case, kind=DocumentKind.LETTER)
    answers = [letter for letter in letters if letter.title.startswith("Beslissing op uw zaak")]
    assert len(answers) == 1
    assert letters.count() == 3  # acknowledgement, hearing invitation, the one answer
    assert first_broken_link(case.events.order_by("seq")) is None


def test_two_complaints_registered_at_once_each_get_their_own_number(register, people):
    """Nothing submitted is lost: while one registration is still being written, a second one in
    the same organization and year waits for it and takes the next number (it must not take the
    same number and fail on the unique constraint)."""
    year = TODAY().year
    outcomes: list[tuple] = []

    def register_second():
        try:
            case = register("dnv/complaint", name="Second at once")
            outcomes.append(("recorded", case.reference))
        except Exception as error:  # any other failure is reported by the assertions
            outcomes.append(("error", repr(error)))
        finally:
            connection.close()

    second = threading.Thread(target=register_second)
    with transaction.atomic():  # the first registration, not yet committed
        first = register("dnv/complaint", name="First at once")
        second.start()
        # A correct service waits here on the organization's row lock: the two registrations
        # overlap for certain, or the test fails.
        second_waited = _wait_until_waiting(1)
    second.join(timeout=30)
    assert second_waited, "the second registration never waited for the first"
    assert not second.is_alive(), "the second registration hung"

    assert first.reference == f"DNV-{year}-0001"
    assert outcomes == [("recorded", f"DNV-{year}-0002")]
    assert sorted(Case.objects.values_list("number", flat=True)) == [1, 2]

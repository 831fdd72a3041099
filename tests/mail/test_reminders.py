"""Reminders to handlers and flags on missed deadlines, made by the nightly sweep
(``ombud.cases.reminders``): N working days ahead counted on the procedure's own calendar, each
made once however often the sweep runs, and a missed deadline flagged with its days late."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from ombud.cases.models import CaseEvent
from ombud.cases.reminders import remind_and_flag
from ombud.cases.tasks import sweep_deadlines
from ombud.mail.models import OutboxMessage

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def two_working_days(settings):
    settings.OMBUD_REMINDER_WORKING_DAYS = 2


@pytest.fixture
def managers(people):
    """The managers of NE, DNV and PP, with an address: an unassigned case reminds them."""
    addresses = {}
    for slug in ("ne", "dnv", "pp"):
        manager = people[slug]["manager"]
        manager.email = addresses[slug] = f"manager@{slug}.example"
        manager.save(update_fields=["email"])
    return addresses


@pytest.fixture
def appeal_due_after_easter(register):
    """An NE appeal received on Saturday 7 March 2026: answer within one month, by Tuesday
    7 April (NE-A-05), just after the Norwegian Easter holidays (2, 3 and 6 April)."""
    case = register("ne/appeal", received_on=date(2026, 3, 7))
    case.refresh_from_db()
    assert (case.next_due, case.next_due_rule) == (date(2026, 4, 7), "NE-A-05")
    return case


def reminders() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind="reminder").order_by("id"))


def flags(case) -> list[dict]:
    return [event.data for event in CaseEvent.objects.filter(case=case, type="deadline_missed")]


# -- N working days ahead, on the procedure's calendar ---------------------------------------------


@pytest.mark.django_db
def test_x_03_two_working_days_ahead_reach_over_the_norwegian_easter_holidays(
        appeal_due_after_easter, managers):
    # Monday 30 March: two working days ahead is Wednesday 1 April; the deadline is later.
    assert remind_and_flag(today=date(2026, 3, 30)) == (0, 0)
    # Tuesday 31 March: 1 April, then Maundy Thursday, Good Friday, the weekend and Easter
    # Monday are no working days: the second one is 7 April, the deadline itself.
    assert remind_and_flag(today=date(2026, 3, 31)) == (1, 0)

    [reminder] = reminders()
    assert (reminder.case, reminder.to) == (appeal_due_after_easter, managers["ne"])
    assert appeal_due_after_easter.reference in reminder.subject
    assert "NE-A-05" in reminder.subject


@pytest.mark.django_db
def test_x_04_two_working_days_ahead_skip_5_may_as_an_atw_holiday_every_year(register,
                                                                               managers):
    # A DNV complaint received on Tuesday 28 April 2026 is acknowledged within five working
    # days (DNV-K-11): 29, 30 April, 1, 4 May and, 5 May being an Atw holiday, 6 May.
    case = register("dnv/complaint", received_on=date(2026, 4, 28))
    case.refresh_from_db()
    assert (case.next_due, case.next_due_rule) == (date(2026, 5, 6), "DNV-K-11")

    # Thursday 30 April: 1 and 4 May are the next two working days.
    assert remind_and_flag(today=date(2026, 4, 30)) == (0, 0)
    # Friday 1 May: 4 May, then 6 May. On a calendar with 5 May only every fifth year (the
    # holidays package's NL, or Norway's) it would be 5 May, and no reminder yet.
    assert remind_and_flag(today=date(2026, 5, 1)) == (1, 0)

    [reminder] = reminders()
    assert (reminder.case, reminder.to) == (case, managers["dnv"])
    assert "DNV-K-11" in reminder.subject


# -- once -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reminder_is_made_once_however_often_the_sweep_runs_that_night_or_the_next(
        appeal_due_after_easter, managers):
    assert remind_and_flag(today=date(2026, 3, 31)) == (1, 0)
    assert remind_and_flag(today=date(2026, 3, 31)) == (0, 0)  # a restart, the same night
    assert remind_and_flag(today=date(2026, 4, 1)) == (0, 0)  # the next night

    [reminder] = reminders()
    assert reminder.dedupe_key.startswith(f"reminder:{appeal_due_after_easter.pk}:answer:")


@pytest.mark.django_db
def test_x_07_a_missed_deadline_is_flagged_once_with_its_days_late(appeal_due_after_easter,
                                                                   managers):
    assert remind_and_flag(today=date(2026, 4, 10)) == (0, 1)  # due 7 April: three days late

    [flag] = flags(appeal_due_after_easter)
    assert {name: flag[name] for name in ("key", "rule", "due_on", "days_late")} == {
        "key": "answer", "rule": "NE-A-05", "due_on": "2026-04-07", "days_late": 3}
    assert flag["text"] == "1 måned etter mottak 07.03.2026"  # the basis, in NE's language

    # Later sweeps neither flag it again nor recompute the days it was late.
    assert remind_and_flag(today=date(2026, 4, 10)) == (0, 0)
    assert remind_and_flag(today=date(2026, 4, 20)) == (0, 0)
    assert [flag["days_late"] for flag in flags(appeal_due_after_easter)] == [3]
    assert reminders() == []  # a missed deadline is flagged, not reminded of


@pytest.mark.django_db
def test_x_07_the_sweep_task_run_twice_after_a_restart_adds_no_second_reminder_or_flag(
        register, managers):
    """``sweep_deadlines`` as the worker runs it, today: once, then again (a worker restart
    sweeps at once although tonight's sweep already ran)."""
    soon = register("pp/complaint", received_on=TODAY() - timedelta(days=6))  # due tomorrow
    late = register("ne/appeal", received_on=TODAY() - timedelta(days=70))  # a month overdue

    first = sweep_deadlines.call()
    second = sweep_deadlines.call()

    assert first["reminded"] >= 1 and first["missed"] == 1
    assert (second["reminded"], second["missed"]) == (0, 0)
    assert {reminder.case for reminder in reminders()} == {soon}
    assert {reminder.to for reminder in reminders()} == {managers["pp"]}
    assert len(reminders()) == first["reminded"]
    assert len(flags(late)) == 1


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite takes the write lock when a transaction begins (IMMEDIATE): "
                           "two sweeps cannot interleave there")
@pytest.mark.django_db(transaction=True)
def test_x_07_two_sweeps_at_the_same_moment_flag_a_missed_deadline_once(
        appeal_due_after_easter, managers):
    """Two workers started together both sweep at once; each on its own connection."""
    start = threading.Barrier(2)
    outcomes = []

    def sweep():
        try:
            start.wait(timeout=10)
            outcomes.append(remind_and_flag(today=date(2026, 4, 10)))
        finally:
            connections.close_all()

    sweeps = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in sweeps:
        thread.start()
    for thread in sweeps:
        thread.join(timeout=30)

    assert sorted(outcomes) == [(0, 0), (0, 1)]
    assert len(flags(appeal_due_after_easter)) == 1

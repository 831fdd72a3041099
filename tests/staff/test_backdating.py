"""Issue 9, finding 5: backdating turned a missed deadline into a met one (X-07).

Reproduced in the demo: PP-2026-0002's acknowledgement, due 29.11 and shown missed, was recorded
on 02.12 as done on 23.11, and then showed "met", with the letter dated 23.11. These tests replay
that on the same days: the clock is set to 02.12.2026 (the one thing that cannot run here is the
calendar of that week), everything else is the real application.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone, translation
from pdf_text import pdf_text

from ombud.cases import permissions, reminders, services
from ombud.cases.models import CaseEvent, Document, DocumentKind
from ombud.cases.views.case_page import _deadline_rows
from ombud.domain import engine
from tests.cast import sign_in

RECORDED = date(2026, 12, 2)
RECEIVED = date(2026, 11, 22)  # a Sunday letter: acknowledgement due 29.11 (PP-11)
DONE = date(2026, 11, 23)
REASON = "Sendt per post 23.11, glemt å registrere"


@pytest.fixture
def on_2_december(monkeypatch):
    """The office clock on the day of the report, 02.12.2026 at 11:00 in Oslo."""
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 2, 10, 0, tzinfo=UTC))


def appointed(case, people, day: date):
    """PP cases are read by their appointed handler (PP-15): the manager appoints bob on
    ``day``, recorded that day."""
    bob = people["pp"]["handler"]
    services.case_step(case=case, event_type="assigned", on=day, recorded_on=day,
                       actor=people["pp"]["manager"],
                       data={"handler_id": bob.pk, "handler": bob.username, "involved": False})
    case.refresh_from_db()
    return case


@pytest.fixture
def pp_case(on_2_december, register, people):
    case = register("pp/complaint", received_on=RECEIVED, channel="letter",
                    title="Endring av vakter på kort varsel")
    return appointed(case, people, RECEIVED)


@pytest.fixture
def manager(people):
    """Personalpartner's manager: may record a step dated back further than the setting."""
    return people["pp"]["manager"]


def post_step(client, case, event_type, on: date, **fields):
    data = {f"{event_type}-on": on.isoformat(),
            **{f"{event_type}-{name}": value for name, value in fields.items()}}
    return client.post(f"/{case.organization.slug}/cases/{case.reference}/steps/{event_type}/",
                       data)


def acknowledge_deadline(case) -> engine.Deadline:
    history = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    state = engine.evaluate(services.procedure_of(case), services.engine_events_of(history),
                            timezone.localdate())
    return state.deadline("acknowledge")


def test_x_07_the_reproduction_pp_acknowledgement_recorded_02_12_as_done_23_11_stays_missed(
        pp_case, client, bob, people):
    # The nightly sweep of 30.11 flagged the acknowledgement missed.
    assert reminders.remind_and_flag(today=date(2026, 11, 30))[1] >= 1
    assert pp_case.events.filter(type="deadline_missed", data__key="acknowledge").exists()

    # Nine days back: more than OMBUD_BACKDATE_DAYS, so the handler may not; a manager may.
    sign_in(client, bob, "nb")
    response = post_step(client, pp_case, "acknowledged", DONE, backdate_reason=REASON)
    assert response.status_code == 400
    assert not pp_case.events.filter(type="acknowledged").exists()
    sign_in(client, people["pp"]["manager"], "nb")
    response = post_step(client, pp_case, "acknowledged", DONE, backdate_reason=REASON)
    assert response.status_code == 302

    acknowledge = acknowledge_deadline(pp_case)
    assert (acknowledge.due, acknowledge.met_on, acknowledge.status) == (
        date(2026, 11, 29), DONE, "missed")
    page = client.get(f"/pp/cases/{pp_case.reference}/").content.decode()
    assert "oppfylt for sent, registrert 02.12.2026 (utført 23.11.2026)" in page
    assert "registrert 02.12.2026, etter at fristen var ute" in page  # why: the basis
    # The file shows both days and the reason.
    assert "utført 23.11.2026, registrert 02.12.2026: " + REASON in page
    event = pp_case.events.get(type="acknowledged")
    assert (event.on, event.recorded_on, event.backdate_reason) == (DONE, RECORDED, REASON)


def test_x_07_the_status_row_passed_to_the_page_comes_from_the_engine(pp_case, manager):
    services.case_step(case=pp_case, event_type="acknowledged", on=DONE, actor=manager,
                       backdate_reason=REASON)
    history = list(CaseEvent.objects.filter(case=pp_case).order_by("seq"))
    state = engine.evaluate(services.procedure_of(pp_case), services.engine_events_of(history),
                            RECORDED)
    row = next(row for row in _deadline_rows(state, "en") if row["key"] == "acknowledge")
    assert (row["status"], row["note"]) == ("missed", "met late, recorded on 2026-12-02 "
                                                      "(done 2026-11-23)")


def test_x_07_the_letter_of_a_backdated_step_is_dated_the_day_it_is_written(pp_case, manager):
    services.case_step(case=pp_case, event_type="acknowledged", on=DONE, actor=manager,
                       backdate_reason=REASON)
    letter = Document.objects.get(case=pp_case, kind=DocumentKind.LETTER)
    text = pdf_text(letter)
    assert "02.12.2026" in text
    assert "23.11.2026" not in text


def test_a_date_in_the_past_needs_a_reason_and_without_one_nothing_is_recorded(
        pp_case, client, bob):
    sign_in(client, bob, "nb")
    before = pp_case.events.count()
    within_limit = RECORDED - timedelta(days=2)
    response = post_step(client, pp_case, "acknowledged", within_limit, backdate_reason="   ")
    assert response.status_code == 400
    assert "Datoen er tilbake i tid: skriv hvorfor steget registreres først nå." \
        in response.content.decode()
    assert pp_case.events.count() == before
    assert not Document.objects.filter(case=pp_case, kind=DocumentKind.LETTER).exists()
    # The service holds the same line for every other caller.
    with pytest.raises(services.Invalid):
        services.case_step(case=pp_case, event_type="acknowledged", on=within_limit, actor=bob)
    assert pp_case.events.count() == before


def test_todays_date_needs_no_reason(pp_case, client, bob):
    sign_in(client, bob, "nb")
    assert post_step(client, pp_case, "acknowledged", RECORDED).status_code == 302
    event = pp_case.events.get(type="acknowledged")
    assert (event.on, event.recorded_on, event.backdate_reason) == (RECORDED, RECORDED, "")


@pytest.mark.parametrize(("days_back", "role", "allowed"), [
    (7, "handler", True),  # within OMBUD_BACKDATE_DAYS
    (8, "handler", False),
    (8, "manager", True),
])
def test_backdating_more_than_the_setting_needs_a_manager(on_2_december, register, client,
                                                          people, days_back, role, allowed):
    case = appointed(register("pp/complaint", received_on=RECORDED - timedelta(days=9),
                              channel="letter"), people, RECORDED - timedelta(days=9))
    sign_in(client, people["pp"][role], "nb")
    response = post_step(client, case, "acknowledged", RECORDED - timedelta(days=days_back),
                         backdate_reason="Brevet ble sendt, ikke registrert")
    assert response.status_code == (302 if allowed else 400)
    assert case.events.filter(type="acknowledged").exists() is allowed
    if not allowed:
        assert "mer enn 7 dager tilbake i tid kan bare en leder registrere" \
            in response.content.decode()


def test_the_backdating_limit_is_a_setting(on_2_december, register, people, settings):
    settings.OMBUD_BACKDATE_DAYS = 2
    case = appointed(register("pp/complaint", received_on=RECORDED - timedelta(days=5),
                              channel="letter"), people, RECORDED - timedelta(days=5))
    with pytest.raises(permissions.NotPermitted):
        services.case_step(case=case, event_type="acknowledged",
                           on=RECORDED - timedelta(days=3), actor=people["pp"]["handler"],
                           backdate_reason="Brevet ble sendt")
    day = RECORDED - timedelta(days=3)
    translation.activate("en")
    assert permissions.refusal(person=people["pp"]["manager"], case=case, action="acknowledged",
                               on=day) is None
    assert permissions.refusal(person=people["pp"]["handler"], case=case, action="acknowledged",
                               on=day) == ("Only a manager may record a step dated more than "
                                           "2 days back.")


def test_the_new_fields_are_in_the_hash_chain(pp_case, manager):
    from ombud.cases.history import first_broken_link

    services.case_step(case=pp_case, event_type="acknowledged", on=DONE, actor=manager,
                       backdate_reason=REASON)
    assert first_broken_link(pp_case.events.order_by("seq")) is None
    CaseEvent.objects.filter(case=pp_case, type="acknowledged").update(
        backdate_reason="Edited afterwards")
    assert first_broken_link(pp_case.events.order_by("seq")) is not None
    CaseEvent.objects.filter(case=pp_case, type="acknowledged").update(
        backdate_reason=REASON, recorded_on=DONE)
    assert first_broken_link(pp_case.events.order_by("seq")) is not None


def test_a_meeting_decision_recorded_after_the_meeting_carries_its_day_and_why(
        on_2_december, register, client, people):
    from ombud.cases.models import Meeting

    case = register("pp/complaint", received_on=RECORDED - timedelta(days=12), channel="letter")
    Meeting.objects.filter(organization=case.organization,
                           held_on__gte=RECORDED - timedelta(days=10)).delete()
    Meeting.objects.create(organization=case.organization, held_on=RECORDED - timedelta(days=10))
    sign_in(client, people["pp"]["manager"], "nb")
    response = client.post(f"/pp/meetings/decide/{case.reference}/",
                           {"decision": "Avdelingsleder behandler klagen."})
    assert response.status_code == 302
    taken_up = case.events.get(type="taken_up")
    assert (taken_up.on, taken_up.recorded_on) == (RECORDED - timedelta(days=10), RECORDED)
    assert taken_up.backdate_reason == "Besluttet i ledermøtet 2026-11-22."


def test_a_hostile_reason_is_kept_as_text_and_shown_escaped(pp_case, client, people):
    hostile = '<script>alert("x")</script> [private-link:1] {{ secret }}'
    sign_in(client, people["pp"]["manager"], "nb")
    assert post_step(client, pp_case, "acknowledged", DONE,
                     backdate_reason=hostile).status_code == 302
    assert pp_case.events.get(type="acknowledged").backdate_reason == hostile
    page = client.get(f"/pp/cases/{pp_case.reference}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; [private-link:1] {{ secret }}" in page
    too_long = post_step(client, pp_case, "taken_up", DONE, backdate_reason="x" * 1001)
    assert too_long.status_code == 400

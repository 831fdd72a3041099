"""The management meeting's decision (AV-07, GL-07, PP-12) on the complaints it has before it.

The calendar of AV, GL and PP holds a meeting every second Monday. A complaint received after
the last one is decided at a meeting being held: today's, opened when the calendar has none. The
agenda of a past meeting lists only what had been received by its day. A refusal is a message in
the person's language, never a server error, and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ombud.cases import services
from ombud.cases.models import CaseEvent, Meeting
from tests.cast import sign_in
from tests.staff.conftest import today

DECISION = "Avdelingsleder behandler klagen."


@pytest.fixture
def calendar(organizations):
    """``calendar(slug)``: the organization's meetings are one held three days ago and the next
    one in eleven days; no meeting today. Returns (the past meeting, the next one)."""

    def set_up(slug: str) -> tuple[Meeting, Meeting]:
        organization = organizations[slug]
        Meeting.objects.filter(organization=organization).delete()
        return (Meeting.objects.create(organization=organization,
                                       held_on=today() - timedelta(days=3)),
                Meeting.objects.create(organization=organization,
                                       held_on=today() + timedelta(days=11)))

    return set_up


def _written(case) -> tuple[int, int]:
    case.refresh_from_db()
    return case.event_count, Meeting.objects.filter(organization=case.organization).count()


def _nb(day) -> str:
    return day.strftime("%d.%m.%Y")


@pytest.mark.parametrize("slug", ["av", "gl", "pp"])
def test_av_07_gl_07_pp_12_a_complaint_received_after_the_last_meeting_is_decided_at_the_next_one_not_a_500(  # noqa: E501
        slug, calendar, people, register, client):
    past, upcoming = calendar(slug)
    case = register(f"{slug}/complaint", received_on=today() - timedelta(days=1))
    manager = sign_in(client, people[slug]["manager"], "nb")
    client.raise_request_exception = False  # a server error must show as 500, not raise
    page = manager.get(f"/{slug}/meetings/").content.decode()
    # The form says at which meeting: today's, which recording the decision opens.
    assert f'name="meeting" value="{today().isoformat()}"' in page or (
        f'<option value="{today().isoformat()}"' in page)
    handler = people[slug]["handler"]
    response = manager.post(f"/{slug}/meetings/decide/{case.reference}/",
                            {"decision": DECISION, "handler": handler.pk,
                             "meeting": today().isoformat()}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain and response.redirect_chain[-1][1] == 302
    held_today = Meeting.objects.get(organization=case.organization, held_on=today())
    taken_up = CaseEvent.objects.get(case=case, type="taken_up")
    assert (taken_up.on, taken_up.data["meeting_id"], taken_up.backdate_reason) == (
        today(), held_today.pk, "")
    case.refresh_from_db()
    assert case.handler == handler
    # Said clearly, in bokmål: which meeting decided it.
    text = response.content.decode()
    assert f"ledermøtet {_nb(today())}" in text and case.reference in text
    assert Meeting.objects.filter(pk__in=[past.pk, upcoming.pk]).count() == 2  # calendar kept


@pytest.mark.parametrize("slug", ["av", "gl", "pp"])
def test_av_07_gl_07_pp_12_a_decision_posted_without_a_meeting_goes_to_the_one_it_is_listed_under(
        slug, calendar, people, register, as_person):
    past, _upcoming = calendar(slug)
    before = register(f"{slug}/complaint", received_on=past.held_on - timedelta(days=2))
    after = register(f"{slug}/complaint", received_on=past.held_on + timedelta(days=1))
    manager = as_person(people[slug]["manager"])
    for case in (before, after):
        response = manager.post(f"/{slug}/meetings/decide/{case.reference}/",
                                {"decision": DECISION})
        assert response.status_code == 302
    assert CaseEvent.objects.get(case=before, type="taken_up").on == past.held_on
    assert CaseEvent.objects.get(case=after, type="taken_up").on == today()


@pytest.mark.parametrize("slug", ["av", "gl", "pp"])
def test_av_12_gl_06_pp_10_a_past_meetings_agenda_lists_only_what_was_received_by_its_day(
        slug, calendar, people, register, client):
    past, upcoming = calendar(slug)
    on_it = register(f"{slug}/complaint", received_on=past.held_on - timedelta(days=2),
                     title="Received before the meeting")
    since = register(f"{slug}/complaint", received_on=past.held_on + timedelta(days=1),
                     title="Received after the meeting")
    text = sign_in(client, people[slug]["manager"], "nb").get(
        f"/{slug}/meetings/").content.decode()
    agenda_of_past = text.index('id="agenda-held"')
    received_since = text.index('id="agenda-since"')
    assert agenda_of_past < text.index(on_it.reference) < received_since
    assert received_since < text.index(since.reference)
    # The section of the later one names both meetings: the past one and the next one.
    since_part = text[received_since:text.index("</section>", received_since)]
    assert _nb(past.held_on) in since_part and _nb(upcoming.held_on) in since_part
    assert since.reference not in text[agenda_of_past:received_since]


def test_pp_12_the_agenda_of_todays_meeting_holds_every_new_complaint(
        organizations, people, register, as_person):
    Meeting.objects.filter(organization=organizations["pp"]).delete()
    Meeting.objects.create(organization=organizations["pp"], held_on=today())
    case = register("pp/complaint", received_on=today())
    text = as_person(people["pp"]["manager"]).get("/pp/meetings/").content.decode()
    assert 'id="agenda-since"' not in text
    assert text.index('id="agenda-held"') < text.index(case.reference)


@pytest.mark.parametrize("slug", ["av", "gl", "pp"])
def test_av_07_gl_07_pp_12_a_decision_at_a_meeting_before_the_complaint_arrived_is_a_clear_refusal(
        slug, calendar, people, register, client):
    past, _upcoming = calendar(slug)
    case = register(f"{slug}/complaint", received_on=past.held_on + timedelta(days=1))
    written = _written(case)
    sign_in(client, people[slug]["manager"], "nb")
    client.raise_request_exception = False
    response = client.post(f"/{slug}/meetings/decide/{case.reference}/",
                           {"decision": DECISION, "meeting": past.held_on.isoformat()})
    assert response.status_code == 400
    text = response.content.decode()
    assert f"mottatt {_nb(case.received_on)}" in text  # why, in bokmål
    assert f"møtet {_nb(past.held_on)}" in text
    assert _written(case) == written  # nothing written, no meeting opened


def test_pp_12_a_step_recorded_after_the_past_meeting_sends_the_decision_to_todays(
        calendar, people, register, step, client):
    """A complaint on the past meeting's agenda, acknowledged since: the past meeting can no
    longer carry the decision (the history keeps its order), so the page offers today's only and
    a post for the past one is refused with the reason, in bokmål."""
    past, _upcoming = calendar("pp")
    case = register("pp/complaint", received_on=past.held_on - timedelta(days=2))
    step(case, "acknowledged", on=today() - timedelta(days=1))
    sign_in(client, people["pp"]["manager"], "nb")
    client.raise_request_exception = False
    page = client.get("/pp/meetings/").content.decode()
    form = page[page.index(f"/pp/meetings/decide/{case.reference}/"):]
    form = form[:form.index("</form>")]
    assert past.held_on.isoformat() not in form and today().isoformat() in form
    written = _written(case)
    refused = client.post(f"/pp/meetings/decide/{case.reference}/",
                          {"decision": DECISION, "meeting": past.held_on.isoformat()})
    assert refused.status_code == 400
    assert _nb(today() - timedelta(days=1)) in refused.content.decode()
    assert _written(case) == written
    response = client.post(f"/pp/meetings/decide/{case.reference}/",
                           {"decision": DECISION, "meeting": today().isoformat()})
    assert response.status_code == 302
    assert CaseEvent.objects.get(case=case, type="taken_up").on == today()


@pytest.mark.parametrize("meeting", ["not-a-day", "2026-13-45", "9999-12-31", ""])
def test_pp_12_a_meeting_field_out_of_range_is_a_message_not_a_server_error(
        meeting, calendar, people, register, client):
    calendar("pp")
    case = register("pp/complaint", received_on=today() - timedelta(days=1))
    sign_in(client, people["pp"]["manager"], "nb")
    client.raise_request_exception = False
    written = _written(case)
    response = client.post(f"/pp/meetings/decide/{case.reference}/",
                           {"decision": DECISION, "meeting": meeting})
    assert response.status_code in (302, 400)
    if meeting:  # a day that names no meeting being held decides nothing
        assert _written(case) == written


# -- the service, whoever calls it -------------------------------------------------------------

@pytest.mark.parametrize("slug", ["av", "gl", "pp"])
def test_av_07_gl_07_pp_12_the_service_refuses_a_meeting_held_before_the_complaint_arrived(
        slug, calendar, people, register):
    past, _upcoming = calendar(slug)
    case = register(f"{slug}/complaint", received_on=past.held_on + timedelta(days=1))
    written = _written(case)
    with pytest.raises(services.Refused) as refusal:
        services.meeting_decide(case=case, held_on=past.held_on, decision=DECISION,
                                actor=people[slug]["manager"])
    assert refusal.value.rule == services.procedure_of(case).management_rule
    assert _written(case) == written


@pytest.mark.parametrize("slug", ["av", "gl", "pp"])
def test_av_07_gl_07_pp_12_the_service_opens_todays_meeting_once_and_decides_there(
        slug, calendar, people, register):
    calendar(slug)
    first = register(f"{slug}/complaint", received_on=today() - timedelta(days=1))
    second = register(f"{slug}/complaint", received_on=today())
    manager = people[slug]["manager"]
    opened = services.meeting_decide(case=first, held_on=today(), decision=DECISION,
                                     actor=manager)
    again = services.meeting_decide(case=second, held_on=today(), decision=DECISION,
                                    handler=people[slug]["handler"], actor=manager)
    assert opened == again and opened.held_on == today()
    assert Meeting.objects.filter(organization=first.organization, held_on=today()).count() == 1
    second.refresh_from_db()
    assert second.handler == people[slug]["handler"]


def test_pp_12_the_service_refuses_a_day_without_a_meeting_and_a_day_to_come(
        calendar, people, register):
    past, upcoming = calendar("pp")
    case = register("pp/complaint", received_on=past.held_on - timedelta(days=5))
    written = _written(case)
    for day in (past.held_on - timedelta(days=1), upcoming.held_on,
                timezone.localdate() + timedelta(days=1)):
        with pytest.raises(services.Invalid):
            services.meeting_decide(case=case, held_on=day, decision=DECISION,
                                    actor=people["pp"]["manager"])
    assert _written(case) == written


def test_gl_06_opening_todays_meeting_moves_the_first_coming_meeting_of_the_others(
        calendar, people, register):
    """GL-06: the first coming meeting after receipt. Once today's is held, a complaint received
    before today and not yet taken up is due today, not at the next scheduled meeting."""
    _past, upcoming = calendar("gl")
    waiting = register("gl/complaint", received_on=today() - timedelta(days=2))
    waiting.refresh_from_db()
    assert (waiting.next_due, waiting.next_due_rule) == (upcoming.held_on, "GL-06")
    decided = register("gl/complaint", received_on=today() - timedelta(days=1))
    services.meeting_decide(case=decided, held_on=today(), decision=DECISION,
                            actor=people["gl"]["manager"])
    waiting.refresh_from_db()
    assert (waiting.next_due, waiting.next_due_rule) == (today(), "GL-06")


def test_a_case_type_no_meeting_decides_opens_no_meeting(people, register):
    case = register("dnv/complaint")
    with pytest.raises(services.Invalid):
        services.meeting_decide(case=case, held_on=today(), decision=DECISION,
                                actor=people["dnv"]["manager"])
    assert not Meeting.objects.filter(organization=case.organization).exists()
    case.refresh_from_db()
    assert case.event_count == 1


@pytest.mark.parametrize(("decision", "message"), [
    ("\x00", "Write the decision"),
    ("Klagen går til avdelingslederen.\x00", "Write the decision"),
    ("x" * 2001, "A decision holds at most 2000 characters."),
])
def test_pp_12_a_decision_holding_a_nul_or_too_long_is_a_message_and_writes_nothing(
        decision, message, calendar, people, register, client):
    """The decision is read from the form as typed: a NUL was written into the file on SQLite
    (and is a 500 on PostgreSQL, whose text cannot hold it); a decision beyond its 2,000
    characters was cut without a word."""
    calendar("pp")
    case = register("pp/complaint", received_on=today() - timedelta(days=1))
    sign_in(client, people["pp"]["manager"], "en")
    client.raise_request_exception = False
    written = _written(case)
    response = client.post(f"/pp/meetings/decide/{case.reference}/",
                           {"decision": decision, "meeting": today().isoformat()}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _written(case) == written

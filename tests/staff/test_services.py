"""The case services against a real database: numbering, intake refusals, the procedure's
refusals that write nothing, the archived letter, the hash chain, and the case row that the queue
sorts by agreeing with the engine."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from pdf_text import pdf_text

from ombud.cases import services
from ombud.cases.history import first_broken_link
from ombud.cases.models import (
    NO_DEADLINE,
    Case,
    CaseEvent,
    CaseState,
    Contact,
    Document,
    DocumentKind,
    Party,
)
from ombud.domain import engine
from ombud.mail import outbox

TODAY = timezone.localdate


def _footprint() -> tuple[int, ...]:
    return (Case.objects.count(), CaseEvent.objects.count(), Party.objects.count(),
            Document.objects.count())


def _row(case: Case) -> tuple:
    """What a refused step must leave as it was."""
    case.refresh_from_db()
    return (case.event_count, case.last_hash, case.state, case.next_due, case.handler_id,
            case.events.count(), case.documents.count())


def _chain(case: Case):
    return CaseEvent.objects.filter(case=case).order_by("seq")


# -- numbering ------------------------------------------------------------------------------------


def test_case_references_count_up_per_organization_and_year(register):
    year = TODAY().year
    first = register("dnv/objection")
    second = register("dnv/complaint")
    other_organization = register("pp/complaint")
    last_year = register("dnv/objection", received_on=date(year - 1, 12, 31))
    third = register("dnv/inspection")

    assert first.reference == f"DNV-{year}-0001"
    assert second.reference == f"DNV-{year}-0002"
    assert other_organization.reference == f"PP-{year}-0001"
    assert last_year.reference == f"DNV-{year - 1}-0001"
    assert third.reference == f"DNV-{year}-0003"
    assert (third.year, third.number) == (year, 3)


# -- intake ---------------------------------------------------------------------------------------


def test_an_oral_complaint_where_only_written_ones_are_handled_is_refused_and_opens_no_case(
        register):
    before = _footprint()
    with pytest.raises(services.Refused) as refused:
        register("av/complaint", channel="oral")
    assert refused.value.rule == "AV-02"
    assert refused.value.reason  # said in words, not only as a rule number
    assert _footprint() == before


@pytest.mark.parametrize("slug", ["av", "gl", "pp"])
def test_av_05_gl_05_pp_09_a_phone_contact_is_kept_as_a_contact_and_offered_the_written_form(
        slug, people, organizations, mailoutbox):
    before = _footprint()
    if True:  # the form link goes through the outbox: sent when the worker delivers it
        contact = services.contact_record(
            organization=organizations[slug], procedure_id=f"{slug}/complaint", channel="oral",
            received_on=TODAY(), summary="Ringte om forsinket levering",
            person=services.PartyDetails("Ola Telefon", email="ola@example.org",
                                         phone="+47 99 99 99 99"),
            actor=people[slug]["intake"])

    stored = Contact.objects.get()
    assert stored == contact
    assert (stored.organization.slug, stored.procedure_id, stored.channel, stored.name,
            stored.phone, stored.summary, stored.created_by) == (
        slug, f"{slug}/complaint", "oral", "Ola Telefon", "+47 99 99 99 99",
        "Ringte om forsinket levering", people[slug]["intake"])
    assert _footprint() == before  # a contact is not a case
    assert mailoutbox == []
    assert outbox.deliver_due() == (1, 0)
    assert [message.to for message in mailoutbox] == [["ola@example.org"]]
    assert f"/{slug}/complaint/new/" in mailoutbox[0].body


def test_an_oral_complaint_put_in_writing_at_once_starts_the_acknowledgement_that_day(register):
    received = TODAY() - timedelta(days=3)
    case = register("pp/complaint", channel="oral", received_on=received, put_in_writing=True)

    case.refresh_from_db()
    assert [event.type for event in _chain(case)] == ["received", "put_in_writing"]
    assert (case.next_due, case.next_due_key, case.next_due_rule) == (
        received + timedelta(weeks=1), "acknowledge", "PP-11")


def test_an_oral_complaint_not_yet_in_writing_has_no_deadline_until_it_is(register, step):
    """X-05: the deadlines run from the day it was put in writing, not from the call."""
    received = TODAY() - timedelta(days=5)
    case = register("pp/complaint", channel="oral", received_on=received)
    case.refresh_from_db()
    assert case.next_due == NO_DEADLINE

    written = TODAY() - timedelta(days=2)
    step(case, "put_in_writing", on=written)
    case.refresh_from_db()
    assert (case.next_due, case.next_due_rule) == (written + timedelta(weeks=1), "PP-11")


# -- the procedure's refusals write nothing --------------------------------------------------------


@pytest.fixture
def objection(register, step, alice):
    """A DNV objection, acknowledged and handed to Alice."""
    case = register("dnv/objection", received_on=TODAY() - timedelta(days=10))
    step(case, "acknowledged", on=TODAY() - timedelta(days=9))
    step(case, "assigned", on=TODAY() - timedelta(days=9), handler_id=alice.pk,
         handler="Alice", involved=False)
    return case


def test_a_handler_involved_in_the_contested_decision_is_not_appointed(objection, step, people):
    before = _row(objection)
    with pytest.raises(services.Refused) as refused:
        step(objection, "assigned", handler_id=people["dnv"]["handler2"].pk, handler="Other",
             involved=True)
    assert refused.value.rule == "DNV-B-04"
    assert _row(objection) == before


def test_a_case_is_never_handed_to_a_person_outside_its_organization(objection, step, bob):
    """The step form offers only the organization's own staff; the service, the only code that
    changes a case, must hold the same line for every other caller (meetings, API, tasks)."""
    before = _row(objection)
    with pytest.raises((services.Invalid, services.Refused)):
        step(objection, "assigned", handler_id=bob.pk, handler="Bob", involved=False)
    assert _row(objection) == before


def test_a_person_involved_in_the_matter_may_not_decide_the_objection(objection, step):
    step(objection, "hearing_invited", term_weeks=2)
    step(objection, "hearing_waived")
    before = _row(objection)
    with pytest.raises(services.Refused) as refused:
        services.case_step(case=objection, event_type="answered", on=TODAY(),
                           actor=objection.handler, actor_involved=True,
                           data={"outcome": "not_upheld", "reasons": "r", "letter": "l"})
    assert refused.value.rule == "DNV-B-04"
    assert _row(objection) == before


def test_an_objection_is_not_answered_before_the_parties_were_offered_a_hearing(objection,
                                                                                step):
    before = _row(objection)
    with translation.override("en"), pytest.raises(services.Refused) as refused:
        step(objection, "answered", outcome="not_upheld", reasons="r", letter="l")
    assert refused.value.rule == "DNV-B-13"
    assert "hearing" in refused.value.reason.lower()
    assert _row(objection) == before


def test_after_the_hearing_is_waived_the_answer_is_recorded_and_its_letter_archived(objection,
                                                                                    step):
    step(objection, "hearing_invited", term_weeks=2)
    step(objection, "hearing_waived")
    letter = "Beslissing op bezwaar: ongegrond.\nU kunt in beroep bij de rechtbank."
    event = step(objection, "answered", outcome="not_upheld", reasons="Zie brief.",
                 letter=letter)

    objection.refresh_from_db()
    assert objection.state == CaseState.ANSWERED
    archived = Document.objects.filter(case=objection, kind=DocumentKind.LETTER).latest("id")
    # The letter follows the answer into the chain, with its SHA-256 (issue 9, finding 4).
    last = _chain(objection).last()
    assert (event.seq, event.type) == (objection.event_count - 1, "answered")
    assert (last.type, last.data["sha256"]) == ("document_added", archived.sha256)
    assert archived.content_type == "application/pdf"
    with archived.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == archived.sha256
    text = pdf_text(archived)
    assert "Beslissing op bezwaar: ongegrond. U kunt in beroep bij de rechtbank." in text
    assert "DNV-R-02" in text and "griffierecht" in text  # the court-appeal clause
    assert first_broken_link(_chain(objection)) is None


# -- the hash chain -------------------------------------------------------------------------------


def test_the_history_of_a_case_is_one_unbroken_hash_chain(objection, step):
    services.case_note(case=objection, text="Gebeld met de indiener.", actor=objection.handler)
    step(objection, "hearing_invited", term_weeks=2)
    events = list(_chain(objection))
    # received, acknowledged and its letter, the note, hearing_invited and its letter
    assert [event.seq for event in events] == [1, 2, 3, 4, 5, 6, 7]
    assert [event.prev_hash for event in events[1:]] == [event.hash for event in events[:-1]]
    objection.refresh_from_db()
    assert objection.last_hash == events[-1].hash
    assert first_broken_link(events) is None


@pytest.mark.parametrize("tampered_seq", [1, 3, 5])
def test_changing_one_past_event_breaks_the_chain_at_that_event(objection, step, tampered_seq):
    services.case_note(case=objection, text="Gebeld met de indiener.", actor=objection.handler)
    step(objection, "hearing_invited", term_weeks=2)
    CaseEvent.objects.filter(case=objection, seq=tampered_seq).update(
        data={"text": "rewritten afterwards"})
    assert first_broken_link(_chain(objection)) == tampered_seq


def test_removing_a_past_event_breaks_the_chain_where_it_was(objection):
    CaseEvent.objects.filter(case=objection, seq=2).delete()
    assert first_broken_link(_chain(objection)) == 3


# -- bad input ------------------------------------------------------------------------------------


def test_a_step_dated_in_the_future_is_invalid_and_writes_nothing(objection, step):
    before = _row(objection)
    with pytest.raises(services.Invalid):
        step(objection, "hearing_invited", on=TODAY() + timedelta(days=1), term_weeks=2)
    assert _row(objection) == before


def test_a_step_dated_before_the_last_step_is_invalid_and_writes_nothing(objection, step):
    before = _row(objection)
    with pytest.raises(services.Invalid):
        step(objection, "hearing_invited", on=TODAY() - timedelta(days=30), term_weeks=2)
    assert _row(objection) == before


def test_a_case_received_in_the_future_is_invalid_and_opens_nothing(register):
    before = _footprint()
    with pytest.raises(services.Invalid):
        register("dnv/complaint", received_on=TODAY() + timedelta(days=1))
    assert _footprint() == before


# -- the row the queue sorts by -------------------------------------------------------------------


def _engine_next_deadline(case: Case):
    state = engine.evaluate(services.procedure_of(case), services.engine_events(case), TODAY(),
                            services.meeting_days(case.organization))
    return state.next_deadline


@pytest.mark.parametrize(("procedure_id", "steps"), [
    ("dnv/objection", []),
    ("dnv/objection", ["acknowledged"]),
    ("dnv/objection", ["acknowledged", "incomplete"]),
    ("dnv/complaint", ["acknowledged", "hearing_invited"]),
    ("pp/complaint", ["acknowledged"]),
    ("pp/complaint", ["acknowledged", "taken_up"]),
    ("gl/complaint", []),
    ("av/complaint", ["taken_up"]),
    ("ne/appeal", ["acknowledged"]),
])
def test_the_case_row_holds_the_engines_next_deadline(register, step, people, procedure_id,
                                                      steps):
    case = register(procedure_id, received_on=TODAY() - timedelta(days=20))
    data = {"incomplete": {"term_weeks": 2}, "hearing_invited": {"term_weeks": 2},
            "taken_up": {"decision": "Avdelingsleder"}}
    for index, event_type in enumerate(steps):
        # The management meeting takes a complaint up: a manager records it.
        by = people[case.organization.slug]["manager"] if event_type == "taken_up" else None
        step(case, event_type, on=TODAY() - timedelta(days=18 - 3 * index), by=by,
             **data.get(event_type, {}))

    case.refresh_from_db()
    upcoming = _engine_next_deadline(case)
    assert upcoming is not None
    assert (case.next_due, case.next_due_key, case.next_due_rule) == (
        upcoming.due, upcoming.key, upcoming.rule)


def test_a_closed_case_has_no_next_deadline_on_its_row(register, step):
    case = register("dnv/inspection")
    step(case, "answered", outcome="upheld", reasons="r", letter="Inzage op 1 december.")
    case.refresh_from_db()
    assert _engine_next_deadline(case) is None
    assert (case.state, case.next_due, case.next_due_key) == ("answered", NO_DEADLINE, "")

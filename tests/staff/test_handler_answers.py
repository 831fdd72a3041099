"""AV-09 (and GL-10, PP-14): the written feedback is given by the person who handled the
complaint. Issue 11, defect 7: the manager answered a case the meeting had given to a handler,
and the letter was signed by the manager. Through the pages, as the people do it: the manager's
answer is refused and writes nothing until the manager takes the case over (recorded); the
letter is signed by whoever answered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from pdf_text import pdf_text

from ombud.cases.models import Case, CaseEvent, Document, DocumentKind, Meeting
from ombud.mail.models import OutboxMessage
from tests.cast import sign_in

ANSWER = {"answered-outcome": "upheld", "answered-reasons": "Leveransen kom for sent.",
          "answered-letter": "Vi beklager at leveransen av benken kom tre uker for sent."}


def _today():
    return timezone.localdate()


def _answer(client, case: Case, event_type: str = "answered", **fields):
    data = {f"{event_type}-on": _today().isoformat(), **fields}
    return client.post(f"/{case.organization.slug}/cases/{case.reference}/steps/{event_type}/",
                       data)


def _footprint(case: Case) -> tuple:
    case.refresh_from_db()
    return (case.event_count, case.state, case.handler_id,
            Document.objects.filter(case=case).count(),
            OutboxMessage.objects.filter(case=case).count())


@pytest.fixture
def appointed(people, organizations, register, client):
    """``appointed(slug)``: a complaint the management meeting of today gave to the
    organization's handler, through the meeting's page."""

    def decide(slug: str) -> Case:
        Meeting.objects.get_or_create(organization=organizations[slug], held_on=_today())
        case = register(f"{slug}/complaint", received_on=_today() - timedelta(days=4),
                        title="Benken kom for sent", name="Knut Kjøper")
        sign_in(client, people[slug]["manager"], "nb")
        response = client.post(f"/{slug}/meetings/decide/{case.reference}/", {
            "decision": "Avdelingsleder behandler klagen.",
            "handler": people[slug]["handler"].pk, "meeting": _today().isoformat()})
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.handler == people[slug]["handler"]
        return case

    return decide


@pytest.mark.parametrize("slug", ["av", "gl", "pp"])
def test_av_09_gl_10_pp_14_the_manager_may_not_answer_or_close_a_case_the_meeting_gave_a_handler(
        slug, appointed, people, client):
    case = appointed(slug)
    manager = sign_in(client, people[slug]["manager"], "nb")
    before = _footprint(case)
    refused = _answer(manager, case, **ANSWER)
    assert refused.status_code == 403
    text = refused.content.decode()
    assert people[slug]["handler"].get_full_name() in text  # who does answer, in bokmål
    assert _answer(manager, case, "withdrawn").status_code == 403  # nor close it
    assert _footprint(case) == before  # nothing written: no step, no letter, no mail
    # The case page offers the manager no answer form, only the take-over.
    page = manager.get(f"/{slug}/cases/{case.reference}/").content.decode()
    assert "/steps/answered/" not in page and "/take-over/" in page


@pytest.mark.parametrize("slug", ["av", "gl", "pp"])
def test_av_09_gl_10_pp_14_the_letter_is_signed_by_the_handler_who_answered(
        slug, appointed, people, client):
    case = appointed(slug)
    handler, manager = people[slug]["handler"], people[slug]["manager"]
    response = _answer(sign_in(client, handler, "nb"), case, **ANSWER)
    assert response.status_code == 302
    answered = CaseEvent.objects.get(case=case, type="answered")
    assert answered.actor_id == handler.pk
    letter = Document.objects.filter(case=case, kind=DocumentKind.LETTER).latest("id")
    text = pdf_text(letter)
    assert f"Med vennlig hilsen {handler.get_full_name()}" in text  # signed by who answered
    assert manager.get_full_name() not in text


def test_av_09_a_manager_who_took_the_case_over_answers_and_signs_it(appointed, people, client):
    case = appointed("av")
    handler, manager = people["av"]["handler"], people["av"]["manager"]
    client = sign_in(client, manager, "nb")
    assert client.post(f"/av/cases/{case.reference}/take-over/").status_code == 302
    taken_over = CaseEvent.objects.get(case=case, type="taken_over")
    assert (taken_over.actor_id, taken_over.data["from_handler_id"]) == (manager.pk, handler.pk)
    # The handler it was taken from no longer answers.
    before = _footprint(case)
    assert _answer(sign_in(client, handler, "nb"), case, **ANSWER).status_code == 403
    assert _footprint(case) == before
    assert _answer(sign_in(client, manager, "nb"), case, **ANSWER).status_code == 302
    letter = Document.objects.filter(case=case, kind=DocumentKind.LETTER).latest("id")
    text = pdf_text(letter)
    assert f"Med vennlig hilsen {manager.get_full_name()}" in text
    assert handler.get_full_name() not in text

"""The complainant's appeal on her private page (journey 1, PP-17): offered after the answer
while the engine allows it, with its last day (X-21) and a field for her grounds; recorded once
as the ``appealed`` step with the grounds in the file, however often it is sent; afterwards, or
once the period ran out, the page says so instead. Where the procedure has no internal appeal
(X-09, NE-A-06) the page says the answer is final."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.test import Client
from public_world import TODAY, PublicClient, main_text

from ombud.cases import services
from ombud.cases.models import Case, CaseEvent
from ombud.mail.models import OutboxMessage
from ombud.orgs.models import Organization
from ombud.public import services as public_services
from ombud.public.selectors import case_state
from tests.appeal_period import pp_appeal_last_day

HOSTILE = ('<script>alert("x")</script> <img src=x onerror=alert(1)>\r\n'
           "Bcc: everyone@example.org\r\n\r\n{{ secret }} %(name)s </textarea>")


def answer(case, handler, manager, on=None, reason=""):
    """The handler appointed and the complaint answered (PP-12, PP-14)."""
    on = on or TODAY()
    services.case_record(case=case, event_type="assigned", on=on, actor=manager,
                         data={"handler_id": handler.pk, "handler": handler.get_full_name(),
                               "involved": False}, backdate_reason=reason)
    services.case_step(case=case, event_type="answered", on=on, actor=handler,
                       data={"outcome": "not_upheld", "reasons": "Vaktene var varslet.",
                             "letter": "Svar på klagen."}, backdate_reason=reason)


@pytest.fixture
def pp_answered(people, filed):
    """Kari's complaint to Personalpartner, filed on the web in bokmål and answered today."""
    case, token, visitor = filed("pp/complaint", language="nb")
    answer(case, people["pp"]["handler"], people["pp"]["manager"])
    return case, token, visitor


def page(visitor, token) -> str:
    response = visitor.get(f"/track/{token}/")
    assert response.status_code == 200
    return response.content.decode()


def appeals(case) -> list[CaseEvent]:
    return list(case.events.filter(type="appealed"))


def send(visitor, token, grounds="Vaktene endres fortsatt på kort varsel."):
    return visitor.post(f"/track/{token}/appeal/", {"grounds": grounds})


# -- offered or not ---------------------------------------------------------------------------


def test_pp_17_x_21_the_page_offers_the_appeal_after_the_answer_with_its_last_day(
        pp_answered):
    case, token, visitor = pp_answered
    html = page(visitor, token)
    text = main_text(html)
    last_day = pp_appeal_last_day(TODAY()).strftime("%d.%m.%Y")  # three weeks
    assert "Anke" in text
    assert "kan du anke til styret i Personalpartner AS" in text
    assert f"Anken må være kommet fram til oss senest {last_day}." in text
    assert f'action="/track/{token}/appeal/"' in html
    assert 'name="grounds"' in html
    assert last_day == case_state(case).deadline("appeal").due.strftime("%d.%m.%Y")
    section = main_text("<main>" + html[html.find('id="appeal"'):].split("</section>")[0])
    assert "Anke" in section
    assert "PP-17" not in section and "X-21" not in section  # rule IDs mean nothing to her


def test_pp_17_the_page_offers_no_appeal_before_the_answer(people, filed):
    case, token, visitor = filed("pp/complaint", language="nb")
    html = page(visitor, token)
    assert "/appeal/" not in html and 'name="grounds"' not in html
    assert "Anke" not in main_text(html)
    assert send(visitor, token).status_code == 400
    assert appeals(case) == []


def test_x_21_after_the_period_the_page_says_it_ended_and_offers_nothing(people):
    manager = people["pp"]["manager"]
    received_on = TODAY() - timedelta(days=40)
    case = services.case_register(
        organization=Organization.objects.get(slug="pp"), procedure_id="pp/complaint",
        channel="letter", received_on=received_on, title="Vakter",
        complainant=services.PartyDetails(name="Kari Nordmann", email="kari@example.org"),
        actor=manager)
    answered_on = received_on + timedelta(days=10)
    # dated back more than a week: a manager records it (and answers, as the handler's stand-in)
    answer(case, manager, manager, on=answered_on, reason="Registrert i ettertid.")
    token = public_services.tracking_link_create(case)
    visitor = PublicClient("nb")
    html = page(visitor, token)
    ended = pp_appeal_last_day(answered_on).strftime("%d.%m.%Y")
    assert f"Fristen for å anke til styret i Personalpartner AS gikk ut {ended}." in main_text(
        html)
    assert 'name="grounds"' not in html
    response = send(visitor, token)
    assert response.status_code == 400
    assert "Fristen for å anke gikk ut" in main_text(response.content.decode())
    assert appeals(case) == []


@pytest.mark.parametrize(("procedure_id", "rule"), [
    ("ne/complaint", "X-09"),  # NE-C: no appeal body named
    ("ne/appeal", "NE-A-06"),  # the certification council's decision is final
    ("av/complaint", "X-09"),
    ("gl/complaint", "X-09"),
])
def test_x_09_ne_a_06_without_an_appeal_body_the_page_says_the_answer_is_final(
        people, filed, procedure_id, rule):
    organization = procedure_id.partition("/")[0]
    case, token, visitor = filed(procedure_id, language="nb")
    answer(case, people[organization]["handler"], people[organization]["manager"])
    html = page(visitor, token)
    assert "Dette svaret er endelig" in main_text(html)
    assert 'name="grounds"' not in html
    assert send(visitor, token).status_code == 400
    assert appeals(case) == []
    assert case_state(case).procedure.appeal.rule == rule


# -- sending it -------------------------------------------------------------------------------


def test_pp_17_the_appeal_is_recorded_with_its_grounds_and_the_page_then_says_so(pp_answered):
    case, token, visitor = pp_answered
    response = send(visitor, token)
    assert response.status_code == 302
    (appeal,) = appeals(case)
    assert appeal.data["grounds"] == "Vaktene endres fortsatt på kort varsel."
    assert appeal.actor_name == case.complainant_name and appeal.actor_id is None
    assert Case.objects.get(pk=case.pk).state == "appealed"
    html = page(visitor, token)
    text = main_text(html)
    assert f"Du anket {TODAY().strftime('%d.%m.%Y')}." in text
    assert "Styret i Personalpartner AS behandler anken din" in text
    assert 'name="grounds"' not in html


def test_pp_17_double_submit_records_exactly_one_appeal(pp_answered):
    case, token, visitor = pp_answered
    assert send(visitor, token).status_code == 302
    assert send(visitor, token).status_code == 302  # the same appeal again: nothing new
    assert len(appeals(case)) == 1
    other = send(visitor, token, grounds="Noe annet.")  # a second, different appeal
    assert other.status_code == 400
    assert "ankeinstansen" in main_text(other.content.decode())
    assert len(appeals(case)) == 1


def test_pp_17_an_appeal_without_grounds_is_refused_and_changes_nothing(pp_answered):
    case, token, visitor = pp_answered
    response = send(visitor, token, grounds="   ")
    assert response.status_code == 400
    assert appeals(case) == []
    assert 'name="grounds"' in response.content.decode()


def test_pp_17_hostile_grounds_are_kept_as_written_and_never_run(pp_answered, caplog, people):
    case, token, visitor = pp_answered
    with caplog.at_level(logging.DEBUG):
        assert send(visitor, token, grounds=HOSTILE).status_code == 302
    (appeal,) = appeals(case)
    assert appeal.data["grounds"] == HOSTILE.strip()
    assert "<script>" not in page(visitor, token)
    assert "onerror" not in caplog.text and "Bcc: everyone" not in caplog.text
    assert not OutboxMessage.objects.filter(body__contains="everyone@example.org").exists()
    assert not OutboxMessage.objects.filter(subject__contains="\n").exists()
    staff = Client()
    staff.force_login(people["pp"]["manager"])
    staff_page = staff.get(f"/pp/cases/{case.reference}/")
    assert staff_page.status_code == 200
    html = staff_page.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "Bcc: everyone@example.org" in main_text(html)  # shown to staff, as text


def test_pp_17_once_the_board_decided_the_page_says_it_is_final_and_offers_nothing(
        pp_answered, people):
    case, token, visitor = pp_answered
    assert send(visitor, token).status_code == 302
    board = people["pp"]["handler2"]
    answer(case, board, people["pp"]["manager"])  # appointed for the board, and decided
    html = page(visitor, token)
    text = main_text(html)
    assert "Styret i Personalpartner AS har avgjort anken" in text and "endelig" in text
    # The state line speaks of the appeal's decision, not of the first answer.
    assert "Anken er avgjort: avgjørelsen ligger blant brevene nedenfor." in text
    assert "Besvart: svaret" not in text
    assert 'name="grounds"' not in html
    assert send(visitor, token, grounds="Enda en gang.").status_code == 400
    assert len(appeals(case)) == 1

"""The appeal as staff handle it (journey 1, PP-17): recorded with the appellant's grounds, the
grounds shown in the file as text; neither the person who answered first nor the handler of
the first answer handles or decides the appeal. And the history as the auditor reads it
(journey 7, X-07): each entry's day and time in local time, the person's name rather than the
login, and a missed deadline's days late as the engine counts them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.test import Client

from ombud.cases.models import CaseEvent
from tests.cast import sign_in
from tests.staff.conftest import today

HOSTILE = '<b onmouseover="x()">Jeg er uenig</b>\n\nAndre avsnitt & mer'


def page_of(client, case) -> str:
    response = client.get(f"/{case.organization.slug}/cases/{case.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def post_step(client, case, event_type, **fields):
    data = {f"{event_type}-on": today().isoformat()}
    data.update({f"{event_type}-{name}": value for name, value in fields.items()})
    return client.post(f"/{case.organization.slug}/cases/{case.reference}/steps/{event_type}/",
                       data)


def answered_pp_case(register, step, people):
    case = register("pp/complaint")
    step(case, "assigned", handler_id=people["pp"]["handler"].pk, handler="Ingrid Olsen",
         involved=False)
    step(case, "answered", outcome="not_upheld", reasons="Varslet.", letter="Svar.")
    return case


def history_items(html: str) -> list[str]:
    body = html[html.find('<ol class="history">'):]
    return re.findall(r"<li>(.*?)</li>", body[:body.find("</ol>")], re.S)


# -- the appeal -------------------------------------------------------------------------------


def test_pp_17_staff_record_an_appeal_with_its_grounds_shown_escaped(register, step, people):
    case = answered_pp_case(register, step, people)
    client = sign_in(Client(), people["pp"]["manager"], "nb")
    assert post_step(client, case, "appealed").status_code == 400  # the grounds are asked
    assert not case.events.filter(type="appealed").exists()
    assert post_step(client, case, "appealed", grounds=HOSTILE).status_code == 302
    appeal = case.events.get(type="appealed")
    assert appeal.data["grounds"] == HOSTILE
    html = page_of(client, case)
    assert '<b onmouseover' not in html
    entry = next(item for item in history_items(html) if "Anket" in item)
    assert ("<blockquote><p>&lt;b onmouseover=&quot;x()&quot;&gt;Jeg er uenig&lt;/b&gt;</p>"
            "<p>Andre avsnitt &amp; mer</p></blockquote>") in entry


def test_pp_17_the_step_form_asks_for_the_grounds(register, step, people):
    case = answered_pp_case(register, step, people)
    client = sign_in(Client(), people["pp"]["manager"], "nb")
    response = client.get(f"/pp/cases/{case.reference}/?step=appealed")
    assert 'name="appealed-grounds"' in response.content.decode()
    assert "Ankens begrunnelse" in response.content.decode()


def test_pp_17_the_first_handler_is_not_appointed_to_the_appeal(register, step, people):
    case = answered_pp_case(register, step, people)
    step(case, "appealed", grounds="Uenig.")
    client = sign_in(Client(), people["pp"]["manager"], "nb")
    response = post_step(client, case, "assigned", handler_id=people["pp"]["handler"].pk)
    assert response.status_code == 400
    text = response.content.decode()
    assert "PP-17" in text
    assert "den som besvarte klagen, eller behandlet den da, kan ikke behandle anken" in text
    case.refresh_from_db()
    assert case.handler == people["pp"]["handler"]
    assert post_step(client, case, "assigned",
                     handler_id=people["pp"]["handler2"].pk).status_code == 302


def test_pp_17_the_first_answerer_cannot_decide_the_appeal(register, step, people):
    case = answered_pp_case(register, step, people)
    step(case, "appealed", grounds="Uenig.")
    first = sign_in(Client(), people["pp"]["handler"], "en")
    response = post_step(first, case, "answered", outcome="upheld", reasons="Ny vurdering.",
                         letter="Svar.")
    assert response.status_code == 400
    assert ("Refused (PP-17):</strong> you answered the complaint, or handled it then: the "
            "appeal is decided by the appeal body, not by you") in response.content.decode()
    assert case.events.filter(type="answered").count() == 1


def test_pp_17_a_manager_who_answered_first_cannot_appoint_himself_for_the_appeal(
        register, step, people):
    manager = people["pp"]["manager"]
    case = register("pp/complaint")
    step(case, "assigned", handler_id=manager.pk, handler="Ola Johansen", involved=False)
    step(case, "answered", by=manager, outcome="not_upheld", reasons="Nei.", letter="Svar.")
    step(case, "appealed", grounds="Uenig.")
    client = sign_in(Client(), manager, "en")
    assert post_step(client, case, "assigned", handler_id=manager.pk).status_code == 400


# -- the history for the auditor (X-07) --------------------------------------------------------


def test_x_07_the_history_shows_the_time_in_local_time_and_the_person_s_name(register, step,
                                                                            people):
    case = answered_pp_case(register, step, people)
    answer = case.events.get(type="answered")
    at = datetime(2026, 12, 3, 13, 5, tzinfo=UTC)  # 14:05 in Oslo
    CaseEvent.objects.filter(pk=answer.pk).update(recorded_at=at, on=at.date())
    # (the chain breaks by this; the page still shows every entry)
    html = page_of(sign_in(Client(), people["pp"]["auditor"], "nb"), case)
    entry = next(item for item in history_items(html) if "Avgjørelsen" in item)
    assert '<time datetime="2026-12-03T14:05+01:00">03.12.2026 14:05</time>' in entry
    assert "Ingrid Olsen" in entry and "pp-handler" not in entry


def test_x_07_a_person_known_only_by_login_then_is_named_by_their_name_now(register, step,
                                                                           people):
    handler = people["pp"]["handler"]
    case = answered_pp_case(register, step, people)
    CaseEvent.objects.filter(case=case, type="answered").update(actor_name=handler.username)
    html = page_of(sign_in(Client(), people["pp"]["auditor"], "nb"), case)
    entry = next(item for item in history_items(html) if "Avgjørelsen" in item)
    assert "Ingrid Olsen" in entry and "pp-handler" not in entry


def test_x_07_a_missed_deadline_says_how_many_days_late(register, step, people):
    received_on = today() - timedelta(days=30)
    case = register("pp/complaint", received_on=received_on)
    due = received_on + timedelta(weeks=2)  # PP-14
    step(case, "assigned", on=received_on, handler_id=people["pp"]["handler"].pk,
         handler="Ingrid Olsen", involved=False)
    step(case, "answered", on=due + timedelta(days=3), outcome="upheld", reasons="Ja.",
         letter="Svar.")
    html = page_of(sign_in(Client(), people["pp"]["auditor"], "nb"), case)
    missed = re.findall(r'<tr class="status-missed">.*?</tr>', html, re.S)
    answer = next(row for row in missed if "PP-14" in row)
    assert "Skriftlig svar" in answer and "3 dager for sent" in answer
    acknowledge = next(row for row in missed if "PP-11" in row)  # never done, until the answer
    assert "10 dager for sent" in acknowledge


def test_x_07_the_missed_flag_in_the_history_counts_as_the_engine_does(register, step,
                                                                      people):
    from ombud.cases import reminders

    received_on = today() - timedelta(days=20)
    case = register("pp/complaint", received_on=received_on)
    reminders.remind_and_flag(today=today())
    flag = case.events.filter(type="deadline_missed", data__key="answer").first()
    assert flag is not None
    assert flag.data["days_late"] == (today() - (received_on + timedelta(weeks=2))).days
    assert flag.data["late_unit"] == "calendar_days"
    html = page_of(sign_in(Client(), people["pp"]["auditor"], "nb"), case)
    assert f"{flag.data['days_late']} dager for sent" in html


def test_pp_17_the_case_page_warns_while_the_appeal_is_with_the_first_handler(register, step,
                                                                             people):
    case = answered_pp_case(register, step, people)
    step(case, "appealed", grounds="Uenig.")
    client = sign_in(Client(), people["pp"]["manager"], "en")
    warning = ("The case is under appeal. Ingrid Olsen answered it first and cannot handle the "
               "appeal (PP-17): appoint a handler for the appeal body.")
    assert warning in page_of(client, case)
    step(case, "assigned", handler_id=people["pp"]["handler2"].pk, handler="Anne Nilsen",
         involved=False)
    assert "under appeal" not in page_of(client, case)

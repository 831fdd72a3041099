"""Found walking the demo after issue 9 (finding 8, AV-09): a handler who sends the answer
while a manager has taken the case over got a bare line of text ("Bare saksbehandleren for
saken kan gjøre dette.") with no layout, no case and no way back. A refusal is a page of the
site, in the person's language, that says nothing was changed and leads back to the case."""

from __future__ import annotations

from django.utils import timezone

from ombud.cases.models import CaseEvent
from tests.cast import sign_in


def test_walk_a_handler_whose_case_was_taken_over_sees_a_refusal_page_back_to_the_case(
        client, people, register, step):
    av = people["av"]
    case = register("av/complaint")
    step(case, "taken_up", by=av["manager"], decision="Avdelingsleder")
    step(case, "assigned", by=av["manager"], handler_id=av["handler"].pk, handler="H",
         involved=False)
    manager = sign_in(client, av["manager"], "nb")
    assert manager.post(f"/av/cases/{case.reference}/take-over/").status_code == 302
    before = CaseEvent.objects.count()

    handler = sign_in(client, av["handler"], "nb")
    response = handler.post(f"/av/cases/{case.reference}/steps/answered/", {
        "answered-on": timezone.localdate().isoformat(), "answered-outcome": "upheld",
        "answered-reasons": "Leveransen var sen.", "answered-letter": "Vi beklager."})

    assert response.status_code == 403
    page = response.content.decode()
    assert "<main" in page and 'lang="nb"' in page  # the site's layout, in bokmål
    assert "Bare saksbehandleren for saken kan gjøre dette." in page
    assert "Ingenting ble endret." in page
    assert f'href="/av/cases/{case.reference}/"' in page
    assert CaseEvent.objects.count() == before


def test_walk_a_role_that_may_only_read_gets_the_refusal_page_on_register(client, people):
    page = sign_in(client, people["dnv"]["auditor"], "nl").get("/dnv/cases/register/")
    assert page.status_code == 403
    text = page.content.decode()
    assert "<main" in text and "Terug naar de zakenlijst" in text

"""Issue 11, defect 13: on a phone (390 px) the queue's rows become cards and its column heads
are hidden, so "åpen" and "—" stood alone with nothing to say what they were. Each cell of a card
names its column, in the person's language; so do the open complaints of the meeting's page."""

import pytest
from django.utils import timezone

from tests.browser.conftest import screenshot, sign_in

LABELS = "el => getComputedStyle(el, '::before').content"


def _card_labels(page, row_selector: str) -> list[str]:
    """What each cell of the first card shows before its value (its column's name)."""
    cells = page.locator(f"{row_selector} td")
    return [cells.nth(index).evaluate(LABELS) for index in range(cells.count())]


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_every_cell_of_a_queue_card_names_its_column(browser, live_server,
                                                                demo_people):
    from ombud.cases import services
    from ombud.cases.models import Meeting

    pp = demo_people["pp"]
    organization = pp["handler"].memberships.first().organization
    today = timezone.localdate()
    for title in ("Endring av vakter på kort varsel", "Mangelfull service ved kantina"):
        case = services.case_register(
            organization=organization, procedure_id="pp/complaint", channel="oral",
            received_on=today, title=title, complainant=services.PartyDetails("Kari Nordmann"),
            actor=pp["intake"], put_in_writing=True)
    Meeting.objects.get_or_create(organization=organization, held_on=today)
    services.meeting_decide(case=case, held_on=today, decision="Avdelingsleder behandler den.",
                            handler=pp["handler"], actor=pp["manager"])
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "django_language", "value": "nb", "url": live_server.url}])
    page = context.new_page()
    sign_in(page, live_server.url, "pp-manager")

    page.goto(f"{live_server.url}/pp/cases/")
    assert page.locator("table.queue thead").is_hidden()  # a card, not a row of a table
    assert _card_labels(page, "table.queue tbody tr:first-child") == [
        '"Gjelder: "', '"Klager: "', '"Mottatt: "', '"Status: "', '"Saksbehandler: "',
        '"Neste frist: "']
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    screenshot(page, "queue-390-nb")

    page.goto(f"{live_server.url}/pp/meetings/")
    assert _card_labels(page, "table.agenda tbody tr:first-child") == [
        '"Gjelder: "', '"Saksbehandler: "', '"Neste frist: "']
    screenshot(page, "meetings-390-nb")

    page.set_viewport_size({"width": 1280, "height": 900})  # at desktop width: no labels
    page.goto(f"{live_server.url}/pp/cases/")
    assert page.locator("table.queue thead").is_visible()
    assert set(_card_labels(page, "table.queue tbody tr:first-child")) <= {"none", "normal"}
    context.close()

"""Issue 11, what handlers need every day, in the browser: the queue searched by words with the
hits highlighted, sorted by a column head (aria-sort), "my cases" and the CSV export, in bokmål
(Personalpartner) and Dutch (DNV), at desktop width and on a phone (390 px), axe finding
nothing on any page walked."""

from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.conftest import horizontal_overflow, screenshot, sign_in, wcag_violations

CASES = {
    "pp": ("pp/complaint", "oral", [
        ("Endring av vakter på kort varsel", "Kari Nordmann",
         "Turnusen ble endret to dager før, uten drøfting med tillitsvalgt."),
        ("Mangelfull opplæring i nytt system", "Per Hansen",
         "Ingen opplæring før turnusen gikk over til det nye systemet <script>alert(1)</script>."),
        ("Kantina stenger for tidlig", "Ola Nordvik", "Kveldsvakten får ikke mat."),
    ]),
    "dnv": ("dnv/complaint", "email", [
        ("Examinator was onvriendelijk", "Pieter de Vries",
         "De examinator was onvriendelijk en gehaast tijdens het praktijkexamen in Barendrecht."),
        ("Factuur klopt niet", "Anna Jansen", "Het bedrag op de factuur is \"te hoog\" & fout."),
        ("Lange wachttijd", "Kees Bakker", "Ik wachtte drie uur; de examinator kwam te laat."),
    ]),
}
WORD = {"pp": "turnusen", "dnv": "examinator"}


def _seed(org_slug: str, people):
    from ombud.cases import services
    from ombud.orgs.models import Organization

    organization = Organization.objects.get(slug=org_slug)
    procedure_id, channel, cases = CASES[org_slug]
    staff = people[org_slug]
    for title, name, text in cases:
        details = {"about": "conduct"} if org_slug == "dnv" else {}
        case = services.case_register(
            organization=organization, procedure_id=procedure_id, channel=channel,
            received_on=timezone.localdate(), title=title,
            complainant=services.PartyDetails(name), actor=staff["intake"],
            details=details, put_in_writing=channel == "oral")
        services.case_note(case=case, text=text, actor=staff["manager"])


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("org_slug, language", [("pp", "nb"), ("dnv", "nl")])
def test_issue_11_the_queue_searched_by_words_at_desktop_and_on_a_phone(
        browser, live_server, demo_people, org_slug, language):
    _seed(org_slug, demo_people)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language,
                          "url": live_server.url}])
    page = context.new_page()
    sign_in(page, live_server.url, f"{org_slug}-manager")

    page.goto(f"{live_server.url}/{org_slug}/cases/")
    page.fill("#q", WORD[org_slug])
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    rows = page.locator("table.queue tbody tr")
    assert rows.count() == 2
    assert page.locator("table.queue mark").count() >= 2
    assert page.locator("table.queue mark").first.inner_text().lower().startswith(
        WORD[org_slug][:6])
    assert page.locator("script", has_text="alert(1)").count() == 0
    assert wcag_violations(page) == []
    screenshot(page, f"queue-search-1280-{language}")

    page.locator("table.queue thead th a").nth(0).click()  # the reference column
    page.wait_for_load_state()
    assert page.locator("th[aria-sort=ascending]").count() == 1
    page.locator("th[aria-sort=ascending] a").click()
    page.wait_for_load_state()
    assert page.locator("th[aria-sort=descending]").count() == 1
    assert page.locator("table.queue tbody tr").count() == 2  # still the search's cases
    assert wcag_violations(page) == []
    screenshot(page, f"queue-search-sorted-1280-{language}")

    with page.expect_download() as download:
        page.locator("p.export a").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert len(content.strip().splitlines()) == 3  # the header and the two cases found

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/{org_slug}/cases/?q={WORD[org_slug]}")
    assert page.locator("table.queue thead").is_hidden()
    assert page.locator("table.queue mark").count() >= 2
    assert horizontal_overflow(page) <= 0
    page.select_option("#sort", "-received")  # on a phone the order is chosen in the form
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "sort=-received" in page.url
    assert wcag_violations(page) == []
    screenshot(page, f"queue-search-390-{language}")

    page.check("#mine")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("table.queue tbody tr").count() == 1  # the manager handles none
    context.close()

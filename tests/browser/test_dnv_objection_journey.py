"""Journey 4 as a DNV handler would walk it in a browser: an objection registered, found
incomplete, remedied, heard, and answered; and the pages pass axe-core's WCAG 2.1 AA rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import axe_run, sign_in

pytestmark = pytest.mark.slow  # a real browser: seconds a test


def axe_violations(page) -> list[str]:
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in axe_run(page)]


def take_step(page, label: str, fields: dict[str, str] | None = None,
              checks: tuple[str, ...] = (), selects: dict[str, str] | None = None,
              unchecks: tuple[str, ...] = ()) -> None:
    """Open a step on the case page, fill it in and submit it."""
    if not page.locator("section.step h3", has_text=label).count():
        with page.expect_navigation():
            page.locator("a.step-link", has_text=label).click()
    step = page.locator("section.step", has=page.locator("h3", has_text=label)).first
    for name, value in (fields or {}).items():
        step.locator(f"[name$='-{name}']").fill(value)
    for name, value in (selects or {}).items():
        step.locator(f"select[name$='-{name}']").select_option(value)
    for name in checks:
        step.locator(f"input[name$='-{name}']").check()
    for name in unchecks:
        step.locator(f"input[name$='-{name}']").uncheck()
    step.locator("button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_dnv_b_journey_objection_from_registration_to_answer(page, live_server, demo_people):
    base = live_server.url
    # The handler reads English; DNV's own language (Dutch) would be the default.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    sign_in(page, base, "dnv-handler")
    assert "/dnv/cases/" in page.url
    assert axe_violations(page) == []

    page.goto(f"{base}/dnv/cases/register/")
    page.select_option("#id_procedure_id", "dnv/objection")
    page.select_option("#id_channel", "letter")
    today = timezone.localdate()
    page.fill("#id_decision_on", (today - timedelta(days=10)).isoformat())
    page.fill("#id_name", "Pieter de Vries")
    page.fill("#id_email", "pieter@example.org")
    page.fill("#id_title", "Bezwaar tegen negatief certificatiebesluit")
    page.fill("#id_account", "Ik maak bezwaar tegen de uitslag van mijn praktijkexamen.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("DNV-"), \
        page.locator(".error, .field-error").all_inner_texts()
    assert axe_violations(page) == []

    take_step(page, "Send acknowledgement")
    # Who took the contested decision is recorded at intake (DNV-B-04): the examiner.
    examiner = demo_people["dnv"]["handler"]
    with page.expect_navigation():
        page.locator("a.step-link", has_text="Who took the contested decision").click()
    page.locator(f"input[name='decision_makers_named-person_ids'][value='{examiner.pk}']").check()
    page.locator("#step-decision_makers_named button[type=submit]").click()
    page.wait_for_load_state()
    take_step(page, "Ask to remedy an omission", {"text": "Handtekening en adres ontbreken."})
    assert "Recorded" in page.locator(".messages").inner_text()
    take_step(page, "Omission remedied")
    # The examiner who took the decision cannot take it (DNV-B-04); an independent one can.
    take_step(page, "Appoint handler", selects={"handler_id": str(examiner.pk)})
    assert "DNV-B-04" in page.locator("[role=alert]").first.inner_text()
    take_step(page, "Appoint handler",
              selects={"handler_id": str(demo_people["dnv"]["handler2"].pk)})
    # The appointed handler works the case from here: only they decide and answer (issue 9,
    # finding 8); before, the appointing handler went on to answer it himself.
    case_url = page.url.split("?")[0].split("#")[0]
    page.context.clear_cookies()  # signed out
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    sign_in(page, base, "dnv-handler2")
    page.goto(case_url)
    take_step(page, "Invite to a hearing")
    take_step(page, "Hearing requested")
    take_step(page, "Hearing held", {"report": "Verslag: Pieter is per video gehoord."},
              selects={"joint": "joint"})
    take_step(page, "Answer", {"reasons": "Het examen is opnieuw beoordeeld.",
                               "letter": "Uw bezwaar is gegrond."},
              selects={"outcome": "upheld"})
    assert "Recorded" in page.locator(".messages").inner_text()

    meta = page.locator("p.meta").inner_text()
    assert "answered" in meta
    deadlines = page.locator("table.deadlines").inner_text()
    assert "DNV-B-07" in deadlines and "DNV-R-01" in deadlines
    assert page.locator("details summary", has_text="Why this date?").count() >= 4
    assert axe_violations(page) == []

    page.goto(f"{base}/dnv/cases/")
    assert axe_violations(page) == []

    # The same file in DNV's own language on a phone: Dutch words are long.
    page.context.add_cookies([{"name": "django_language", "value": "nl", "url": base}])
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base}/dnv/cases/")
    page.locator("table.queue tbody a").first.click()
    page.wait_for_load_state()
    assert "Termijnen" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_sign_in_queue_and_case_pages_have_no_wcag_21_aa_violations(browser, live_server,
                                                                   demo_people, width):
    from ombud.cases import services

    organization = demo_people["pp"]["handler"].memberships.first().organization
    case = services.case_register(
        organization=organization, procedure_id="pp/complaint", channel="oral",
        received_on=timezone.localdate(), title="Endring av vakter på kort varsel",
        complainant=services.PartyDetails("Kari Nordmann"), actor=demo_people["pp"]["intake"],
        put_in_writing=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    assert axe_violations(page) == []
    # PP complaints are in the management archive (PP-15): a manager reads the unassigned one.
    sign_in(page, live_server.url, "pp-manager")
    for path in ("/pp/cases/", f"/pp/cases/{case.reference}/", "/pp/meetings/",
                 "/pp/cases/register/"):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, path
        assert axe_violations(page) == [], path
    context.close()


@pytest.mark.django_db(transaction=True)
def test_dnv_b_12_earlier_decisions_read_as_cards_on_a_phone(browser, live_server, demo_people):
    """The earlier decisions on the same subject (DNV-B-12) on a 390 px phone: each row a card
    with its labels, and the page never scrolls sideways (the four-column table was 461 px)."""
    from ombud.cases import services

    dnv = demo_people["dnv"]
    organization = dnv["handler"].memberships.first().organization
    today = timezone.localdate()

    def objection(title: str):
        return services.case_register(
            organization=organization, procedure_id="dnv/objection", channel="letter",
            received_on=today, title=title,
            complainant=services.PartyDetails("Pieter de Vries", email="pieter@example.nl"),
            actor=dnv["intake"], details={"about": "negative_certification",
                                          "decision_on": today - timedelta(days=7)})

    earlier = objection("Bezwaar tegen de beoordeling van het praktijkexamen heftruckchauffeur")
    for event_type, data in (("acknowledged", {}),
                             ("answered", {"outcome": "partly_upheld", "reasons": "r",
                                           "letter": "l",
                                           "hearing_skipped": "manifestly_unfounded"})):
        services.case_step(case=earlier, event_type=event_type, on=today, actor=dnv["handler"],
                           data=data, actor_involved=False, recorded_on=today)
    current = objection("Bezwaar praktijkexamen")

    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    context.add_cookies([{"name": "django_language", "value": "nl", "url": live_server.url}])
    sign_in(page, live_server.url, "dnv-handler")
    page.goto(f"{live_server.url}/dnv/cases/{current.reference}/")
    cells = page.locator("table.precedents td")
    assert cells.count() == 3 and earlier.reference in page.locator("table.precedents").inner_text()
    labels = [cell.evaluate("c => getComputedStyle(c, '::before').content") for cell in cells.all()]
    assert all(label not in ("none", "normal", '""') for label in labels), labels
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    assert axe_violations(page) == []
    context.close()

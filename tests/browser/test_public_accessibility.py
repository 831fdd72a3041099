"""axe-core's WCAG 2.1 A and AA rules on every public page, on a desktop (1280 px), on a phone
(390 px) and at 200 % zoom (a 1280 px window zoomed in shows 640 CSS pixels): every form of every
case type the five organizations run, a form with errors, the late-filing warning, the receipt,
the private page with all it can show, the page for an unknown link and /track/. With
OMBUD_SHOTS=<folder>, screenshots go there for a person to look at."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import (
    case_awaiting_the_complainant,
    horizontal_overflow,
    screenshot,
    wcag_violations,
)

pytestmark = pytest.mark.slow  # a real browser: seconds a test

WIDTHS = [1280, 390]
RECEIPT_SECONDS = 45


# Every form of every case type the five organizations run (the first test holds this list to
# what the organizations have enabled); one test per form, so that the pages spread over workers.
FORMS = ["av/complaint", "dnv/complaint", "dnv/data_request", "dnv/inspection", "dnv/objection",
         "dnv/terms", "gl/complaint", "ne/appeal", "ne/complaint", "pp/complaint"]


def check_page(page, name: str, problems: list[str], *, width: int) -> None:
    """No WCAG violation, no sideways scrolling; a screenshot for the visual review."""
    screenshot(page, f"{name}-{width}")
    overflow = horizontal_overflow(page)
    if overflow > 0:
        problems.append(f"{name} at {width} px: {overflow} px of horizontal scrolling")
    problems += [f"{name} at {width} px: {violation}" for violation in wcag_violations(page)]


@pytest.mark.django_db
def test_the_list_of_forms_is_every_enabled_procedure(demo_people):
    from ombud.orgs.models import EnabledProcedure

    assert sorted(EnabledProcedure.objects.values_list("procedure_id", flat=True)) == FORMS


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("procedure_id", FORMS)
def test_every_public_form_of_the_five_organizations(public_site, open_page, procedure_id,
                                                     width):
    page = open_page(width, base=public_site)
    problems: list[str] = []
    response = page.goto(f"{public_site}/{procedure_id}/new/")
    assert response.status == 200
    assert page.locator("form.public-form button[type=submit]").count() == 1
    check_page(page, f"form-{procedure_id.replace('/', '-')}", problems, width=width)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("procedure_id", ["dnv/objection", "pp/complaint", "ne/appeal"])
def test_forms_sent_empty_show_their_errors_accessibly(public_site, open_page, procedure_id,
                                                       width):
    page = open_page(width, base=public_site)
    problems: list[str] = []
    page.goto(f"{public_site}/{procedure_id}/new/")
    page.click("form.public-form button[type=submit]")
    page.wait_for_selector("#problems", timeout=RECEIPT_SECONDS * 1000)
    check_page(page, f"errors-{procedure_id.replace('/', '-')}", problems, width=width)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_late_filing_warning_and_the_receipt(public_site, open_page, width):
    """Pieter asks to inspect his exam work ten days after the result: past the five days of
    DNV-I-02. The form warns him, he confirms, and the receipt follows."""
    from ombud.cases.models import Case

    page = open_page(width, base=public_site)
    page.goto(f"{public_site}/dnv/inspection/new/")
    page.check("#id_filer_0")
    page.fill("#id_name", "Pieter de Vries")
    page.fill("#id_birth_on", "1990-02-01")  # the payment reference names it (DNV-I-07)
    page.fill("#id_email", "pieter@example.org")
    page.fill("#id_address", "Stationsweg 1, 3011 AB Rotterdam")
    page.check("#id_about_1")  # praktijktoets
    result_on = timezone.localdate() - timedelta(days=10)
    page.fill("#id_result_on", result_on.isoformat())
    page.fill("#id_title", "Inzage praktijkexamen")
    page.fill("#id_description", "Ik wil mijn beoordelingsformulier inzien.")
    page.check("#id_fees_accepted")
    page.check("#id_consent")
    page.click("form.public-form button[type=submit]")
    warning = page.locator("p.warning[role=alert]")
    warning.wait_for(timeout=RECEIPT_SECONDS * 1000)
    assert result_on.strftime("%d-%m-%Y") in warning.inner_text()  # the period's start, in Dutch
    assert page.locator("#id_late_confirmed").is_visible()
    problems: list[str] = []
    check_page(page, "late-warning-dnv-inspection", problems, width=width)

    page.check("#id_late_confirmed")
    page.click("form.public-form button[type=submit]")
    page.wait_for_url("**/dnv/inspection/received/**", timeout=RECEIPT_SECONDS * 1000)
    assert Case.objects.get().reference in page.locator("main [role=status]").inner_text()
    # the fee and the payment reference the procedure asks for (DNV-I-07)
    assert "inzage Pieter de Vries 01-02-1990" in page.locator("#payment-heading + ul + p")\
        .inner_text()
    check_page(page, "receipt-dnv-inspection", problems, width=width)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_private_page_the_unknown_link_and_the_new_link_form(public_site, open_page,
                                                                demo_people, width):
    case, token = case_awaiting_the_complainant(demo_people["dnv"]["handler"])
    page = open_page(width, base=public_site)
    problems: list[str] = []

    page.goto(f"{public_site}/track/{token}/")
    for shown in ("form[action$='/upload/']", "form[action$='/hearing/']",
                  "form[action$='/consent/']", "form[action$='/withdraw/']",
                  "form[action$='/revoke/']"):
        assert page.locator(shown).count() == 1, shown
    assert page.locator("section[aria-labelledby=letters-heading] li").count() >= 3
    assert page.locator("section[aria-labelledby=documents-heading] li").count() == 1
    check_page(page, "track-dnv-complaint", problems, width=width)
    page.locator("summary#withdraw-heading").click()  # what opens must pass too
    check_page(page, "track-dnv-complaint-withdraw-open", problems, width=width)

    response = page.goto(f"{public_site}/track/not-a-valid-link-at-all-0000000000000/")
    assert response.status == 404
    check_page(page, "track-unknown", problems, width=width)

    page.goto(f"{public_site}/track/")
    assert page.locator("#id_reference").count() == 1
    check_page(page, "track-new-link", problems, width=width)
    page.click("main form button[type=submit]")  # sent empty: its errors
    page.wait_for_selector("main [role=alert]")
    check_page(page, "track-new-link-errors", problems, width=width)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_at_200_percent_zoom_the_pages_reflow_without_sideways_scrolling(public_site,
                                                                         open_page,
                                                                         demo_people):
    """WCAG 1.4.4 and 1.4.10: a 1280 px window at 200 % zoom is 640 CSS pixels wide."""
    _, token = case_awaiting_the_complainant(demo_people["dnv"]["handler"])
    page = open_page(640, 450, base=public_site, device_scale_factor=2)
    problems: list[str] = []
    for name, path in (("zoom-form-dnv-objection", "/dnv/objection/new/"),
                       ("zoom-form-pp-complaint", "/pp/complaint/new/"),
                       ("zoom-track", f"/track/{token}/"),
                       ("zoom-track-new-link", "/track/")):
        page.goto(public_site + path)
        check_page(page, name, problems, width=640)
    page.goto(f"{public_site}/dnv/objection/new/")
    page.click("form.public-form button[type=submit]")
    page.wait_for_selector("#problems", timeout=RECEIPT_SECONDS * 1000)
    check_page(page, "zoom-errors-dnv-objection", problems, width=640)
    assert not problems, "\n".join(problems)

"""The public side as complainants walk it in a real browser: a Dutch complaint to DNV with an
attachment and a further document on the private page, a Norwegian participant on a phone, the
same form with JavaScript off, a form sent empty by someone who uses only the keyboard, every
form of the private page, and the language switch on every public page."""

import re

import pytest
from django.utils import timezone

from tests.browser.conftest import (
    SMALL_PDF,
    case_awaiting_the_complainant,
    horizontal_overflow,
    screenshot,
)

pytestmark = pytest.mark.slow  # a real browser: seconds a test

PROOF_SECONDS = 45  # the proof of work runs while the person types; at most this long after


def keyboard_type(page, selector: str, text: str) -> None:
    """Put the focus in a field and type into it, key by key."""
    page.locator(selector).focus()
    page.keyboard.type(text)


def keyboard_choose(page, selector: str) -> None:
    """Choose a radio button or tick a checkbox with the space bar."""
    page.locator(selector).focus()
    page.keyboard.press("Space")
    assert page.locator(selector).is_checked(), selector


def pdf_file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": SMALL_PDF}


def wait_for_receipt(page, org: str, case_type: str) -> None:
    page.wait_for_url(re.compile(rf"/{org}/{case_type}/received/[^/]+/$"),
                      timeout=PROOF_SECONDS * 1000)


def send(page, form_selector: str) -> int:
    """Submit a form on the page by its button; the HTTP status of the page it ends on."""
    with page.expect_navigation() as navigation:
        page.locator(f"{form_selector} button[type=submit]").first.click()
    return navigation.value.status


def receipt_reference_and_link(page, prefix: str) -> tuple[str, str]:
    status = page.locator("main [role=status]").inner_text()
    found = re.search(rf"\b{prefix}-(\d{{4}})-\d{{4}}\b", status)
    assert found, status
    assert int(found.group(1)) == timezone.localdate().year
    link = page.locator("p.link a").get_attribute("href")
    assert re.fullmatch(r"https?://[^/]+/track/[A-Za-z0-9_-]{20,}/", link or ""), link
    assert page.locator("p.link a").inner_text() == link
    return found.group(0), link


@pytest.mark.django_db(transaction=True)
def test_a_complainant_files_a_dutch_complaint_with_an_attachment_and_sends_one_more(
        public_site, open_page):
    from ombud.cases.models import Case
    from ombud.public.models import Submission

    page = open_page(base=public_site, locale="nl-NL")
    page.goto(f"{public_site}/dnv/complaint/new/")
    assert page.locator("html").get_attribute("lang") == "nl"  # DNV speaks Dutch by default
    assert "Klacht" in page.locator("h1").inner_text()

    keyboard_choose(page, "#id_filer_0")  # kandidaat
    keyboard_type(page, "#id_name", "Pieter de Vries")
    keyboard_type(page, "#id_email", "pieter@example.org")
    keyboard_type(page, "#id_address", "Stationsweg 1, 3011 AB Rotterdam")
    keyboard_choose(page, "#id_about_0")  # gedrag van medewerkers
    keyboard_type(page, "#id_title", "Onheus bejegend bij het praktijkexamen")
    keyboard_type(page, "#id_description", "De examinator sprak mij op hoge toon toe.")
    keyboard_type(page, "#id_reasons", "Ik wil een gesprek en excuses.")
    page.set_input_files("#id_attachments", files=[pdf_file("uitnodiging-examen.pdf")])
    keyboard_choose(page, "#id_consent")
    page.locator("form.public-form button[type=submit]").focus()
    page.keyboard.press("Enter")

    wait_for_receipt(page, "dnv", "complaint")
    reference, link = receipt_reference_and_link(page, "DNV")
    assert "pieter@example.org" in page.locator("main").inner_text()

    page.goto(link)
    assert reference in page.locator("h1").inner_text()
    documents = page.locator("section[aria-labelledby=documents-heading]")
    assert documents.locator("li", has_text="uitnodiging-examen.pdf").count() == 1
    upload = documents.locator("form")
    upload.locator("input[type=file]").set_input_files(pdf_file("verklaring-getuige.pdf"))
    keyboard_type(page, "#id_title", "Verklaring van een getuige")
    status = send(page, "section[aria-labelledby=documents-heading] form")
    assert (status, page.url) == (200, link), page.locator("main").inner_text()[:300]
    assert page.locator(".messages .message.success").count() == 1
    listed = documents.locator("li").all_inner_texts()
    assert any("uitnodiging-examen.pdf" in item for item in listed), listed
    assert any("Verklaring van een getuige" in item for item in listed), listed

    case = Case.objects.get()  # one case only, whatever the browser sent
    assert case.reference == reference
    assert case.complainant_name == "Pieter de Vries"
    sent = case.documents.filter(from_complainant=True).order_by("id")
    assert [document.title for document in sent] == ["uitnodiging-examen.pdf",
                                                     "Verklaring van een getuige"]
    assert all(document.content_type == "application/pdf" and document.size == len(SMALL_PDF)
               for document in sent)
    assert Submission.objects.get(case=case).proof_of_work is True  # the script solved it


@pytest.mark.django_db(transaction=True)
def test_a_norwegian_participant_files_with_personalpartner_on_a_phone(public_site, open_page):
    from ombud.cases.models import Case

    page = open_page(390, 844, base=public_site, language="en", is_mobile=True, has_touch=True,
                     device_scale_factor=2)
    page.goto(f"{public_site}/pp/complaint/new/")
    assert page.locator("html").get_attribute("lang") == "en"
    # The language switch in the header, by touch.
    page.select_option("header form.lang select", "nb")
    with page.expect_navigation():
        page.locator("header form.lang button").tap()
    assert page.url.endswith("/pp/complaint/new/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert horizontal_overflow(page) <= 0, "the form scrolls sideways on a phone"
    screenshot(page, "journey-pp-form-390")

    page.locator("label[for=id_filer_0]").tap()  # VTA-ansatt eller tiltaksdeltaker
    page.fill("#id_name", "Kari Nordmann")
    page.fill("#id_email", "kari@example.no")
    page.locator("label[for=id_about_0]").tap()
    page.fill("#id_title", "Vaktene endres på kort varsel")
    page.fill("#id_description", "Veilederen min endrer vaktene mine samme dag.")
    page.fill("#id_reasons", "Jeg ønsker faste vakter en uke i forveien.")
    page.locator("label[for=id_consent]").tap()
    assert page.is_checked("#id_filer_0") and page.is_checked("#id_consent")
    page.locator("form.public-form button[type=submit]").tap()

    wait_for_receipt(page, "pp", "complaint")
    assert page.locator("html").get_attribute("lang") == "nb"
    reference, _ = receipt_reference_and_link(page, "PP")
    assert horizontal_overflow(page) <= 0, "the receipt scrolls sideways on a phone"
    screenshot(page, "journey-pp-receipt-390")
    case = Case.objects.get()
    assert (case.reference, case.language, case.complainant_name) == (
        reference, "nb", "Kari Nordmann")


@pytest.mark.django_db(transaction=True)
def test_the_form_files_a_case_without_javascript(public_site, open_page):
    from ombud.cases.models import Case
    from ombud.public.models import Submission

    page = open_page(base=public_site, java_script_enabled=False)
    page.goto(f"{public_site}/dnv/complaint/new/")
    page.check("#id_filer_2")  # werkgever
    page.fill("#id_name", "Bouwbedrijf Jansen B.V.")
    page.fill("#id_email", "info@jansen.example.nl")
    page.fill("#id_address", "Havenstraat 8, 1011 AA Amsterdam")
    page.check("#id_about_3")  # a holder falsely claiming a certificate (DNV-K-04)
    page.fill("#id_title", "Certificaathouder werkt zonder geldig certificaat")
    page.fill("#id_description", "Onze onderaannemer beroept zich op een verlopen certificaat.")
    page.fill("#id_reasons", "Wij vragen DNV dit te onderzoeken.")
    page.set_input_files("#id_attachments", files=[pdf_file("certificaat.pdf")])
    page.check("#id_consent")
    assert page.input_value("#id_proof") == ""  # nothing solved the puzzle
    page.click("form.public-form button[type=submit]")

    wait_for_receipt(page, "dnv", "complaint")
    reference, link = receipt_reference_and_link(page, "DNV")
    case = Case.objects.get()
    assert case.reference == reference
    assert case.documents.filter(from_complainant=True).count() == 1
    assert Submission.objects.get(case=case).proof_of_work is False
    page.goto(link)  # the private page works without JavaScript too
    assert reference in page.locator("h1").inner_text()


@pytest.mark.django_db(transaction=True)
def test_the_form_is_drawn_and_answers_while_its_puzzle_is_still_being_solved(
        public_site, open_page, settings, monkeypatch):
    """The proof of work runs beside the person, not in front of them: with the hardest puzzle
    the deployment allows, the page loads and takes typing before the answer is found (a search
    that never gave the browser's event loop a turn held the page blank for seconds)."""
    from ombud.public import abuse

    settings.OMBUD_PROOF_OF_WORK_MAX = 3_000_000  # the answer is the last number tried
    monkeypatch.setattr(abuse.secrets, "randbelow", lambda upper: upper - 1)
    page = open_page(base=public_site)
    page.goto(f"{public_site}/pp/complaint/new/")  # returns at the page's load event
    page.fill("#id_name", "Kari Nordmann")
    assert page.input_value("#id_name") == "Kari Nordmann"
    assert page.input_value("#id_proof") == ""  # still solving


# What every empty form must complain about, per form (the rest depends on the procedure).
REQUIRED = {
    "dnv/complaint": {"filer", "name", "email", "about", "title", "description", "reasons",
                      "consent"},
    "dnv/objection": {"filer", "name", "email", "title", "description", "reasons", "consent"},
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("procedure_id", sorted(REQUIRED))
def test_an_empty_form_comes_back_with_its_problems_tied_to_the_fields(public_site, open_page,
                                                                      procedure_id):
    page = open_page(base=public_site, language="en")
    page.goto(f"{public_site}/{procedure_id}/new/")
    page.click("form.public-form button[type=submit]")
    page.wait_for_selector("#problems", timeout=PROOF_SECONDS * 1000)
    problems: list[str] = []

    summary = page.locator("#problems")
    if summary.get_attribute("role") != "alert":
        problems.append("the error summary has no role=alert")
    if page.evaluate("document.activeElement && document.activeElement.id") != "problems":
        problems.append("the focus is not on the error summary")
    if not page.title().startswith("Error"):
        problems.append(f"the title does not say Error: {page.title()!r}")

    # Each field with an error: its controls are marked invalid and described by the error.
    invalid_names = set()
    for container in page.locator("main form .field.has-error").all():
        error = container.locator(".field-error")
        error_id, error_text = error.get_attribute("id"), error.inner_text().strip()
        controls = container.locator("input, select, textarea").all()
        if not controls:
            problems.append(f"an error without a control: {error_text!r}")
        for control in controls:
            name = control.get_attribute("name")
            invalid_names.add(name)
            if control.get_attribute("aria-invalid") != "true":
                problems.append(f"{name}: aria-invalid is not true")
            described = (control.get_attribute("aria-describedby") or "").split()
            if error_id not in described:
                problems.append(f"{name}: aria-describedby {described} lacks {error_id}")
    missing = REQUIRED[procedure_id] - invalid_names
    if missing:
        problems.append(f"required fields not marked invalid: {sorted(missing)}")

    # The summary links lead to the fields: each target exists and is (or holds) a control.
    links = summary.locator("a[href^='#']").all()
    if len(links) < len(REQUIRED[procedure_id]):
        problems.append(f"only {len(links)} links in the error summary")
    for link in links:
        target = link.get_attribute("href")[1:]
        kind = page.evaluate("""(id) => {
            const element = document.getElementById(id);
            if (!element) return "missing";
            if (element.matches("input, select, textarea")) return "control";
            return element.querySelector("input, select, textarea") ? "group" : "not a field";
        }""", target)
        if kind not in ("control", "group"):
            problems.append(f"summary link #{target} ({link.inner_text()!r}): target {kind}")
        else:
            link.click()
            page.keyboard.press("Tab")
            # Following the link and pressing Tab lands in that field, the next one or on
            # the Send button after the last.
            reached = page.evaluate("""(target) => {
                const fields = Array.from(document.querySelectorAll("main form .field"));
                const at = fields.findIndex((field) => field.contains(
                    document.getElementById(target)));
                const focused = document.activeElement;
                const near = fields.slice(at, at + 2).some((field) => field.contains(focused))
                    || (at === fields.length - 1 && focused.matches("button[type=submit]"));
                return at >= 0 && near ? "" : (focused.id || focused.outerHTML.slice(0, 60));
            }""", target)
            if reached:
                problems.append(f"summary link #{target}: Tab afterwards reached {reached}")

    # Tab alone reaches every field of the form, and never the honeypot.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.locator("body").focus()
    wanted = set(page.evaluate("""Array.from(document.querySelectorAll(
        "main form.public-form input:not([type=hidden]), main form.public-form select, "
        + "main form.public-form textarea")).filter((e) => e.name !== "website")
        .map((e) => e.name)"""))
    reached_names: set[str] = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement && document.activeElement.name || ''")
        reached_names.add(name)
        if wanted <= reached_names:
            break
    if wanted - reached_names:
        problems.append(f"not reachable with Tab: {sorted(wanted - reached_names)}")
    if "website" in reached_names:
        problems.append("Tab reaches the honeypot field")

    screenshot(page, f"errors-{procedure_id.replace('/', '-')}-1280")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_every_form_on_the_private_page_is_accepted_from_a_real_browser(public_site, open_page,
                                                                      demo_people):
    """The complainant answers the hearing invitation, consents to a further extension, sends a
    document, reads the page in English, withdraws and stops the link: each form is accepted
    (not refused as a forged request) and does what it says."""
    from ombud.public.models import TrackingLink

    case, token = case_awaiting_the_complainant(demo_people["dnv"]["handler"])
    link = f"{public_site}/track/{token}/"
    page = open_page(base=public_site)
    problems: list[str] = []

    def act(what: str, form_selector: str, prepare) -> None:
        page.goto(link)
        prepare()
        status = send(page, form_selector)
        if status != 200:
            heading = page.locator("h1").inner_text() if page.locator("h1").count() else ""
            problems.append(f"{what}: HTTP {status} at {page.url} ({heading})")

    act("hearing answer", "form[action$='/hearing/']",
        lambda: page.check("#id_wants_hearing_0"))
    act("consent", "form[action$='/consent/']", lambda: page.check("#id_given_0"))

    def choose_document():
        page.set_input_files("#id_document", files=[pdf_file("verklaring.pdf")])
        page.fill("#id_title", "Verklaring")
    act("further document", "form[action$='/upload/']", choose_document)
    act("language switch", "header form.lang",
        lambda: page.select_option("header form.lang select", "en"))
    if page.locator("html").get_attribute("lang") != "en":
        problems.append("language switch: the page is not in English afterwards")

    def confirm_withdrawal():
        page.locator("summary#withdraw-heading").click()
        page.check("#id_confirm")
    act("withdrawal", "form[action$='/withdraw/']", confirm_withdrawal)
    act("stop this link", "form[action$='/revoke/']", lambda: None)

    case.refresh_from_db()
    history = set(case.events.values_list("type", flat=True))
    expected = {"hearing answer": "hearing_requested" in history,
                "consent": "extension_consent" in history,
                "further document": case.documents.filter(from_complainant=True).count() == 2,
                "withdrawal": case.state == "withdrawn",
                "stop this link": TrackingLink.objects.get(case=case).revoked_at is not None}
    problems += [f"{what}: not recorded" for what, done in expected.items() if not done]
    if expected["stop this link"] and page.goto(link).status != 404:
        problems.append("stop this link: the link still opens the case")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_the_language_switch_works_on_every_public_page(public_site, open_page, demo_people):
    """Whoever lands on a public page in a language they do not read can switch it, on the
    form, the receipt, the private page, the page for a stopped link and /track/."""
    _, token = case_awaiting_the_complainant(demo_people["dnv"]["handler"])
    page = open_page(base=public_site, java_script_enabled=False)
    page.goto(f"{public_site}/gl/complaint/new/")
    page.check("#id_filer_0")
    page.fill("#id_name", "Ola Nordmann")
    page.fill("#id_email", "ola@nav.example.no")
    page.check("#id_about_0")
    page.fill("#id_title", "Oppfølgingen ble ikke levert")
    page.fill("#id_description", "Deltakeren fikk ikke oppfølgingen som var bestilt.")
    page.fill("#id_reasons", "Vi ber om at oppfølgingen leveres.")
    page.check("#id_consent")
    page.click("form.public-form button[type=submit]")
    wait_for_receipt(page, "gl", "complaint")
    receipt = page.url

    problems: list[str] = []
    pages = {"form": f"{public_site}/dnv/objection/new/", "receipt": receipt,
             "private page": f"{public_site}/track/{token}/", "new link": f"{public_site}/track/",
             "stopped link": f"{public_site}/track/stopped-or-mistyped-link-0000000000/"}
    for name, url in pages.items():
        expected_status = page.goto(url).status  # 404 for the stopped link
        before = page.locator("html").get_attribute("lang")
        language = {"nb": "en", "en": "nl", "nl": "nb"}[before]
        page.select_option("header form.lang select", language)
        status = send(page, "header form.lang")
        shown = page.locator("html").get_attribute("lang")
        if status != expected_status or shown != language or page.url != url:
            problems.append(f"{name}: switching from {before} to {language} gave HTTP {status}, "
                            f"lang={shown} at {page.url}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_a_dutch_complainant_who_stops_the_link_reads_the_next_page_in_dutch(
        public_site, open_page, demo_people):
    _, token = case_awaiting_the_complainant(demo_people["dnv"]["handler"])
    page = open_page(base=public_site, locale="nl-NL")
    page.goto(f"{public_site}/track/{token}/")
    assert page.locator("html").get_attribute("lang") == "nl"
    status = send(page, "form[action$='/revoke/']")
    assert (status, page.url.partition("?")[0]) == (200, f"{public_site}/track/"), \
        page.locator("h1").inner_text()
    assert "link" in page.locator(".messages").inner_text()
    assert page.locator("html").get_attribute("lang") == "nl", page.locator("main").inner_text()

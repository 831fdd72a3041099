"""Journeys 2 and 3 of the product team, whole, as their people live them, in bokmål.

Journey 2: Ola, adviser at NAV, files Gløde's web form on behalf of a participant; the complaint
stands on the agenda of the first coming management meeting (GL-06), which gives it to the work
leader (GL-07); he tries the lowest level first (GL-08) and calls the participant's GP under the
cooperation routine (GL-09); Ola gets the written answer within four weeks (GL-10).

Journey 3: a buyer of Astafjord Vekst's woodwork phones; the call is recorded and the form link
sent (AV-05); the buyer writes; the attempt at the lowest level does not satisfy him (AV-06); the
management meeting appoints the handler (AV-07), who answers within four weeks (AV-08, AV-09).

Every page walked is checked with axe (WCAG 2.1 AA) and photographed (OMBUD_SHOTS)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.annual_report_walk import (
    finds_the_case_in_the_annual_report,
    the_report_downloaded,
)
from tests.browser.conftest import (
    horizontal_overflow,
    keep,
    screenshot,
    sign_in,
    wcag_violations,
)

pytestmark = pytest.mark.slow  # a real browser: seconds a page

PROOF_SECONDS = 45  # the public form's proof of work runs while the person types
RULE_ID = re.compile(r"\b(?:AV|GL|PP|NE|DNV|X)-(?:[A-Z]-)?\d{2}\b")


def looked_at(page, name: str) -> None:
    """Every page walked: no WCAG 2.1 AA violation, and a picture to look at."""
    assert wcag_violations(page) == [], name
    screenshot(page, name)


def person(open_page, base: str, username: str | None = None):
    """A browser of one's own, in bokmål; signed in when ``username`` is given."""
    page = open_page(1280, 900, base=base, language="nb", locale="nb-NO")
    if username:
        sign_in(page, base, username)
    return page


def open_step(page, event_type: str):
    """The step's form on the case page (one form open at a time: its link opens it)."""
    form = page.locator(f"#step-{event_type} section.step")
    if not form.count():
        with page.expect_navigation():
            page.locator(f"#step-{event_type} a.step-link").click()
    return page.locator(f"#step-{event_type} section.step")


def send_step(page, event_type: str, fields: dict[str, str] | None = None,
              selects: dict[str, str] | None = None) -> None:
    step = open_step(page, event_type)
    for name, value in (fields or {}).items():
        step.locator(f"[name='{event_type}-{name}']").fill(value)
    for name, value in (selects or {}).items():
        step.locator(f"select[name='{event_type}-{name}']").select_option(value)
    with page.expect_navigation():
        step.locator("button[type=submit]").click()


def recorded(page) -> str:
    return page.locator(".messages").inner_text()


def decide_at_the_meeting(page, base: str, org: str, reference: str, handler,
                          decision: str) -> str:
    """The management meeting's page: the complaint on its agenda, the decision recorded at
    today's meeting. Returns the agenda's text as the manager read it."""
    page.goto(f"{base}/{org}/meetings/")
    item = page.locator("section.agenda-item", has=page.locator(f"a:text('{reference}')"))
    assert item.count() == 1, page.locator("main").inner_text()
    agenda = page.locator("main").inner_text()
    looked_at(page, f"journey-{org}-meeting-agenda")
    item.locator("textarea[name=decision]").fill(decision)
    item.locator("select[name=handler]").select_option(str(handler.pk))
    with page.expect_navigation():
        item.locator("button[type=submit]").click()
    assert f"Vedtaket på {reference} er registrert i ledermøtet" in recorded(page), \
        recorded(page)
    return agenda


def file_on_the_web(page, base: str, org: str, filer: str, subject: str,
                    fields: dict[str, str], path: str = "") -> str:
    """The public form filled in as the person would (opened at ``path``, the form's own
    address by default); the reference on the receipt."""
    page.goto(f"{base}{path or f'/{org}/complaint/new/'}")
    assert page.locator("html").get_attribute("lang") == "nb"
    looked_at(page, f"journey-{org}-form")
    page.locator(f"input[name=filer][value={filer}]").check()
    page.locator(f"input[name=about][value={subject}]").check()
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    if page.locator("#id_consent").count():
        page.check("#id_consent")
    page.click("form.public-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/{org}/complaint/received/[^/]+/$"),
                      timeout=PROOF_SECONDS * 1000)
    status = page.locator("main [role=status]").inner_text()
    found = re.search(rf"\b{org.upper()}-\d{{4}}-\d{{4}}\b", status)
    assert found, status
    looked_at(page, f"journey-{org}-receipt")
    # What the worker does moments after the POST: the receipt's letter, the contact's match.
    from worker import run_worker

    run_worker()
    return found.group(0)


def the_answer_letter(case, name: str):
    """The answer's letter as the complainant receives it: the archived PDF, read as text (and
    kept beside the pictures, to be read as a page: pdftoppm -png -r 60)."""
    from pdf_text import pdf_text

    from ombud.cases.models import DocumentKind

    letter = case.documents.filter(kind=DocumentKind.LETTER).order_by("-id").first()
    assert letter is not None
    with letter.file.open("rb") as stored:
        keep(f"{name}.pdf", stored.read())
    return letter, pdf_text(letter)


@pytest.mark.django_db(transaction=True)
def test_journey_2_gl_06_to_gl_10_ola_files_for_a_participant_and_gets_the_answer(
        public_site, open_page, demo_people, mailoutbox):
    from ombud.cases.models import Case
    from ombud.mail import outbox

    base = public_site
    gl = demo_people["gl"]
    today = timezone.localdate()

    # Ola, at NAV, fills in Gløde's web form for the participant Per Hansen.
    ola = person(open_page, base)
    reference = file_on_the_web(ola, base, "gl", "customer", "rehabilitation", {
        "name": "Ola Nordvik", "on_behalf_of": "Per Hansen",
        "email": "ola.nordvik@nav.example.no", "phone": "75 55 12 34",
        "title": "Oppfølgingen ble ikke levert som bestilt",
        "description": "NAV bestilte ukentlig oppfølging av Per Hansen fra august. Han har "
                       "bare hatt to samtaler med arbeidslederen siden da.",
        "reasons": "Vi ber om at oppfølgingen leveres slik den ble bestilt."})
    case = Case.objects.get(reference=reference)
    assert case.procedure_id == "gl/complaint" and case.language == "nb"

    # GL-06: the complaint is on the agenda of the first coming management meeting; GL-07: the
    # meeting gives it to the work leader.
    manager = person(open_page, base, "gl-manager")
    work_leader = gl["handler"]
    agenda = decide_at_the_meeting(manager, base, "gl", reference, work_leader,
                                   "Arbeidslederen behandler klagen og prøver først å løse den "
                                   "med deltakeren.")
    assert "Til neste møte" in agenda, agenda  # GL-06: the first coming meeting
    case.refresh_from_db()
    assert case.handler == work_leader
    assert case.events.filter(type="taken_up").exists()

    # The work leader tries the lowest level first (GL-08), then calls the GP (GL-09).
    leader = person(open_page, base, "gl-handler")
    leader.goto(f"{base}/gl/cases/{reference}/")
    looked_at(leader, "journey-2-case-appointed")
    send_step(leader, "lowest_level_tried", {
        "with_whom": "Arbeidslederen og Per Hansen",
        "text": "Samtale 2. desember: ny plan for oppfølging hver tirsdag."},
        selects={"outcome": "not_resolved"})
    assert "Registrert" in recorded(leader)
    # PP-05 on a text step: a word about health is caught before it is saved, and removed.
    send_step(leader, "partner_contacted", {
        "partner": "Fastlegen til Per Hansen", "contact_person": "dr. Eva Berg",
        "result": "Fastlegen sier at Per er sykmeldt halve uken."})
    warning = leader.locator("#step-partner_contacted .field-error").inner_text()
    assert "«sykmeldt»" in warning or "\u201csykmeldt\u201d" in warning, warning
    looked_at(leader, "journey-2-special-category-warning")
    send_step(leader, "partner_contacted", {
        "result": "Fastlegen støtter planen om oppfølging hver tirsdag."})
    assert "Registrert" in recorded(leader)
    history = leader.locator("ol.history").inner_text()
    assert "Forsøk på lavest mulig nivå" in history and "ikke løst" in history
    assert "med Arbeidslederen og Per Hansen" in history
    assert "Kontakt med samarbeidspartner" in history
    assert "med Fastlegen til Per Hansen, dr. Eva Berg" in history
    assert "teksten ble endret før lagring" in history  # the warning, kept in the history
    looked_at(leader, "journey-2-case-steps")

    # GL-10: the written answer, by the work leader who handled it, within four weeks.
    send_step(leader, "answered", {
        "reasons": "Oppfølgingen ble ikke levert som bestilt i høst.",
        "letter": "Vi beklager at Per Hansen ikke har fått oppfølgingen NAV bestilte. Fra nå "
                  "har han fast oppfølging med arbeidslederen hver tirsdag."},
        selects={"outcome": "upheld"})
    assert "Registrert" in recorded(leader)
    deadline = leader.locator("tr", has_text="GL-10").inner_text()
    assert "overholdt" in deadline, deadline
    looked_at(leader, "journey-2-case-answered")
    case.refresh_from_db()
    assert case.state == "answered"
    assert case.events.get(type="answered").on <= case.received_on + timedelta(weeks=4)

    # Ola receives the letter and reads it.
    assert outbox.deliver_due()[1] == 0
    to_ola = [mail for mail in mailoutbox if mail.to == ["ola.nordvik@nav.example.no"]]
    assert to_ola, [mail.to for mail in mailoutbox]
    letter, text = the_answer_letter(case, "journey-2-answer-letter")
    assert text.count("Ola Nordvik") >= 1 and "Per Hansen" in text
    assert "på vegne av deltaker Per Hansen," not in text.split("Ola Nordvik")[1][:60]
    assert "Vi beklager at Per Hansen ikke har fått oppfølgingen" in text
    assert work_leader.get_full_name() in text  # signed by the one who handled it (GL-10)
    assert today.strftime("%d.%m.%Y") in text
    assert not RULE_ID.findall(text), RULE_ID.findall(text)
    assert "()" not in text
    for mail in to_ola:
        assert not RULE_ID.findall(mail.subject + mail.body), mail.body
    # Journey 2 goes on in January: Gløde's manager produces the annual report to NAV (GL-12):
    # number, type and handling of the complaints, with a chart, as PDF and spreadsheet; Ola's
    # complaint is counted, received and upheld.
    report = finds_the_case_in_the_annual_report(manager, base, "gl", reference,
                                                 "Klage til Gløde", "journey-2")
    # the only case of the year, in the singular
    assert f"{today.year}: 1 sak mottatt (ingen året før)." in report, report
    assert manager.locator("section[aria-labelledby=s-received] figure.chart svg").count() == 1
    files = the_report_downloaded(manager, "gl")
    assert files["pdf"].startswith(b"%PDF")
    from io import BytesIO

    import openpyxl
    from pypdf import PdfReader

    pdf = "".join(page.extract_text() for page in PdfReader(BytesIO(files["pdf"])).pages)
    assert "Årsrapport om klager" in pdf and "Gløde AS" in pdf
    book = openpyxl.load_workbook(BytesIO(files["xlsx"]))
    outcomes = {row[0]: row[1] for row in book["Saker etter utfall"].iter_rows(
        min_row=3, values_only=True)}
    assert outcomes["medhold"] >= 1 and isinstance(outcomes["medhold"], int), outcomes


@pytest.mark.django_db(transaction=True)
def test_journey_3_av_05_to_av_09_a_buyer_phones_writes_and_gets_the_answer(
        public_site, open_page, demo_people, mailoutbox):
    from ombud.cases.models import Case, Contact
    from ombud.mail import outbox

    base = public_site
    av = demo_people["av"]
    buyer_email = "kjell.kjoper@example.no"

    # The buyer phones; AV handles only written complaints (AV-02): the call is recorded and the
    # form link is sent (AV-05).
    desk = person(open_page, base, "av-intake")
    desk.goto(f"{base}/av/cases/register/")
    looked_at(desk, "journey-3-register")
    desk.select_option("#id_procedure_id", "av/complaint")
    desk.select_option("#id_channel", "oral")
    desk.fill("#id_name", "Kjell Kjøper")
    desk.fill("#id_email", buyer_email)
    desk.fill("#id_phone", "+47 912 34 567")
    desk.fill("#id_title", "Hagebenkene kom tre uker for sent")
    desk.fill("#id_account", "Ringte om to hagebenker bestilt til 1. november, levert "
                             "22. november.")
    with desk.expect_navigation():
        desk.click("main form[novalidate] button[type=submit]")
    refusal = desk.locator(".error[role=alert]").inner_text()
    assert "AV-02" in refusal  # staff pages name the rule
    looked_at(desk, "journey-3-only-written")
    with desk.expect_navigation():
        desk.locator(".error[role=alert] button[type=submit]").click()
    assert "Henvendelsen er registrert, og klageskjemaet er tilbudt." in recorded(desk)
    assert not Case.objects.filter(organization__slug="av").exists()
    desk.goto(f"{base}/av/cases/")
    with desk.expect_navigation():
        desk.locator("header nav a", has_text="Henvendelser").click()
    contacts = desk.locator("table.contacts").inner_text()
    assert "Kjell Kjøper" in contacts and "Hagebenkene kom tre uker for sent" in contacts
    looked_at(desk, "journey-3-contacts")
    desk.set_viewport_size({"width": 390, "height": 844})  # the desk phone's screen
    assert horizontal_overflow(desk) <= 0, "the contacts scroll sideways on a phone"
    labels = desk.evaluate("""[...document.querySelectorAll('table.contacts tbody td')].map(
        td => getComputedStyle(td, '::before').content)""")
    assert labels[:2] == ['"Dato: "', '"Person: "'], labels  # each card names its column
    looked_at(desk, "journey-3-contacts-390")
    desk.set_viewport_size({"width": 1280, "height": 900})

    # The mail with the form link reaches the buyer.
    outbox.deliver_due()
    [mail] = [mail for mail in mailoutbox if mail.to == [buyer_email]]
    assert mail.subject == "Din klage til Astafjord Vekst AS"
    link = re.search(r"https?://\S+?(/av/complaint/new/)", mail.body)
    assert link, mail.body
    assert not RULE_ID.findall(mail.body)

    # The buyer writes, on the form the link opens.
    buyer = person(open_page, base)
    reference = file_on_the_web(buyer, base, "av", "buyer", "sales", {
        "name": "Kjell Kjøper", "email": buyer_email,
        "title": "Forsinket levering av hagebenker",
        "description": "Jeg bestilte to hagebenker til 1. november. De kom 22. november, og "
                       "den ene hadde en sprukket planke.",
        "reasons": "Jeg ønsker avslag i prisen og en ny planke."},
        path=link.group(1))  # the link in the mail (its host is the public site's)
    case = Case.objects.get(reference=reference)
    contact = Contact.objects.get(organization__slug="av")
    assert contact.case == case  # the call, linked to the case by the e-mail address

    # AV-06: the handler tries the lowest level first; the buyer is not satisfied.
    handler = person(open_page, base, "av-handler")
    handler.goto(f"{base}/av/cases/{reference}/")
    page_text = handler.locator("main").inner_text()
    assert "Tidligere henvendelse" in page_text and "Hagebenkene kom tre uker for sent" \
        in page_text
    assert "knyttet via e-postadressen" in handler.locator("ol.history").inner_text()
    looked_at(handler, "journey-3-case-with-contact")
    send_step(handler, "lowest_level_tried", {
        "with_whom": "Verkstedlederen og Kjell Kjøper",
        "text": "Tilbød ny planke; kjøperen vil også ha avslag i prisen."},
        selects={"outcome": "not_resolved"})
    assert "Registrert" in recorded(handler)

    # AV-07: the management meeting decides who handles it.
    manager = person(open_page, base, "av-manager")
    agenda = decide_at_the_meeting(manager, base, "av", reference, av["handler"],
                                   "Saksbehandleren behandler klagen om forsinket levering.")
    day = timezone.localdate().strftime("%d.%m.%Y")
    assert (f"Forsøk på lavest mulig nivå {day} med Verkstedlederen og Kjell Kjøper: ikke løst."
            in agenda), agenda  # the meeting sees why it decides (AV-07)
    case.refresh_from_db()
    assert case.handler == av["handler"]

    # AV-08, AV-09: the handler answers within four weeks, and signs the letter.
    handler.goto(f"{base}/av/cases/{reference}/")
    send_step(handler, "answered", {
        "reasons": "Leveringen var forsinket og en planke var skadet.",
        "letter": "Vi beklager at hagebenkene kom for sent. Du får 20 prosent avslag i "
                  "prisen, og en ny planke sendes i neste uke."},
        selects={"outcome": "upheld"})
    assert "Registrert" in recorded(handler)
    looked_at(handler, "journey-3-case-answered")
    case.refresh_from_db()
    assert case.state == "answered"
    assert case.events.get(type="answered").on <= case.received_on + timedelta(weeks=4)
    letter, text = the_answer_letter(case, "journey-3-answer-letter")
    assert "Kjell Kjøper" in text and "20 prosent avslag" in text
    assert av["handler"].get_full_name() in text  # AV-09: by the person who handled it
    assert av["manager"].get_full_name() not in text
    assert not RULE_ID.findall(text), RULE_ID.findall(text)
    outbox.deliver_due()
    assert any(mail.to == [buyer_email] and "svar" in mail.subject.lower()
               for mail in mailoutbox), [(m.to, m.subject) for m in mailoutbox]
    # Journey 3 ends in the annual report (AV-11): the manager reads it for the board and finds
    # the buyer's complaint counted, received and upheld.
    finds_the_case_in_the_annual_report(manager, base, "av", reference,
                                        "Klage til Astafjord Vekst", "journey-3")


@pytest.mark.django_db(transaction=True)
def test_pp_05_the_registration_screen_warns_and_the_privacy_officer_sees_where(
        public_site, open_page, demo_people):
    """Journey 1's "nothing sensitive about Kari's health was stored", on the staff screen: the
    work leader writes down what Kari said, health and all; the screen warns with the words
    before saving; he takes them out; the privacy officer reads where the warning was shown."""
    from ombud.cases.models import Case

    base = public_site
    desk = person(open_page, base, "pp-intake")
    desk.goto(f"{base}/pp/cases/register/")
    desk.select_option("#id_channel", "oral")
    desk.fill("#id_name", "Kari Nordmann")
    desk.fill("#id_title", "Vaktene endres på kort varsel")
    desk.fill("#id_account", "Kari har depresjon, diagnosen kom i høst, og hun er sykmeldt "
                             "og går til psykolog. Veilederen endrer vaktene hennes samme dag.")
    desk.fill("#id_receiving_instance", "arbeidsleder i kantina")
    with desk.expect_navigation():
        desk.click("main form[novalidate] button[type=submit]")
    warning = desk.locator("#id_account_error").inner_text()
    for word in ("depresjon", "diagnosen", "sykmeldt", "psykolog"):
        assert f"«{word}»" in warning, warning
    assert not Case.objects.exists()  # nothing saved without a word
    looked_at(desk, "pp-05-registration-warning")
    desk.fill("#id_account", "Veilederen endrer vaktene hennes samme dag.")
    with desk.expect_navigation():
        desk.click("main form[novalidate] button[type=submit]")
    assert "registrert" in recorded(desk)
    case = Case.objects.get()
    assert "depresjon" not in str(list(case.events.values_list("data", flat=True)))

    privacy = person(open_page, base, "pp-privacy")
    with privacy.expect_navigation():
        privacy.locator("header nav a", has_text="Personvernadvarsler").click()
    listing = privacy.locator("table.warnings").inner_text()
    assert case.reference in listing and "helse" in listing
    assert "nei: teksten ble endret" in listing and "depresjon" not in listing
    looked_at(privacy, "pp-05-privacy-list")

"""Journey 6 whole, in bokmål, as Norsk Energi's staff live it: a certificate holder's appeal
comes by letter to the course manager (NE-A-03) and intake registers it; the managing
director, responsible (NE-A-04), appoints the handler, who is notified; the certification
council decides within a month (NE-A-05), finally (NE-A-06), and the result goes out in writing
(NE-A-08), read here as its recipient reads it; a corrective action on the exam routine is
tracked to done (NE-A-10) and seen in the overview of corrective actions. A week later the same
person withdraws his newsletter consent with one click, and Mailchimp (a local server speaking
its API) stops sending (NE-N-02, NE-N-04). Axe on every page."""

import pytest
from django.utils import timezone

from tests.browser.conftest import horizontal_overflow, keep, screenshot, sign_in, wcag_violations
from tests.pdf_text import pdf_text

TITLE = "Anke på avslag om sertifisering <b>#fet</b>"
ACCOUNT = ("Jeg anker avslaget på fornyelse av sertifikatet mitt. Praksisen min ble ikke "
           "regnet med.")
DECISION = ("Sertifiseringsrådet har behandlet anken i møte og finner at praksisen skulle "
            "vært regnet med.")
LETTER = "Sertifiseringsrådet har tatt anken din til følge. Sertifikatet ditt fornyes."
ACTION = "Endre eksamensrutinen: praksis dokumentert av arbeidsgiver skal telle."


def _checked(page, name: str) -> None:
    assert wcag_violations(page) == [], name
    screenshot(page, f"journey-6-{name}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_journey_6_ne_a_03_to_ne_a_10_appeal_by_letter_decided_finally_with_a_corrective_action(
        public_site, open_page, demo_people, settings, mailchimp):
    from ombud.cases.models import Case, CorrectiveAction, Document

    ne = demo_people["ne"]
    today = timezone.localdate()

    # NE-A-03: the letter reached the course manager; intake registers it.
    intake = open_page(1280, 900, base=public_site, language="nb", locale="nb-NO")
    sign_in(intake, public_site, "ne-intake")
    intake.goto(f"{public_site}/ne/cases/register/")
    assert intake.locator("html").get_attribute("lang") == "nb"
    intake.select_option("#id_procedure_id", "ne/appeal")
    intake.select_option("#id_channel", "letter")
    intake.fill("#id_received_on", today.isoformat())
    intake.fill("#id_name", "Ola Hansen")
    intake.fill("#id_email", "ola.hansen@example.org")
    intake.fill("#id_title", TITLE)
    intake.fill("#id_account", ACCOUNT)
    if intake.locator("#id_receiving_instance").count():
        intake.fill("#id_receiving_instance", "avd.leder for kurs")
    _checked(intake, "register")
    intake.click("main form button[type=submit]")
    intake.wait_for_load_state()
    case = Case.objects.get(organization__slug="ne")
    assert case.procedure_id == "ne/appeal" and case.title == TITLE
    received = case.events.get(type="received").data
    assert "avd.leder for kurs" in str(received)  # NE-A-03: through the course manager
    assert (case.next_due_rule, case.next_due) == ("NE-A-05", case.next_due)
    assert case.next_due.month != today.month or case.next_due.year != today.year  # a month
    assert TITLE in intake.locator("h1, main").first.inner_text()
    _checked(intake, "registered")

    # NE-A-04: the managing director is responsible and appoints the handler.
    director = open_page(1280, 900, base=public_site, language="nb", locale="nb-NO")
    sign_in(director, public_site, "ne-manager")
    director.goto(f"{public_site}/ne/cases/{case.reference}/?step=assigned")
    director.select_option("#id_assigned-handler_id", str(ne["handler"].pk))
    _checked(director, "appoint")
    director.locator("form", has=director.locator("#id_assigned-handler_id")).locator(
        "button[type=submit]").click()
    director.wait_for_load_state()
    case.refresh_from_db()
    assert case.handler_id == ne["handler"].pk

    # The handler is told in the app: the header counts it, the list names the case.
    handler = open_page(1280, 900, base=public_site, language="nb", locale="nb-NO")
    sign_in(handler, public_site, "ne-handler")
    handler.goto(f"{public_site}/ne/cases/")
    assert "1 ulest" in handler.locator("header").inner_text()
    _checked(handler, "queue")
    handler.click("header a.notifications-link")
    assert "En sak ble tildelt deg" in handler.locator("main").inner_text()
    _checked(handler, "notifications")
    handler.click(f"main a:text('{case.reference}')")
    handler.wait_for_load_state()
    assert "ulest" not in handler.locator("header").inner_text()  # the case opened: read
    _checked(handler, "case")

    # NE-A-05, NE-A-06, NE-A-08: the council's decision, recorded by the handler, in writing.
    handler.goto(f"{public_site}/ne/cases/{case.reference}/?step=answered")
    handler.select_option("#id_answered-outcome", "upheld")
    handler.fill("#id_answered-reasons", DECISION)
    handler.fill("#id_answered-letter", LETTER)
    _checked(handler, "answer")
    handler.locator("form", has=handler.locator("#id_answered-letter")).locator(
        "button[type=submit]").click()
    handler.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "answered"
    deadline = handler.locator("tr", has_text="NE-A-05").inner_text()
    assert "overholdt" in deadline
    _checked(handler, "answered")
    letter = Document.objects.filter(case=case, kind="letter").order_by("id").last()
    text = pdf_text(letter)
    with letter.file.open("rb") as stored:
        keep("journey-6-answer.pdf", stored.read())
    assert "Ola Hansen" in text and LETTER in text
    assert "Utfall: anken er tatt til følge." in text  # an appeal, not a complaint
    assert "Avgjørelsen er endelig." in text  # NE-A-06: final, no further appeal offered
    assert "anke til" not in text.lower().replace("anken til følge", "")
    for code in ("NE-A-0", "upheld"):
        assert code not in text  # no rule IDs or codes to the citizen

    # NE-A-10: a corrective action on the exam routine, owned by the handler, tracked to done.
    due = today + timezone.timedelta(days=30)
    director.goto(f"{public_site}/ne/cases/{case.reference}/?add=action#add-action")
    director.fill("#id_description", ACTION)
    director.select_option("#id_owner", str(ne["handler"].pk))
    director.fill("#id_due_on", due.isoformat())
    _checked(director, "action-add")
    director.click("#add-action button[type=submit]")
    director.wait_for_load_state()
    _checked(director, "action-added")
    action = CorrectiveAction.objects.get(case=case)

    handler.goto(f"{public_site}/ne/actions/?mine=1")
    row = handler.locator("table.actions-overview tbody tr", has_text=ACTION).inner_text()
    assert case.reference in row and ne["handler"].get_full_name() in row
    assert due.strftime("%d.%m.%Y") in row and "åpen" in row
    _checked(handler, "actions-open")
    handler.click(f"table.actions-overview a:text('{case.reference}')")
    handler.wait_for_load_state()
    handler.locator("ul.actions summary", has_text="Merk som utført").click()
    handler.fill(f"#done-{action.pk}", today.isoformat())
    handler.fill(f"#follow-{action.pk}", "Rutinen er endret og sendt til sensorene.")
    handler.locator(f"form:has(#done-{action.pk}) button[type=submit]").click()
    handler.wait_for_load_state()
    _checked(handler, "action-done")
    action.refresh_from_db()
    assert action.done_on == today

    director.goto(f"{public_site}/ne/actions/?status=done")
    row = director.locator("table.actions-overview tbody tr", has_text=ACTION).inner_text()
    assert f"utført {today:%d.%m.%Y}" in row and "Rutinen er endret" in row
    _checked(director, "actions-done")
    director.set_viewport_size({"width": 390, "height": 844})  # the overview on a phone
    assert director.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    _checked(director, "actions-done-390")

    # NE-N-01…04 (issue 14): Ola subscribed to Norsk Energi's newsletter on his phone, and a
    # week after the answer withdraws his consent with one click; Mailchimp stops sending.
    _newsletter_subscribed_then_withdrawn(open_page, public_site, settings, mailchimp)


def _mail_to(address: str):
    from django.core import mail

    return [message for message in mail.outbox if address in message.to][-1]


def _newsletter_subscribed_then_withdrawn(open_page, public_site, settings, mailchimp):
    import re

    from ombud.newsletter.models import Consent, Subscriber
    from tests.mail.mail_world import run_worker

    settings.OMBUD_PUBLIC_URL = public_site  # the links in the mails lead to this site
    address = "ola.hansen@example.org"
    ola = open_page(390, 844, base=public_site, language="nb", locale="nb-NO")
    ola.goto(f"{public_site}/ne/newsletter/")
    # NE-N-03: the privacy statement is linked where consent is asked; NE-N-04: the processor.
    assert ola.locator("a", has_text="Personvernerklæring").get_attribute("href") == \
        "https://www.norskenergi.example/personvern"
    assert "Mailchimp" in ola.locator("main").inner_text()
    ola.fill("#id_name", "Ola Hansen")
    ola.fill("#id_email", address)
    ola.check("#id_consent")
    assert horizontal_overflow(ola) <= 0
    _checked(ola, "newsletter-form-390")
    ola.click("main form button[type=submit]")
    ola.wait_for_load_state()
    assert "Sjekk e-posten din" in ola.locator("h1").inner_text()
    run_worker()  # the outbox sends the double opt-in mail
    confirmation = _mail_to(address)
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [confirm] = re.findall(r"\S+/newsletter/confirm/\S+/", confirmation.body)
    ola.goto(confirm)
    _checked(ola, "newsletter-confirm-390")
    ola.click("main form button[type=submit]")
    ola.wait_for_load_state()
    assert "Du er påmeldt" in ola.locator("h1").inner_text()
    run_worker()  # the welcome mail; the processor learns of the subscription
    assert mailchimp.status_of(address) == "subscribed"
    [consent] = Consent.objects.filter(subscriber__email=address)
    assert consent.text.version == "1" and consent.language == "nb"  # NE-N-01: the text read

    # A week later, the unsubscribe link at the bottom of the mail: one click, at once.
    welcome = _mail_to(address)
    [unsubscribe] = re.findall(r"\S+/newsletter/unsubscribe/\S+/", welcome.body)
    # the link, and a mail to Norsk Energi's address for a client without one-click (RFC 8058)
    assert welcome.extra_headers["List-Unsubscribe"] == (
        f"<{unsubscribe}>, <mailto:kurs@norskenergi.example?subject=unsubscribe>")
    ola.goto(unsubscribe)
    _checked(ola, "newsletter-unsubscribe-390")
    ola.click("main form button[type=submit]")
    ola.wait_for_load_state()
    assert "Du er avmeldt" in ola.locator("h1").inner_text()
    _checked(ola, "newsletter-withdrawn-390")
    assert Subscriber.objects.get(email=address).state == "withdrawn"  # NE-N-02: at once
    assert Consent.objects.filter(subscriber__email=address, action="withdrawn").count() == 1
    run_worker()  # NE-N-04: the withdrawal reaches Mailchimp, which stops sending
    assert mailchimp.status_of(address) == "archived"

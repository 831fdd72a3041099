"""Journey 5 of JOURNEYS.md, walked whole in a real browser: an employer complains to DNV on the
Dutch form that a certificate holder works without a valid certificate (DNV-K-04); DNV's staff,
in their own language (Dutch), acknowledge within five working days (DNV-K-11), add the holder
and notify him, who must respond within four weeks (DNV-K-02, with a copy of the complaint:
DNV-K-13); the examiner who examined the holder is refused as handler (DNV-K-12); both are
invited to be heard (DNV-K-14); the settlement is postponed once by four weeks with notice to
both (DNV-K-18); the reasoned finding goes to both (DNV-K-19). Every page passes axe-core's WCAG
2.1 AA rules; screenshots and letters are kept in OMBUD_SHOTS to be looked at."""

from __future__ import annotations

import re

import pytest

from tests.browser.dnv_walk import (
    PROOF_SECONDS,
    checked_page,
    letter_text,
    reference_and_link,
    staff_page,
    submit,
    take_step,
)

pytestmark = pytest.mark.slow

EMPLOYER = "Bouwbedrijf Van Dam B.V., t.a.v. M. van Dam"
HOLDER_EMAIL = "j.smit@example.org"


@pytest.mark.django_db(transaction=True)
def test_journey_5_dnv_k_04_dnv_k_11_dnv_k_02_dnv_k_12_dnv_k_14_dnv_k_18_dnv_k_19_employer(
        public_site, open_page, demo_people):
    from ombud.cases.models import Case
    from ombud.mail.models import OutboxMessage

    base = public_site
    dnv = demo_people["dnv"]

    # -- the employer's complaint on the Dutch form (DNV-K-01, DNV-K-04, DNV-K-07) -------------
    employer = open_page(base=base, language="nl", locale="nl-NL")
    employer.goto(f"{base}/dnv/complaint/new/")
    employer.check("#id_filer_2")  # werk- of opdrachtgever
    employer.fill("#id_name", EMPLOYER)
    employer.fill("#id_email", "info@vandambouw.example")
    employer.fill("#id_address", "Havenweg 12, 3089 JK Rotterdam")
    employer.check("#id_about_3")  # a holder without a valid certificate
    employer.fill("#id_title", "Werknemer werkt zonder geldig certificaat")
    employer.fill("#id_description", "J. Smit beroept zich op een VCA-certificaat dat in "
                  "oktober is verlopen.")
    employer.fill("#id_reasons", "Wij willen dat DNV dit onderzoekt.")
    employer.check("#id_consent")
    checked_page(employer, "j5-01-complaint-form")
    employer.locator("form.public-form button[type=submit]").click()
    employer.wait_for_url(re.compile(r"/dnv/complaint/received/[^/]+/$"),
                          timeout=PROOF_SECONDS * 1000)
    checked_page(employer, "j5-02-receipt")
    reference, link = reference_and_link(employer)
    case_url = f"{base}/dnv/cases/{reference}/"

    # -- acknowledged within five working days (DNV-K-11); the holder on file -----------------
    intake = staff_page(open_page, base, "dnv-intake")
    assert take_step(intake, case_url, "acknowledged") == 200
    deadlines = intake.locator("table.deadlines").inner_text()
    assert "DNV-K-11" in deadlines and "gehaald" in deadlines, deadlines
    intake.goto(f"{case_url}?add=party#add-party")
    form = intake.locator("#add-party")
    form.locator("[name=role]").select_option("subject")
    form.locator("[name=name]").fill("J. Smit")
    form.locator("[name=email]").fill(HOLDER_EMAIL)
    form.locator("[name=address]").fill("Dorpsstraat 4, 2991 AB Barendrecht")
    assert submit(intake, "#add-party") == 200
    checked_page(intake, "j5-03-holder-on-file")

    # -- the examiner who examined the holder is refused (DNV-K-12) ------------------------------
    manager = staff_page(open_page, base, "dnv-manager")
    assert take_step(manager, case_url, "assigned", {"declaration": "Ik heb J. Smit geëxamineerd."},
                     selects={"handler_id": str(dnv["handler"].pk)}, checks=("involved",)) == 400
    assert "DNV-K-12" in manager.locator("[role=alert]").first.inner_text()
    checked_page(manager, "j5-04-examiner-refused")
    assert take_step(manager, case_url, "assigned",
                     selects={"handler_id": str(dnv["handler2"].pk)}) == 200

    # -- the holder notified, both invited, the postponement to both ---------------------------
    handler = staff_page(open_page, base, "dnv-handler2")
    assert take_step(handler, case_url, "holder_notified") == 200
    deadlines = handler.locator("table.deadlines").inner_text()
    assert "DNV-K-02" in deadlines, deadlines
    assert take_step(handler, case_url, "hearing_invited", {"term_weeks": "2"}) == 200
    assert take_step(handler, case_url, "extended", {
        "weeks": "4", "reason": "Wij wachten op gegevens van de examencommissie."}) == 200
    assert take_step(handler, case_url, "holder_responded") == 200
    checked_page(handler, "j5-05-staff-midway")

    employer.goto(link)
    employer.locator("input[name=wants_hearing][value=yes]").check()
    assert submit(employer, "section[aria-labelledby=hearing-heading] form") == 200
    assert take_step(handler, case_url, "hearing_held", {
        "report": "De werkgever en J. Smit zijn telefonisch gehoord."}) == 200

    # -- the reasoned finding (DNV-K-19) ----------------------------------------------------------
    assert take_step(handler, case_url, "answered", {
        "reasons": "Het certificaat van J. Smit is op 12 oktober verlopen; hij beriep zich er "
                   "daarna nog op. Dat is in strijd met de geldigheidscondities.",
        "letter": "Wij hebben vastgesteld dat uw klacht terecht is."},
        selects={"outcome": "upheld"}) == 200
    checked_page(handler, "j5-06-staff-answered")

    employer.goto(link)
    checked_page(employer, "j5-07-private-page-answered")
    notice = letter_text(employer, "verdaagd", "j5-letter-extension")
    assert "4 weken" in notice and "examencommissie" in notice
    finding = letter_text(employer, "Beslissing", "j5-letter-finding")
    assert "Geachte M. van Dam" in finding and "t.a.v. M. van Dam" in finding
    assert "Uitkomst: gegrond" in finding and "geldigheidscondities" in finding
    assert "Havenweg 12" in finding
    assert not re.search(r"DNV-[A-Z]-\d", finding)

    # Both got each letter: the notice, the invitation, the postponement and the finding.
    case = Case.objects.get(reference=reference)
    to_holder = set(OutboxMessage.objects.filter(case=case, to=HOLDER_EMAIL)
                    .values_list("kind", flat=True))
    assert {"holder_notice", "hearing_invitation_holder", "extension_notice",
            "answer_holder"} <= to_holder, to_holder
    to_employer = set(OutboxMessage.objects.filter(case=case, to="info@vandambouw.example")
                      .values_list("kind", flat=True))
    assert {"holder_notice_sent", "hearing_invitation", "extension_notice", "answer"} \
        <= to_employer, to_employer

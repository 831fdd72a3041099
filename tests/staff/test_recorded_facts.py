"""Recorded facts that staff see (issue 11, defect 8): a phone contact linked to the case the
person files later (AV-05, GL-05, PP-09), who received an oral complaint (PP-03), and the
attempt at the lowest level and the contacts with cooperation partners as steps of the case,
with who, when and outcome, in its hash-chained history (AV-06, GL-08, AV-10, GL-09, PP-13)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ombud.cases import services
from ombud.cases.history import first_broken_link
from ombud.cases.models import Case, CaseEvent, Contact

TODAY = timezone.localdate


def handled_by_handler(case, step, people):
    """GL and PP keep their complaints in the management archive (GL-11, PP-15): the handler
    reads the case once the meeting appointed them; AV's handlers read every case."""
    org = case.organization.slug
    if org in ("gl", "pp"):
        step(case, "taken_up")
        step(case, "assigned", handler_id=people[org]["handler"].pk)
    case.refresh_from_db()
    return case


def post_step(client, case, event_type, **fields):
    data = {f"{event_type}-on": TODAY().isoformat()}
    data.update({f"{event_type}-{name}": value for name, value in fields.items()})
    return client.post(f"/{case.organization.slug}/cases/{case.reference}/steps/{event_type}/",
                       data)


def record_contact(client, org, **fields):
    data = {"procedure_id": f"{org}/complaint", "channel": "oral",
            "received_on": TODAY().isoformat(), "name": "Kjell Kjøper",
            "title": "Forsinket levering av benk", "account": "Ringte om forsinket levering.",
            "record_contact": "1", **fields}
    return client.post(f"/{org}/cases/register/", data)


def test_av_05_a_phone_contact_is_listed_and_linked_to_the_case_the_buyer_files_by_e_mail(
        as_person, register):
    client = as_person("av-intake")
    assert record_contact(client, "av", email="Kjell@Example.org").status_code == 302
    page = client.get("/av/contacts/")
    assert page.status_code == 200 and "Kjell Kjøper" in page.text
    assert "Forsinket levering av benk" in page.text and 'name="reference"' in page.text
    case = register("av/complaint", name="Kjell Kjøper", title="Forsinket benk")
    case.parties.update(email="kjell@example.org")  # the fixture's own address differs
    contact = Contact.objects.get(organization__slug="av")
    assert contact.case is None  # registered before the address matched: staff link it
    case2 = services.case_register(
        organization=case.organization, procedure_id="av/complaint", channel="web",
        received_on=TODAY(), title="Forsinket benk", actor=None,
        complainant=services.PartyDetails("Kjell Kjøper", email="kjell@example.org"))
    contact.refresh_from_db()
    assert contact.case == case2  # matched by e-mail, case-insensitively
    event = CaseEvent.objects.get(case=case2, type="contact_recorded")
    assert event.data["matched_by"] == "email" and event.data["contact_id"] == contact.pk
    assert first_broken_link(case2.events.order_by("seq")) is None
    manager = as_person("av-manager")
    page = manager.get(f"/av/cases/{case2.reference}/")
    assert "Earlier contact" in page.text and "Forsinket levering av benk" in page.text
    assert "linked by the e-mail address" in page.text  # in the history
    listing = manager.get("/av/contacts/")
    assert f'href="/av/cases/{case2.reference}/"' in listing.text


def test_av_05_the_form_link_mail_greets_the_buyer_and_recalls_the_call(as_person):
    """The buyer's only word from Astafjord Vekst until he writes: addressed to him, what he
    called about and when, the form, and that the same address links his complaint to the
    call; signed by the organization."""
    from ombud.mail.models import OutboxMessage

    record_contact(as_person("av-intake"), "av", email="kjell@example.org")
    [message] = OutboxMessage.objects.filter(to="kjell@example.org", kind="form_link")
    assert message.body.startswith("Hei Kjell Kjøper,"), message.body
    assert f"{TODAY().strftime('%d.%m.%Y')} om «Forsinket levering av benk»" in message.body
    assert "/av/complaint/new/" in message.body and "samme e-postadresse" in message.body
    assert message.body.rstrip().endswith("Astafjord Vekst AS"), message.body


@pytest.mark.parametrize("org", ["gl", "pp"])
def test_gl_05_pp_09_a_phone_contact_is_matched_by_the_phone_number(org, as_person, register,
                                                                  organizations):
    client = as_person(f"{org}-intake")
    assert record_contact(client, org, phone="+47 912 34 567").status_code == 302
    case = services.case_register(
        organization=organizations[org], procedure_id=f"{org}/complaint", channel="web",
        received_on=TODAY(), title="Klage", actor=None,
        complainant=services.PartyDetails("Kjell Kjøper", phone="91234567"))
    assert Contact.objects.get(organization__slug=org).case == case
    assert CaseEvent.objects.get(case=case, type="contact_recorded").data["matched_by"] == \
        "phone"


def test_av_05_staff_link_a_contact_by_reference_only_within_their_organization(
        as_person, register):
    client = as_person("av-intake")
    assert record_contact(client, "av").status_code == 302  # no e-mail, no phone: no match
    contact = Contact.objects.get(organization__slug="av")
    theirs = register("gl/complaint")
    ours = register("av/complaint")
    refused = client.post(f"/av/contacts/{contact.pk}/link/", {"reference": theirs.reference})
    assert refused.status_code == 400 and "No case of this organization" in refused.text
    contact.refresh_from_db()
    assert contact.case is None and not theirs.events.filter(type="contact_recorded").exists()
    hostile = client.post(f"/av/contacts/{contact.pk}/link/", {"reference": "<b>x</b>"})
    assert hostile.status_code == 400 and "<b>x</b>" not in hostile.text
    linked = client.post(f"/av/contacts/{contact.pk}/link/",
                         {"reference": ours.reference.lower()})
    assert linked.status_code == 302
    contact.refresh_from_db()
    assert contact.case == ours
    assert ours.events.get(type="contact_recorded").data["matched_by"] == "staff"
    again = client.post(f"/av/contacts/{contact.pk}/link/", {"reference": ours.reference})
    assert again.status_code == 400 and "already linked" in again.text
    # Another organization's staff neither see the contact nor link it.
    assert as_person("gl-intake").post(f"/gl/contacts/{contact.pk}/link/",
                                       {"reference": ours.reference}).status_code == 404
    assert "Kjell" not in as_person("gl-intake").get("/gl/contacts/").text


def test_pp_03_the_receiving_instance_is_shown_on_the_case_page(as_person):
    client = as_person("pp-intake")
    response = client.post("/pp/cases/register/", {
        "procedure_id": "pp/complaint", "channel": "oral", "received_on": TODAY().isoformat(),
        "name": "Kari Nordmann", "title": "Vakter endres", "account": "Skrevet ned.",
        "receiving_instance": "arbeidsleder <i>Nils</i>", "put_in_writing": "on"})
    assert response.status_code == 302
    case = Case.objects.get(organization__slug="pp")  # intake may not read it (PP-15)
    # The work leader is told it went on, and is back at the form for the next one.
    assert response["Location"] == "/pp/cases/register/"
    after = client.get(response["Location"])
    assert f"Sak {case.reference} er registrert og sendt videre" in after.text \
        or f"Case {case.reference} registered and passed on" in after.text
    page = as_person("pp-manager").get(f"/pp/cases/{case.reference}/")
    assert "received by arbeidsleder &lt;i&gt;Nils&lt;/i&gt;" in page.text
    assert "<i>Nils</i>" not in page.text


@pytest.mark.parametrize("org", ["av", "gl", "pp"])
def test_av_06_gl_08_pp_13_the_attempt_at_the_lowest_level_is_a_step_with_who_and_outcome(
        org, as_person, register, step, people):
    case = handled_by_handler(register(f"{org}/complaint"), step, people)
    client = as_person(f"{org}-handler")
    page = client.get(f"/{org}/cases/{case.reference}/?step=lowest_level_tried")
    assert 'name="lowest_level_tried-with_whom"' in page.text
    assert post_step(client, case, "lowest_level_tried", outcome="not_resolved").status_code \
        == 400  # with whom is required
    assert post_step(client, case, "lowest_level_tried", with_whom="arbeidsleder Nils",
                     outcome="not_resolved", text="Møte med deltakeren.").status_code == 302
    event = CaseEvent.objects.get(case=case, type="lowest_level_tried")
    assert event.data["with_whom"] == "arbeidsleder Nils"
    assert event.data["outcome"] == "not_resolved" and event.on == TODAY()
    assert event.actor == people[org]["handler"]
    page = client.get(f"/{org}/cases/{case.reference}/")
    assert "not resolved" in page.text and "with arbeidsleder Nils" in page.text
    # The confirmation names what was recorded, not the button ("Recorded: Record an ...").
    assert "Recorded: attempt at the lowest level." in page.text
    assert "Recorded: Record" not in page.text
    assert first_broken_link(case.events.order_by("seq")) is None
    case.refresh_from_db()
    assert case.state == "open"  # the deadlines stay the engine's: nothing met by the attempt


@pytest.mark.parametrize("org", ["av", "gl", "pp"])
def test_av_10_gl_09_pp_13_a_contact_with_a_cooperation_partner_is_a_step_of_the_case(
        org, as_person, register, step, people):
    case = handled_by_handler(register(f"{org}/complaint"), step, people)
    due_before = case.next_due
    client = as_person(f"{org}-handler")
    assert post_step(client, case, "partner_contacted", partner="fastlegen",
                     contact_person="dr. Berg", result="Enige om ny plan.").status_code == 302
    event = CaseEvent.objects.get(case=case, type="partner_contacted")
    assert event.data == {"partner": "fastlegen", "contact_person": "dr. Berg",
                          "result": "Enige om ny plan."}
    case.refresh_from_db()
    assert case.next_due == due_before  # no deadline from a contact
    page = client.get(f"/{org}/cases/{case.reference}/")
    assert "with fastlegen, dr. Berg" in page.text and "Enige om ny plan." in page.text
    # Intake registers, it does not handle: the permission table refuses it the step (and in
    # GL's and PP's management archive, intake does not even see the case).
    assert post_step(as_person(f"{org}-intake"), case, "partner_contacted", partner="NAV",
                     result="x").status_code == (403 if org == "av" else 404)
    assert CaseEvent.objects.filter(case=case, type="partner_contacted").count() == 1


def test_av_06_the_steps_end_with_the_case(register, step):
    case = register("av/complaint")
    step(case, "answered", outcome="upheld", reasons="Medhold.", letter="Svar.")
    with pytest.raises(services.Refused):
        step(case, "lowest_level_tried", with_whom="x", outcome="resolved")


def test_av_07_the_meeting_sees_how_the_attempt_at_the_lowest_level_ended(as_person, register,
                                                                         step):
    case = register("av/complaint")
    step(case, "lowest_level_tried", with_whom="verkstedlederen <b>Per</b>",
         outcome="not_resolved")
    agenda = as_person("av-manager").get("/av/meetings/").text
    assert "Attempt at the lowest level on" in agenda
    assert "with verkstedlederen &lt;b&gt;Per&lt;/b&gt;: not resolved." in agenda


def test_gl_05_intake_links_no_contact_to_a_case_of_the_management_archive(as_person,
                                                                          register):
    """GL-11: intake does not read GL's complaints, so it cannot find one by its reference
    either (the answer is the same as for a reference that does not exist)."""
    client = as_person("gl-intake")
    assert record_contact(client, "gl").status_code == 302
    contact = Contact.objects.get(organization__slug="gl")
    case = register("gl/complaint")
    response = client.post(f"/gl/contacts/{contact.pk}/link/", {"reference": case.reference})
    assert response.status_code == 400 and "No case of this organization" in response.text
    contact.refresh_from_db()
    assert contact.case is None
    manager = as_person("gl-manager")
    assert manager.post(f"/gl/contacts/{contact.pk}/link/",
                        {"reference": case.reference}).status_code == 302


@pytest.mark.parametrize("org", ["gl", "pp"])
def test_gl_05_pp_09_the_contacts_list_does_not_tell_who_filed_an_archived_complaint(
        org, as_person, organizations):
    """Attack: the phone contact is linked by itself to the complaint the person files later;
    the contacts list then showed everyone who registers (intake, the handler not appointed)
    the person's name, number and what they said beside the reference of a case of the
    management archive, which they may not read (GL-11, PP-15)."""
    assert record_contact(as_person(f"{org}-intake"), org,
                          phone="+47 912 34 567").status_code == 302
    case = services.case_register(
        organization=organizations[org], procedure_id=f"{org}/complaint", channel="web",
        received_on=TODAY(), title="Klage", actor=None,
        complainant=services.PartyDetails("Kjell Kjøper", phone="91234567"))
    assert Contact.objects.get(organization__slug=org).case == case
    for role in ("intake", "handler2"):
        page = as_person(f"{org}-{role}").get(f"/{org}/contacts/")
        assert page.status_code == 200
        for secret in ("Kjell", "912 34 567", "Forsinket levering", case.reference):
            assert secret not in page.text, (role, secret)
    manager = as_person(f"{org}-manager").get(f"/{org}/contacts/")
    assert "Kjell Kjøper" in manager.text and case.reference in manager.text


def test_pp_17_kari_registered_by_staff_gets_her_private_link_to_follow_and_appeal(as_person):
    """Journey 1: Kari's oral complaint is written down by the work leader; her letters speak
    of her private page, where she later appeals (PP-17): its link goes to her at once."""
    from ombud.mail.models import OutboxMessage

    client = as_person("pp-intake")
    response = client.post("/pp/cases/register/", {
        "procedure_id": "pp/complaint", "channel": "oral", "received_on": TODAY().isoformat(),
        "name": "Kari Nordmann", "email": "kari@example.org", "title": "Vakter endres",
        "account": "Skrevet ned.", "receiving_instance": "arbeidsleder", "put_in_writing": "on"})
    assert response.status_code == 302
    case = Case.objects.get(organization__slug="pp")
    [message] = OutboxMessage.objects.filter(case=case, to="kari@example.org")
    assert message.link_id is not None  # the link itself is placed only when it is sent
    assert case.tracking_links.filter(revoked_at__isnull=True).count() == 1
    after = client.get(response["Location"])
    assert ("Klageren har fått en personlig lenke" in after.text
            or "The complainant was sent a private link" in after.text)


def test_pp_03_the_first_link_mail_says_what_was_registered_not_that_the_link_is_new(
        as_person):
    """The mail with the link is Kari's first word from Personalpartner after her oral
    complaint was written down (PP-03): it greets her, names her complaint, its date and its
    reference, and speaks of no "new link" or "earlier links" she never had."""
    from ombud.mail.models import OutboxMessage

    as_person("pp-intake").post("/pp/cases/register/", {
        "procedure_id": "pp/complaint", "channel": "oral", "received_on": TODAY().isoformat(),
        "name": "Kari Nordmann", "email": "kari@example.org", "title": "Vakter endres",
        "account": "Skrevet ned.", "receiving_instance": "arbeidsleder", "put_in_writing": "on"})
    case = Case.objects.get(organization__slug="pp")
    [message] = OutboxMessage.objects.filter(case=case, to="kari@example.org")
    text = message.body + message.body_after_link
    assert text.startswith("Hei Kari Nordmann,"), text
    assert "«Vakter endres»" in text and case.reference in text
    assert TODAY().strftime("%d.%m.%Y") in text
    assert "ny privat lenke" not in text and "Tidligere lenker" not in text, text


def test_pp_17_no_address_no_link_and_nothing_said_of_one(as_person):
    client = as_person("pp-intake")
    response = client.post("/pp/cases/register/", {
        "procedure_id": "pp/complaint", "channel": "oral", "received_on": TODAY().isoformat(),
        "name": "Kari Nordmann", "title": "Vakter endres", "account": "Skrevet ned.",
        "receiving_instance": "arbeidsleder", "put_in_writing": "on"})
    case = Case.objects.get(organization__slug="pp")
    assert not case.tracking_links.exists()
    after = client.get(response["Location"])
    assert "personlig lenke" not in after.text and "private link" not in after.text


def test_ne_a_08_an_appeal_that_came_by_post_is_answered_to_the_address_it_came_from(
        as_person, people):
    """The certificate holder wrote to the course manager (NE-A-03) and gave no e-mail: the
    written result (NE-A-08) goes by post, so the letter carries his postal address."""
    from pdf_text import pdf_text

    from ombud.cases.models import Document, DocumentKind

    response = as_person("ne-intake").post("/ne/cases/register/", {
        "procedure_id": "ne/appeal", "channel": "letter", "received_on": TODAY().isoformat(),
        "name": "Hans Berg", "address": "Storgata 7, 0155 Oslo",
        "title": "Anke på sertifiseringsvedtak", "account": "Jeg anker vedtaket."})
    assert response.status_code == 302, response.content.decode()[-2000:]
    case = Case.objects.get(organization__slug="ne")
    assert case.parties.get().address == "Storgata 7, 0155 Oslo"
    services.case_step(case=case, event_type="acknowledged", on=TODAY(),
                       actor=people["ne"]["manager"])
    letter = Document.objects.filter(case=case, kind=DocumentKind.LETTER).last()
    text = pdf_text(letter)
    assert "Hans Berg" in text and "Storgata 7" in text and "0155 Oslo" in text

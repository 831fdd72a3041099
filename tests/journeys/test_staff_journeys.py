"""The journeys (JOURNEYS.md of the product team) as staff walk them through the pages."""

from datetime import timedelta

from django.utils import timezone
from pdf_text import pdf_text

from ombud.cases.history import first_broken_link
from ombud.cases.models import Case, CaseEvent, Contact, CorrectiveAction, Document, Meeting
from ombud.mail import outbox

TODAY = timezone.localdate


def post_step(client, case, event_type, **fields):
    data = {f"{event_type}-on": TODAY().isoformat()}
    data.update({f"{event_type}-{name}": value for name, value in fields.items()})
    return client.post(f"/{case.organization.slug}/cases/{case.reference}/steps/{event_type}/",
                       data)


def register(client, org, **fields):
    data = {"channel": "oral", "received_on": TODAY().isoformat(), "name": "Kari Nordmann",
            "title": "Endring av vakter på kort varsel", "account": "Skrevet ned av arbeidsleder.",
            "put_in_writing": "on", **fields}
    return client.post(f"/{org}/cases/register/", data)


def test_journey_1_pp_oral_complaint_to_board_decision(as_person, people):
    client = as_person("pp-intake")
    response = register(client, "pp", procedure_id="pp/complaint",
                        receiving_instance="arbeidsleder")
    assert response.status_code == 302
    case = Case.objects.get(organization__slug="pp")
    types = list(case.events.values_list("type", flat=True))
    assert types == ["received", "put_in_writing"]  # PP-03: written down at once
    assert case.next_due == TODAY() + timedelta(weeks=1)  # PP-10, PP-11 from the writing

    client = as_person("pp-manager")
    assert post_step(client, case, "acknowledged").status_code == 302  # PP-11
    meeting = Meeting.objects.filter(organization__slug="pp", held_on__lte=TODAY()).latest(
        "held_on")
    Meeting.objects.filter(pk=meeting.pk).update(held_on=TODAY())  # today's meeting
    handler = people["pp"]["handler"]
    response = client.post(f"/pp/meetings/decide/{case.reference}/",
                           {"decision": "Avdelingsleder behandler klagen.",
                            "handler": handler.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.handler == handler  # PP-12: the meeting decided who handles it
    assert post_step(as_person("pp-handler"), case, "answered", outcome="not_upheld",
                     reasons="Vaktendringene var varslet.", letter="Svar på klagen.").status_code \
        == 302  # PP-14
    assert post_step(client, case, "appealed",
                     grounds="Vaktene endres fortsatt.").status_code == 302  # PP-17: the board
    case.refresh_from_db()
    assert case.state == "appealed"
    assert post_step(as_person("pp-handler"), case, "answered", outcome="not_upheld",
                     reasons="Samme svar.", letter="Svar.").status_code == 400  # PP-17
    client = as_person("pp-manager")
    assert post_step(client, case, "assigned",
                     handler_id=handler.pk).status_code == 400  # PP-17: not the first handler
    assert post_step(client, case, "assigned",
                     handler_id=people["pp"]["handler2"].pk).status_code == 302  # for the board
    client = as_person("pp-handler2")
    assert post_step(client, case, "answered", outcome="upheld", reasons="Styret ga medhold.",
                     letter="Styrets avgjørelse.").status_code == 302
    case.refresh_from_db()
    assert case.state == "answered"
    assert post_step(client, case, "appealed",
                     grounds="Igjen.").status_code == 400  # no appeal beyond the board
    assert first_broken_link(case.events.order_by("seq")) is None


def test_journey_3_av_phone_call_records_a_contact_and_opens_no_case(as_person, mailoutbox):
    client = as_person("av-intake")
    response = register(client, "av", procedure_id="av/complaint", title="Forsinket levering")
    assert response.status_code == 400
    assert b"AV-02" in response.content  # only written complaints are handled
    assert not Case.objects.filter(organization__slug="av").exists()
    response = register(client, "av", procedure_id="av/complaint", title="Forsinket levering",
                        record_contact="1", email="kjoper@example.org")
    assert response.status_code == 302
    assert outbox.deliver_due() == (1, 0)  # the worker sends what the outbox holds
    contact = Contact.objects.get(organization__slug="av")  # AV-05: the call is kept
    assert contact.summary == "Forsinket levering"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["kjoper@example.org"]
    assert "/av/complaint/new/" in mailoutbox[0].body  # the written form, in Norwegian
    assert mailoutbox[0].subject == "Din klage til Astafjord Vekst AS"
    response = register(client, "av", procedure_id="av/complaint", channel="web",
                        title="Forsinket levering")  # then the buyer writes
    assert response.status_code == 302
    assert Case.objects.filter(organization__slug="av").count() == 1


def test_journey_5_dnv_complaint_about_a_holder_with_one_postponement(as_person, people):
    client = as_person("dnv-intake")
    response = register(client, "dnv", procedure_id="dnv/complaint", channel="email",
                        title="Werkt zonder geldig certificaat", about="holder_validity",
                        name="Bouwbedrijf Van Dam B.V., t.a.v. M. van Dam", put_in_writing="")
    assert response.status_code == 302
    case = Case.objects.get(organization__slug="dnv")
    client = as_person("dnv-handler")
    assert post_step(client, case, "acknowledged").status_code == 302  # DNV-K-11
    examiner = people["dnv"]["handler2"]
    refused = post_step(client, case, "assigned", handler_id=examiner.pk, involved="on")
    assert refused.status_code == 400 and b"DNV-K-12" in refused.content
    assert post_step(client, case, "assigned", handler_id=examiner.pk).status_code == 302
    # From here the appointed handler works the case: only they decide and answer (issue 9,
    # finding 8); before, the appointing handler went on to answer it himself.
    client = as_person("dnv-handler2")
    refused = post_step(client, case, "holder_notified")  # DNV-K-02: no holder on the case
    assert refused.status_code == 400 and b"DNV-K-02" in refused.content
    assert b"add the certificate holder to the case" in refused.content
    assert not case.events.filter(type="holder_notified").exists()
    added = client.post(f"/dnv/cases/{case.reference}/parties/", {
        "role": "subject", "name": "Henk Houder", "email": "henk@example.org",
        "address": "Dorpsstraat 3, 2991 AB Barendrecht"})
    assert added.status_code == 302
    assert post_step(client, case, "holder_notified").status_code == 302  # DNV-K-02
    assert post_step(client, case, "hearing_invited", term_weeks=2).status_code == 302
    assert post_step(client, case, "extended", weeks=4,
                     reason="Meer tijd nodig voor het horen.").status_code == 302  # DNV-K-18
    second = post_step(client, case, "extended", weeks=2, reason="Nog meer tijd.")
    assert second.status_code == 400 and b"DNV-K-18" in second.content
    assert post_step(client, case, "hearing_waived").status_code == 302
    assert post_step(client, case, "answered", outcome="upheld", reasons="Gegrond.",
                     letter="Uitspraak.").status_code == 302  # DNV-K-19
    case.refresh_from_db()
    assert case.state == "answered"
    letters = Document.objects.filter(case=case, kind="letter").order_by("id")
    # acknowledgement (DNV-K-11), the holder was notified, hearing invitation, notice of
    # postponement (DNV-K-18), and the reasoned finding (DNV-K-19), each archived as the PDF
    # that was sent
    subjects = [letter.title.removeprefix(f"{case.reference} ") for letter in letters]
    assert [subject.split(" ")[0] for subject in subjects] == [
        "Ontvangstbevestiging:", "Wij", "Uitnodiging", "De", "Beslissing"]
    assert "verdaagd" in subjects[3]
    assert "Uitspraak." in pdf_text(letters.last())  # DNV-K-19: the reasoned finding
    assert "Geachte M. van Dam," in pdf_text(letters.last())
    # The holder's own: the notice with the complaint (DNV-K-13), the invitation to be heard
    # (DNV-K-14), the postponement (DNV-K-18, a notice of its own) and the finding (DNV-K-19).
    to_holder = Document.objects.filter(case=case, kind="holder_letter").order_by("id")
    assert [pdf_text(letter).split("Geachte Henk Houder,")[0].count("Dorpsstraat 3")
            for letter in to_holder] == [1, 1, 1, 1]
    assert "Uitspraak." in pdf_text(to_holder.last())


def test_journey_6_ne_appeal_answered_with_a_corrective_action_tracked_to_done(as_person,
                                                                              people):
    client = as_person("ne-intake")
    response = register(client, "ne", procedure_id="ne/appeal", channel="letter",
                        title="Anke på avslag om sertifisering", put_in_writing="")
    assert response.status_code == 302
    case = Case.objects.get(organization__slug="ne")
    assert case.next_due_rule == "NE-A-05"
    client = as_person("ne-manager")
    assert post_step(client, case, "answered", outcome="partly_upheld",
                     reasons="Sertifiseringsrådet har vurdert anken.",
                     letter="Resultatet av behandlingen.").status_code == 302  # NE-A-08
    assert post_step(client, case, "appealed",
                     grounds="Uenig.").status_code == 400  # NE-A-06: final
    owner = people["ne"]["manager"]
    due = (TODAY() + timedelta(days=30)).isoformat()
    response = client.post(f"/ne/cases/{case.reference}/actions/",
                           {"description": "Endre eksamensrutinen.", "owner": owner.pk,
                            "due_on": due})
    assert response.status_code == 302  # NE-A-10
    action = CorrectiveAction.objects.get(case=case)
    response = client.post(f"/ne/cases/{case.reference}/actions/{action.pk}/done/",
                           {"done_on": TODAY().isoformat(), "follow_up": "Rutinen er endret."})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == TODAY()


def test_journey_7_auditor_reads_the_file_and_its_proof_but_cannot_act(as_person, people):
    client = as_person("dnv-handler")
    register(client, "dnv", procedure_id="dnv/complaint", channel="letter",
             title="Examenlocatie niet toegankelijk", about="exam",
             exam_on=(TODAY() - timedelta(days=3)).isoformat(), put_in_writing="")
    case = Case.objects.get(organization__slug="dnv")
    auditor = as_person("dnv-auditor")
    page = auditor.get(f"/dnv/cases/{case.reference}/")
    assert page.status_code == 200
    assert b"The history is intact" in page.content
    assert b"DNV-K-05" in page.content and b"Why this date?" in page.content
    assert post_step(auditor, case, "acknowledged").status_code == 403
    CaseEvent.objects.filter(case=case, seq=1).update(data={"channel": "oral"})  # tampering
    page = auditor.get(f"/dnv/cases/{case.reference}/")
    assert b"The history was altered" in page.content


def test_journey_2_gl_web_complaint_on_the_first_coming_meeting(as_person, people):
    received = TODAY() - timedelta(days=3)
    Meeting.objects.filter(organization__slug="gl").delete()
    Meeting.objects.create(organization=people["gl"]["admin"].memberships.first().organization,
                           held_on=TODAY())
    client = as_person("gl-intake")
    response = register(client, "gl", procedure_id="gl/complaint", channel="web",
                        received_on=received.isoformat(), name="Ola Nordmann (NAV)",
                        title="Oppfølging ble ikke levert som bestilt", put_in_writing="")
    assert response.status_code == 302
    case = Case.objects.get(organization__slug="gl")
    assert (case.next_due, case.next_due_rule) == (TODAY(), "GL-06")  # the coming meeting
    agenda = as_person("gl-manager").get("/gl/meetings/")
    assert case.reference.encode() in agenda.content
    leader = people["gl"]["handler"]
    response = as_person("gl-manager").post(
        f"/gl/meetings/decide/{case.reference}/",
        {"decision": "Arbeidsleder løser saken på lavest mulig nivå.", "handler": leader.pk})
    assert response.status_code == 302  # GL-07
    case.refresh_from_db()
    assert case.handler == leader
    assert (case.next_due, case.next_due_rule) == (received + timedelta(weeks=4), "GL-10")
    client = as_person("gl-handler")
    response = client.post(f"/gl/cases/{case.reference}/notes/",
                           {"text": "Ringte fastlegen etter samarbeidsrutinen (GL-09)."})
    assert response.status_code == 302
    assert post_step(client, case, "answered", outcome="upheld", reasons="Oppfølgingen er satt i "
                     "gang.", letter="Svar til NAV.").status_code == 302
    case.refresh_from_db()
    assert case.state == "answered"

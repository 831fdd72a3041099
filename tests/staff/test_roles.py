"""Roles are not coarse (issue 9, finding 8): one permission table decides who records which step,
only the appointed handler (or a manager who took the case over) decides and answers (AV-09),
confidential case types are read only by their readers (NE-C-05; GL-11 and PP-15, the
management archive), and every read of a file and every download is logged for the auditor and
the privacy officer. Each reproduction of the finding is a test here."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ombud.cases import permissions, services
from ombud.cases.models import AccessLog, CaseEvent
from ombud.domain.access import DEFAULT_RECORD, ROLES
from ombud.domain.loader import find_procedure


def today():
    return timezone.localdate()


def _post_step(client, case, event_type: str, **fields):
    data = {f"{event_type}-on": today().isoformat(),
            **{f"{event_type}-{name}": value for name, value in fields.items()}}
    return client.post(f"/{case.organization.slug}/cases/{case.reference}/steps/{event_type}/",
                       data)


@pytest.fixture
def ne_complaint(register, step, people):
    """An NE course complaint (confidential, NE-C-05), appointed to ne-handler."""
    case = register("ne/complaint", title="Kurslokalet var kaldt", name="Kari Nordmann")
    step(case, "acknowledged")
    ne = people["ne"]
    step(case, "assigned", by=ne["manager"], handler_id=ne["handler"].pk,
         handler="Handler", involved=False)
    case.refresh_from_db()
    return case


def test_intake_may_not_appoint_a_handler(as_person, people, ne_complaint):
    """Reproduction: intake appointed a handler on NE-2026-0012."""
    client = as_person(people["ne"]["intake"])
    before = CaseEvent.objects.count()
    response = _post_step(client, ne_complaint, "assigned",
                          handler_id=people["ne"]["handler2"].pk)
    assert response.status_code in (403, 404)
    with pytest.raises(services.NotPermitted):
        services.case_step(case=ne_complaint, event_type="assigned", on=today(),
                           actor=people["ne"]["intake"],
                           data={"handler_id": people["ne"]["handler2"].pk, "handler": "x"})
    assert CaseEvent.objects.count() == before


def test_intake_may_not_close_a_case_as_withdrawn(as_person, people, register):
    """Reproduction: intake closed NE-2026-0012 as withdrawn. Asked of an open (AV) case too,
    which intake can read, so that the refusal is the table's, not confidentiality's."""
    for procedure_id in ("ne/complaint", "av/complaint"):
        case = register(procedure_id)
        intake = people[case.organization.slug]["intake"]
        response = _post_step(as_person(intake), case, "withdrawn")
        assert response.status_code in (403, 404), procedure_id
        with pytest.raises(services.NotPermitted):
            services.case_step(case=case, event_type="withdrawn", on=today(), actor=intake)
        case.refresh_from_db()
        assert case.state == "open"
    av_case = register("av/complaint")
    response = _post_step(as_person(people["av"]["intake"]), av_case, "withdrawn")
    assert response.status_code == 403  # readable, so a plain refusal with its reason


def test_a_second_handler_may_not_answer_a_case_appointed_to_another(as_person, people,
                                                                    register, step):
    """Reproduction: handler2 answered a case assigned to another handler (AV-09)."""
    av = people["av"]
    case = register("av/complaint")
    step(case, "taken_up", by=av["manager"], decision="Avdelingsleder")
    step(case, "assigned", by=av["manager"], handler_id=av["handler"].pk, handler="H",
         involved=False)
    response = _post_step(as_person(av["handler2"]), case, "answered", outcome="upheld",
                          reasons="r", letter="l")
    assert response.status_code == 403
    with pytest.raises(services.NotPermitted):
        services.case_step(case=case, event_type="answered", on=today(), actor=av["handler2"],
                           data={"outcome": "upheld", "reasons": "r", "letter": "l"})
    # Nor may they appoint themselves to it and then answer.
    with pytest.raises(services.NotPermitted):
        services.case_step(case=case, event_type="assigned", on=today(), actor=av["handler2"],
                           data={"handler_id": av["handler2"].pk, "handler": "H2"})
    case.refresh_from_db()
    assert case.state == "open" and case.handler_id == av["handler"].pk
    # The appointed handler does answer.
    response = _post_step(as_person(av["handler"]), case, "answered", outcome="upheld",
                          reasons="r", letter="l")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "answered"


def test_a_manager_takes_the_case_over_recorded_and_then_answers(as_person, people,
                                                                ne_complaint):
    ne = people["ne"]
    client = as_person(ne["manager"])
    page = client.get(f"/ne/cases/{ne_complaint.reference}/").content.decode()
    assert "Take over" in page
    assert _post_step(client, ne_complaint, "answered", outcome="upheld", reasons="r",
                      letter="l").status_code == 403  # not before taking it over
    response = client.post(f"/ne/cases/{ne_complaint.reference}/take-over/")
    assert response.status_code == 302
    event = ne_complaint.events.get(type="taken_over")
    assert event.actor_id == ne["manager"].pk
    assert event.data["from_handler_id"] == ne["handler"].pk
    ne_complaint.refresh_from_db()
    assert ne_complaint.handler_id == ne["manager"].pk
    assert _post_step(client, ne_complaint, "answered", outcome="upheld", reasons="r",
                      letter="l").status_code == 302
    ne_complaint.refresh_from_db()
    assert ne_complaint.state == "answered"


def test_only_a_manager_may_take_a_case_over(as_person, people, ne_complaint):
    for role in ("handler2", "intake", "admin", "auditor"):
        response = as_person(people["ne"][role]).post(
            f"/ne/cases/{ne_complaint.reference}/take-over/")
        assert response.status_code in (403, 404), role
    assert not ne_complaint.events.filter(type="taken_over").exists()


def test_the_table_gives_intake_registration_and_no_decision_and_readers_no_steps():
    assert "intake" in DEFAULT_RECORD["received"]
    for action in ("assigned", "answered", "declined", "withdrawn", "taken_over", "extended"):
        assert "intake" not in DEFAULT_RECORD[action], action
    for role in ("auditor", "privacy", "admin"):
        assert not any(role in roles for roles in DEFAULT_RECORD.values()), role


@pytest.mark.parametrize("procedure_id", ["av/complaint", "gl/complaint", "pp/complaint"])
def test_where_the_management_meeting_appoints_only_managers_appoint(procedure_id):
    """AV-07, GL-07, PP-12: the procedure's own row of the table overrides the default."""
    access = find_procedure(procedure_id).access
    assert access.roles_for("assigned") == frozenset({"manager"})


# -- NE-C-05, GL-11, PP-15: who reads -------------------------------------------------------

@pytest.mark.parametrize(("role", "reads"), [
    ("handler", True), ("manager", True), ("auditor", True), ("privacy", True),
    ("handler2", False), ("intake", False), ("admin", False)])
def test_an_ne_complaint_is_read_only_by_its_handler_managers_and_the_audit_roles(
        as_person, people, ne_complaint, role, reads):
    """NE-C-05: access restricted to the handler and the bodies involved."""
    services.document_attach(case=ne_complaint, title="Vedlegg", actor=people["ne"]["handler"],
                             upload=SimpleUploadedFile("v.txt", b"hemmelig", "text/plain"))
    document = ne_complaint.documents.get(kind="attachment")
    client = as_person(people["ne"][role])
    base = f"/ne/cases/{ne_complaint.reference}/"
    expected = 200 if reads else 404
    assert client.get(base).status_code == expected
    assert client.get(f"{base}documents/{document.pk}/").status_code == expected
    listed = ne_complaint.reference.encode() in client.get("/ne/cases/").content
    found = ne_complaint.reference.encode() + b"/" in client.get(
        "/ne/cases/", {"q": "Kari"}).content
    assert (listed, found) == (reads, reads)


def test_a_member_of_the_body_the_case_was_assigned_on_behalf_of_reads_it(
        as_person, people, register, step, organizations):
    """NE-C-05: "the bodies involved"."""
    ne = people["ne"]
    council = organizations["ne"].bodies.get(kind="certification_council")
    council.members.add(ne["intake"])
    case = register("ne/complaint")
    client = as_person(ne["intake"])
    assert client.get(f"/ne/cases/{case.reference}/").status_code == 404
    step(case, "assigned", by=ne["manager"], handler_id=ne["handler"].pk, handler="H",
         involved=False, body=council.name)
    assert client.get(f"/ne/cases/{case.reference}/").status_code == 200


@pytest.mark.parametrize("slug", ["gl", "pp"])
def test_the_management_archive_is_closed_to_other_handlers_and_intake(as_person, people,
                                                                      register, step, slug):
    """GL-11, PP-15: complaints are kept in the management archive."""
    case = register(f"{slug}/complaint")
    staff = people[slug]
    step(case, "assigned", by=staff["manager"], handler_id=staff["handler"].pk, handler="H",
         involved=False)
    for role, expected in [("handler", 200), ("manager", 200), ("auditor", 200),
                           ("handler2", 404), ("intake", 404)]:
        response = as_person(staff[role]).get(f"/{slug}/cases/{case.reference}/")
        assert response.status_code == expected, role


def test_intake_registering_a_confidential_complaint_is_told_it_went_on_and_gets_the_form(
        as_person, people):
    """Intake may not read what it registered here (NE-C-05): an empty queue saying "no cases
    match" read as if the complaint were lost; the form comes back, with a word on where it
    went."""
    client = as_person(people["ne"]["intake"])
    response = client.post("/ne/cases/register/", {
        "procedure_id": "ne/complaint", "channel": "letter",
        "received_on": today().isoformat(), "name": "Ola", "title": "Kaldt kurslokale",
        "account": "Det var kaldt."})
    assert response.status_code == 302 and response["Location"] == "/ne/cases/register/"
    assert "registered and passed on to those who handle it" in client.get(
        response["Location"]).content.decode()


def test_open_case_types_stay_readable_by_every_member(as_person, people, register):
    case = register("dnv/objection")
    for role in ("handler", "handler2", "intake", "admin", "auditor"):
        response = as_person(people["dnv"][role]).get(f"/dnv/cases/{case.reference}/")
        assert response.status_code == 200, role


# -- the access log ----------------------------------------------------------------------------

def test_every_read_and_download_is_logged_and_shown_to_the_auditor_and_privacy_officer(
        as_person, people, ne_complaint, django_assert_num_queries):
    ne = people["ne"]
    services.document_attach(case=ne_complaint, title="Vedlegg", actor=ne["handler"],
                             upload=SimpleUploadedFile("v.txt", b"x", "text/plain"))
    document = ne_complaint.documents.get(kind="attachment")
    client = as_person(ne["handler"])
    page = client.get(f"/ne/cases/{ne_complaint.reference}/")
    assert 'id="access-h"' not in page.content.decode()  # the handler does not see the log
    client.get(f"/ne/cases/{ne_complaint.reference}/documents/{document.pk}/")
    entries = list(AccessLog.objects.filter(case=ne_complaint).order_by("id"))
    assert [(entry.kind, entry.person_id, entry.what) for entry in entries] == [
        ("case", ne["handler"].pk, ""), ("download", ne["handler"].pk, "Vedlegg")]
    for role in ("auditor", "privacy"):
        page = as_person(ne[role]).get(f"/ne/cases/{ne_complaint.reference}/").content.decode()
        assert 'id="access-h"' in page
        assert ne["handler"].username in page and "Vedlegg" in page


def test_logging_a_read_is_one_insert(people, ne_complaint, django_assert_num_queries):
    from ombud.cases.access_log import access_record

    with django_assert_num_queries(1) as captured:
        access_record(case=ne_complaint, person=people["ne"]["handler"])
    assert captured.captured_queries[0]["sql"].upper().startswith("INSERT")


def test_a_refused_person_is_refused_by_the_service_whoever_calls(people, register):
    """The services ask the same table: a command or a script gets no further than a page."""
    case = register("dnv/objection")
    for role in ("auditor", "privacy", "admin"):
        person = people["dnv"][role]
        with pytest.raises(services.NotPermitted):
            services.case_note(case=case, text="x", actor=person)
        with pytest.raises(services.NotPermitted):
            services.party_add(case=case, role="interested", actor=person,
                               details=services.PartyDetails("x"))
    assert permissions.refusal(person=people["dnv"]["intake"], case=case,
                               action="note") is None
    assert set(ROLES) == {"admin", "manager", "handler", "intake", "privacy", "auditor"}


# -- who reaches a staff page ------------------------------------------------------------------

def test_every_staff_page_finds_its_organization_and_roles_in_one_statement_written_once(
        people, django_assert_num_queries, monkeypatch):
    """``organization_and_roles``, which every staff page asks first, reads what the ORM reads
    (the organization, field by field and of the same types; each role the person holds in
    it; 404 for a member of another organization or of none) in one statement the ORM does not
    compose on every page."""
    from django.contrib.auth import get_user_model
    from django.db.models.sql.compiler import SQLCompiler
    from django.http import Http404

    from ombud.orgs.models import Membership, Organization, Role
    from ombud.orgs.selectors import organization_and_roles

    Organization.objects.filter(slug="gl").update(two_factor_for_everyone=True)
    Membership.objects.create(user=people["ne"]["handler"], role=Role.INTAKE,
                              organization=Organization.objects.get(slug="ne"))
    users = get_user_model()
    everyone = [*users.objects.filter(memberships__isnull=False).distinct(),
                users.objects.create_user("charlie", password="charlie-password-1")]
    fields = [field.attname for field in Organization._meta.concrete_fields]

    def read(organization):
        return [(name, getattr(organization, name), type(getattr(organization, name)))
                for name in fields]

    def composed(*args, **kwargs):
        raise AssertionError("the ORM composed a query")

    for slug in ("av", "dnv", "gl", "ne", "pp"):
        for person in everyone:
            held = list(Membership.objects.filter(user=person, organization__slug=slug)
                        .select_related("organization"))
            with monkeypatch.context() as patched, django_assert_num_queries(1):
                patched.setattr(SQLCompiler, "as_sql", composed)
                try:
                    organization, roles = organization_and_roles(person, slug)
                except Http404:
                    organization, roles = None, None
            if not held:
                assert organization is None, (person.username, slug)
                continue
            assert read(organization) == read(held[0].organization), (person.username, slug)
            assert not hasattr(organization, "member_role")
            assert roles == {member.role for member in held}, (person.username, slug)
    assert organization_and_roles(people["ne"]["handler"], "ne")[1] == {"handler", "intake"}

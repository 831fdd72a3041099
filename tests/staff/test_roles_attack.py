"""Attacks on the roles of issue 9, finding 8, after it was fixed: each test is a way in that a
reviewer found, reproduced through the pages a person would use."""

from __future__ import annotations

import pytest

from ombud.orgs.models import EnabledProcedure


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


def test_f8_a_case_type_no_longer_enabled_stays_confidential(as_person, people, ne_complaint):
    """The organization stops taking NE complaints (its administrator removes the enabled
    procedure in /admin/): the cases already in the file keep their readers (NE-C-05). Before,
    every member then read them, the administrator first of all."""
    EnabledProcedure.objects.filter(organization=ne_complaint.organization,
                                    procedure_id="ne/complaint").delete()
    for role in ("admin", "intake", "handler2"):
        client = as_person(people["ne"][role])
        page = client.get(f"/ne/cases/{ne_complaint.reference}/")
        assert page.status_code == 404, role
        queue = client.get("/ne/cases/", {"q": ne_complaint.reference})
        assert ne_complaint.title not in queue.content.decode(), role
    reader = as_person(people["ne"]["handler"])
    assert reader.get(f"/ne/cases/{ne_complaint.reference}/").status_code == 200


def test_f8_an_administrator_cannot_give_themselves_a_role_that_reads_confidential_cases(
        as_person, people, ne_complaint):
    """The administrator keeps the organization but reads no NE complaint (NE-C-05); through
    /admin/ they made themselves manager of their own organization, then read the file."""
    admin = people["ne"]["admin"]
    client = as_person(admin)
    response = client.post("/admin/orgs/membership/add/", {
        "user": admin.pk, "organization": ne_complaint.organization_id, "role": "manager"})
    assert response.status_code == 200  # the form again, with the reason
    assert client.get(f"/ne/cases/{ne_complaint.reference}/").status_code == 404
    own = admin.memberships.get(organization=ne_complaint.organization)
    response = client.post(f"/admin/orgs/membership/{own.pk}/change/", {
        "user": admin.pk, "organization": ne_complaint.organization_id, "role": "manager"})
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.role == "admin"


def test_f8_an_administrator_cannot_put_themselves_in_a_body_that_reads_its_cases(
        as_person, people, ne_complaint):
    """NE complaints are read by the members of the bodies involved (NE-C-05)."""
    from ombud.orgs.models import Body

    admin = people["ne"]["admin"]
    body = Body.objects.filter(organization=ne_complaint.organization).first() or \
        Body.objects.create(organization=ne_complaint.organization, name="Klagenemnd",
                            kind="board")
    client = as_person(admin)
    response = client.post(f"/admin/orgs/body/{body.pk}/change/", {
        "name": body.name, "kind": body.kind, "organization": body.organization_id,
        "members": [admin.pk]})
    assert response.status_code == 200
    assert not body.members.filter(pk=admin.pk).exists()


def test_another_administrator_still_appoints_roles(as_person, people):
    """What the refusal leaves: an administrator sets up the roles of the others."""
    admin = people["ne"]["admin"]
    client = as_person(admin)
    response = client.post("/admin/orgs/membership/add/", {
        "user": people["ne"]["handler2"].pk, "organization": admin.memberships.first()
        .organization_id, "role": "manager"})
    assert response.status_code == 302

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

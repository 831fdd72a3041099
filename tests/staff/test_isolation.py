"""One organization never sees another's data (DESIGN.md, non-negotiables): the queue's search
and filters, and the staff a case can be handed to. Every staff URL, tried by every role and
every other organization, is the generated matrix in tests/isolation/test_url_matrix.py."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from ombud.cases.models import Case, CaseEvent, Contact, Document, Party

CASE_TYPES = {"ne": "ne/complaint", "av": "av/complaint", "gl": "gl/complaint",
              "pp": "pp/complaint", "dnv": "dnv/objection"}
SLUGS = sorted(CASE_TYPES)

def _today() -> str:
    return timezone.localdate().isoformat()


def _footprint() -> tuple[int, ...]:
    """Everything a staff request could have written."""
    return (Case.objects.count(), CaseEvent.objects.count(), Document.objects.count(),
            Party.objects.count(), Contact.objects.count())


@pytest.fixture
def cases(register, step):
    """One acknowledged case in each organization: a file with a history to protect."""
    found = {}
    for slug, procedure_id in CASE_TYPES.items():
        case = register(procedure_id, title=f"Secret of {slug}", name=f"Kari Secret-{slug}")
        step(case, "acknowledged")
        found[slug] = case
    return found


def test_bob_of_personalpartner_never_sees_alices_dnv_case_but_sees_his_own(
        client, alice, bob, cases, step, people):
    # PP complaints are kept in the management archive (PP-15): Bob reads the ones he handles.
    step(cases["pp"], "assigned", handler_id=bob.pk, handler="Bob", involved=False)
    client.force_login(bob)
    dnv_case, pp_case = cases["dnv"], cases["pp"]
    assert client.get(f"/dnv/cases/{dnv_case.reference}/").status_code == 404
    assert client.get(f"/pp/cases/{dnv_case.reference}/").status_code == 404
    assert client.get(f"/pp/cases/{pp_case.reference}/").status_code == 200
    client.force_login(alice)
    assert client.get(f"/pp/cases/{pp_case.reference}/").status_code == 404
    assert client.get(f"/dnv/cases/{dnv_case.reference}/").status_code == 200


def _listed(page, slug: str) -> list[str]:
    """The references the queue lists as rows (the search box may echo the term)."""
    return re.findall(rf'<th scope="row"><a href="/{slug}/cases/([^/"]+)/">',
                      page.content.decode())


@pytest.mark.parametrize(("owner", "member_of"),
                         [(a, b) for a in SLUGS for b in SLUGS if a != b])
def test_one_organization_never_finds_anothers_cases_in_its_queue(
        client, people, register, cases, owner, member_of):
    # Both organizations have a complainant whose name starts the same way.
    own = register(CASE_TYPES[member_of], name=f"Kari Own-{member_of}")
    foreign = cases[owner]
    client.force_login(people[member_of]["manager"])  # reads every case of their own
    queue = f"/{member_of}/cases/"

    assert foreign.reference not in _listed(client.get(queue), member_of)
    assert _listed(client.get(queue, {"q": foreign.reference}), member_of) == []
    assert _listed(client.get(queue, {"q": foreign.reference.lower()}), member_of) == []
    assert _listed(client.get(queue, {"q": foreign.complainant_name}), member_of) == []
    by_prefix = _listed(client.get(queue, {"q": "Kari"}), member_of)
    assert foreign.reference not in by_prefix and own.reference in by_prefix
    assert _listed(client.get(queue, {"type": CASE_TYPES[owner]}), member_of) == []
    assert _listed(client.get(queue, {"handler": people[owner]["handler"].pk}), member_of) == []
    assert b"Secret of " + owner.encode() not in client.get(queue, {"q": "Kari"}).content


def test_one_organization_never_lists_or_appoints_anothers_staff(client, alice, bob, cases):
    dnv_case = cases["dnv"]
    client.force_login(alice)
    queue = client.get("/dnv/cases/").content.decode()
    assert f'<option value="{alice.pk}"' in queue  # the control: own staff are offered
    assert f'<option value="{bob.pk}"' not in queue
    form = client.get(f"/dnv/cases/{dnv_case.reference}/", {"step": "assigned"}).content.decode()
    assert f'<option value="{alice.pk}"' in form and f'<option value="{bob.pk}"' not in form

    before = _footprint()
    response = client.post(f"/dnv/cases/{dnv_case.reference}/steps/assigned/",
                           {"assigned-on": _today(), "assigned-handler_id": str(bob.pk)})
    assert response.status_code == 400
    assert 'id="id_assigned-handler_id_error"' in response.content.decode()
    assert _footprint() == before

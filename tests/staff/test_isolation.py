"""One organization never sees another's data (DESIGN.md, non-negotiables): a matrix of every
staff URL about a case or a queue, tried by a member of each other organization and by a person
who belongs to none. Each answers 404, as if the thing did not exist, and changes nothing."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from ombud.cases.forms import STEP_LABELS
from ombud.cases.models import Case, CaseEvent, Contact, Document, Party

CASE_TYPES = {"ne": "ne/complaint", "av": "av/complaint", "gl": "gl/complaint",
              "pp": "pp/complaint", "dnv": "dnv/objection"}
SLUGS = sorted(CASE_TYPES)

# Every staff URL the matrix tries: (name, method, URL template). {org} is the organization in
# the URL, {ref} the case reference.
URLS = [
    ("queue", "get", "/{org}/cases/"),
    ("register-page", "get", "/{org}/cases/register/"),
    ("register", "post", "/{org}/cases/register/"),
    ("case-page", "get", "/{org}/cases/{ref}/"),
    *[(f"step-{event_type}", "post", f"/{{org}}/cases/{{ref}}/steps/{event_type}/")
      for event_type in STEP_LABELS],
]
URL_IDS = [name for name, _, _ in URLS]


def _today() -> str:
    return timezone.localdate().isoformat()


def _payload(name: str, owner: str) -> dict[str, str]:
    """Input that the owner's own staff could submit successfully: were the URL not scoped, the
    visitor's request would change the case, not merely fail on a form error."""
    if name == "register":
        return {"procedure_id": CASE_TYPES[owner], "channel": "letter", "received_on": _today(),
                "name": "Intruder", "title": "Planted case", "account": "Planted.",
                "decision_on": _today()}
    if name.startswith("step-"):
        event_type = name.removeprefix("step-")
        fields = {"on": _today(), "term_weeks": "2", "weeks": "1", "reason": "r",
                  "outcome": "upheld", "reasons": "r", "letter": "l", "report": "r",
                  "decision": "d", "ground": "late", "hearing_skipped": "manifestly_unfounded"}
        return {f"{event_type}-{field}": value for field, value in fields.items()}
    return {}


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


def _request(client, name: str, method: str, template: str, *, org: str, case: Case,
             owner: str):
    url = template.format(org=org, ref=case.reference)
    return url, getattr(client, method)(url, _payload(name, owner))


@pytest.mark.parametrize("owner", SLUGS)
@pytest.mark.parametrize(("name", "method", "template"), URLS, ids=URL_IDS)
def test_one_organization_never_sees_anothers_data_at_any_staff_url(
        client, people, charlie, cases, owner, name, method, template):
    visitors = [people[other]["admin"] for other in SLUGS if other != owner] + [charlie]
    before = _footprint()
    wrong = []
    for visitor in visitors:
        client.force_login(visitor)
        url, response = _request(client, name, method, template, org=owner,
                                 case=cases[owner], owner=owner)
        if response.status_code != 404:
            wrong.append(f"{visitor.username} {method.upper()} {url} -> {response.status_code}")
    assert wrong == []
    assert _footprint() == before


@pytest.mark.parametrize(("name", "method", "template"), URLS, ids=URL_IDS)
def test_the_matrix_tries_urls_that_exist_for_the_organizations_own_members(
        client, people, cases, name, method, template):
    """The control: without it the matrix above would also pass on URLs that never exist."""
    for owner in SLUGS:
        client.force_login(people[owner]["admin"])
        url, response = _request(client, name, method, template, org=owner, case=cases[owner],
                                 owner=owner)
        assert response.status_code in (200, 302, 400), (url, response.status_code)


@pytest.mark.parametrize(("owner", "member_of"),
                         [(a, b) for a in SLUGS for b in SLUGS if a != b])
def test_one_organization_never_sees_anothers_case_under_its_own_url(
        client, people, cases, owner, member_of):
    client.force_login(people[member_of]["admin"])
    foreign = cases[owner]
    before = _footprint()
    assert client.get(f"/{member_of}/cases/{foreign.reference}/").status_code == 404
    for event_type in STEP_LABELS:
        response = client.post(f"/{member_of}/cases/{foreign.reference}/steps/{event_type}/",
                               _payload(f"step-{event_type}", owner))
        assert response.status_code == 404, event_type
    assert _footprint() == before


def test_bob_of_personalpartner_never_sees_alices_dnv_case_but_sees_his_own(
        client, alice, bob, cases):
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
    client.force_login(people[member_of]["handler"])
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


@pytest.mark.parametrize(("name", "method", "template"), URLS, ids=URL_IDS)
def test_anonymous_visitors_are_sent_to_sign_in_at_every_staff_url(client, cases, name, method,
                                                                    template):
    before = _footprint()
    url, response = _request(client, name, method, template, org="dnv", case=cases["dnv"],
                             owner="dnv")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert _footprint() == before


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

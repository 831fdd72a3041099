"""One organization never sees another's data: every staff URL, tried by a member of another
organization, answers 404, whatever the case reference, search or download."""

import pytest
from django.utils import timezone

from ombud.cases import services
from ombud.cases.forms import STEP_LABELS
from ombud.cases.models import Case, CaseEvent

OTHER = {"dnv": "pp", "pp": "dnv", "ne": "av", "av": "gl", "gl": "ne"}


@pytest.fixture
def world(db):
    """The five organizations, and one case with a document in each."""
    from ombud.demo.seed import seed_meetings, seed_organizations

    people = seed_organizations()
    seed_meetings()
    cases = {}
    procedures = {"dnv": "dnv/complaint", "pp": "pp/complaint", "ne": "ne/complaint",
                  "av": "av/complaint", "gl": "gl/complaint"}
    for slug, procedure_id in procedures.items():
        organization = people[slug]["admin"].memberships.first().organization
        case = services.case_register(
            organization=organization, procedure_id=procedure_id, channel="letter",
            received_on=timezone.localdate(), title=f"Secret of {slug}",
            complainant=services.PartyDetails(f"Person of {slug}"), actor=people[slug]["intake"])
        services.case_step(case=case, event_type="acknowledged", on=timezone.localdate(),
                           actor=people[slug]["handler"])
        cases[slug] = case
    return people, cases


def staff_urls(slug: str, case: Case) -> list[tuple[str, str]]:
    """(method, url) of every staff page about organization ``slug`` and its case."""
    base = f"/{slug}/cases/{case.reference}"
    document = case.documents.first()
    urls = [("get", f"/{slug}/cases/"), ("get", f"/{slug}/cases/register/"),
            ("post", f"/{slug}/cases/register/"), ("get", f"{base}/"),
            ("get", f"/{slug}/meetings/"), ("post", f"/{slug}/meetings/decide/{case.reference}/"),
            ("post", f"{base}/notes/"), ("post", f"{base}/parties/"),
            ("post", f"{base}/actions/"), ("post", f"{base}/actions/1/done/"),
            ("post", f"{base}/documents/"), ("get", f"{base}/documents/1/")]
    if document:
        urls.append(("get", f"{base}/documents/{document.pk}/"))
    urls += [("post", f"{base}/steps/{event_type}/") for event_type in STEP_LABELS]
    return urls


@pytest.mark.parametrize("slug", sorted(OTHER))
def test_every_staff_url_of_one_organization_is_404_for_a_member_of_another(client, world,
                                                                            slug):
    people, cases = world
    outsider = people[OTHER[slug]]["admin"]
    client.force_login(outsider)
    before = CaseEvent.objects.count()
    for method, url in staff_urls(slug, cases[slug]):
        response = getattr(client, method)(url, {})
        assert response.status_code == 404, (method, url, response.status_code)
    assert CaseEvent.objects.count() == before  # and nothing changed


@pytest.mark.parametrize("slug", sorted(OTHER))
def test_a_case_reference_of_another_organization_is_not_found_under_ones_own(client, world,
                                                                              slug):
    people, cases = world
    own = OTHER[slug]
    client.force_login(people[own]["handler"])
    foreign = cases[slug]
    assert client.get(f"/{own}/cases/{foreign.reference}/").status_code == 404
    row_link = f'{foreign.reference}/"'.encode()  # the search box echoes the term; rows link
    page = client.get(f"/{own}/cases/", {"q": foreign.reference})
    assert row_link not in page.content
    page = client.get(f"/{own}/cases/", {"q": f"Person of {slug}"})
    assert row_link not in page.content
    assert page.content.count(f"Person of {slug}".encode()) == 1  # only in the search box


def test_anonymous_people_are_sent_to_sign_in(client, world):
    _, cases = world
    for method, url in staff_urls("dnv", cases["dnv"])[:4]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_administrator_sees_only_their_own_organization_in_the_admin(client, world):
    people, _ = world
    client.force_login(people["dnv"]["admin"])
    listing = client.get("/admin/orgs/organization/")
    assert listing.status_code == 200
    assert b"DNV Business Assurance" in listing.content
    assert b"Personalpartner" not in listing.content
    pp = people["pp"]["admin"].memberships.first().organization
    assert client.get(f"/admin/orgs/organization/{pp.pk}/change/").status_code in (302, 404)


@pytest.mark.parametrize("slug", ["dnv", "pp"])
def test_the_same_urls_do_exist_for_a_member(client, world, slug):
    """The control: the matrix above is not passing on URLs that never exist."""
    people, cases = world
    client.force_login(people[slug]["admin"])
    for method, url in staff_urls(slug, cases[slug]):
        if "/1/" in url:  # made-up ids of actions and documents
            continue
        if slug == "dnv" and "/meetings/" in url:  # DNV has no management meeting
            continue
        response = getattr(client, method)(url, {})
        assert response.status_code != 404, (method, url)

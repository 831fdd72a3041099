"""Issue 9, finding 9: in /admin/, an organization's administrator saw, and could add to their
organization, every user of the platform. They now see and pick only the members of the
organizations they administer; the operator (a superuser) sees everyone."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from ombud.orgs.models import Body, Membership, Organization, Role


@pytest.fixture
def pp_admin(client, people):
    client.force_login(people["pp"]["admin"])
    return client


@pytest.fixture
def operator(client, db):
    person = get_user_model().objects.create_superuser("operator", password="x-operator-1")
    client.force_login(person)
    return client


def _offered_users(page: str) -> set[str]:
    """The user names offered by the body form's member list."""
    users = get_user_model().objects.all()
    members = re.search(r'<select name="members"[^>]*>(.*?)</select>', page, re.S).group(1)
    offered = set(re.findall(r'<option value="(\d+)"', members))
    return {person.username for person in users if str(person.pk) in offered}


def test_the_body_form_offers_only_the_administrators_own_members(pp_admin, people):
    page = pp_admin.get("/admin/orgs/body/add/").content.decode()
    offered = _offered_users(page)
    assert "pp-handler" in offered
    assert "dnv-handler" not in offered and not any(
        name.startswith(("dnv-", "ne-", "av-", "gl-")) for name in offered)


def test_an_administrator_cannot_add_another_organizations_user_as_a_member(pp_admin, people):
    outsider = people["dnv"]["handler"]
    pp = Organization.objects.get(slug="pp")
    response = pp_admin.post("/admin/orgs/membership/add/", {
        "user": outsider.pk, "organization": pp.pk, "role": Role.HANDLER})
    assert response.status_code == 200  # the form again, with the error
    assert not Membership.objects.filter(user=outsider, organization=pp).exists()


def test_an_administrator_can_give_their_own_member_another_role(pp_admin, people):
    member = people["pp"]["handler"]
    pp = Organization.objects.get(slug="pp")
    response = pp_admin.post("/admin/orgs/membership/add/", {
        "user": member.pk, "organization": pp.pk, "role": Role.MANAGER})
    assert response.status_code == 302
    assert Membership.objects.filter(user=member, organization=pp, role=Role.MANAGER).exists()


def test_an_administrator_cannot_put_another_organizations_user_in_a_body(pp_admin, people):
    outsider = people["dnv"]["handler"]
    pp = Organization.objects.get(slug="pp")
    response = pp_admin.post("/admin/orgs/body/add/", {
        "organization": pp.pk, "kind": "board", "name": "Board", "members": [outsider.pk]})
    assert response.status_code == 200
    assert not Body.objects.filter(name="Board", organization=pp).exists()


def _add_through_the_organization_page(client, person, organization, role) -> None:
    page = client.get(f"/admin/orgs/organization/{organization.pk}/change/").content.decode()
    data = _change_form_data(page)
    prefix = "memberships"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-TOTAL_FORMS": str(total + 1), f"{prefix}-{total}-user": person.pk,
                 f"{prefix}-{total}-role": role,
                 f"{prefix}-{total}-organization": organization.pk})
    client.post(f"/admin/orgs/organization/{organization.pk}/change/", data)


def test_an_administrator_cannot_add_an_outsider_through_the_organization_page(pp_admin,
                                                                             people):
    pp = Organization.objects.get(slug="pp")
    outsider, member = people["dnv"]["handler"], people["pp"]["intake"]
    _add_through_the_organization_page(pp_admin, outsider, pp, Role.HANDLER)
    assert not Membership.objects.filter(user=outsider, organization=pp).exists()
    _add_through_the_organization_page(pp_admin, member, pp, Role.AUDITOR)  # the page works
    assert Membership.objects.filter(user=member, organization=pp, role=Role.AUDITOR).exists()


def _change_form_data(page: str) -> dict:
    """The values an admin change form would send back as it is."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for select in re.finditer(r'<select name="([^"]+)"([^>]*)>(.*?)</select>', page, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', select.group(3))
        if "multiple" in select.group(2):
            if chosen:
                data[select.group(1)] = chosen
        else:
            data[select.group(1)] = chosen[0] if chosen else ""
    for area in re.finditer(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[area.group(1)] = area.group(2)
    return data


def test_an_administrator_does_not_see_the_platforms_user_list(pp_admin):
    assert pp_admin.get("/admin/auth/user/").status_code == 403
    assert pp_admin.get("/admin/auth/user/?_to_field=id&_popup=1").status_code == 403


def test_the_operator_sees_and_offers_every_user(operator, people):
    offered = _offered_users(operator.get("/admin/orgs/body/add/").content.decode())
    assert {"pp-handler", "dnv-handler", "ne-handler"} <= offered


def test_the_administrator_s_right_is_looked_up_once_a_page(pp_admin, people):
    """Django's admin asks each model's admin and each inline for its permissions, several
    times a page: the organization's page looked the administrator role up 56 times."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pp = Organization.objects.get(slug="pp")
    with CaptureQueriesContext(connection) as captured:
        assert pp_admin.get(f"/admin/orgs/organization/{pp.pk}/change/").status_code == 200
    lookups = [query["sql"] for query in captured.captured_queries
               if 'SELECT 1 AS "a" FROM "orgs_organization"' in query["sql"]]
    assert len(lookups) == 1, lookups

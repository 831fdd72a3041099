"""Issue 13: enabling a procedure in the admin is a choice among the installed ones, checked;
adding a person in the admin is ``ombud user create``: a role here and a mailed link."""

from __future__ import annotations

import pytest
from django.utils import translation

from ombud.mail.models import OutboxMessage
from ombud.orgs.admin import EnabledProcedureForm
from ombud.orgs.models import Membership


def _form(slug: str, procedure_id: str):
    form_class = type("ForOrg", (EnabledProcedureForm,), {"organization_slug": slug})
    return form_class({"procedure_id": procedure_id})


@translation.override("en")
def test_the_admin_offers_the_installed_procedures_and_refuses_a_misspelt_one(db):
    offered = [value for value, _label in _form("dnv", "").fields["procedure_id"].choices]
    assert {"dnv/objection", "dnv/complaint"} <= set(offered)
    assert _form("dnv", "dnv/objection").is_valid()
    misspelt = _form("dnv", "dnv/objektion")
    assert not misspelt.is_valid()
    assert "procedure_id" in misspelt.errors
    other = _form("dnv", "pp/complaint")
    assert not other.is_valid()
    assert other.errors["procedure_id"] == [
        "pp/complaint belongs to another organization's bundle."]


def test_an_administrator_adds_a_person_who_gets_a_link_by_mail(client, people, organizations):
    admin = people["gl"]["admin"]
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    client.cookies["django_language"] = "en"
    gl = organizations["gl"]
    url = f"/admin/orgs/organization/{gl.pk}/add-person/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"username": "siri", "role": "handler",
                                 "email": "siri@glode.example"})
    assert response.status_code == 302
    assert Membership.objects.get(user__username="siri").organization == gl
    assert OutboxMessage.objects.get(to="siri@glode.example").organization == gl
    taken = client.post(url, {"username": "siri", "role": "handler", "email": "x@glode.example"})
    assert "The user name siri is taken." in taken.content.decode()
    dnv = organizations["dnv"]  # not theirs to add people to
    assert client.get(f"/admin/orgs/organization/{dnv.pk}/add-person/").status_code == 404


@pytest.mark.parametrize("email", ["not-an-address", "a@b.example\r\nBcc: x@evil.example"])
def test_a_bad_address_adds_nobody(client, people, organizations, email):
    admin = people["gl"]["admin"]
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    client.cookies["django_language"] = "nb"
    before = (Membership.objects.count(), OutboxMessage.objects.count())
    page = client.post(f"/admin/orgs/organization/{organizations['gl'].pk}/add-person/",
                       {"username": "siri", "role": "handler", "email": email})
    assert page.status_code == 200
    assert (Membership.objects.count(), OutboxMessage.objects.count()) == before


def _offered(page: str) -> list[str]:
    import re

    select = re.search(r'<select name="procedures-0-procedure_id".*?</select>', page, re.S)
    return re.findall(r'<option value="([^"]+)"', select.group(0))


@translation.override("en")
def test_issue_13_point_2_the_drop_down_lists_only_the_organization_s_own_procedures(
        client, people, organizations, monkeypatch):
    """Bundles are per organization: an administrator of Gløde is offered Gløde's procedures,
    never another organization's (which the form refused on saving); a new organization,
    before its short name is typed, the bundles no organization uses yet."""
    from pathlib import Path

    from ombud.orgs.admin import procedure_choices

    admin = people["gl"]["admin"]
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    client.cookies["django_language"] = "en"
    gl = organizations["gl"]
    page = client.get(f"/admin/orgs/organization/{gl.pk}/change/").content.decode()
    offered = _offered(page)
    assert offered and all(value.startswith("gl/") for value in offered), offered
    assert "dnv/objection" not in page
    examples = Path(__file__).resolve().parents[2] / "examples" / "bundles"
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(examples))
    fresh = [value for value, _label in procedure_choices(None) if value]
    assert {"fjellby/klage", "waterdal/bezwaar"} <= set(fresh)
    assert not any(value.startswith(("gl/", "dnv/", "pp/")) for value in fresh)
    assert [value for value, _label in procedure_choices("waterdal") if value] == [
        "waterdal/bezwaar"]
    # a procedure enabled before and since removed stays shown on its row, to be taken away
    assert "gl/old" in [value for value, _label in procedure_choices("gl", "gl/old")]

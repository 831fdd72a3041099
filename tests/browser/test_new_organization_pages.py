"""Issue 13 in a real browser: the public form of an organization set up from a bundle outside
the package (examples/bundles/fjellby), its staff's case page, and the page shown when an
enabled procedure cannot be read; axe's WCAG 2.1 AA rules, no sideways scrolling at 390 px, in
nb and nl. With OMBUD_SHOTS=<folder>, screenshots go there."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import horizontal_overflow, screenshot, sign_in, wcag_violations

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"


@pytest.fixture
def fjellby_site(demo_people, live_server, settings, monkeypatch):
    from ombud.demo.organizations import DEMO_PASSWORD
    from ombud.orgs.setup import create_organization, create_user

    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    settings.OMBUD_PROOF_OF_WORK_MAX = 5_000
    organization = create_organization(slug="fjellby", name="Fjellby kommune", language="nb",
                                       procedures=["fjellby/klage"])
    organization.email = "postmottak@fjellby.example"
    organization.save()
    kari = create_user(username="kari", organization=organization, role="handler",
                       email="kari@fjellby.example")
    kari.set_password(DEMO_PASSWORD)
    kari.save()
    return live_server.url


def _check(page, name: str, width: int) -> list[str]:
    screenshot(page, f"{name}-{width}")
    problems = [f"{name} at {width}: {v}" for v in wcag_violations(page)]
    if (overflow := horizontal_overflow(page)) > 0:
        problems.append(f"{name} at {width}: {overflow} px sideways")
    return problems


@pytest.mark.django_db(transaction=True)
def test_the_bundle_s_public_form_and_the_unavailable_page_read_well(fjellby_site, open_page):
    from ombud.orgs.models import EnabledProcedure, Organization

    problems: list[str] = []
    for language in ("nb", "nl"):
        for width in (1280, 390):
            page = open_page(width, language=language, base=fjellby_site)
            assert page.goto(f"{fjellby_site}/fjellby/klage/new/").status == 200
            problems += _check(page, f"fjellby-form-{language}", width)
    EnabledProcedure.objects.create(organization=Organization.objects.get(slug="fjellby"),
                                    procedure_id="fjellby/klacht")
    for language in ("nb", "nl"):
        for width in (1280, 390):
            page = open_page(width, language=language, base=fjellby_site)
            assert page.goto(f"{fjellby_site}/fjellby/klacht/new/").status == 503
            assert "postmottak@fjellby.example" in page.inner_text("main")
            problems += _check(page, f"fjellby-unavailable-public-{language}", width)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_staff_read_the_bundle_s_deadlines_and_what_is_wrong_with_a_broken_one(
        fjellby_site, open_page):
    from ombud.orgs.models import EnabledProcedure, Organization

    problems: list[str] = []
    page = open_page(1280, language="nb", base=fjellby_site)
    sign_in(page, fjellby_site, "kari")
    page.goto(f"{fjellby_site}/fjellby/cases/register/")
    problems += _check(page, "fjellby-register-nb", 1280)
    EnabledProcedure.objects.create(organization=Organization.objects.get(slug="fjellby"),
                                    procedure_id="fjellby/klacht")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.goto(f"{fjellby_site}/fjellby/cases/register/").status == 503
        assert "Ingen prosedyre «fjellby/klacht» er installert" in page.inner_text("main")
        problems += _check(page, "fjellby-unavailable-staff-nb", width)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_an_administrator_adds_a_person_in_the_admin(fjellby_site, open_page):
    from ombud.mail.models import OutboxMessage

    page = open_page(1280, language="nb", base=fjellby_site)
    sign_in(page, fjellby_site, "gl-admin")
    page.goto(f"{fjellby_site}/admin/orgs/organization/")
    screenshot(page, "admin-organizations-nb-1280")
    page.get_by_role("link", name="Legg til en person").first.click()
    page.wait_for_load_state()
    screenshot(page, "admin-add-person-nb-1280")
    page.fill("#id_username", "siri")
    page.select_option("#id_role", "handler")
    page.fill("#id_email", "siri@glode.example")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    screenshot(page, "admin-added-person-nb-1280")
    assert "siri ble lagt til" in page.inner_text("body").lower()
    assert OutboxMessage.objects.filter(to="siri@glode.example").count() == 1


@pytest.mark.django_db(transaction=True)
def test_fvl_33_4_staff_forward_a_klage_in_the_browser_and_the_case_page_reads_well(
        fjellby_site, open_page):
    from datetime import timedelta

    from django.utils import timezone

    from ombud.cases import services
    from ombud.cases.models import Case
    from ombud.orgs.models import Organization
    from ombud.orgs.setup import create_user

    organization = Organization.objects.get(slug="fjellby")
    ida = create_user(username="ida", organization=organization, role="intake",
                      email="ida@fjellby.example")
    case = services.case_register(
        organization=organization, procedure_id="fjellby/klage", channel="letter",
        received_on=timezone.localdate(), title="Avslag på garasje",
        complainant=services.PartyDetails("Ola Nordmann", "ola@example.org", "", "Fjellveien 2"),
        actor=ida, details={"decision_on": timezone.localdate() - timedelta(days=6)})
    problems: list[str] = []
    page = open_page(1280, language="nb", base=fjellby_site)
    sign_in(page, fjellby_site, "kari")
    page.goto(f"{fjellby_site}/fjellby/cases/{case.reference}/")
    page.get_by_role("link", name="Send til klageinstansen").click()
    page.wait_for_load_state()
    problems += _check(page, "fjellby-forward-form-nb", 1280)
    page.fill("textarea[name=forwarded-reasons]", "Garasjen er for høy etter planen.")
    page.click("form:has(textarea[name=forwarded-reasons]) button[type=submit]")
    page.wait_for_load_state()
    assert "oversendt klageinstansen" in page.inner_text("main")
    assert Case.objects.get(pk=case.pk).state == "forwarded"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{fjellby_site}/fjellby/cases/{case.reference}/")
        problems += _check(page, "fjellby-forwarded-case-nb", width)
        page.goto(f"{fjellby_site}/fjellby/cases/?state=forwarded")
        assert case.reference in page.inner_text("main")
        problems += _check(page, "fjellby-queue-forwarded-nb", width)
    assert not problems, "\n".join(problems)

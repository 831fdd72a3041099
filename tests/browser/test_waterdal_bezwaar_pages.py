"""Gemeente Waterdal's bezwaar (examples/bundles/waterdal) in a real browser: a citizen files it
through the public form, the handler assigns it with an advisory committee (Awb 7:13) and
decides it; the pages each passes through are checked with axe's WCAG 2.1 AA rules and for
sideways scrolling at 390 px. With OMBUD_SHOTS=<folder>, screenshots go there."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.conftest import horizontal_overflow, screenshot, sign_in, wcag_violations

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"


@pytest.fixture
def waterdal_site(demo_people, live_server, settings, monkeypatch):
    from ombud.demo.organizations import DEMO_PASSWORD
    from ombud.orgs.setup import create_organization, create_user

    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    settings.OMBUD_PROOF_OF_WORK_MAX = 5_000
    organization = create_organization(slug="waterdal", name="Gemeente Waterdal", language="nl",
                                       procedures=["waterdal/bezwaar"])
    fatima = create_user(username="fatima", organization=organization, role="handler",
                         email="f.elamrani@waterdal.example")
    fatima.set_password(DEMO_PASSWORD)
    fatima.save()
    return live_server.url


def _check(page, name: str, width: int) -> list[str]:
    screenshot(page, f"{name}-{width}")
    problems = [f"{name} at {width}: {v}" for v in wcag_violations(page)]
    if (overflow := horizontal_overflow(page)) > 0:
        problems.append(f"{name} at {width}: {overflow} px sideways")
    return problems


def _file(page, base: str) -> None:
    sent = (timezone.localdate() - timedelta(days=10)).isoformat()
    page.goto(f"{base}/waterdal/bezwaar/new/")
    page.get_by_label("belanghebbende").check()
    page.fill("#id_name", "Jan de Vries")
    page.fill("#id_email", "j.devries@example.org")
    page.fill("#id_address", "Dorpsstraat 1, 9999 ZZ Waterdal")
    page.get_by_label("omgevingsvergunning").check()
    page.get_by_label("Verzenddatum van het besluit").fill(sent)
    page.fill("#id_title", "Weigering omgevingsvergunning dakkapel")
    page.fill("#id_description", "Besluit van " + sent + ", kenmerk OV-2026-118.")
    page.fill("#id_reasons", "De dakkapel past binnen het bestemmingsplan.")
    page.fill("#id_signature", "Jan de Vries")
    page.get_by_label("Ik onderteken dit bezwaarschrift elektronisch").check()
    page.get_by_label("Ik stem ermee in", exact=False).check()
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url("**/received/**")


@pytest.mark.django_db(transaction=True)
def test_wd_02_a_bezwaar_filed_in_the_browser_and_decided_by_the_handler(waterdal_site,
                                                                         open_page):
    from ombud.cases.models import Case

    problems: list[str] = []
    for width in (1280, 390):
        page = open_page(width, language="nl", base=waterdal_site)
        page.goto(f"{waterdal_site}/waterdal/bezwaar/new/")
        assert "Verzenddatum van het besluit" in page.inner_text("main")
        problems += _check(page, "waterdal-form", width)
    page = open_page(1280, language="nl", base=waterdal_site)
    _file(page, waterdal_site)
    text = page.inner_text("main")
    assert "WATERDAL-" in text and "beslistermijn" in text
    problems += _check(page, "waterdal-received", 1280)
    case = Case.objects.get(procedure_id="waterdal/bezwaar")
    staff = open_page(1280, language="nl", base=waterdal_site)
    sign_in(staff, waterdal_site, "fatima")
    staff.goto(f"{waterdal_site}/waterdal/cases/{case.reference}/?step=assigned#step-assigned")
    staff.get_by_label("Deze zaak wordt behandeld met een adviescommissie (AWB-7:13)").check()
    problems += _check(staff, "waterdal-assign", 1280)
    staff.locator("form[action$='/steps/assigned/'] button[type=submit]").click()
    staff.wait_for_load_state()
    assert "Vastgelegd" in staff.inner_text("main")
    staff.goto(f"{waterdal_site}/waterdal/cases/{case.reference}/?step=answered#step-answered")
    form = staff.locator("form[action$='/steps/answered/']")
    form.locator("[name='answered-outcome']").select_option("not_upheld")
    form.locator("[name='answered-hearing_skipped']").select_option("manifestly_unfounded")
    form.locator("[name='answered-reasons']").fill("Het bestemmingsplan staat dit niet toe.")
    form.locator("[name='answered-letter']").fill("Wij hebben het besluit heroverwogen.")
    form.locator("button[type=submit]").click()
    staff.wait_for_load_state()
    problems += _check(staff, "waterdal-case-decided", 1280)
    assert "Beroepstermijn AWB-8:1" in staff.inner_text("main")
    assert not problems, "\n".join(problems)

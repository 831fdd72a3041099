"""Issue 13, item 3, in a real browser: Waterdal's intake registers a bezwaar received by letter
with its postmark (AWB-6:9), refused first for a postmark after the day of receipt; its handler
asks to remedy an omission with a term in days (AWB-6:6), refused first for 9999 days. Each page
is checked with axe's WCAG 2.1 AA rules and for sideways scrolling at 1280 and 390 px. With
OMBUD_SHOTS=<folder>, screenshots go there."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.conftest import horizontal_overflow, screenshot, sign_in, wcag_violations

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"


@pytest.fixture
def waterdal_site(demo_people, live_server, monkeypatch):
    from ombud.demo.organizations import DEMO_PASSWORD
    from ombud.orgs.setup import create_organization, create_user

    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    organization = create_organization(slug="waterdal", name="Gemeente Waterdal", language="nl",
                                       procedures=["waterdal/bezwaar"])
    for username, role in (("ilse", "intake"), ("fatima", "handler")):
        person = create_user(username=username, organization=organization, role=role,
                             email=f"{username}@waterdal.example")
        person.set_password(DEMO_PASSWORD)
        person.save()
    return live_server.url


def _check(page, name: str, width: int) -> list[str]:
    screenshot(page, f"{name}-{width}")
    problems = [f"{name} at {width}: {v}" for v in wcag_violations(page)]
    if (overflow := horizontal_overflow(page)) > 0:
        problems.append(f"{name} at {width}: {overflow} px sideways")
    return problems


def _register(page, base: str, posted: str) -> None:
    """Received today by letter; the decision was sent a week ago."""
    today = timezone.localdate()
    page.goto(f"{base}/waterdal/cases/register/")
    page.select_option("[name=channel]", "letter")
    page.fill("[name=name]", "Jan de Vries")
    page.fill("[name=title]", "Weigering dakkapel")
    page.select_option("[name=about]", "permit")
    page.fill("[name=decision_on]", (today - timedelta(days=7)).isoformat())
    page.fill("[name=received_on]", today.isoformat())
    page.fill("[name=posted_on]", posted)
    page.fill("[name=account]", "De dakkapel past binnen het plan.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_awb_6_9_awb_6_6_the_postmark_and_a_term_in_days_in_the_browser(waterdal_site,
                                                                       open_page):
    from ombud.cases.models import Case, CaseEvent

    today = timezone.localdate()
    problems: list[str] = []
    for width in (1280, 390):
        page = open_page(width, language="nl", base=waterdal_site)
        sign_in(page, waterdal_site, "ilse")
        _register(page, waterdal_site, (today + timedelta(days=1)).isoformat())
        assert "De datum kan niet in de toekomst liggen." in page.inner_text("main")
        problems += _check(page, "posting-refused", width)
    _register(page, waterdal_site, (today - timedelta(days=1)).isoformat())
    case = Case.objects.get()
    assert "ter post bezorgd" in page.inner_text("main")
    for width in (1280, 390):
        staff = open_page(width, language="nl", base=waterdal_site)
        sign_in(staff, waterdal_site, "fatima")
        staff.goto(f"{waterdal_site}/waterdal/cases/{case.reference}/"
                   "?step=incomplete#step-incomplete")
        form = staff.locator("form[action$='/steps/incomplete/']")
        form.locator("[name='incomplete-term']").fill("9999")
        form.locator("[name='incomplete-term_unit']").select_option("calendar_days")
        form.locator("button[type=submit]").click()
        staff.wait_for_load_state()
        assert ("Geef de termijn op als een geheel aantal dagen, van 1 tot en met 365."
                in staff.inner_text("main"))
        problems += _check(staff, "remedy-refused", width)
    form = staff.locator("form[action$='/steps/incomplete/']")
    form.locator("[name='incomplete-term']").fill("14")
    form.locator("[name='incomplete-text']").fill("Uw handtekening ontbreekt.")
    form.locator("button[type=submit]").click()
    staff.wait_for_load_state()
    assert CaseEvent.objects.get(case=case, type="incomplete").data["term_days"] == 14
    assert "Hersteltermijn" in staff.inner_text("main")
    assert not problems, "\n".join(problems)

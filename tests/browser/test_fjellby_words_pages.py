"""Issue 13, point 2, as a person and the staff see it at Fjellby kommune (examples/bundles/
fjellby): the receipt names the preliminary answer's day as such (FVL-11a-3); the private page's
consent names the klage; after a dismissal its klage asks why the party disagrees with the
dismissal (FVL-2-3); the case page records "klage sendt" (texts [steps]); the annual report in
Dutch is no report "on complaints". Every page: axe's WCAG 2.1 AA rules. With
OMBUD_SHOTS=<folder>, screenshots and the receipt's PDF go there."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pdf_text import pdf_text

from tests.browser.conftest import keep, screenshot, sign_in, wcag_violations

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"


@pytest.fixture
def fjellby_site(demo_people, live_server, settings, monkeypatch):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ombud.demo.organizations import DEMO_PASSWORD
    from ombud.orgs.setup import create_organization, create_user

    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    organization = create_organization(slug="fjellby", name="Fjellby kommune",
                                       language="nb", procedures=["fjellby/klage"])
    for name, role in (("kari", "handler"), ("mona", "manager")):
        user = create_user(username=name, organization=organization, role=role,
                           email=f"{name}@fjellby.example")
        user.set_password(DEMO_PASSWORD)
        user.save()
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)  # a manager's second step
    return live_server.url


def _look(page, name: str) -> list[str]:
    screenshot(page, name)
    return [f"{name}: {v}" for v in wcag_violations(page)]


@pytest.mark.django_db(transaction=True)
def test_fvl_2_3_fvl_11a_3_fjellby_s_pages_say_its_words(fjellby_site, open_page):
    from django.utils import timezone

    from ombud.cases import services
    from ombud.cases.models import Case, Document, DocumentKind
    from ombud.orgs.models import Membership
    from tests.browser.conftest import file_for_tracking

    today = timezone.localdate()
    case, token = file_for_tracking(org="fjellby", case_type="klage", name="Ola Nordmann",
                                    language="nb",
                                    details={"decision_on": today - timedelta(days=60)})
    receipt = Document.objects.filter(case=case, kind=DocumentKind.LETTER).first()
    with receipt.file.open("rb") as stored:
        keep("fjellby-receipt-nb.pdf", stored.read())
    assert "får du et foreløpig svar" in pdf_text(receipt)
    problems: list[str] = []
    citizen = open_page(390, language="nb", base=fjellby_site)
    citizen.goto(f"{fjellby_site}/track/{token}/")
    citizen.locator("#withdraw-heading").click()
    assert "Da du sendte klagen din" in citizen.inner_text("main")
    problems += _look(citizen, "fjellby-private-consent-nb")

    kari = Membership.objects.get(user__username="kari").user
    services.case_step(case=case, event_type="declined", on=today, actor=kari,
                       data={"ground": "late", "reasons": "Klagefristen var ute."})
    citizen.goto(f"{fjellby_site}/track/{token}/")
    assert "Hvorfor du er uenig i avvisningen" in citizen.inner_text("main")
    problems += _look(citizen, "fjellby-private-dismissal-nb")
    citizen.fill("textarea[name=grounds]", "Jeg fikk vedtaket først i går.")
    citizen.get_by_role("button", name="Send").click()
    citizen.wait_for_load_state()
    assert Case.objects.get(pk=case.pk).state == "appealed"

    staff = open_page(1280, language="nb", base=fjellby_site)
    sign_in(staff, fjellby_site, "kari")
    staff.goto(f"{fjellby_site}/fjellby/cases/{case.reference}/")
    main = staff.inner_text("main")
    assert "Klage sendt" in main and "anket" not in main.lower()
    problems += _look(staff, "fjellby-case-klage-sendt-nb")

    manager = open_page(1280, language="nl", base=fjellby_site)
    sign_in(manager, fjellby_site, "mona")
    manager.goto(f"{fjellby_site}/fjellby/reports/?year={today.year}")
    assert f"Jaarverslag: zaken {today.year}" in manager.inner_text("main")
    problems += _look(manager, "fjellby-report-nl")
    assert not problems, "\n".join(problems)

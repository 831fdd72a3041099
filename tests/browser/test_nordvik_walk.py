"""Issue 13's "done when", walked in a browser with a bundle written from docs/authoring.md
alone: Universitetet i Nordvik's klage on a decision on recognition of education
(examples/bundles/nordvik). A student files it on the public form on a phone (nb); the handler
appoints herself, records the bundle's own steps (the subject group's statement, NV-03), and
forwards it to the university's appeals board (fvl § 33); the board's decision is recorded.
Every page: axe's WCAG 2.1 AA rules, no sideways scrolling; the staff pages name the party as
the bundle does ("klager", never Ombud's "innsender"), no step by its key. With
OMBUD_SHOTS=<folder>, screenshots go there."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_text import pdf_text

from tests.browser.conftest import horizontal_overflow, screenshot, sign_in, wcag_violations

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"
# The queue's state filter and the reports still say "anket" for an appeal (reported)
NO_CODES = ("fagmiljo_", "innsender", "not_upheld", "appeal_answer")


@pytest.fixture
def nordvik_site(demo_people, live_server, settings, monkeypatch):
    from ombud.demo.organizations import DEMO_PASSWORD
    from ombud.orgs.setup import create_organization, create_user

    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    settings.OMBUD_PROOF_OF_WORK_MAX = 5_000
    organization = create_organization(slug="nordvik", name="Universitetet i Nordvik",
                                       language="nb", procedures=["nordvik/klage"])
    ingrid = create_user(username="ingrid", organization=organization, role="handler",
                         email="ingrid@nordvik.example")
    ingrid.set_password(DEMO_PASSWORD)
    ingrid.save()
    return live_server.url


def _check(page, name: str, width: int) -> list[str]:
    screenshot(page, f"{name}-{width}")
    problems = [f"{name} at {width}: {v}" for v in wcag_violations(page)]
    if (overflow := horizontal_overflow(page)) > 0:
        problems.append(f"{name} at {width}: {overflow} px sideways")
    text = page.inner_text("body").lower()
    problems += [f"{name} at {width}: says {code!r}" for code in NO_CODES if code in text]
    return problems


def _file(page, base: str) -> None:
    """The form as the student fills it: the decision reached them six days ago."""
    from datetime import timedelta

    from django.utils import timezone

    page.goto(f"{base}/nordvik/klage/new/")
    page.fill("input[name=name]", "Ola Nordmann")
    page.fill("input[name=email]", "ola@example.org")
    page.get_by_label("godkjenning og innpassing av emner").check()
    page.fill("input[name=decision_on]", str(timezone.localdate() - timedelta(days=6)))
    page.get_by_label("Hva gjelder klagen, med noen få ord?").fill("Innpassing av MAT-210")
    page.locator("textarea").nth(0).fill("Vedtak i sak 26/1234 om innpassing av MAT-210.")
    page.locator("textarea").nth(1).fill("Emnet dekker samme pensum som MAT-200.")
    page.get_by_label("Underskrift: skriv inn fullt navn").fill("Ola Nordmann")
    page.get_by_label("Jeg underskriver klagen elektronisk").check()
    page.get_by_label("Jeg samtykker", exact=False).check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/received/**")


def _step(page, base: str, reference: str, key: str, **fields: str) -> None:
    page.goto(f"{base}/nordvik/cases/{reference}/?step={key}#step-{key}")
    form = page.locator(f"form[action$='/steps/{key}/']")
    for name, value in fields.items():
        field = form.locator(f"[name='{key}-{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_fvl_33_4_nv_03_a_student_s_klage_filed_handled_forwarded_and_decided(
        nordvik_site, open_page):
    from ombud.cases.models import Case, Document, DocumentKind
    from ombud.orgs.models import Membership
    from ombud.public.follow_up import follow_up_owed

    problems: list[str] = []
    citizen = open_page(390, language="nb", base=nordvik_site)
    _file(citizen, nordvik_site)
    problems += _check(citizen, "nordvik-received-nb", 390)
    follow_up_owed()  # the worker's part: the receipt, archived and mailed
    case = Case.objects.get(organization__slug="nordvik")
    ingrid = Membership.objects.get(user__username="ingrid").user

    page = open_page(1280, language="nb", base=nordvik_site)
    sign_in(page, nordvik_site, "ingrid")
    base, ref = nordvik_site, case.reference
    _step(page, base, ref, "assigned", handler_id=str(ingrid.pk))
    _step(page, base, ref, "fagmiljo_requested", text="Institutt for matematikk bes vurdere.")
    _step(page, base, ref, "fagmiljo_statement", text="MAT-210 dekker 8 av 10 studiepoeng.")
    _step(page, base, ref, "forwarded", reasons="Emnet tilsvarer bare delvis MAT-200.")
    assert Case.objects.get(pk=case.pk).state == "forwarded"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/nordvik/cases/{ref}/")
        main = page.inner_text("main")
        assert "Uttalelse fra fagmiljøet innhentet" in main and "(for klager)" in main
        assert "anke" not in main.lower()
        problems += _check(page, "nordvik-forwarded-case-nb", width)
        page.goto(f"{base}/nordvik/cases/")
        problems += _check(page, "nordvik-queue-nb", width)
    _step(page, base, ref, "answered", outcome="not_upheld",
          reasons="Klagenemnda legger fagmiljøets vurdering til grunn.",
          letter="Klagenemnda behandlet saken i møte.")
    assert Case.objects.get(pk=case.pk).state == "answered"
    letters = [" ".join(pdf_text(d).split()) for d in
               Document.objects.filter(case=case, kind=DocumentKind.LETTER).order_by("id")]
    assert "sender vi klagen til universitetets klagenemnd, etter målet vårt innen" in letters[0]
    assert "er sendt til universitetets klagenemnd" in letters[1]
    assert "Universitetets klagenemnd har avgjort klagen din" in letters[-1]
    assert not any("anke" in letter.lower() for letter in letters)
    assert not problems, "\n".join(problems)

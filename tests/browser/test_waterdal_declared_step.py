"""A step Waterdal's bundle declares, in a real browser (issue 13, item 2): the handler puts
the bezwaar before the adviescommissie (WD-04) and records its advice (AWB-7:13) from the case
page; the page with the step's form and the page after it, at 1280 and 390 px, pass axe's WCAG
2.1 AA rules without sideways scrolling, and the text typed is shown as text. With
OMBUD_SHOTS=<folder>, screenshots go there."""

from __future__ import annotations

import pytest

from tests.browser.test_waterdal_bezwaar_pages import _check, _file, waterdal_site  # noqa: F401

pytestmark = pytest.mark.slow

HOSTILE = "<img src=x onerror=alert(1)> Het advies: ongegrond."


@pytest.mark.django_db(transaction=True)
def test_wd_04_awb_7_13_the_committee_s_steps_on_the_case_page(waterdal_site, open_page):  # noqa: F811
    from ombud.cases.models import Case

    base = waterdal_site
    _file(open_page(1280, language="nl", base=base), base)
    case = Case.objects.get(procedure_id="waterdal/bezwaar")
    url = f"{base}/waterdal/cases/{case.reference}/"
    problems: list[str] = []
    for width in (1280, 390):
        staff = open_page(width, language="nl", base=base)
        from tests.browser.conftest import sign_in

        sign_in(staff, base, "fatima")
        if width == 1280:
            staff.goto(url + "?step=advice_requested#step-advice_requested")
            problems += _check(staff, "waterdal-declared-form", width)
            form = staff.locator("form[action$='/steps/advice_requested/']")
            form.locator("[name='advice_requested-text']").fill(HOSTILE)
            form.locator("button[type=submit]").click()
            staff.wait_for_load_state()
            staff.goto(url + "?step=advice_issued#step-advice_issued")
            form = staff.locator("form[action$='/steps/advice_issued/']")
            form.locator("[name='advice_issued-text']").fill(HOSTILE)
            form.locator("button[type=submit]").click()
            staff.wait_for_load_state()
        else:
            staff.goto(url + "?step=advice_requested#step-advice_requested")
            problems += _check(staff, "waterdal-declared-form", width)
            staff.goto(url)
        text = staff.inner_text("main")
        assert "Adviestermijn" in text and "WD-04" in text
        assert "Advies van de adviescommissie" in text and HOSTILE in text
        assert staff.locator("main img[src=x]").count() == 0
        problems += _check(staff, "waterdal-declared-recorded", width)
    assert not problems, "\n".join(problems)

"""The reports page in a real browser (AV-11, GL-12, PP-16): on a desktop and on a phone, in
Norwegian and Dutch, under the CSP (the charts are SVG with no style attribute and no script),
with no WCAG 2.1 AA violation and nothing wider than the phone; the live overview on the start
page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import horizontal_overflow, screenshot, sign_in, wcag_violations
from tests.reports.conftest import year  # noqa: F401 (the fixture year)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "language"), [(1280, "nb"), (390, "nb"), (390, "nl")])
def test_pp_16_the_report_page_on_a_desktop_and_a_phone(open_page, live_server, demo_people,
                                                        year, width, language):  # noqa: F811
    page = open_page(width=width, height=900, language=language, base=live_server.url)
    sign_in(page, live_server.url, "pp-manager")
    page.goto(f"{live_server.url}/pp/reports/?year=2026")
    heading = {"nb": "Årsrapport om klager 2026", "nl": "Jaarverslag klachten 2026"}[language]
    assert page.locator("h1").inner_text() == heading
    assert page.locator("figure.chart svg").count() == 4
    assert page.locator("figure.chart svg").first.bounding_box()["width"] <= width
    assert _charts_readable_and_unclipped(page) == []
    assert _narrow_tables_cut_off(page) == []
    assert horizontal_overflow(page) == 0
    assert wcag_violations(page) == []
    screenshot(page, f"reports-pp-{width}-{language}")
    page.locator("section#s-outcomes, section[aria-labelledby=s-outcomes]").locator(
        "a").first.click()
    page.wait_for_load_state()
    assert "/pp/reports/cases/" in page.url
    assert wcag_violations(page) == []
    screenshot(page, f"reports-pp-cases-{width}-{language}")
    page.goto(f"{live_server.url}/pp/cases/")
    assert page.locator("#overview-title").count() == 1
    assert wcag_violations(page) == []
    screenshot(page, f"reports-pp-queue-{width}-{language}")


def _charts_readable_and_unclipped(page) -> list[str]:
    """The walk at 390 px: charts shrunk to unreadable text, an axis label cut off. Each chart
    is drawn at no less than 0.9 of its size (its 12 px text stays near 12 px), and every text
    in it lies inside it."""
    return page.evaluate("""() => {
        const problems = [];
        for (const svg of document.querySelectorAll('figure.chart svg')) {
            const box = svg.getBoundingClientRect();
            const scale = box.width / svg.viewBox.baseVal.width;
            if (scale < 0.9) problems.push(`scaled to ${scale.toFixed(2)}`);
            for (const text of svg.querySelectorAll('text')) {
                const r = text.getBoundingClientRect();
                if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
                        || r.bottom > box.bottom + 1) {
                    problems.push(`clipped: ${text.textContent}`);
                }
            }
        }
        return problems;
    }""")


def _narrow_tables_cut_off(page) -> list[str]:
    """The walk at 390 px: a table of three columns (subject, cases, share) a few pixels wider
    than the phone, its share column cut to "15 °" unless one swipes inside it. A table of up
    to three columns fits; wider ones (the deadlines) may scroll."""
    return page.evaluate("""() => [...document.querySelectorAll('.table-scroll')]
        .filter(box => box.querySelectorAll('thead th').length <= 3
                       && box.scrollWidth > box.clientWidth)
        .map(box => `${box.querySelector('caption').innerText}: ` +
                    `+${box.scrollWidth - box.clientWidth}px`)""")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "language"), [(1280, "nb"), (390, "nl")])
def test_pp_16_the_new_case_lists_on_a_desktop_and_a_phone(open_page, live_server, demo_people,
                                                           year, width, language):  # noqa: F811
    """The lists behind the corrective actions (NE-A-10), a handling time band and a rule's
    missed deadlines, each opened from its count on the report page."""
    page = open_page(width=width, height=900, language=language, base=live_server.url)
    sign_in(page, live_server.url, "pp-manager")
    for section, name in (("s-actions", "actions"), ("s-handling", "band"),
                          ("s-deadlines", "missed")):
        page.goto(f"{live_server.url}/pp/reports/?year=2026")
        page.locator(f"section[aria-labelledby={section}] table a").first.click()
        page.wait_for_load_state()
        assert "/pp/reports/cases/" in page.url
        assert page.locator("table.report tbody th a").count() >= 1
        assert horizontal_overflow(page) == 0
        assert wcag_violations(page) == []
        screenshot(page, f"reports-pp-list-{name}-{width}-{language}")

"""The last step of journeys 1 to 3 (AV-11, GL-12, PP-16): the manager opens the annual report
in bokmål, reads it as the board or NAV will, finds the case counted in the lists behind its
figures, and downloads the PDF and the spreadsheet. Every page checked with axe."""

from __future__ import annotations

import re

from django.utils import timezone

from tests.browser.conftest import keep, screenshot, wcag_violations


def looked_at(page, name: str) -> None:
    assert wcag_violations(page) == [], name
    screenshot(page, name)


def finds_the_case_in_the_annual_report(page, base: str, org: str, reference: str,
                                        case_type: str, name: str,
                                        outcome: str = "medhold") -> str:
    """The manager opens this year's annual report (AV-11, GL-12, PP-16), reads it, and opens
    the cases behind "received" of the case type and behind its outcome (upheld unless told):
    the case is in both lists. Returns the report's text as the manager read it."""
    year = timezone.localdate().year
    page.goto(f"{base}/{org}/reports/?year={year}")
    assert page.locator("h1").inner_text() == f"Årsrapport om klager {year}"
    report = page.locator("main").inner_text()
    assert not re.search(r"\bX-\d{2}\b|[a-z]+_[a-z]+", report), report  # no codes, no keys
    looked_at(page, f"{name}-annual-report")
    for table, row_name in (("s-received", case_type), ("s-outcomes", outcome)):
        row = page.locator(f"section[aria-labelledby={table}] tbody tr").filter(
            has=page.locator("th", has_text=re.compile(f"^{re.escape(row_name)}$")))
        with page.expect_navigation():
            row.locator("a").first.click()
        cases = page.locator("main table").inner_text()
        assert reference in cases, cases
        looked_at(page, f"{name}-annual-report-cases-{table}")
        page.go_back()
    return report


def the_report_downloaded(page, org: str) -> dict[str, bytes]:
    """The report's PDF and spreadsheet, downloaded as the manager does from the page."""
    files = {}
    for kind in ("pdf", "xlsx"):
        with page.expect_download() as download:
            page.locator(f"nav.exports a[href*='annual.{kind}']").first.click()
        with open(download.value.path(), "rb") as downloaded:
            files[kind] = downloaded.read()
        keep(f"{org}-annual-report.{kind}", files[kind])
    return files


"""What the DNV journeys' browser tests share: a person's own browser (cookies, language),
the public form sent as a person sends it, a staff step taken on the case page by its form's
field names (the labels are in the staff's language), and a letter read back from its PDF."""

from __future__ import annotations

import io
import os
import re
import subprocess
from urllib.parse import urljoin

from pypdf import PdfReader

from tests.browser.conftest import SHOTS, keep, screenshot, sign_in, wcag_violations

PROOF_SECONDS = 60  # the proof of work runs while the person types


def checked_page(page, name: str) -> None:
    """Every page walked: no WCAG 2.1 AA violation, and a screenshot to look at."""
    screenshot(page, name)
    assert wcag_violations(page) == [], name


def staff_page(open_page, base: str, username: str, language: str = "nl"):
    page = open_page(base=base, language=language)
    sign_in(page, base, username)
    return page


def submit(page, selector: str) -> int:
    with page.expect_navigation() as navigation:
        page.locator(f"{selector} button[type=submit]").first.click()
    return navigation.value.status


def take_step(page, case_url: str, event_type: str, fields: dict | None = None,
              selects: dict | None = None, checks: tuple = ()) -> int:
    """Open the step's form on the case page (``?step=``), fill it by field name, send it;
    the HTTP status of the page it ends on (400: refused or invalid, shown on the page)."""
    page.goto(f"{case_url}?step={event_type}#step-{event_type}")
    step = page.locator(f"#step-{event_type} form")
    for name, value in (fields or {}).items():
        step.locator(f"[name='{event_type}-{name}']").fill(value)
    for name, value in (selects or {}).items():
        step.locator(f"select[name='{event_type}-{name}']").select_option(value)
    for name in checks:
        step.locator(f"input[name='{event_type}-{name}']").first.check()
    return submit(page, f"#step-{event_type} form")


def letter_text(page, title_words: str, name: str) -> str:
    """The text of the letter whose title holds ``title_words``, from the person's private page
    (what they download), kept as PDF and PNG beside the screenshots to be looked at."""
    link = page.locator("section[aria-labelledby=letters-heading] a",
                        has_text=title_words).last
    assert link.count(), page.locator("section[aria-labelledby=letters-heading]").inner_text()
    response = page.request.get(urljoin(page.url, link.get_attribute("href")))
    assert response.status == 200
    pdf = response.body()
    keep(f"{name}.pdf", pdf)
    if SHOTS:  # and as pictures of its pages
        path = os.path.join(SHOTS, f"{name}.pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "60", path, path[:-4]], check=False)
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def reference_and_link(page) -> tuple[str, str]:
    status = page.locator("main [role=status]").inner_text()
    reference = re.search(r"\bDNV-\d{4}-\d{4}\b", status).group(0)
    return reference, page.locator("p.link a").get_attribute("href")

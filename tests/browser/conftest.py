"""Browser tests: Playwright driving Debian's chromium against Django's live server."""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the fixtures
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-gpu"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/browser (the test command does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.fixture
def demo_people(transactional_db, settings):
    from ombud.cases.models import Meeting  # noqa: F401 - models loaded
    from ombud.demo.seed import seed_meetings, seed_organizations

    settings.DEMO_MODE = True
    people = seed_organizations()
    seed_meetings()
    return people


def sign_in(page, base_url: str, username: str) -> None:
    from ombud.demo.organizations import DEMO_PASSWORD

    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()

"""Browser tests: Playwright driving Debian's chromium-headless-shell against Django's live
server."""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the fixtures
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The headless shell (Debian's chromium-headless-shell, the build Playwright itself runs headless):
# the same Blink and V8 as the full chromium, without the desktop browser's profile services and
# window; a new context costs about 0.15 s instead of 0.4 s, a navigation half as much. The binary
# itself: /usr/bin/chromium-headless-shell is a shell script that runs it as a child.
CHROMIUM = "/usr/lib/chromium/chromium-headless-shell"
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


def _policy_problem(message) -> str | None:
    """A console error worth failing for: a Content-Security-Policy or Permissions-Policy
    violation, or any other script error. A page's own HTTP status (a form sent back with 400)
    is reported as "Failed to load resource" and is the test's business, not this guard's."""
    if message.type != "error" or message.text.startswith("Failed to load resource"):
        return None
    return f"console: {message.text}"


@pytest.fixture(autouse=True)
def no_policy_violations(browser, monkeypatch):
    """Issue 9, finding 7: every page must work under the Content-Security-Policy (no inline
    script or style) and the Permissions-Policy. Chromium reports a violation, and an uncaught
    script error, on the console: any of them fails the test."""
    problems: list[str] = []
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.on("console", lambda message: problems.append(_policy_problem(message)))
        context.on("weberror", lambda error: problems.append(f"uncaught: {error.error}"))
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield
    assert [problem for problem in problems if problem] == []


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.fixture
def demo_people(transactional_db, settings, people):
    """The cast, committed (a live server's thread reads it), signing in with the demo's
    password."""
    settings.DEMO_MODE = True
    return people


def sign_in(page, base_url: str, username: str) -> None:
    from ombud.demo.organizations import DEMO_PASSWORD

    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if "/login/second-factor/" in page.url:  # a role that asks for the authenticator app
        pass_second_factor(page, username)


def pass_second_factor(page, username: str) -> None:
    """Type the code of the person's authenticator app into the second step of signing in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.two_factor import code_of

    app = TOTPDevice.objects.get(user__username=username, confirmed=True)
    page.fill("#id_code", code_of(app))
    page.click("main form:not(.security-key) button[type=submit]")
    page.wait_for_load_state()


# -- the public side ----------------------------------------------------------------------------

WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Screenshots for a person to look at, taken when OMBUD_SHOTS names a folder: they assert
# nothing, and a full-page PNG of every page walked would cost the suite more than its axe runs.
SHOTS = os.environ.get("OMBUD_SHOTS", "")

# A small, real PDF (one empty page, a valid cross-reference table): what a complainant attaches.
SMALL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n166\n%%EOF\n"
)


@pytest.fixture
def public_site(demo_people, live_server, settings):
    """The five organizations behind a live server (documents in the test's own folder: the
    root conftest). The forms' proof of work is a real puzzle the browser solves and the server
    checks, only smaller: at the deployed size each page would cost its test seconds of CPU."""
    settings.OMBUD_PROOF_OF_WORK_MAX = 5_000
    return live_server.url


@pytest.fixture
def open_page(browser):
    """open_page(width=1280, height=900, language=None, base=None, **context options): a page
    in a fresh browser context (closed after the test); ``language`` sets the language cookie."""
    contexts = []

    def opener(width: int = 1280, height: int = 900, language: str | None = None,
               base: str | None = None, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        if language:
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        return context.new_page()

    yield opener
    for context in contexts:
        context.close()


def axe_run(page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is, as axe reports them.

    Only the violations come back from the page: axe's whole result (every rule that passed or
    did not apply, with its elements) is several times their size, and carrying it to Python
    cost as much as the run itself. ``resultTypes`` asks axe to detail only the violations; every
    rule of the tags runs as before."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("() => typeof axe === 'object'"):  # not already in this document
        page.evaluate(AXE_SCRIPT)
    return page.evaluate("options => axe.run(options).then(results => results.violations)",
                         {"runOnly": {"type": "tag", "values": WCAG_21_AA_TAGS},
                          "resultTypes": ["violations"]})


def wcag_violations(page) -> list[str]:
    """The violations (axe_run) with the first elements of each."""
    return [f"{v['id']}: {v['help']} at " + "; ".join(
                " ".join(map(str, node["target"])) for node in v["nodes"][:5])
            for v in axe_run(page)]


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0: no horizontal scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def keep(name: str, content: bytes) -> None:
    """A file to look at (a letter's PDF: pdftoppm -png -r 60), kept when OMBUD_SHOTS asks."""
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        with open(os.path.join(SHOTS, name), "wb") as kept:
            kept.write(content)


def screenshot(page, name: str) -> None:
    if not SHOTS:
        return
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def file_for_tracking(*, org: str, case_type: str, name: str = "Pieter de Vries",
                      email: str = "pieter@example.org", details: dict | None = None,
                      language: str = "nl"):
    """A web submission made through the service, as the form makes it: (case, private token)."""
    from django.utils import timezone
    from worker import run_worker

    from ombud.cases.services import PartyDetails
    from ombud.orgs.models import Organization
    from ombud.public import services

    organization = Organization.objects.get(slug=org)
    filing = services.Filing(
        procedure_id=f"{org}/{case_type}", title="Onheus bejegend door de examinator",
        language=language,
        complainant=PartyDetails(name, email, "", "Stationsweg 1, 3011 AB Rotterdam"),
        details={"text": "De examinator was onbeleefd.", "signed_on": timezone.localdate(),
                 "consent": True, **(details or {})},
        uploads=(services.Upload("bijlage.pdf", SMALL_PDF, "application/pdf"),))
    received = services.submission_receive(
        organization=organization, filing=filing, key=f"test-{org}-{case_type}-{email}-key",
        content="test-content", client="test-client", proof_of_work=True)
    run_worker()  # the receipt's PDF and mail, as the worker makes them after the POST
    return received.case, received.token


def case_awaiting_the_complainant(handler):
    """A Dutch DNV complaint filed on the web, acknowledged, the complainant invited to a
    hearing and the answer's deadline extended once, as a handler records it: its private page
    shows letters, a document, and the hearing, consent and withdrawal forms. (case, token)"""
    from django.utils import timezone

    from ombud.cases.services import case_step

    case, token = file_for_tracking(org="dnv", case_type="complaint",
                                    details={"filer": "candidate", "about": "conduct",
                                             "reasons": "Ik wil excuses."})
    today = timezone.localdate()
    case_step(case=case, event_type="acknowledged", on=today, actor=handler)
    case_step(case=case, event_type="hearing_invited", on=today, actor=handler,
              data={"term_weeks": 2})
    case_step(case=case, event_type="extended", on=today, actor=handler,
              data={"weeks": 4, "reason": "Wij wachten op de verklaring van de examinator."})
    return case, token

"""Finding 10 of issue 9 in a real browser: Debian's chromium with a virtual authenticator
(the Chrome DevTools Protocol's WebAuthn domain) registers a security key at the first
sign-in and signs in with it; the authenticator app path with a typed code; every page of the
second step without WCAG 2.1 AA violations and without sideways scrolling at 390 px."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from ombud.demo.organizations import DEMO_PASSWORD
from ombud.twofactor.models import SecurityKey
from tests.browser.conftest import horizontal_overflow, screenshot, wcag_violations
from tests.two_factor import code_of

pytestmark = pytest.mark.slow  # a real browser: seconds a test


@pytest.fixture
def phone(browser, live_server):
    """A 390 px wide page with a virtual security key (user presence and verification
    answered automatically), reading English."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "usb", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True}})
    yield page
    context.close()


def password(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def looks_right(page, name: str) -> None:
    screenshot(page, name)
    assert wcag_violations(page) == []
    assert horizontal_overflow(page) == 0


def test_f10_a_manager_registers_a_security_key_and_signs_in_with_it(phone, demo_people,
                                                                     live_server):
    page, base = phone, live_server.url
    TOTPDevice.objects.filter(user=demo_people["pp"]["manager"]).delete()
    password(page, base, "pp-manager")
    assert page.url == f"{base}/login/second-factor/setup/"
    looks_right(page, "two-factor-setup-390")

    page.fill("#id_name", "Virtual key")
    with page.expect_navigation():
        page.click("button[data-webauthn=create]")
    assert page.url == f"{base}/login/second-factor/recovery-codes/"
    assert page.locator(".recovery-codes li").count() == 10
    looks_right(page, "two-factor-recovery-codes-390")
    assert SecurityKey.objects.filter(user=demo_people["pp"]["manager"],
                                      name="Virtual key").exists()

    page.click("text=I have kept them: continue")
    assert page.url == f"{base}/pp/cases/"
    page.click("header .logout button")
    page.wait_for_load_state()

    password(page, base, "pp-manager")
    assert page.url == f"{base}/login/second-factor/"
    looks_right(page, "two-factor-key-390")
    with page.expect_navigation():
        page.click("button[data-webauthn=get]")
    assert page.url == f"{base}/pp/cases/"


def test_f10_a_manager_types_the_code_of_the_authenticator_app(open_page, demo_people,
                                                               live_server):
    base = live_server.url
    page = open_page(width=390, height=844, language="nb", base=base)
    password(page, base, "dnv-manager")
    assert page.url == f"{base}/login/second-factor/"
    page.fill("#id_code", "000000")
    page.click("main form:not(.security-key) button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#code-error").is_visible()
    looks_right(page, "two-factor-wrong-code-nb-390")

    TOTPDevice.objects.filter(user=demo_people["dnv"]["manager"]).update(
        throttling_failure_timestamp=None)  # the second's wait after a wrong code, passed
    app = TOTPDevice.objects.get(user=demo_people["dnv"]["manager"])
    page.fill("#id_code", code_of(app))
    page.click("main form:not(.security-key) button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{base}/"  or page.url.startswith(f"{base}/dnv/cases/")

"""Issue 9, finding 3 (attack3): demo mode must not leak into production. The demo seeds its
accounts with one authenticator-app secret printed in the source (DEMO_TOTP_KEY), so that the
demo needs no phone. A database that began as a demo and went live keeps those devices: outside
demo mode such an app is no second factor (anyone can compute its codes), and its person is led
to set up an app of their own."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from ombud.demo.organizations import DEMO_TOTP_KEY
from tests.two_factor import code_of

SECOND_STEP = "/login/second-factor/"
REAL_PASSWORD = "a real password, not the demo's"


def _went_live(settings, user) -> None:
    settings.DEMO_MODE = False
    user.set_password(REAL_PASSWORD)
    user.save()


def test_finding_3_the_demo_apps_public_secret_is_no_second_factor_outside_demo_mode(
        web, people, settings):
    manager = people["dnv"]["manager"]
    app = TOTPDevice.objects.get(user=manager, confirmed=True)
    assert app.key == DEMO_TOTP_KEY
    _went_live(settings, manager)

    web.post("/login/", {"username": "dnv-manager", "password": REAL_PASSWORD})
    web.post(SECOND_STEP, {"code": code_of(app)})

    assert "_auth_user_id" not in web.session
    assert web.get(SECOND_STEP)["Location"] == SECOND_STEP + "setup/"


def test_finding_3_the_demo_app_still_signs_in_in_demo_mode(web, people, settings):
    manager = people["dnv"]["manager"]
    app = TOTPDevice.objects.get(user=manager, confirmed=True)
    web.post("/login/", {"username": "dnv-manager", "password": "ombud-demo"})
    web.post(SECOND_STEP, {"code": code_of(app)})
    assert "_auth_user_id" in web.session

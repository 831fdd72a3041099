"""Finding 10, attacked (attack2): what held. A code seen once (over a shoulder, by a phishing
page relaying it) does not let a second browser in; a recovery code works once; the setup page
is no way around a factor already held; more wrong codes than allowed end the pending sign-in."""

from __future__ import annotations

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from test_two_factor_sign_in import SECOND_STEP, password, signed_in

from ombud.twofactor import services
from tests.two_factor import code_of


def browser() -> Client:
    client = Client(HTTP_HOST="localhost")
    client.cookies["django_language"] = "en"
    return client


def test_f10_a_code_used_once_does_not_let_a_second_browser_in(web, people):
    app = TOTPDevice.objects.get(user=people["dnv"]["manager"])
    code = code_of(app)
    other = browser()
    password(web, "dnv-manager")
    password(other, "dnv-manager")
    assert web.post(SECOND_STEP, {"code": code}).status_code == 302 and signed_in(web)
    other.post(SECOND_STEP, {"code": code})
    assert not signed_in(other)


def test_f10_a_recovery_code_works_once(web, people):
    user = people["pp"]["manager"]
    [code, *_] = services.recovery_codes_issue(user=user)
    other = browser()
    password(web, "pp-manager")
    password(other, "pp-manager")
    assert web.post(SECOND_STEP, {"code": code.upper()}).status_code == 302 and signed_in(web)
    other.post(SECOND_STEP, {"code": code})
    assert not signed_in(other)


def test_f10_the_setup_page_is_no_way_around_a_factor_already_held(web, people):
    user = people["dnv"]["manager"]
    password(web, "dnv-manager")
    assert web.get(SECOND_STEP + "setup/")["Location"] == SECOND_STEP
    response = web.post(SECOND_STEP + "setup/", {"code": "123456"})
    assert response["Location"] == SECOND_STEP and not signed_in(web)
    assert TOTPDevice.objects.filter(user=user).count() == 1  # no second app of the attacker's


def test_f10_too_many_wrong_codes_end_the_pending_sign_in(web, people, settings):
    settings.OMBUD_TWO_FACTOR_MAX_FAILURES = 3
    password(web, "dnv-manager")
    user = people["dnv"]["manager"]
    for _ in range(3):
        TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0,
                                                    throttling_failure_timestamp=None)
        web.post(SECOND_STEP, {"code": "000001"})
    app = TOTPDevice.objects.get(user=user)
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0,
                                                throttling_failure_timestamp=None)
    response = web.post(SECOND_STEP, {"code": code_of(app)})
    assert response["Location"] == "/login/" and not signed_in(web)

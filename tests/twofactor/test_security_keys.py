"""Finding 10 of issue 9: security keys and passkeys (WebAuthn), checked on the server by fido2.
A software authenticator (soft_authenticator.py) answers the pages' options as a browser with a
key would; the browser itself is exercised in tests/browser/test_two_factor_browser.py."""

from __future__ import annotations

import json

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from ombud.demo.organizations import DEMO_PASSWORD
from ombud.twofactor.models import SecurityKey
from tests.twofactor.soft_authenticator import SoftAuthenticator

SECOND_STEP = "/login/second-factor/"


def password(client, username: str):
    return client.post("/login/", {"username": username, "password": DEMO_PASSWORD})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def key_holder(web, people):
    """dnv-manager with a security key (registered through the setup page) and no app;
    signed out again. Returns the authenticator."""
    TOTPDevice.objects.filter(user=people["dnv"]["manager"]).delete()
    authenticator = SoftAuthenticator()
    password(web, "dnv-manager")
    options = web.get(SECOND_STEP + "setup/").context["key_options"]
    response = web.post(SECOND_STEP + "setup/", {"credential": authenticator.register(options),
                                                 "name": "YubiKey 5"})
    assert response["Location"] == SECOND_STEP + "recovery-codes/"
    web.post("/logout/")
    return authenticator


def test_f10_a_security_key_is_registered_at_setup(key_holder, people):
    key = SecurityKey.objects.get(user=people["dnv"]["manager"])
    assert key.name == "YubiKey 5" and bytes(key.credential_id) == key_holder.credential_id


def test_f10_a_security_key_signs_in(web, key_holder):
    password(web, "dnv-manager")
    page = web.get(SECOND_STEP)
    assert b'data-webauthn="get"' in page.content
    response = web.post(SECOND_STEP, {"credential": key_holder.sign(page.context["key_options"])})
    assert response.status_code == 302 and signed_in(web)
    assert web.get("/dnv/cases/").status_code == 200


def test_f10_an_answer_to_another_challenge_is_refused(web, key_holder):
    password(web, "dnv-manager")
    old_options = web.get(SECOND_STEP).context["key_options"]
    web.get(SECOND_STEP)  # a new challenge replaces the old one
    response = web.post(SECOND_STEP, {"credential": key_holder.sign(old_options)})
    assert response.status_code == 200 and not signed_in(web)


def test_f10_a_key_whose_counter_does_not_go_up_is_refused_as_a_copy(web, key_holder):
    password(web, "dnv-manager")
    response = web.post(SECOND_STEP, {"credential": key_holder.sign(
        web.get(SECOND_STEP).context["key_options"], counter_step=5)})
    assert signed_in(web)
    web.post("/logout/")
    key_holder.counter -= 5  # a clone of the key, made before those five uses
    password(web, "dnv-manager")
    response = web.post(SECOND_STEP, {"credential": key_holder.sign(
        web.get(SECOND_STEP).context["key_options"])})
    assert response.status_code == 200 and not signed_in(web)


def test_f10_an_answer_from_another_site_is_refused(web, key_holder):
    key_holder.origin = "https://ombud.attacker.example"
    password(web, "dnv-manager")
    response = web.post(SECOND_STEP, {"credential": key_holder.sign(
        web.get(SECOND_STEP).context["key_options"])})
    assert response.status_code == 200 and not signed_in(web)


def test_f10_another_persons_key_does_not_sign_in(web, people, key_holder):
    stranger = SoftAuthenticator()
    password(web, "dnv-manager")
    response = web.post(SECOND_STEP, {"credential": stranger.sign(
        web.get(SECOND_STEP).context["key_options"])})
    assert response.status_code == 200 and not signed_in(web)


@pytest.mark.parametrize("garbage", [
    "{", "[]", "null", '{"id": 1}', json.dumps({"id": "AA", "rawId": "AA", "type": "public-key",
                                                "response": {"clientDataJSON": "e30"}}),
    "x" * 20_000, "\u0000\ud7ff",
])
def test_f10_a_malformed_key_answer_is_a_wrong_answer_never_a_500(web, key_holder, garbage):
    password(web, "dnv-manager")
    web.get(SECOND_STEP)
    response = web.post(SECOND_STEP, {"credential": garbage})
    assert response.status_code in (200, 302) and not signed_in(web)


def test_f10_keys_are_offered_only_under_a_host_name(client, key_holder):
    """Browsers refuse WebAuthn on a bare IP address: there the page offers codes only."""
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    password(client, "dnv-manager")
    page = client.get(SECOND_STEP)
    assert page.status_code == 200 and b"data-webauthn" not in page.content


def test_f10_a_signed_in_manager_adds_a_key_and_renews_recovery_codes(web, people):
    from ombud.twofactor.models import RecoveryCodes
    from ombud.twofactor.services import recovery_codes_issue

    manager = people["pp"]["manager"]
    old_codes = recovery_codes_issue(user=manager)
    web.force_login(manager)
    page = web.get("/login/second-factor/me/")
    assert page.status_code == 200 and b"10 codes left" in page.content
    authenticator = SoftAuthenticator()
    response = web.post("/login/second-factor/me/", {
        "credential": authenticator.register(page.context["key_options"]), "name": "Nøkkel"})
    assert response.status_code == 302
    key = SecurityKey.objects.get(user=manager)

    response = web.post("/login/second-factor/me/recovery-codes/")
    assert response["Location"] == SECOND_STEP + "recovery-codes/"
    assert b"<code>" in web.get(response["Location"]).content
    assert RecoveryCodes.objects.get(user=manager).digests  # a new set ...
    web.post("/logout/")
    password(web, "pp-manager")
    assert web.post(SECOND_STEP, {"code": old_codes[0]}).status_code == 200  # ... the old gone
    response = web.post(SECOND_STEP, {"credential": authenticator.sign(
        web.get(SECOND_STEP).context["key_options"])})
    assert signed_in(web)

    TOTPDevice.objects.filter(user=manager).delete()
    response = web.post(f"/login/second-factor/me/keys/{key.pk}/remove/")
    assert SecurityKey.objects.filter(pk=key.pk).exists()  # the last factor of a manager stays


def test_f10_nobody_removes_another_persons_key(web, people, key_holder):
    key = SecurityKey.objects.get(user=people["dnv"]["manager"])
    web.force_login(people["pp"]["manager"])
    assert web.post(f"/login/second-factor/me/keys/{key.pk}/remove/").status_code == 404
    assert SecurityKey.objects.filter(pk=key.pk).exists()

"""Test helpers for two-factor sign-in (finding 10 of issue 9).

``force_login`` in a test means "signed in": since staff who need a second factor are not
signed in without one, the root conftest makes ``Client.force_login`` also record their
authenticator app in the session, as the second step of the login page does. Tests of the
second step itself sign in through the pages (``/login/``, ``/login/second-factor/``)."""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the person's authenticator app shows now (or ``steps_ahead`` steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def complete_second_factor(client, user) -> None:
    """Mark the client's session as having passed ``user``'s second factor, when they need one
    (an app with a fresh secret is set up for someone who has none)."""
    from ombud.twofactor.selectors import authenticator_app_of, second_factor_needed

    if not second_factor_needed(user):
        return
    device = authenticator_app_of(user) or TOTPDevice.objects.create(user=user, name="test app")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

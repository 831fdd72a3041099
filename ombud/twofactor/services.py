"""The second step of signing in, after the password was checked.

A correct password does not sign a person in when they need a second factor: the session only
remembers whom the password was for (a *pending* sign-in, for a few minutes). Django's
``login`` runs once the second factor was given, together with ``django_otp.login``, so that
no staff page, and not the admin, ever sees a session that passed only the password. Wrong
codes count: each device slows down after a failure (django-otp's throttling, which outlives the
session), and after ``OMBUD_TWO_FACTOR_MAX_FAILURES`` the pending sign-in ends and the password
has to be given again (where the sign-in lockout counts)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from io import BytesIO

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ombud.twofactor import selectors
from ombud.twofactor.models import RECOVERY_CODE_COUNT, RecoveryCodes, digest, normalize_code

PENDING = "twofactor_pending"
FRESH_CODES = "twofactor_fresh_codes"


@dataclass(frozen=True)
class Pending:
    user: object
    next_url: str
    failures: int


def pending_start(request, *, user, next_url: str) -> None:
    """Remember that ``user`` gave the right password; a new session key, as at any sign-in."""
    request.session.cycle_key()
    request.session[PENDING] = {"user": user.pk, "backend": getattr(user, "backend", None),
                                "next": next_url, "since": time.time(), "failures": 0}


def pending_of(request) -> Pending | None:
    """The pending sign-in of this session, unless it is too old or its person is gone."""
    state = request.session.get(PENDING)
    if not isinstance(state, dict):
        return None
    if time.time() - state.get("since", 0) > settings.OMBUD_TWO_FACTOR_PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = get_user_model().objects.filter(pk=state.get("user"), is_active=True).first()
    if user is None:
        return None
    return Pending(user=user, next_url=state.get("next") or "/", failures=state["failures"])


def pending_failure(request) -> bool:
    """Counts a wrong code; True when that was one too many and the pending sign-in ended."""
    state = request.session[PENDING]
    state["failures"] += 1
    request.session.modified = True
    if state["failures"] >= settings.OMBUD_TWO_FACTOR_MAX_FAILURES:
        request.session.pop(PENDING)
        return True
    return False


def pending_finish(request, *, device) -> str:
    """Sign the pending person in, verified by ``device``; returns where they were going."""
    state = request.session.pop(PENDING)
    user = device.user
    auth.login(request, user, backend=state["backend"])
    django_otp.login(request, device)
    return state["next"]


def pending_resume(request) -> None:
    """A signed-in session that lacks the second factor it needs (signed in before the rule
    applied to it, or through another door) becomes a pending sign-in again."""
    user = request.user
    backend = request.session.get(auth.BACKEND_SESSION_KEY)
    next_url = request.get_full_path() if request.method == "GET" else settings.LOGIN_REDIRECT_URL
    auth.logout(request)
    user.backend = backend
    pending_start(request, user=user, next_url=next_url)


# -- codes --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CodeCheck:
    device: object | None = None  # the device that took the code
    wait_seconds: int = 0  # >0: the device refuses codes for this long after earlier failures


def code_verify(*, user, code: str) -> CodeCheck:
    """A six-digit code goes to the authenticator app, anything else to the recovery codes."""
    text = normalize_code(code)
    if text.isdigit() and len(text) in (6, 8):
        device = selectors.authenticator_app_of(user)
    else:
        device = RecoveryCodes.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return CodeCheck()
    allowed, why = device.verify_is_allowed()
    if not allowed:
        remaining = (why["locked_until"] - timezone.now()).total_seconds()
        return CodeCheck(wait_seconds=max(1, int(remaining + 0.999)))
    return CodeCheck(device=django_otp.verify_token(user, device.persistent_id, text))


# -- setting up ---------------------------------------------------------------------------------

def authenticator_app_start(*, user) -> TOTPDevice:
    """The authenticator app being set up: a new secret, kept unconfirmed until a code from the
    app proves the person holds it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator app",
                                               confirmed=False)


def authenticator_app_confirm(*, user, code: str) -> TOTPDevice | None:
    with transaction.atomic():
        device = (TOTPDevice.objects.select_for_update()
                  .filter(user=user, confirmed=False).first())
        if device is None or not device.verify_token(normalize_code(code)):
            return None
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # one app at a time
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def recovery_codes_issue(*, user) -> list[str]:
    """A new set of recovery codes, replacing any earlier set; returned once, never stored."""
    codes = [RecoveryCodes.new_code() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        RecoveryCodes.objects.filter(user=user).delete()
        RecoveryCodes.objects.create(user=user, name="recovery codes",
                                     digests=[digest(code) for code in codes])
    return codes


def qr_code_svg(device: TOTPDevice) -> str:
    """The app's setup link as an SVG QR code, drawn here: the secret never leaves the server
    for a third party."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage,
                        border=2)
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg"):]


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for an app that cannot scan."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))

"""The second factors a person can hold besides django-otp's TOTP device: security keys and
passkeys (WebAuthn, checked with fido2) and recovery codes kept only as SHA-256.

Both are django-otp devices, so that ``django_otp.login`` records them in the session and
``user.is_verified()`` (django-otp's middleware) knows a session that passed its second factor."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

RECOVERY_CODE_COUNT = 10
# 16 characters of base32 (80 bits): plain SHA-256 is then as good as a slow hash.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def normalize_code(text: str) -> str:
    """A typed code without spaces, dashes and case: what was printed, however it was copied."""
    return "".join(ch for ch in text.lower() if ch.isalnum())[:64]


def digest(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


class SecurityKey(TimestampMixin, Device):
    """A WebAuthn credential: a security key, or a passkey in a phone or a computer."""

    credential_id = models.BinaryField(max_length=1023, unique=True)
    # fido2's AttestedCredentialData as bytes: the credential id and its public key.
    credential_data = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)

    class Meta(Device.Meta):
        verbose_name = _("security key")
        verbose_name_plural = _("security keys")


class RecoveryCodes(ThrottlingMixin, TimestampMixin, Device):
    """A set of single-use codes for the day the phone or key is lost. Only their SHA-256 is
    kept; a code that was used is struck from the list."""

    digests = models.JSONField(default=list)

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        """Strikes the code if it is one of ours. Call inside a transaction, the row loaded
        for update (``django_otp.verify_token`` does both), so a code works exactly once."""
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        wanted = digest(str(token))
        if not any(secrets.compare_digest(wanted, known) for known in self.digests):
            self.throttle_increment()
            return False
        self.digests = [known for known in self.digests if known != wanted]
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True

    @staticmethod
    def new_code() -> str:
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        return "-".join(raw[i:i + 4] for i in range(0, 16, 4))

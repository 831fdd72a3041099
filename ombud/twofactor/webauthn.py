"""Security keys and passkeys (WebAuthn), checked by Yubico's fido2 library.

The relying party is the site's own host name (``OMBUD_WEBAUTHN_RP_ID`` when the staff reach
Ombud under several names); the browser refuses WebAuthn on a bare IP address, so the pages
offer keys only under a name (``localhost`` included). The challenge lives in the session between
the page that asks and the form that answers; each is used once."""

from __future__ import annotations

import ipaddress
import json
import logging

from django.conf import settings
from django.db import transaction
from fido2.server import Fido2Server
from fido2.webauthn import (
    AttestedCredentialData,
    AuthenticationResponse,
    PublicKeyCredentialRpEntity,
    PublicKeyCredentialUserEntity,
    UserVerificationRequirement,
)

from ombud.twofactor.models import SecurityKey

logger = logging.getLogger(__name__)
STATE = "twofactor_webauthn"
MAX_RESPONSE_CHARS = 16_000  # a real answer is about 1-2 KB


def relying_party_id(request) -> str | None:
    """The RP ID for this request, or None where WebAuthn cannot work (an IP address)."""
    if settings.OMBUD_WEBAUTHN_RP_ID:
        return settings.OMBUD_WEBAUTHN_RP_ID
    host = request.get_host().rsplit(":", 1)[0].strip("[]") if request.get_host() else ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host or None
    return None


def _server(request) -> Fido2Server:
    return Fido2Server(PublicKeyCredentialRpEntity(id=relying_party_id(request), name="Ombud"))


def registration_options(request, *, user) -> dict | None:
    """What ``navigator.credentials.create`` needs, as JSON-ready data; None without an RP ID."""
    if relying_party_id(request) is None:
        return None
    existing = [AttestedCredentialData(bytes(key.credential_data))
                for key in SecurityKey.objects.filter(user=user)]
    options, state = _server(request).register_begin(
        PublicKeyCredentialUserEntity(id=str(user.pk).encode(), name=user.get_username(),
                                      display_name=user.get_full_name() or user.get_username()),
        credentials=existing, user_verification=UserVerificationRequirement.DISCOURAGED)
    request.session[STATE] = state
    return dict(options)["publicKey"]


def registration_complete(request, *, user, response: str, name: str) -> SecurityKey | None:
    """Store the new key if the browser's answer holds up; None (logged) if it does not."""
    state = request.session.pop(STATE, None)
    if state is None or not response or len(response) > MAX_RESPONSE_CHARS:
        return None
    try:
        auth_data = _server(request).register_complete(state, json.loads(response))
    except Exception as error:  # noqa: BLE001 - hostile input reaches fido2's parsers
        logger.info("security key registration refused: %s", type(error).__name__)
        return None
    credential = auth_data.credential_data
    if SecurityKey.objects.filter(credential_id=credential.credential_id).exists():
        return None
    return SecurityKey.objects.create(user=user, name=name[:64] or "security key",
                                      credential_id=credential.credential_id,
                                      credential_data=bytes(credential),
                                      sign_count=auth_data.counter)


def authentication_options(request, *, user) -> dict | None:
    """What ``navigator.credentials.get`` needs for this person's keys; None if they have none
    or the host cannot do WebAuthn."""
    keys = list(SecurityKey.objects.filter(user=user, confirmed=True))
    if not keys or relying_party_id(request) is None:
        return None
    options, state = _server(request).authenticate_begin(
        [AttestedCredentialData(bytes(key.credential_data)) for key in keys],
        user_verification=UserVerificationRequirement.DISCOURAGED)
    request.session[STATE] = state
    return dict(options)["publicKey"]


def authentication_complete(request, *, user, response: str) -> SecurityKey | None:
    """The key that signed this session's challenge, or None. A signature counter that did not
    go up means a copied key: refused."""
    state = request.session.pop(STATE, None)
    if state is None or not response or len(response) > MAX_RESPONSE_CHARS:
        return None
    keys = {bytes(key.credential_id): key
            for key in SecurityKey.objects.filter(user=user, confirmed=True)}
    try:
        answer = json.loads(response)
        credential = _server(request).authenticate_complete(
            state, [AttestedCredentialData(bytes(k.credential_data)) for k in keys.values()],
            answer)
        counter = AuthenticationResponse.from_dict(answer).response.authenticator_data.counter
    except Exception as error:  # noqa: BLE001 - hostile input reaches fido2's parsers
        logger.info("security key sign-in refused: %s", type(error).__name__)
        return None
    with transaction.atomic():
        key = SecurityKey.objects.select_for_update().get(pk=keys[credential.credential_id].pk)
        if (counter or key.sign_count) and counter <= key.sign_count:
            logger.warning("security key %s: signature counter did not increase", key.pk)
            return None
        key.sign_count = counter
        key.set_last_used_timestamp(commit=False)
        key.save(update_fields=["sign_count", "last_used_at"])
    return key

"""Private links: 256-bit tokens derived from the server's secret and a random salt per link,
kept only as their SHA-256; mail holds a placeholder for them until the moment it is sent."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from django.conf import settings

SALT_BYTES = 16
PLACEHOLDER = re.compile(r"\[private-link:(\d+)\]")


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


def token_for(link_id: int, salt: str) -> str:
    """43 URL-safe characters; the same link always gives the same token."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"track:{link_id}:{salt}".encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def placeholder(link_id: int) -> str:
    return f"[private-link:{link_id}]"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(token: str) -> bool:
    """Cheap check before touching the database: right length and alphabet."""
    return 40 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)

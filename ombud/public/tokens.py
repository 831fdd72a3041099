"""Private links: 256-bit tokens derived from the server's secret and a random salt per link,
kept only as their SHA-256. Mail names the link by its id; the outbox derives the token at the
moment it sends. After a key rotation (OMBUD_SECRET_KEY_FALLBACKS) a link keeps the token it was
made with: the lookup is by hash, and mail finds the key whose token matches the stored hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

SALT_BYTES = 16


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


def token_for(link_id: int | None, salt: str, key: str | None = None) -> str:
    """43 URL-safe characters; the same link and key always give the same token. New links
    take the current key, and their salt alone (``link_id`` None): the row is then written once,
    its hash with it, before its id is known. Links made before were keyed with their id too.
    """
    key = settings.SECRET_KEY if key is None else key
    message = f"track:{salt}" if link_id is None else f"track:{link_id}:{salt}"
    digest = hmac.new(key.encode(), message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_of(link_id: int, salt: str, stored_hash: str) -> str | None:
    """The token of an existing link: the one, under the current key or a former one still
    listed, of either form, whose hash is the one stored. None when the key it was made with
    is gone."""
    for key in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        for made_with in (None, link_id):
            token = token_for(made_with, salt, key)
            if hmac.compare_digest(token_hash(token), stored_hash):
                return token
    return None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(token: str) -> bool:
    """Cheap check before touching the database: right length and alphabet."""
    return 40 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)

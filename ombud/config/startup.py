"""What a real installation must configure before Ombud starts (issue 9, findings 3 and 7).

Checked while the settings load, so that the web server, the worker, every management command
and every `ombud` command that touches Django refuse alike: one line on standard error naming
the variable, exit status 1, no traceback (SystemExit). Demo and test mode are exempt: the demo
runs on one machine with the public development key, the tests with their own backends.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from ombud.config.env import ConfigurationError, env_bool

# The development key is printed in the source: anyone holding a database backup could compute
# every private link with it (tokens are HMACs of the key and a stored salt).
DEVELOPMENT_KEY = "ombud-insecure-development-key-change-me"
KNOWN_KEYS = frozenset({DEVELOPMENT_KEY, "change-me", "changeme", "secret"})
MIN_KEY_LENGTH = 50  # Django's own check (security.W009) asks for 50 characters
MIN_KEY_DISTINCT_CHARACTERS = 5
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def key_weakness(key: str) -> str | None:
    """Why a key is unfit outside demo mode, or None."""
    # Lengthened or padded, the published key stays published: only what was added is secret.
    if key in KNOWN_KEYS or key.startswith("django-insecure-") or DEVELOPMENT_KEY in key:
        return "is a published example key"
    if key.startswith("<"):
        return "is the placeholder of docs/operating.md"
    if len(key) < MIN_KEY_LENGTH or len(set(key)) < MIN_KEY_DISTINCT_CHARACTERS:
        return f"is shorter than {MIN_KEY_LENGTH} characters or too uniform"
    return None


def secret_keys(environ: Mapping[str, str], *, relaxed: bool) -> tuple[str, list[str]]:
    """(SECRET_KEY, SECRET_KEY_FALLBACKS) from OMBUD_SECRET_KEY and the comma-separated
    OMBUD_SECRET_KEY_FALLBACKS (older keys: links and mail made with them keep working until
    they are dropped from the list). ``relaxed`` (demo, tests) allows the development key."""
    key = environ.get("OMBUD_SECRET_KEY", "")
    fallbacks = [part.strip() for part in environ.get("OMBUD_SECRET_KEY_FALLBACKS", "").split(",")
                 if part.strip()]
    if relaxed:
        return key or DEVELOPMENT_KEY, fallbacks
    if not key:
        raise ConfigurationError(
            "OMBUD_SECRET_KEY is not set: generate one with `python -c \"import secrets; "
            "print(secrets.token_urlsafe(50))\"` (see docs/operating.md)")
    weakness = key_weakness(key)
    if weakness:
        raise ConfigurationError(
            f"OMBUD_SECRET_KEY {weakness}: generate a new one (see docs/operating.md)")
    for number, fallback in enumerate(fallbacks, start=1):
        weakness = key_weakness(fallback)
        if weakness:
            raise ConfigurationError(f"OMBUD_SECRET_KEY_FALLBACKS: key {number} {weakness}")
    return key, fallbacks


def debug(environ: Mapping[str, str], *, relaxed: bool) -> bool:
    """DEBUG from OMBUD_DEBUG. Its pages show a failing request's variables (names, case text)
    and every URL to whoever causes the failure: outside demo and test mode it is refused."""
    wanted = env_bool("OMBUD_DEBUG", False)
    if wanted and not relaxed:
        raise ConfigurationError("OMBUD_DEBUG is set outside demo mode: its pages show personal "
                                 "data to anyone; remove it (see docs/operating.md)")
    return wanted


def email_backend(environ: Mapping[str, str], *, relaxed: bool) -> str:
    """The mail backend. Outside demo and test mode it must be named: the file backend, the
    default, would otherwise silently "send" every letter to a folder."""
    backend = environ.get("OMBUD_EMAIL_BACKEND", "")
    if backend:
        return backend
    if relaxed:
        return FILE_BACKEND
    raise ConfigurationError("OMBUD_EMAIL_BACKEND is not set: name the mail backend, e.g. "
                             "django.core.mail.backends.smtp.EmailBackend (see docs/operating.md)")


def origin(url: str) -> str:
    """scheme://host[:port] of a URL: what a browser sends as Origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """SECURE_PROXY_SSL_HEADER from OMBUD_TLS_PROXY_HEADER: a header name the TLS proxy sets
    (``X-Forwarded-Proto``; it means HTTPS when its value is ``https``), or ``Name=value``."""
    if not value.strip():
        return None
    name, _, expected = value.partition("=")
    meta_name = "HTTP_" + name.strip().upper().replace("-", "_")
    return meta_name, (expected.strip() or "https")


def relaxed_mode() -> bool:
    """Demo mode (OMBUD_DEMO) or test mode (OMBUD_TEST, set for pytest in pyproject.toml)."""
    return env_bool("OMBUD_DEMO", False) or env_bool("OMBUD_TEST", False)

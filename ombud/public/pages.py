"""What every public page does: speak the person's language, and keep a page whose address
holds a private link out of caches, referrers and search engines."""

from __future__ import annotations

from django.utils import translation

LANGUAGE_COOKIE = "django_language"
LANGUAGES = ("nb", "nl", "en")


def speak(request, default: str | None = None) -> None:
    """The language the person chose (cookie); else ``default`` (the organization's, the
    case's); else what their browser asks for."""
    chosen = request.COOKIES.get(LANGUAGE_COOKIE)
    if chosen not in LANGUAGES:
        chosen = default or translation.get_language_from_request(request)
    translation.activate(chosen)
    request.LANGUAGE_CODE = translation.get_language()


def private(response):
    """The token is in the URL: keep it out of caches, referrers and search engines."""
    response["Cache-Control"] = "no-store"
    # same-origin, not no-referrer: the page's own forms must send an Origin the CSRF check
    # accepts, while no other site ever sees the address.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response

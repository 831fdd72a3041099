"""No signed-in session without the second factor it needs, whatever door it came through.

Signing in through the login page never produces such a session (``services``); this catches
the rest: a session signed in before a rule applied to its person (a new role, an organization
that now asks everyone), or one made by another way in. It becomes a pending sign-in again and
is sent to the second step, so no staff page and not the admin is reached without it."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject, empty

from ombud.twofactor import selectors, services


class SecondFactorMiddleware:
    """Install after django_otp.middleware.OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user = _opened(request.user)
        if (user.is_authenticated and not user.is_verified()
                and selectors.second_factor_needed(user)):
            services.pending_resume(request)
            return redirect("twofactor:verify")
        return self.get_response(request)


def _opened(user):
    """The person behind the lazy ``request.user``, opened on every request here anyway. It is
    wrapped twice (Django's authentication, then django-otp's around it), and the views and
    selectors after this filter their queries by ``request.user``: through the wrappers the ORM
    paid a proxied attribute lookup for each of its many looks at it."""
    while isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user

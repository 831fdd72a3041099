"""Staff who leave a signed-in browser alone are signed out (issue 9, finding 7).

A staff request more than OMBUD_SESSION_IDLE_MINUTES after the previous one signs the person out
and leads to the sign-in page, with a notice that says why. Public pages (the form, the receipt,
the tracking page) neither count as activity nor sign anyone out: a complainant's page never
depends on a staff session.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

LAST_SEEN = "ombud_last_seen"
# The time of the last request is written at most once a minute: a session write per request
# would cost every page a database write for a precision nobody needs.
WRITE_EVERY_SECONDS = 60
# Pages that need no staff session; everything else (staff pages, the admin) does.
_OPEN_NAMESPACES = {"public"}
_OPEN_URL_NAMES = {"login", "logout", "set_language", "password_reset", "password_reset_sent",
                   "password_reset_confirm", "password_reset_complete"}


class StaffIdleSignOut:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or _open_to_everyone(request.resolver_match):
            return None
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN)
        idle_minutes = settings.OMBUD_SESSION_IDLE_MINUTES
        if last_seen is not None and now - last_seen > idle_minutes * 60:
            return _sign_out(request, idle_minutes)
        if last_seen is None or now - last_seen >= WRITE_EVERY_SECONDS:
            request.session[LAST_SEEN] = now
        return None


def activity_starts_at_sign_in(sender, request, user, **kwargs) -> None:
    """Signing in is activity: the first page after it need not write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


def _open_to_everyone(match) -> bool:
    return bool(set(match.namespaces) & _OPEN_NAMESPACES) or match.url_name in _OPEN_URL_NAMES


def _sign_out(request, idle_minutes: int):
    logout(request)
    messages.info(request, _("You were signed out after %(minutes)s minutes without activity. "
                             "Sign in again to go on.") % {"minutes": idle_minutes})
    return redirect_to_login(request.get_full_path())


class ProcedureUnavailable:
    """A procedure an organization enabled that cannot be read (a misspelt id, a bundle removed
    or broken by an edit) answers with a clear page in the reader's language, never a 500: the
    public reads that the form is closed for now and how else to reach the organization; its
    members read what is wrong, for their administrator to mend. The error is logged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from ombud.domain.loader import ProcedureError, UnknownProcedure

        if not isinstance(exception, ProcedureError | UnknownProcedure):
            return None
        return procedure_unavailable(request, exception)


def answers_unavailable_procedure(view):
    """The same page for a view run outside the middleware's reach (the public form runs in
    its turn from ``process_view``, where no ``process_exception`` sees its errors)."""
    from functools import wraps

    @wraps(view)
    def answered(request, *args, **kwargs):
        from ombud.domain.loader import ProcedureError, UnknownProcedure

        try:
            return view(request, *args, **kwargs)
        except (ProcedureError, UnknownProcedure) as error:
            return procedure_unavailable(request, error)

    return answered


def procedure_unavailable(request, exception):
    import logging

    from django.shortcuts import render

    from ombud.orgs.models import Organization
    from ombud.orgs.selectors import roles_of

    # %r: a path or an id typed by someone cannot start a line of its own in the log
    logging.getLogger(__name__).error("procedure unavailable on %r: %r", request.path,
                                      str(exception))
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("org") if match else None
    organization = Organization.objects.filter(slug=slug).first() if slug else None
    member = bool(organization and request.user.is_authenticated
                  and roles_of(request.user, organization))
    return render(request, "orgs/procedure_unavailable.html", {
        "place": organization, "member": member,
        **(_problem_words(exception) if member else {})}, status=503)


def _problem_words(exception) -> dict:
    """What is wrong, for the members: a sentence in their language, and where the file's
    checker found a mistake, its own line as ``ombud procedure validate`` prints it (in
    English, like the file's keys), for the administrator to search the file for."""
    from django.utils import translation

    from ombud.domain import messages as words
    from ombud.domain.loader import UnknownProcedure

    if isinstance(exception, UnknownProcedure):
        if exception.version is not None:
            text = _("The procedure “%(id)s” has no version “%(version)s”.")
        elif exception.on is not None:
            text = _("No version of the procedure “%(id)s” was in force on %(day)s.")
        else:
            text = _("No procedure “%(id)s” is installed: the name is misspelt, or its bundle "
                     "was removed.")
        lang = (translation.get_language() or "en")[:2]
        return {"problem_words": text % {
            "id": exception.procedure_id, "version": exception.version,
            "day": words.format_date(exception.on, lang) if exception.on else ""}}
    changed = getattr(exception, "version", None)  # cases.versions_in_use.ChangedVersion
    if changed:
        return {"problem_words": _(
            "The version “%(version)s” of the procedure “%(id)s” (%(file)s) was changed after "
            "cases were opened under it, which would change their deadlines. Publish the "
            "change as a new version (a new file with a later valid_from) and put the file "
            "back as it was.") % {"version": changed, "id": exception.procedure_id,
                                  "file": exception.file},
            "problem": str(exception)}
    return {"problem_words": _("The file %(file)s cannot be used.") % {"file": exception.file},
            "problem": str(exception.key and f"{exception.key}: {exception.problem}"
                           or exception.problem)}

"""Who reaches a staff page, asked once, before the view runs.

``org_view``: a member of the organization in the URL (else 404), speaking its language.
``case_view(action)``: one case the person may read (else 404); with an action, the permission
table (``ombud.cases.permissions``) is asked first, and a person it does not allow gets the
refusal page (403) with the reason. ``roles_allow(check, reason)`` does the same for a page
that is about no case yet (registering one). The services ask the table again, under the lock,
whoever calls them; a refusal they raise meanwhile is shown the same way."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import translation

from ombud.cases import permissions, selectors
from ombud.cases.forms import STEP_LABELS
from ombud.cases.services.chain import procedure_of
from ombud.domain.checked_once import files_checked_once
from ombud.domain.declared_schema import KEY as DECLARED_KEY
from ombud.orgs.selectors import organization_and_roles

LANGUAGE_COOKIE = "django_language"

READ = None  # ``case_view(READ)``: reading the file, which whoever may read the case may do
STEP_IN_URL = "the step named in the URL"  # ``case_view(STEP_IN_URL)``: recording that step


def org_view(view):
    """Resolve the organization from the URL for a member (else 404) and speak its language,
    unless the person chose another one."""

    @login_required
    @wraps(view)
    def wrapper(request, org: str, *args, **kwargs):
        organization, roles = organization_and_roles(request.user, org)
        chosen = request.COOKIES.get(LANGUAGE_COOKIE)
        translation.activate(chosen if chosen in ("nb", "nl", "en") else organization.language)
        request.LANGUAGE_CODE = translation.get_language()
        request.organization = organization
        request.roles = roles
        with files_checked_once():  # the page and its menu ask for the procedures many times
            return view(request, organization, *args, **kwargs)

    return wrapper


def readable_cases(request):
    """The cases the signed-in person may read in the page's organization
    (``selectors.cases_for``), asked once per request: the queue and the menu's count of
    unread notifications both need them (each asking cost a query for the person's bodies)."""
    cases = getattr(request, "_readable_cases", None)
    if cases is None:
        cases = request._readable_cases = selectors.cases_for(
            request.user, request.organization, getattr(request, "roles", frozenset()))
    return cases


def refused(request, organization, reason: str, case=None):
    """A refusal as a page of the site (403): the reason in the person's language and the way
    back to the case. A handler whose case a manager took over while the form was open must
    see why, not a bare line of text with no way back."""
    return render(request, "cases/refused.html",
                  {"organization": organization, "reason": reason, "case": case}, status=403)


def refusal_for(request, case, action: str) -> str | None:
    """Why the signed-in person may not record ``action`` on ``case`` now, or None."""
    return permissions.refusal(person=request.user, case=case, action=action,
                               roles=request.roles)


def case_view(action: str | None = READ):
    """A staff page about one case, found among those the person may read (else 404, as if it
    did not exist). ``action``: what the page records, asked of the permission table first;
    ``STEP_IN_URL`` for the step the URL names (a step no form knows is 404)."""

    def decorate(view):
        @org_view
        @wraps(view)
        def wrapper(request, organization, reference: str, **kwargs):
            wanted = kwargs.get("event_type") if action == STEP_IN_URL else action
            own_step = action == STEP_IN_URL and wanted not in STEP_LABELS
            if own_step and not DECLARED_KEY.match(wanted):
                raise Http404
            case = selectors.case_for(request.user, organization, request.roles, reference,
                                      readable=readable_cases(request))
            if own_step and procedure_of(case).declared(wanted) is None:
                raise Http404  # a step neither Ombud's nor declared by the case's procedure
            if wanted is not None and (reason := refusal_for(request, case, wanted)):
                return refused(request, organization, reason, case)
            try:
                return view(request, organization, case, **kwargs)
            except permissions.NotPermitted as refusal:  # the service's own check, under lock
                return refused(request, organization, refusal.reason, case)

        return wrapper

    return decorate


def roles_allow(check: Callable[[frozenset[str]], bool], reason):
    """For an ``org_view`` about no case yet: a person whose roles ``check`` refuses gets the
    refusal page (403) with ``reason``."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, organization, *args, **kwargs):
            if not check(request.roles):
                return refused(request, organization, str(reason))
            return view(request, organization, *args, **kwargs)

        return wrapper

    return decorate

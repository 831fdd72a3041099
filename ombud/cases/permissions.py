"""The one check of who may do what in a case, used by every staff view and every service.

The table itself is data (``ombud.domain.access``: a default, and a procedure's ``[access]``
rows); this module applies it to a person, their roles in the case's organization and the case:

- the role must be allowed the action under the case's procedure;
- once a case has a handler, handling, deciding, answering and closing are theirs alone, or a
  manager's who took the case over first (``taken_over``, recorded) (AV-09, GL-10, PP-14);
- further checks, each a small function (``STEP_CHECKS``), may refuse one step for one person.

Only staff are checked here: the complainant acts through their private link and the system
(the nightly sweep) through the services directly; neither is a signed-in user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from ombud.domain.access import HANDLER_ONLY, MANAGERS_MAY_REAPPOINT, Access
from ombud.domain.loader import find_procedure
from ombud.orgs.models import Membership, Role


class NotPermitted(Exception):
    """This person may not do this here; ``reason`` says why, in the user's language."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Attempt:
    """One person about to record ``action`` on ``case`` (dated ``on``, for a step)."""

    person: AbstractBaseUser
    roles: frozenset[str]
    case: object  # cases.models.Case
    action: str
    on: date | None = None
    recorded_on: date | None = None  # the day it is recorded: today, unless a past is replayed


# Further checks of one step, each ``(attempt) -> reason or None``, asked after the table. The
# hook for rules that are not a plain row of it: "backdating beyond the set number of days needs
# a manager" (issue 9, finding 5) is folded in here as one function, appended to this list.
# ``attempt.on`` is None where the date is not known yet (the page choosing which steps to
# offer, the view's first check); the service asks again with the step's date, under the lock.
STEP_CHECKS: list[Callable[[Attempt], str | None]] = []


def backdated_beyond_limit(attempt: Attempt) -> str | None:
    """X-07, issue 9 finding 5: a step dated more than OMBUD_BACKDATE_DAYS before the day it is
    recorded needs a manager. (That any step dated back needs a reason is the services' own
    check of the input.)"""
    if attempt.on is None:
        return None
    recorded_on = attempt.recorded_on or timezone.localdate()
    limit = settings.OMBUD_BACKDATE_DAYS
    if (recorded_on - attempt.on).days > limit and Role.MANAGER not in attempt.roles:
        return _("Only a manager may record a step dated more than %(days)s days back.") % {
            "days": limit}
    return None


STEP_CHECKS.append(backdated_beyond_limit)


def is_staff_person(actor) -> bool:
    """A signed-in person (staff), as opposed to the complainant or the system."""
    return isinstance(actor, AbstractBaseUser)


def roles_of(person, organization_id: int) -> frozenset[str]:
    """The person's roles in the organization (views ask once and pass them on)."""
    return frozenset(Membership.objects.filter(user=person, organization_id=organization_id)
                     .values_list("role", flat=True))


def access_of(procedure_id: str, version: str | None = None) -> Access:
    return find_procedure(procedure_id, version=version).access


def refusal(*, person, case, action: str, on: date | None = None,
            roles: frozenset[str] | None = None, recorded_on: date | None = None) -> str | None:
    """Why ``person`` may not record ``action`` on ``case`` now, or None when they may."""
    roles = roles if roles is not None else roles_of(person, case.organization_id)
    access = access_of(case.procedure_id, case.procedure_version)
    if not access.may_record(roles, action):
        return _("Your role may not do this in this case type.")
    someone_elses = case.handler_id is not None and case.handler_id != person.pk
    reappointing = action in MANAGERS_MAY_REAPPOINT and "manager" in roles
    if action in HANDLER_ONLY and someone_elses and not reappointing:
        if "manager" in roles:  # AV-09: who answers is who handles; the manager is told who
            handler = case.handler
            return _("%(handler)s handles this case and gives the answer: to decide, answer or "
                     "close it yourself, take the case over first.") % {
                "handler": handler.get_full_name() or handler.username}
        return _("Only the case's handler may do this.")
    attempt = Attempt(person, roles, case, action, on, recorded_on)
    return next((reason for check in STEP_CHECKS if (reason := check(attempt))), None)


def require(*, actor, case, action: str, on: date | None = None,
            recorded_on: date | None = None) -> None:
    """Raise NotPermitted unless ``actor`` may record ``action`` on ``case``. The complainant
    and the system are not staff and are not checked here."""
    if not is_staff_person(actor):
        return
    reason = refusal(person=actor, case=case, action=action, on=on, recorded_on=recorded_on)
    if reason:
        raise NotPermitted(reason)


def require_registering(*, actor, organization_id: int, procedure_id: str,
                        action: str = "received") -> None:
    """Raise NotPermitted unless ``actor`` may open a case (or record a contact) of this type."""
    if not is_staff_person(actor):
        return
    if not access_of(procedure_id).may_record(roles_of(actor, organization_id), action):
        raise NotPermitted(_("Your role may not register cases."))


def may_register(roles: frozenset[str]) -> bool:
    """Whether the register page is offered (each case type is checked again on saving)."""
    from ombud.domain.access import DEFAULT_RECORD

    return bool(roles & DEFAULT_RECORD["received"])


def may_record_in_any(roles: frozenset[str], action: str, procedure_ids: list[str]) -> bool:
    """Whether the roles may record ``action`` in at least one of these case types (a page
    that gathers several, such as the meeting's agenda, offers its forms then)."""
    return any(access_of(procedure_id).may_record(roles, action) for procedure_id in procedure_ids)


def may_take_over(*, person, case, roles: frozenset[str] | None = None) -> bool:
    """A manager may take over a case that has another handler."""
    return (case.handler_id is not None and case.handler_id != person.pk
            and refusal(person=person, case=case, action="taken_over", roles=roles) is None)


def may_read_sensitive_warnings(roles: frozenset[str]) -> bool:
    """Who lists where the special-category warning was shown (PP-05): the privacy officer."""
    return "privacy" in roles


def may_read_access_log(roles: frozenset[str]) -> bool:
    """Who sees who read the file: the auditor and the privacy officer."""
    return bool(roles & {"auditor", "privacy"})

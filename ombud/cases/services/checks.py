"""What a service refuses before it changes anything: the permission table's refusal
(``NotPermitted``), the procedure's (``Refused``, with the rule) and wrong input (``Invalid``),
and the checks of input every service shares (the day, the reason for dating back, the
handler's membership)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ombud.cases import permissions
from ombud.cases.models import PartyRole
from ombud.domain import engine
from ombud.domain import messages as words
from ombud.orgs.models import Membership, Role

HANDLING_ROLES = (Role.HANDLER, Role.MANAGER)  # who may be appointed to handle a case

# Every service refuses a staff person whom the permission table does not allow the action
# (ombud.cases.permissions), whoever calls it: a view, a command, a test.
NotPermitted = permissions.NotPermitted


class Refused(Exception):
    """The procedure forbids this action: ``rule`` says which rule, ``reason`` why."""

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(f"{rule}: {reason}")
        self.rule, self.reason = rule, reason


class Invalid(ValueError):
    """The input itself is wrong (not a matter of the procedure); the message says what, and
    ``field`` which field of a step form it belongs to, when not the date."""

    def __init__(self, message: str, field: str = "on") -> None:
        super().__init__(message)
        self.field = field


def language() -> str:
    return (translation.get_language() or "en")[:2]


def refused_by(refusal: engine.Refusal) -> Refused:
    """The engine's refusal as the services raise it, in the user's language."""
    return Refused(refusal.rule, refusal.reason(language()))


def check_parties(case, procedure, event_type: str) -> None:
    """DNV-K-02, DNV-K-13: the person complained about is notified only when they are on the
    case; otherwise nothing would be sent while their response deadline ran."""
    if event_type != "holder_notified" or case.parties.filter(role=PartyRole.SUBJECT).exists():
        return
    spec = procedure.deadline("holder_response")
    rule = spec.rule if spec else procedure.scope_rule
    raise Refused(rule, words.pick(words.REFUSALS["holder_not_on_file"], language()))


def check_member(case, person_id: int) -> None:
    """A case is only ever handed to a handler or manager of its own organization, whoever calls
    (the same people the step form offers)."""
    if not Membership.objects.filter(organization_id=case.organization_id, user_id=person_id,
                                     role__in=HANDLING_ROLES).exists():
        raise Invalid(_("That person is not a member of this organization."))


def check_backdate(on: date, recorded_on: date, reason: str) -> None:
    """X-07: a step may carry a day before the one it is recorded on only with a reason. (Who
    may date it back how far is a permission: ``permissions.backdated_beyond_limit``.)"""
    if on < recorded_on and not reason:
        raise Invalid(_("The date is in the past: say why the step is recorded only now."),
                      field="backdate_reason")


def check_day(on: date, last: date | None) -> None:
    """Nothing happens in the future, nor before the case's last step."""
    if on > timezone.localdate():
        raise Invalid(_("The date cannot be in the future."))
    if last is not None and on < last:
        raise Invalid(_("The date is before the last step of the case (%(day)s).")
                      % {"day": words.format_date(last, translation.get_language() or "en")})


def check_not_repeated(case, procedure, event_type: str, on: date, data: dict, actor) -> None:
    """A step the bundle declares, recorded by the same person with the same day and text as
    the entry just before it, is the same form sent twice (a double click, a reload that
    posts again): refused, so that the history holds it once. Ombud's own steps are refused
    by the engine where they may happen once; a declared step may happen again, later."""
    if procedure.declared(event_type) is None:
        return
    last = case.events.order_by("-seq").first()
    if (last is not None and last.type == event_type and last.on == on
            and last.actor_id == getattr(actor, "pk", None)
            and (last.data or {}).get("text", "") == data.get("text", "")):
        raise Invalid(_("This step was just recorded with the same day and text; it is kept "
                        "once."), field=None)

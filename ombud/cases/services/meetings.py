"""The management meeting's decision on a complaint (AV-07, GL-07, PP-12): it takes the
complaint up and says who handles it.

A decision belongs to a meeting that was held: one of the calendar's, recorded afterwards with
its day, or the one being held today, which the first decision opens when the calendar has none.
A meeting cannot decide a complaint that reached the organization after it, nor be dated before
a step already in the case's history: the service refuses those with the procedure's management
rule and says which meeting can."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ombud.cases import permissions
from ombud.cases.models import Case, Meeting
from ombud.cases.services.case_file import case_note
from ombud.cases.services.chain import cases_refresh, engine_events, procedure_of
from ombud.cases.services.checks import Invalid, Refused, language
from ombud.cases.services.steps import case_record
from ombud.domain import messages as words


def meeting_decide(*, case: Case, held_on: date, decision: str, handler=None,
                   actor) -> Meeting:
    """Record the decision of the meeting held on ``held_on``: the complaint taken up on that
    day (with the decision) and, when ``handler`` is given, appointed to them. ``held_on`` is a
    meeting of the calendar, or today, which opens today's meeting when there is none. Returns
    the meeting. Raises Refused (the management rule) when that meeting cannot have decided
    this complaint, Invalid when no meeting was or is held that day; nothing is written then."""
    today = timezone.localdate()
    if not procedure_of(case).management_rule:
        raise Invalid(_("No management meeting decides this type of case."))
    if held_on > today:
        raise Invalid(_("A meeting that has not been held yet decides nothing."))
    permissions.require(actor=actor, case=case, action="taken_up")
    if handler is not None:
        permissions.require(actor=actor, case=case, action="assigned")
    with transaction.atomic():
        meeting, opened = _meeting_held(case, held_on, today)
        _check_meeting_decides(case, meeting, today)
        _decision_record(case, meeting, decision, handler, actor)
        if opened:  # GL-06: it is now the first coming meeting of what was received before it
            cases_refresh(organization=case.organization)
    return meeting


def _meeting_held(case: Case, held_on: date, today: date) -> tuple[Meeting, bool]:
    """The meeting held on that day, and whether it is opened now (today's only)."""
    if held_on == today:
        return Meeting.objects.get_or_create(organization=case.organization, held_on=today,
                                             defaults={"opened_at": timezone.now()})
    meeting = Meeting.objects.filter(organization=case.organization, held_on=held_on).first()
    if meeting is None:
        raise Invalid(_("No management meeting was held on %(day)s.")
                      % {"day": words.format_date(held_on, language())})
    return meeting, False


def _earliest_day(case: Case) -> date:
    """The first day a meeting may decide the complaint: its receipt, or its last step if later
    (the history keeps its order)."""
    history = engine_events(case)
    return max([case.received_on, *(event.on for event in history)])


def _check_meeting_decides(case: Case, meeting: Meeting, today: date) -> None:
    if meeting.held_on >= _earliest_day(case):
        return
    rule = procedure_of(case).management_rule or "X-07"
    days = {"day": words.format_date(meeting.held_on, language()),
            "received": words.format_date(case.received_on, language()),
            "last": words.format_date(_earliest_day(case), language()),
            "today": words.format_date(today, language())}
    if meeting.held_on < case.received_on:
        raise Refused(rule, _("This complaint was received on %(received)s, after the meeting "
                              "of %(day)s: a meeting held since decides it, today's "
                              "(%(today)s) or the next one.") % days)
    raise Refused(rule, _("The case has a step dated %(last)s, after the meeting of %(day)s: "
                          "record the decision at today's meeting (%(today)s).") % days)


def _decision_record(case: Case, meeting: Meeting, decision: str, handler, actor) -> None:
    # The meeting's own day is why a decision recorded later carries it.
    with translation.override(case.organization.language):
        reason = _("Decided at the management meeting of %(day)s.") % {
            "day": meeting.held_on.isoformat()}
    if "taken_up" not in {event.type for event in engine_events(case)}:
        case_record(case=case, event_type="taken_up", on=meeting.held_on, actor=actor,
                    data={"decision": decision, "meeting_id": meeting.pk},
                    backdate_reason=reason)
    else:
        case_note(case=case, text=decision, actor=actor, kind="note",
                  data={"meeting_id": meeting.pk})
    if handler is not None:
        case_record(case=case, event_type="assigned", on=meeting.held_on, actor=actor,
                    data={"handler_id": handler.pk,
                          "handler": handler.get_full_name() or handler.username,
                          "involved": False}, backdate_reason=reason)

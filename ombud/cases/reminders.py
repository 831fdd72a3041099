"""Reminders to handlers and flags on missed deadlines, made by the nightly sweep.

Both are made once: a reminder is an outbox message with a key of case, deadline and due day
(a second sweep on the same night, or after a restart, adds nothing), and a missed deadline is
a ``deadline_missed`` entry in the file, looked for before it is written (X-07)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ombud.cases import notifications, services
from ombud.cases.models import OPEN_STATES, Case
from ombud.domain import engine
from ombud.domain import messages as m
from ombud.domain.periods import add_working_days
from ombud.domain.procedure import Owner
from ombud.orgs import outbox
from ombud.orgs.models import Membership, Role

# Wider than any N working days: a prefilter on the indexed row before the engine decides.
PREFILTER_DAYS = 31


def remind_and_flag(*, today: date | None = None, batch: int = 500) -> tuple[int, int]:
    """Returns how many reminders and how many missed flags were added."""
    today = today or timezone.localdate()
    reminded = missed = 0
    cases = Case.objects.filter(state__in=OPEN_STATES,
                                next_due__lte=today + timedelta(days=PREFILTER_DAYS))
    last_id = 0
    while True:
        page = list(cases.filter(id__gt=last_id).order_by("id")
                    .select_related("organization", "handler")[:batch])
        if not page:
            return reminded, missed
        for case in page:
            added_reminders, added_flags = _case_reminders(case, today)
            reminded += added_reminders
            missed += added_flags
        last_id = page[-1].id


def _case_reminders(case: Case, today: date) -> tuple[int, int]:
    procedure = services.procedure_of(case)
    state = engine.evaluate(procedure, services.engine_events(case), today,
                            services.meeting_days(case.organization))
    horizon = add_working_days(today, settings.OMBUD_REMINDER_WORKING_DAYS, procedure.calendar)
    reminded = missed = 0
    for deadline in state.deadlines:
        if deadline.owner is not Owner.ORGANIZATION or deadline.met_on is not None:
            continue
        with transaction.atomic():
            if deadline.status == "missed":
                missed += _flag_missed(case, deadline, today)
            elif deadline.status == "open" and deadline.due <= horizon:
                reminded += _remind(case, deadline)
    return reminded, missed


def _recipients(case: Case) -> list[str]:
    """The handler's address, or the managers' while there is none or the handler's account
    is closed (a former employee's mailbox gets no case)."""
    if case.handler is not None and case.handler.is_active and case.handler.email:
        return [case.handler.email]
    managers = Membership.objects.filter(organization=case.organization, role=Role.MANAGER)
    return sorted({member.user.email for member in managers.select_related("user")
                   if member.user.email and member.user.is_active})


def _remind(case: Case, deadline: engine.Deadline) -> int:
    language = case.organization.language  # reminders go to staff
    with translation.override(language):
        subject = _("Deadline soon: %(reference)s, %(deadline)s on %(day)s") % {
            "reference": case.reference, "deadline": deadline.rule,
            "day": m.format_date(deadline.due, language)}
        body = _("Case %(reference)s (%(title)s) has a deadline on %(day)s: %(basis)s.\n\n"
                 "Open the case: %(link)s") % {
            "reference": case.reference, "title": case.title,
            "day": m.format_date(deadline.due, language),
            "basis": deadline.basis(language), "link": _case_url(case)}
    notifications.deadline_near(
        case, notifications.responsible(case), key=deadline.key, due=deadline.due,
        text=f"{deadline.rule}, {m.format_date(deadline.due, language)}")
    added = 0
    for to in _recipients(case):
        message = outbox.enqueue(
            organization=case.organization, case=case, kind="reminder", to=to, subject=subject,
            body=body, dedupe_key=f"reminder:{case.pk}:{deadline.key}:{deadline.due}:{to}")
        added += message is not None
    return added


def _flag_missed(case: Case, deadline: engine.Deadline, today: date) -> int:
    """Call inside a transaction. The case row is locked before the file is searched for the
    flag, so two sweeps at once (two workers that started together) write it once."""
    due = deadline.due.isoformat()
    Case.objects.select_for_update().filter(pk=case.pk).exists()
    if case.events.filter(type="deadline_missed", data__key=deadline.key,
                          data__due_on=due).exists():
        return 0
    services.case_note(case=case, text=deadline.basis(case.organization.language),
                       actor=None, kind="deadline_missed",
                       data={"key": deadline.key, "rule": deadline.rule, "due_on": due,
                             "days_late": deadline.days_late(today),
                             "late_unit": deadline.late_unit.value})
    return 1


def _case_url(case: Case) -> str:
    return f"{settings.OMBUD_PUBLIC_URL}/{case.organization.slug}/cases/{case.reference}/"

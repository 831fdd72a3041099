"""Why a deadline falls where it does, in words: the period and its start, the holidays it
skipped, the suspensions and extensions, the rounding to a working day, the calendar's reach."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ombud.domain import messages as m
from ombud.domain.periods import EndRule, Unit, add_period, holidays_between
from ombud.domain.texts import deadline_name, word

if TYPE_CHECKING:
    from ombud.domain.deadlines import Deadline


def _start_words(deadline: Deadline, lang: str) -> str:
    kind, _, target = deadline.start_anchor.partition(":")
    template = m.pick(m.STARTS[kind], lang)
    if kind in ("deadline", "expired"):
        return template.format(name=deadline_name(deadline.procedure.id, target, lang))
    if kind == "event":
        return template.format(event=m.pick(m.EVENT_NAMES[target], lang))
    # the bundle's own words for the day ("the decision reached the party", fvl § 29)
    return word(deadline.procedure.id, lang, "starts", kind, template) or template


def basis_parts(deadline: Deadline, lang: str) -> list[str]:
    procedure, spec = deadline.procedure, deadline.spec
    calendar = procedure.calendar
    on = m.format_date(deadline.start, lang)
    if deadline.start_anchor == "next_meeting":
        parts = [m.pick(m.BASIS["meeting"], lang).format(
            start=m.pick(m.STARTS["next_meeting"], lang), on=on)]
    else:
        parts = [m.pick(m.BASIS["period"], lang).format(
            amount=deadline.amount, unit=m.amount_with_unit(deadline.amount, spec.unit, lang)
            .partition(" ")[2], start=_start_words(deadline, lang), on=on)]
    if spec.unit is Unit.WORKING_DAYS:
        end = add_period(deadline.start, deadline.amount, spec.unit, calendar)
        skipped = holidays_between(deadline.start + timedelta(days=1), end, calendar)
        if skipped:
            days = ", ".join(f"{m.format_date(h.day, lang)} {h.name(lang)}" for h in skipped)
            parts.append(m.pick(m.BASIS["holidays"], lang).format(days=days))
    for suspension in deadline.suspensions:
        if suspension.settled and suspension.days == 0:
            continue  # remedied the day it was asked: nothing stood still, nothing to say
        template = "suspended" if suspension.settled else "suspended_open"
        parts.append(m.pick(m.BASIS[template], lang).format(
            days=suspension.days, start=m.format_date(suspension.start, lang),
            end=m.format_date(suspension.end, lang), rule=suspension.rule))
    for extension in deadline.extensions:
        text = m.pick(m.BASIS["extended"], lang).format(
            amount=extension.amount,
            unit=m.amount_with_unit(extension.amount, extension.unit, lang).partition(" ")[2],
            on=m.format_date(extension.on, lang), rule=extension.rule)
        if extension.consent:
            text += ", " + m.pick(m.BASIS["with_consent"], lang)
        parts.append(text)
    raw, due = deadline.unrounded(), deadline.due
    if raw != due:
        parts.append(m.pick(m.BASIS["rounded"], lang).format(
            raw=m.format_date(raw, lang), due=m.format_date(due, lang)))
    uncovered = [str(year) for year in range(deadline.start.year, due.year + 1)
                 if not calendar.covers(year)]
    if uncovered:
        parts.append(m.pick(m.BASIS["uncovered"], lang).format(years=", ".join(uncovered)))
    if spec.unit is Unit.WORKING_DAYS or procedure.end_rule is not EndRule.AS_FALLS:
        parts[0] += f" ({calendar.name(lang)})"  # only where the calendar moved or may move it
    return parts


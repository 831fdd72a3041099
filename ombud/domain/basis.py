"""Why a deadline falls where it does, in words: the period and its start, the holidays it
skipped, the suspensions and extensions, the rounding to a working day, the calendar's reach."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ombud.domain import messages as m
from ombud.domain.periods import EndRule, Unit, add_period, holidays_between
from ombud.domain.texts import deadline_name, event_start_words, word

if TYPE_CHECKING:
    from ombud.domain.deadlines import Deadline


def _start_words(deadline: Deadline, lang: str) -> str:
    kind, _, target = deadline.start_anchor.partition(":")
    template = m.pick(m.STARTS[kind], lang)
    if kind in ("deadline", "expired"):
        return template.format(name=deadline_name(deadline.procedure.id, target, lang))
    if kind == "event":
        return template.format(event=event_start_words(deadline.procedure.id, target, lang))
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
            amount=deadline.amount, unit=m.amount_with_unit(deadline.amount, deadline.unit, lang)
            .partition(" ")[2], start=_start_words(deadline, lang), on=on)]
    parts += _variant_and_term(deadline, lang)
    if deadline.unit is Unit.WORKING_DAYS:
        end = add_period(deadline.start, deadline.amount, deadline.unit, calendar)
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
        text = m.pick(m.BASIS["rounded"], lang).format(
            raw=m.format_date(raw, lang), due=m.format_date(due, lang))
        parts.append(text + (f" ({spec.end_rule_rule})" if spec.end_rule_rule else ""))
    uncovered = [str(year) for year in range(deadline.start.year, due.year + 1)
                 if not calendar.covers(year)]
    if uncovered:
        parts.append(m.pick(m.BASIS["uncovered"], lang).format(years=", ".join(uncovered)))
    if deadline.unit is Unit.WORKING_DAYS or deadline.end_rule is not EndRule.AS_FALLS:
        parts[0] += f" ({calendar.name(lang)})"  # only where the calendar moved or may move it
    parts += _posting_words(deadline, lang)
    return parts


def _variant_and_term(deadline: Deadline, lang: str) -> list[str]:
    """Why the period has the length it has, where it is not the file's plain amount."""
    spec, variant = deadline.spec, deadline.variant
    if variant is not None:
        return [m.pick(m.BASIS["variant"], lang).format(
            label=m.pick(variant.label, lang),
            default=m.amount_with_unit(spec.amount, spec.unit, lang),
            since=m.format_date(deadline.variant_since, lang), rule=variant.rule)]
    if spec.amount_field and (deadline.amount, deadline.unit) != (spec.amount, spec.unit):
        return [m.pick(m.BASIS["term_set"], lang)]
    return []


def _posting_words(deadline: Deadline, lang: str) -> list[str]:
    """fvl § 30 b, Awb 6:9: what the posting date did for a step received after ``due``."""
    posting, met_on, posted = deadline.spec.posting, deadline.met_on, deadline.posted_on
    if posting is None or met_on is None or posted is None or met_on <= deadline.due:
        return []
    params = {"received": m.format_date(met_on, lang), "posted": m.format_date(posted, lang),
              "rule": posting.rule, "days": posting.received_within_days}
    if deadline.timely(met_on, posted):
        key = "posted_in_time_within" if posting.received_within_days else "posted_in_time"
    elif posted > deadline.due:
        key = "posted_late"
    else:
        key = "posted_received_too_late"
    return [m.pick(m.BASIS[key], lang).format(**params)]


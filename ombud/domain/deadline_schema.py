"""The keys of a ``[[deadline]]`` added in issue 13, read and checked: more events that open it
(``also_from``), its own end of period, its variants per case and the posting date.

``procedure_schema`` reads the rest of the deadline and calls ``deadline_extras``; a broken value
is one ``ProcedureError`` naming the file and the key.
"""

from __future__ import annotations

import re
from typing import Any

from ombud.domain.periods import EndRule, Unit
from ombud.domain.procedure import EVENT_TYPES, DeadlineSpec, Posting, Variant
from ombud.domain.toml_table import Table

# A case flag: a short lower-case name an event carries as true ("advisory_committee")
FLAG = re.compile(r"^[a-z][a-z0-9_]{1,39}\Z")
# Fields events already carry: a flag may not take one of their names
_TAKEN = frozenset({"on", "type", "recorded", "by", "channel", "about", "invoice", "handler",
                    "involved", "term_weeks", "term_days", "weeks", "months", "consent",
                    "ground", "outcome", "hearing_skipped", "posted_on", "exam_on",
                    "decision_on", "result_on", "hearing_on", "joint"})


def deadline_extras(item: Table, events: tuple[str, ...] = EVENT_TYPES) -> dict[str, Any]:
    """The issue-13 keys of one deadline, as DeadlineSpec fields. ``events``: Ombud's event
    types and those the file declares."""
    end_rule = item.one_of("end_of_period", tuple(EndRule), None)
    extras: dict[str, Any] = {
        "also_from": _also_from(item, events),
        "end_rule": EndRule(end_rule) if end_rule else None,
        "end_rule_rule": item.rule("end_of_period_rule", None),
        "variants": _variants(item),
        "posting": _posting(item),
    }
    if extras["end_rule_rule"] and not end_rule:
        raise item.fail("end_of_period_rule", "needs end_of_period beside it")
    return extras


# The longest reach of a deadline, counted from the day its first start can be: a term of law
# runs weeks, months or a few years, and the engine's dates end in the year 9999. Working days
# count as two calendar days (holidays and weekends), months as 31.
DAYS_PER_UNIT = {Unit.CALENDAR_DAYS: 1, Unit.WEEKS: 7, Unit.MONTHS: 31, Unit.WORKING_DAYS: 2}
MOST_DAYS = 366 * 50


def check_reach(top: Table, deadlines: list[DeadlineSpec]) -> None:
    """Refuse a file whose deadlines, one starting where another ends (``deadline:``,
    ``expired:``), with the longest extension and variant, reach further than fifty years."""
    reach: dict[str, int] = {}
    for spec in deadlines:
        longest = max([spec.amount * DAYS_PER_UNIT[spec.unit],
                       *(variant.amount * DAYS_PER_UNIT[variant.unit]
                         for variant in spec.variants)])
        if spec.extension:
            longest += spec.extension.first_at_most * DAYS_PER_UNIT[spec.extension.unit]
        reach[spec.key] = longest + reach.get(spec.anchor_target, 0) * (
            spec.anchor_kind in ("deadline", "expired"))
        if reach[spec.key] > MOST_DAYS:
            raise top.fail(f"deadline.{spec.key}", "reaches further than fifty years from "
                                                   "its start: no term runs that long")


def _also_from(item: Table, events: tuple[str, ...]) -> tuple[str, ...]:
    anchors = item.raw("also_from", list, [], "a list such as [\"event:declined\"]")
    for anchor in anchors:
        kind, _, target = str(anchor).partition(":")
        if kind != "event" or target not in events:
            raise item.fail("also_from", f"{anchor!r} is not event:<type> of a known event type")
    if len(set(anchors)) != len(anchors):
        raise item.fail("also_from", "names an event twice")
    return tuple(anchors)


def _variants(item: Table) -> tuple[Variant, ...]:
    found = []
    for table in item.tables("variant"):
        when = table.text("when")
        kind, colon, target = when.partition(":")
        if colon and (kind != "event" or target not in EVENT_TYPES):
            raise table.fail("when", f"{when!r} is neither a case flag nor event:<type>")
        if not colon and (not FLAG.match(when) or when in _TAKEN):
            raise table.fail("when", f"{when!r} is not a case flag: use a lower-case name "
                                     "such as advisory_committee that no event field has")
        if any(variant.when == when for variant in found):
            raise table.fail("when", f"{when!r} chooses two variants")
        found.append(Variant(when, table.integer("amount", minimum=1),
                             Unit(table.one_of("unit", tuple(Unit))), table.rule("rule"),
                             table.localized("label")))
        table.done()
    return tuple(found)


def _posting(item: Table) -> Posting | None:
    table = item.table("posting", required=False)
    if table is None:
        return None
    posting = Posting(table.rule("rule"), table.integer("received_within_days", None, 1))
    table.done()
    return posting

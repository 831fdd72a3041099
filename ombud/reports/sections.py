"""The sections of the annual report, each with its plain-language summary, its tables and its
chart (``presentation`` holds what they are made of)."""

from __future__ import annotations

from datetime import date

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ombud.reports import charts
from ombud.reports import presentation as p
from ombud.reports.selectors import Annual


def outcome_labels(as_of: date | None = None) -> dict[str, str]:
    return {"upheld": _("upheld"), "partly_upheld": _("partly upheld"),
            "not_upheld": _("not upheld"), "declined": _("declined"),
            "withdrawn": _("withdrawn"),
            "open": _("still open") if as_of else _("still open at year end"),
            "answered": _("completed without an outcome (inspection)"),
            "": _("not yet decided")}


def build_all(report: Annual, labels, *, as_of: date | None, made_on: date) -> list:
    return [_received(report, labels, as_of), _outcomes(report, as_of), _handling(report),
            _deadlines(report, labels, made_on), _appeals(report, labels, as_of),
            _actions(report, as_of), _comparison(report, as_of)]


def _counts(key, title, first, pairs, name, figure="") -> p.Table:
    total = sum(count for _, count in pairs)
    return p.Table(key, title, [p.Column(first, "text"), p.Column(_("Cases")),
                                p.Column(_("Share"), "share")],
                   [[name(value) or _("not stated"), count, p.share(count, total)]
                    for value, count in pairs], figure, [value for value, _ in pairs])


def _received(report: Annual, labels, as_of: date | None) -> p.Section:
    before = report.before.received if report.before else 0
    numbers = {"year": report.scope.year, "count": report.received, "before": before}
    if before:
        summary = ngettext("%(year)s: %(count)s case received (the year before: %(before)s).",
                           "%(year)s: %(count)s cases received (the year before: %(before)s).",
                           report.received) % numbers
    else:
        summary = ngettext("%(year)s: %(count)s case received (none the year before).",
                           "%(year)s: %(count)s cases received (none the year before).",
                           report.received) % numbers
    if report.by_channel:
        channel, count = report.by_channel[0]
        # "most" only for more than half; else it is only the largest group
        words = (_("Most came by %(channel)s.") if count * 2 > report.received
                 else _("The largest group came by %(channel)s."))
        summary += " " + words % {"channel": p.channel_name(channel)}
    tables = [
        _counts("type", _("Received by case type"), _("Case type"), report.by_type,
                lambda value: labels.types.get(value, value), "type"),
        _counts("subject", _("Received by subject"), _("Subject"), report.by_about,
                lambda value: labels.abouts.get(value, value), "about"),
        _counts("channel", _("Received by channel"), _("Channel"), report.by_channel,
                p.channel_name, "channel"),
        _counts("filer", _("Received by who filed"), _("Filed by"), report.by_filer,
                lambda value: labels.filers.get(value, value), "filer"),
        _months(report, labels, as_of),
    ]
    chart = charts.months(report.by_month, labels.types, report.scope.year)
    return p.Section("received", _("Cases received"), summary, tables, chart)


def _months(report: Annual, labels, as_of: date | None) -> p.Table:
    """Every month of the year (of a year not yet ended: up to this one), a month without
    cases as 0; a column per case type where there are several, and their sum."""
    types = [procedure for procedure, _count in report.by_type]
    counts = {(month, procedure): count for month, procedure, count in report.by_month}
    last = as_of.month if as_of else 12
    per_type = len(types) > 1
    columns = [p.Column(_("Month"), "month")]
    if per_type:
        columns += [p.Column(labels.types.get(procedure, procedure)) for procedure in types]
    columns.append(p.Column(_("Cases") if not per_type else _("In all")))
    rows = []
    for month in range(1, last + 1):
        cells = [counts.get((month, procedure), 0) for procedure in types]
        rows.append([month, *(cells if per_type else []), sum(cells)])
    return p.Table("month", _("Received per month"), columns, rows, "month",
                   [str(row[0]) for row in rows], link_column=len(columns) - 1)


def _outcomes(report: Annual, as_of: date | None) -> p.Section:
    names = outcome_labels(as_of)
    decided = sum(count for key, count in report.outcomes if key != "open")
    upheld = report.outcome("upheld") + report.outcome("partly_upheld")
    numbers = {"decided": decided, "upheld": upheld, "open": report.outcome("open")}
    if as_of:
        summary = ngettext(
            "Of the %(decided)s cases closed so far, %(upheld)s were upheld in full or in part; "
            "%(open)s is still open.",
            "Of the %(decided)s cases closed so far, %(upheld)s were upheld in full or in part; "
            "%(open)s are still open.", numbers["open"]) % numbers
    else:
        summary = ngettext(
            "Of the %(decided)s cases closed by the end of the year, %(upheld)s were upheld in "
            "full or in part; %(open)s was still open.",
            "Of the %(decided)s cases closed by the end of the year, %(upheld)s were upheld in "
            "full or in part; %(open)s were still open.", numbers["open"]) % numbers
    table = _counts("outcome", _("Cases by outcome"), _("Outcome"), report.outcomes,
                    lambda value: names.get(value, value), "outcome")
    chart = charts.shares(_("Outcome shares"), [(names.get(key, key), count)
                                                for key, count in report.outcomes])
    return p.Section("outcomes", _("Outcomes"), summary, [table], chart)


def _handling(report: Annual) -> p.Section:
    handling = report.handling
    if handling.median is None:
        summary = _("No case was closed in the year.")
    else:
        summary = _("Half of the closed cases were handled within %(median)s working days, nine "
                    "in ten within %(p90)s.") % {"median": handling.median, "p90": handling.p90}
    # one row, one unit in each column: a count of cases, then working days
    table = p.Table("handling", _("Handling time in working days"),
                    [p.Column(_("Cases closed")), p.Column(_("Median, working days"), "days"),
                     p.Column(_("90th percentile, working days"), "days")],
                    [[handling.closed, handling.median, handling.p90]], additive=False)
    bands = charts.bands(handling.histogram)
    distribution = p.Table("distribution", _("Handling time distribution"),
                           [p.Column(_("Working days"), "text"), p.Column(_("Cases"))],
                           [[band, count] for band, count in bands], "handling",
                           charts.band_values())
    chart = charts.bars(_("Handling time distribution (working days)"), bands)
    return p.Section("handling", _("Handling time"), summary, [table, distribution], chart)


def _deadlines(report: Annual, labels, made_on: date) -> p.Section:
    met, settled = report.kept
    summary = (_("The deadlines were kept %(met)s times out of %(settled)s (%(share)s).") % {
        "met": met, "settled": settled, "share": p.percent(p.share(met, settled))}
        if settled else _("No deadline fell due in the year."))
    units = sorted({row.unit for row in report.deadlines})
    tables = [_deadline_table(report, labels, unit, len(units) > 1, made_on) for unit in units]
    chart = charts.kept(_("Deadlines kept"), [
        (f"{labels.rule(row.rule)} {labels.deadline(row.key)}", row.met, row.missed)
        for row in report.deadlines])
    if not tables:
        tables = [p.Table("deadlines", _("Deadlines kept and missed"), [], [],
                          empty=_("No deadline fell due in the year."))]
    return p.Section("deadlines", _("Deadlines"), summary, tables, chart)


def _deadline_table(report: Annual, labels, unit: str, several: bool, made_on: date) -> p.Table:
    """The deadlines whose lateness is counted in ``unit``: one unit in each column."""
    rows = [row for row in report.deadlines if row.unit == unit]
    name = labels.unit(unit)
    title = (_("Deadlines in %(unit)s") % {"unit": name} if several
             else _("Deadlines kept and missed"))
    return p.Table(
        "deadlines" + (f"-{unit}" if several else ""), title,
        [p.Column(_("Rule"), "text"), p.Column(_("Deadline"), "text"), p.Column(_("Kept")),
         p.Column(_("Missed")), p.Column(_("Still running")),
         p.Column(_("Share kept"), "share"),
         p.Column(_("Late in total, %(unit)s") % {"unit": name}, "days"),
         p.Column(_("Late on average, %(unit)s") % {"unit": name}, "days")],
        [[labels.rule(row.rule), labels.deadline(row.key), row.met, row.missed, row.open,
          row.kept_share, row.days_late, row.mean_late] for row in rows],
        "missed", [row.rule for row in rows], link_column=3,
        # a rule for reading the late days, said only under a table where one was missed
        note=_("Where a deadline was missed on a case still open, its lateness is counted up "
               "to %(date)s.") % {"date": p.long_date(made_on)}
        if any(row.missed for row in rows) else "")


def _appeals(report: Annual, labels, as_of: date | None) -> p.Section:
    names = outcome_labels(as_of)
    own = capfirst(labels.appeals)  # the bundles' word, else Ombud's "Appeals"
    if own:  # a sentence that holds any noun: "Klager på avvisningsvedtak: 1."
        summary = _("%(appeals)s: %(count)s.") % {"appeals": own, "count": report.appealed}
        empty = summary
    elif report.appealed:
        summary = ngettext("%(appealed)s answer was appealed.",
                           "%(appealed)s answers were appealed.",
                           report.appealed) % {"appealed": report.appealed}
        empty = _("No answer was appealed.")
    else:
        summary = empty = _("No answer was appealed.")
    table = _counts("appeals", _("%(appeals)s and their outcomes") % {"appeals": own} if own
                    else _("Appeals and their outcomes"),
                    _("Outcome") if own else _("Outcome of the appeal"),
                    report.appeals, lambda value: names.get(value, value), "appeal")
    table.empty = empty
    heading = own or _("Appeals")
    if not report.forwards:
        return p.Section("appeals", heading, summary, [table])
    # fvl § 33: what the first instance does not grant goes to the appeal body by itself; not
    # a party's appeal, so counted apart
    summary += " " + ngettext(
        "%(forwarded)s case was forwarded to the appeal body.",
        "%(forwarded)s cases were forwarded to the appeal body.",
        report.forwarded) % {"forwarded": report.forwarded}
    forwarded = p.Table("forwarded", _("Forwarded to the appeal body"),
                        [p.Column(_("Figure"), "text"), p.Column(_("Cases"))],
                        [[_("forwarded to the appeal body"), report.forwarded]],
                        "forwarded", ["forwarded"], additive=False)
    return p.Section("appeals", heading, summary, [table, forwarded])


def _actions(report: Annual, as_of: date | None) -> p.Section:
    if report.actions_opened:
        numbers = {"opened": report.actions_opened, "done": report.actions_done}
        # a year not yet ended: done so far, not "by the end of the year"
        summary = (ngettext("%(opened)s corrective action was opened because of these cases; "
                            "%(done)s is done so far.",
                            "%(opened)s corrective actions were opened because of these "
                            "cases; %(done)s are done so far.", report.actions_opened)
                   if as_of else
                   ngettext("%(opened)s corrective action was opened because of these cases; "
                            "%(done)s was done by the end of the year.",
                            "%(opened)s corrective actions were opened because of these "
                            "cases; %(done)s were done by the end of the year.",
                            report.actions_opened)) % numbers
    else:
        summary = _("No corrective action was opened because of these cases.")
    table = p.Table("actions", _("Corrective actions opened and done"),
                    [p.Column(_("Figure"), "text"), p.Column(_("Actions"))],
                    [[_("opened"), report.actions_opened], [_("done"), report.actions_done]],
                    "actions", ["opened", "done"], additive=False)
    return p.Section("actions", _("Corrective actions"), summary, [table])


def _comparison(report: Annual, as_of: date | None) -> p.Section:
    before = report.before
    year, previous = report.scope.year, report.scope.year - 1
    if before is None or not before.received:
        summary = _("No cases the year before (%(previous)s): there is nothing to compare "
                    "with.") % {"previous": previous}
        return p.Section("comparison", _("Compared with the year before"), summary, [])
    met, settled = report.kept
    lines = [
        ([_("cases received"), report.received, before.received], "count"),
        ([_("still open (this year: so far)") if as_of else _("still open at year end"),
          report.outcome("open"), before.outcome("open")], "count"),
        ([_("median handling time (working days)"), report.handling.median,
          before.handling.median], "days"),
        ([_("share of deadlines kept"), p.share(met, settled), p.share(*before.kept)],
         "share"),
        ([_("appeals"), report.appealed, before.appealed], "count"),
    ]
    table = p.Table("comparison", _("Key figures, %(year)s and %(previous)s") % {
        "year": year, "previous": previous},
        [p.Column(_("Figure"), "text"), p.Column(str(year), "mixed"),
         p.Column(str(previous), "mixed")], [row for row, _kind in lines],
        kinds=[kind for _row, kind in lines], additive=False)
    summary = _("Cases received: %(now)s in %(year)s, %(then)s in %(previous)s.") % {
        "now": report.received, "year": year, "then": before.received, "previous": previous}
    return p.Section("comparison", _("Compared with the year before"), summary, [table])

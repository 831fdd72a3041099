"""Every figure of the annual report against the fixture year counted by hand (conftest.py):
Personalpartner's complaints of 2026 (PP-16: the yearly report of complaints received and how
they were handled); the same selector serves Astafjord Vekst (AV-11) and Gløde (GL-12)."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ombud.reports import selectors
from ombud.reports.selectors import Scope


def _scope(organizations, year=2026, **kwargs):
    return Scope(organizations["pp"].pk, year, **kwargs)


def test_pp_16_received_by_type_subject_channel_and_filer(organizations, year):
    report = selectors.annual(_scope(organizations))
    assert report.received == 5
    assert report.by_type == [("pp/complaint", 5)]
    assert dict(report.by_about) == {"inclusion": 2, "sales": 3}
    assert dict(report.by_channel) == {"web": 2, "email": 1, "letter": 1, "oral": 1}
    assert dict(report.by_filer) == {"participant": 2, "customer": 2, "buyer": 1}
    assert report.by_month == [(2, "pp/complaint", 1), (3, "pp/complaint", 1),
                               (4, "pp/complaint", 1), (6, "pp/complaint", 1),
                               (11, "pp/complaint", 1)]


def test_pp_16_outcomes_as_they_stood_at_year_end(organizations, year):
    report = selectors.annual(_scope(organizations))
    assert dict(report.outcomes) == {"upheld": 1, "partly_upheld": 1, "not_upheld": 1,
                                     "withdrawn": 1, "open": 1}
    # F was received in December 2025 and answered in January: open at the end of 2025.
    assert dict(selectors.annual(_scope(organizations, 2025)).outcomes)["open"] == 1


def test_pp_16_handling_time_in_working_days_median_and_90th_percentile(organizations, year):
    handling = selectors.annual(_scope(organizations)).handling
    # A 5, B 9, C 19 (Easter Monday and 1 May skipped), D 2: nearest rank.
    assert handling.histogram == [(2, 1), (5, 1), (9, 1), (19, 1)]
    assert (handling.closed, handling.median, handling.p90) == (4, 5, 19)


def test_pp_16_each_deadline_rule_kept_missed_and_by_how_much(organizations, year):
    rows = {row.rule: row for row in selectors.annual(_scope(organizations)).deadlines}
    assert set(rows) == {"PP-10", "PP-11", "PP-14"}
    assert (rows["PP-11"].met, rows["PP-11"].missed, rows["PP-11"].days_late) == (3, 1, 7)
    assert (rows["PP-10"].met, rows["PP-10"].missed, rows["PP-10"].days_late) == (3, 1, 7)
    answer = rows["PP-14"]
    assert (answer.met, answer.missed, answer.open, answer.days_late, answer.mean_late) == (
        2, 1, 1, 14, 14.0)
    assert answer.unit == "calendar_days"


def test_pp_16_appeals_and_their_outcomes(organizations, year):
    report = selectors.annual(_scope(organizations))
    assert report.appeals == [("upheld", 1)]
    assert report.appealed == 1


def test_pp_16_corrective_actions_opened_and_done(organizations, year):
    report = selectors.annual(_scope(organizations))
    assert (report.actions_opened, report.actions_done) == (2, 1)


def test_pp_16_comparison_with_the_year_before(organizations, year):
    before = selectors.annual(_scope(organizations)).before
    assert before.scope.year == 2025
    assert before.received == 1
    assert dict(before.by_channel) == {"web": 1}
    # F's answer came in 2026: in 2025 nothing was closed yet.
    assert before.handling.closed == 0 and before.handling.median is None
    assert [(row.rule, row.missed) for row in before.deadlines] == [
        ("PP-10", 0), ("PP-11", 0), ("PP-14", 1)]


def test_pp_16_a_handler_sees_only_their_own_figures(organizations, year, people):
    handler = people["pp"]["handler"]
    assert selectors.annual(_scope(organizations, handler_id=handler.pk)).received == 0


def test_av_11_another_organization_counts_none_of_these(organizations, year):
    report = selectors.annual(Scope(organizations["av"].pk, 2026))
    assert report.received == 0 and report.deadlines == [] and report.actions_opened == 0


def test_gl_12_the_case_list_behind_each_figure(organizations, year):
    scope = _scope(organizations)
    references = {figure: {case.reference for case in selectors.cases_behind(scope, *figure)}
                  for figure in [("outcome", "open"), ("channel", "oral"), ("missed", "PP-14"),
                                 ("appeal", "upheld"), ("month", "4"), ("received", "")]}
    assert references[("outcome", "open")] == {year["E"].reference}
    assert references[("channel", "oral")] == {year["D"].reference}
    assert references[("missed", "PP-14")] == {year["C"].reference}
    assert references[("appeal", "upheld")] == {year["C"].reference}
    assert references[("month", "4")] == {year["C"].reference}
    assert len(references[("received", "")]) == 5
    assert not selectors.cases_behind(scope, "nonsense", "x").exists()


def test_gl_12_the_report_is_a_fixed_number_of_queries_whatever_the_cases(organizations, year):
    with CaptureQueriesContext(connection) as queries:
        selectors.annual(_scope(organizations))
    assert len(queries) <= 24  # two years of GROUP BYs; none per case


def test_pp_16_live_overview_open_overdue_due_this_week_per_handler(organizations, year):
    rows = selectors.overview(organizations["pp"].pk, date(2026, 12, 9))
    assert [(row.open, row.overdue, row.due_this_week) for row in rows] == [(1, 0, 1)]


def test_pp_16_the_cells_kept_step_by_step_equal_the_cells_counted_anew(organizations, year):
    from ombud.reports.figures import cells_rebuild
    from ombud.reports.models import DeadlineCell, ReportCell

    def counted():
        return ({tuple(row) for row in ReportCell.objects.filter(cases__gt=0).values_list(
                    "year", "procedure_id", "handler_id", "month", "about", "channel", "filer",
                    "at_end", "appealed", "appeal_outcome", "working_days", "cases")},
                {tuple(row) for row in DeadlineCell.objects.filter(deadlines__gt=0).values_list(
                    "year", "rule", "status", "handler_id", "deadlines", "days_late")})

    kept = counted()
    cells_rebuild()
    assert counted() == kept


def test_pp_16_who_reads_every_figure_reads_every_case_so_the_overview_counts_them_all():
    """The overview shows these roles every handler's line from the organization's counts
    (``OpenCount``), not from the cases they read: that holds only while they read every case
    of every procedure, which this checks of each bundled procedure's every version."""
    from ombud.domain.loader import bundled_procedures
    from ombud.reports.annual import READS_ALL

    for procedure_id, versions in bundled_procedures().items():
        for version in versions:
            for role in READS_ALL:
                assert version.access.reads_every_case(frozenset({role})), (procedure_id, role)

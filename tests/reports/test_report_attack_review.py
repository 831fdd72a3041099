"""The reports' second attack review (PP-16, GL-12, AV-11): a hidden small count that a reader
could work out from a total, a case list downloaded without a trace in the access log, and a
January night that set the PDF again for a mail already written."""

from __future__ import annotations

import csv
import io
from datetime import date

from ombud.cases.models import AccessKind, AccessLog
from ombud.orgs.models import Organization
from ombud.reports import annual, exports, tasks
from ombud.reports.presentation import Table
from ombud.reports.selectors import Scope
from tests.cast import sign_in

NOT_ADDING_UP = ("handling", "actions", "comparison")  # figures side by side, not parts


def _lines(table: Table) -> list[list[tuple[int, int]]]:
    """What an attacker adds up: every count column (its total is the cases received, or a
    figure elsewhere), and every row of a table with several count columns."""
    cells = [(row, column) for row in range(len(table.rows))
             for column in range(len(table.columns)) if table.kind(row, column) == "count"]
    columns = {column for _row, column in cells}
    lines = [[cell for cell in cells if cell[1] == column] for column in columns]
    if len(columns) > 1:
        lines += [[cell for cell in cells if cell[0] == row] for row in range(len(table.rows))]
    # A line of one cell is its own total: that total, wherever else it is printed (the cases
    # received, the appeals), is a count of the same size and hidden the same way.
    return [line for line in lines if len(line) > 1]


def _derived(inside: Table, outside: Table) -> set[tuple[int, int]]:
    """The hidden cells of ``outside`` worked out from its shown cells and the true totals
    (the worst case: the attacker knows every total), over and over while any falls."""
    known = {(row, column) for row in range(len(outside.rows))
             for column in range(len(outside.columns))
             if not isinstance(outside.rows[row][column], str)}
    hidden = {(row, column) for row in range(len(outside.rows))
              for column in range(len(outside.columns))
              if outside.kind(row, column) == "count"
              and isinstance(outside.rows[row][column], str)}
    derived: set[tuple[int, int]] = set()
    changed = True
    while changed:
        changed = False
        for line in _lines(inside):
            unknown = [cell for cell in line if cell not in known]
            if len(unknown) == 1 and unknown[0] in hidden:
                known.add(unknown[0])
                derived.add(unknown[0])
                changed = True
    return derived


def test_pp_16_no_hidden_small_count_can_be_worked_out_from_a_total(organizations, year):
    Organization.objects.filter(slug="pp").update(suppress_small_cells=True)
    organization = Organization.objects.get(slug="pp")
    scope = Scope(organization.pk, 2026)
    inside = annual.annual_report(organization, scope, language="nb")
    outside = annual.annual_report(organization, scope, suppress=True, language="nb")
    assert outside.suppressed
    hidden_somewhere = False
    for shown, hidden in zip(inside.tables(), outside.tables(), strict=True):
        if shown.key in NOT_ADDING_UP:
            continue
        hidden_somewhere |= any(isinstance(cell, str) and cell in ("<3", "x")
                                for row in hidden.rows for cell in row)
        assert _derived(shown, hidden) == set(), shown.title
    assert hidden_somewhere  # the fixture year has small cells to hide
    # Subjects: inclusion 2, sales 3 of 5: "<3" beside a 3 gave the 2 back (5 - 3).
    subjects = {row[0]: row[1] for row in next(
        table for table in outside.tables() if table.key == "subject").rows}
    assert set(subjects.values()) == {"<3", "x"}


def test_pp_16_the_case_list_download_is_written_in_each_files_access_log(client, people,
                                                                          year):
    manager = people["pp"]["manager"]
    sign_in(client, manager, "nb")
    response = client.get("/pp/reports/cases/?year=2026&figure=outcome&value=open&format=csv")
    assert response.status_code == 200
    [entry] = AccessLog.objects.filter(person=manager)
    assert entry.case_id == year["E"].pk and entry.kind == AccessKind.DOWNLOAD
    assert entry.what == "pp-2026-cases.csv"
    client.get("/pp/reports/cases/?year=2026&figure=outcome&value=open")  # the page: a read,
    assert AccessLog.objects.filter(person=manager).count() == 1  # not a download of files


def test_pp_16_the_second_january_night_sets_no_pdf(organizations, people, year, monkeypatch):
    people["pp"]["manager"].email = "leder@personalpartner.example"
    people["pp"]["manager"].save()
    made = []
    real = tasks.report_pdf_bytes

    def counted(report):
        made.append(report.organization)
        return real(report)

    monkeypatch.setattr(tasks, "report_pdf_bytes", counted)
    assert tasks.mail_annual_reports(date(2027, 1, 2)) == 1
    assert len(made) == 1
    assert tasks.mail_annual_reports(date(2027, 1, 3)) == 0
    assert tasks.mail_annual_reports(date(2027, 1, 4)) == 0
    assert len(made) == 1  # the nights after ask the outbox first and set nothing


def test_pp_16_a_csv_in_norwegian_has_semicolons_and_decimal_commas_english_keeps_commas(
        client, people, year):
    manager = people["pp"]["manager"]
    sign_in(client, manager, "nb")
    norwegian = client.get("/pp/reports/annual.csv?year=2026").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(norwegian), delimiter=";"))
    assert ["nettskjema", "2", "40,0"] in rows
    assert any("Andel (%)" in row for row in rows)  # shares as percentages, one decimal
    sign_in(client, manager, "en")
    english = client.get("/pp/reports/annual.csv?year=2026").content.decode("utf-8-sig")
    assert ["web form", "2", "40.0"] in list(csv.reader(io.StringIO(english)))
    assert exports.safe_cell("=1+2") == "'=1+2"

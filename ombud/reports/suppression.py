"""Small-cell suppression for reports made for outside bodies (issue 12, privacy): a count of 1
or 2 is shown as "<3", and enough other cells are hidden beside it that it cannot be worked
out again from a total (complementary, or secondary, suppression).

What adds up: in a table marked ``additive`` every count column adds up to a total a reader
may know (the cases received, a figure of another table); in a table with several count
columns each row does too (the months: one column per case type and their sum; a deadline:
kept, missed and running). Figures of different tables add up as well (``report_links``): the
cases closed are the cases received less those still open, and the sum of the handling-time
bands; the key figures repeat the cases still open and the appeals. Wherever such a line holds
exactly one hidden cell, its smallest other cell is hidden too, until no line has a single one.
A share or a number of days beside a hidden count goes as well: it would give the count back.
The year before's figures in the comparison are hidden where that year's own report for an
outside body hides them (``hide_year_before``)."""

from __future__ import annotations

SUPPRESSED = "<3"
COMPLEMENT = "x"  # hidden so that a "<3" beside it cannot be worked out
HIDDEN = "–"  # a share or days beside a hidden count
SMALL = 3
# The key figures' rows (``sections._comparison``) and columns: this year, the year before.
RECEIVED, OPEN, MEDIAN, SHARE_KEPT, APPEALS = range(5)
NOW, BEFORE = 1, 2

Cell = tuple[int, int, int]  # (table, row, column) of the report's tables


def suppress_table(table) -> None:
    """Hide the small counts of one table (a ``presentation.Table``) and what gives them back."""
    suppress_tables([table])


def suppress_tables(tables: list) -> set[Cell]:
    """Hide the small counts of the report's ``tables`` and every count that gives one back,
    within a table and across them (``report_links``); the hidden cells."""
    counts = {(number, row, column) for number, table in enumerate(tables)
              for row in range(len(table.rows)) for column in range(len(table.columns))
              if table.kind(row, column) == "count" and isinstance(table.rows[row][column], int)}

    def value(cell: Cell) -> int:
        return tables[cell[0]].rows[cell[1]][cell[2]]

    small = {cell for cell in counts if 0 < value(cell) < SMALL}
    hidden = set(small)
    if small:
        lines = [[(number, row, column) for row, column in line]
                 for number, table in enumerate(tables) if table.additive
                 for line in _lines({(row, column) for index, row, column in counts
                                     if index == number})]
        lines += [[cell for cell in link if cell in counts] for link in report_links(tables)]
        hidden |= _complements(value, [line for line in lines if len(line) > 1], hidden)
    for number, row, column in hidden:
        tables[number].rows[row][column] = (SUPPRESSED if (number, row, column) in small
                                            else COMPLEMENT)
    for number, row in {(number, row) for number, row, _column in hidden}:
        _hide_beside(tables[number], row)
    _hide_key_figures(tables, hidden)
    return hidden


def _hide_beside(table, row: int) -> None:
    for column in range(len(table.columns)):
        if table.kind(row, column) not in ("text", "month", "date", "count"):
            table.rows[row][column] = HIDDEN


def _index(tables: list, key: str) -> int | None:
    return next((number for number, table in enumerate(tables) if table.key == key), None)


def report_links(tables: list) -> list[list[Cell]]:
    """The lines that run across the annual report's tables (by their keys)."""
    outcomes, handling, bands, comparison = (_index(tables, key) for key in (
        "outcome", "handling", "distribution", "comparison"))
    links: list[list[Cell]] = []
    open_cell = None
    if outcomes is not None and "open" in tables[outcomes].values:
        open_cell = (outcomes, tables[outcomes].values.index("open"), 1)
    if handling is not None:
        closed = (handling, 0, 0)
        if open_cell:  # closed = received - open; and the outcomes but "open" add up to it
            links.append([closed, open_cell])
            links.append([closed] + [(outcomes, row, 1) for row in range(
                len(tables[outcomes].rows)) if row != open_cell[1]])
        if bands is not None:  # the bands add up to the cases closed
            links.append([closed] + [(bands, row, 1) for row in range(len(tables[bands].rows))])
    if comparison is not None and len(tables[comparison].rows) > APPEALS:
        if open_cell:
            links.append([(comparison, OPEN, NOW), open_cell])
        appeals = _index(tables, "appeals")
        if appeals is not None:
            links.append([(comparison, APPEALS, NOW)] + [
                (appeals, row, 1) for row in range(len(tables[appeals].rows))])
    return links


def _hide_key_figures(tables: list, hidden: set[Cell]) -> None:
    """This year's median and share of deadlines kept in the key figures: hidden where the
    handling time or a deadline's counts are (they would give those back)."""
    comparison, handling = _index(tables, "comparison"), _index(tables, "handling")
    if comparison is None or len(tables[comparison].rows) <= APPEALS:
        return
    rows = tables[comparison].rows
    if handling is not None and any(cell[0] == handling for cell in hidden):
        rows[MEDIAN][NOW] = HIDDEN
    if any(tables[cell[0]].key.startswith("deadlines") for cell in hidden):
        rows[SHARE_KEPT][NOW] = HIDDEN


def hide_year_before(tables: list, before_tables: list) -> None:
    """The year before's column of the key figures as that year's own report for an outside
    body shows them: a count it hides is hidden here, and so are a median or a share it
    hides (``before_tables``: that year's tables, suppressed)."""
    comparison = _index(tables, "comparison")
    if comparison is None or len(tables[comparison].rows) <= APPEALS:
        return
    rows = tables[comparison].rows
    outcomes = _index(before_tables, "outcome")
    if outcomes is not None and "open" in before_tables[outcomes].values:
        shown = before_tables[outcomes].rows[before_tables[outcomes].values.index("open")][1]
        if isinstance(shown, str) and isinstance(rows[OPEN][BEFORE], int):
            rows[OPEN][BEFORE] = COMPLEMENT
    handling = _index(before_tables, "handling")
    if handling is not None and isinstance(before_tables[handling].rows[0][0], str):
        rows[MEDIAN][BEFORE] = HIDDEN
    if any(isinstance(cell, str) and table.kind(row, column) == "count"
           for table in before_tables if table.key.startswith("deadlines")
           for row, line in enumerate(table.rows) for column, cell in enumerate(line)):
        rows[SHARE_KEPT][BEFORE] = HIDDEN


def _lines(counts: set[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The groups of one table's count cells that add up to a total a reader may know."""
    columns = sorted({column for _row, column in counts})
    lines = [[cell for cell in counts if cell[1] == column] for column in columns]
    if len(columns) > 1:
        rows = sorted({row for row, _column in counts})
        lines += [[cell for cell in counts if cell[0] == row] for row in rows]
    return [line for line in lines if len(line) > 1]


def _complements(value, lines: list[list[Cell]], hidden: set[Cell]) -> set[Cell]:
    """The cells to hide besides ``hidden`` so that no line holds a single hidden cell."""
    hidden = set(hidden)
    changed = True
    while changed:
        changed = False
        for line in lines:
            inside = [cell for cell in line if cell in hidden]
            if len(inside) != 1:
                continue
            others = [cell for cell in line if cell not in hidden]
            if not others:
                continue
            # the smallest non-zero count first: it hides the least; a zero only when none is left
            others.sort(key=lambda cell: (value(cell) == 0, value(cell), cell))
            hidden.add(others[0])
            changed = True
    return hidden

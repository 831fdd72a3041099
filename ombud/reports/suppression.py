"""Small-cell suppression for reports made for outside bodies (issue 12, privacy): a count of 1
or 2 is shown as "<3", and enough other cells are hidden beside it that it cannot be worked
out again from a total (complementary, or secondary, suppression).

What adds up: in a table marked ``additive`` every count column adds up to a total a reader
may know (the cases received, a figure of another table); in a table with several count
columns each row does too (the months: one column per case type and their sum; a deadline:
kept, missed and running). Wherever such a line holds exactly one hidden cell, its
smallest other cell is hidden too, until no line has a single one. A share or a number of
days beside a hidden count goes as well: it would give the count back."""

from __future__ import annotations

SUPPRESSED = "<3"
COMPLEMENT = "x"  # hidden so that a "<3" beside it cannot be worked out
HIDDEN = "–"  # a share or days beside a hidden count
SMALL = 3


def suppress_table(table) -> None:
    """Hide the small counts of ``table`` (a ``presentation.Table``) and what gives them back."""
    counts = {(row, column) for row in range(len(table.rows))
              for column in range(len(table.columns))
              if table.kind(row, column) == "count" and isinstance(table.rows[row][column], int)}
    small = {cell for cell in counts if 0 < table.rows[cell[0]][cell[1]] < SMALL}
    hidden = set(small)
    if small and table.additive:
        hidden |= _complements(table, counts, hidden)
    for row, column in hidden:
        table.rows[row][column] = SUPPRESSED if (row, column) in small else COMPLEMENT
    for row in {row for row, _column in hidden}:
        for column in range(len(table.columns)):
            if table.kind(row, column) not in ("text", "month", "date", "count"):
                table.rows[row][column] = HIDDEN


def _lines(table, counts: set[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The groups of count cells that add up to a total a reader may know."""
    columns = sorted({column for _row, column in counts})
    lines = [[cell for cell in counts if cell[1] == column] for column in columns]
    if len(columns) > 1:
        rows = sorted({row for row, _column in counts})
        lines += [[cell for cell in counts if cell[0] == row] for row in rows]
    return [line for line in lines if len(line) > 1]


def _complements(table, counts: set[tuple[int, int]], hidden: set[tuple[int, int]]
                 ) -> set[tuple[int, int]]:
    """The cells to hide besides ``hidden`` so that no line holds a single hidden cell."""
    hidden = set(hidden)
    lines = _lines(table, counts)
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
            others.sort(key=lambda cell: (table.rows[cell[0]][cell[1]] == 0,
                                          table.rows[cell[0]][cell[1]], cell))
            hidden.add(others[0])
            changed = True
    return hidden

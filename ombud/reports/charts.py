"""The report's charts as SVG made on the server: no script, no style attribute (the CSP allows
neither), only presentation attributes; every text escaped. The same markup goes on the page
and into the PDF. Each chart carries its title and a text alternative; the numbers are in the
table beside it."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _

PALETTE = ("#1f5f8b", "#d9822b", "#3b8a4a", "#8e44ad", "#b03a2e", "#6c757d", "#17a2b8")
KEPT, MISSED = "#3b8a4a", "#b03a2e"
TEXT = "#222222"
FONT = 'font-family="Helvetica, Arial, sans-serif"'
BANDS = ((0, 5, "0–5"), (6, 10, "6–10"), (11, 20, "11–20"), (21, 40, "21–40"))


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str  # the text alternative: what the chart shows, in words
    svg: str


def _svg(title: str, alt: str, width: int, height: int, body: list[str]) -> Chart:
    markup = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
              f'width="{width}" height="{height}" role="img" {FONT} font-size="13" '
              f'fill="{TEXT}"><title>{escape(title)}</title><desc>{escape(alt)}</desc>'
              + "".join(body) + "</svg>")
    return Chart(title, alt, markup)


def _text(x, y, text, anchor="start", size=12, weight="normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'font-weight="{weight}">{escape(str(text))}</text>')


def _rect(x, y, w, h, fill) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" ' \
           f'fill="{fill}"/>'


def months(by_month: list[tuple[int, str, int]], names: dict[str, str], year: int) -> Chart:
    """Cases received per month, stacked by case type."""
    from datetime import date

    types = sorted({procedure for _month, procedure, _count in by_month})
    per_month = {month: {} for month in range(1, 13)}
    for month, procedure, count in by_month:
        per_month[month][procedure] = count
    top = max([sum(counts.values()) for counts in per_month.values()] + [1])
    width, left, bottom, plot = 480, 32, 180, 150
    body = [_text(left - 6, bottom - plot + 4, top, "end"), _text(left - 6, bottom + 4, 0, "end"),
            f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" '
            f'stroke="{TEXT}"/>']
    step = (width - left - 10) / 12
    for month in range(1, 13):
        x, y = left + (month - 1) * step + 4, bottom
        for index, procedure in enumerate(types):
            count = per_month[month].get(procedure, 0)
            h = plot * count / top
            y -= h
            body.append(_rect(x, y, step - 8, h, PALETTE[index % len(PALETTE)]))
        total = sum(per_month[month].values())
        if total:
            body.append(_text(x + (step - 8) / 2, y - 4, total, "middle", 11))
        label = date_format(date(year, month, 1), "M")
        body.append(_text(x + (step - 8) / 2, bottom + 16, label, "middle", 11))
    height = bottom + 30 + 18 * ((len(types) + 1) // 2)
    for index, procedure in enumerate(types):  # the legend, two case types a line
        x, y = left + (index % 2) * 220, bottom + 28 + 18 * (index // 2)
        body += [_rect(x, y, 12, 12, PALETTE[index % len(PALETTE)]),
                 _text(x + 16, y + 10, names.get(procedure, procedure)[:28])]
    totals = ", ".join(f"{date_format(date(year, month, 1), 'F')}: "
                       f"{sum(per_month[month].values())}" for month in range(1, 13))
    title = _("Cases received per month, by case type")
    return _svg(title, _("Cases received per month: %(months)s.") % {"months": totals},
                width, height, body)


def shares(title: str, pairs: list[tuple[str, int]]) -> Chart:
    """Each part's share of the whole, as horizontal bars with the percentage."""
    total = sum(count for _, count in pairs) or 1
    width, row, left = 480, 26, 210
    body = []
    for index, (name, count) in enumerate(pairs):
        y = 10 + index * row
        share = count / total
        body += [_text(left - 8, y + 14, name[:34], "end"),
                 _rect(left, y, (width - left - 90) * share, 18, PALETTE[index % len(PALETTE)]),
                 _text(left + (width - left - 90) * share + 6, y + 14,
                       f"{round(share * 100)} % ({count})")]
    alt = "; ".join(f"{name}: {count} ({round(count / total * 100)} %)" for name, count in pairs)
    return _svg(title, alt, width, 20 + row * len(pairs), body)


def bands(histogram: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """Working days grouped into bands for the distribution chart and its table."""
    found = [(label, sum(count for days, count in histogram if low <= days <= high))
             for low, high, label in BANDS]
    found.append((_("over 40"), sum(count for days, count in histogram if days > 40)))
    return found


def bars(title: str, pairs: list[tuple[str, int]]) -> Chart:
    """Vertical bars, one per band."""
    top = max([count for _, count in pairs] + [1])
    width, bottom, plot, left = 480, 180, 140, 10
    step = (width - left - 10) / max(len(pairs), 1)
    body = [f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" '
            f'stroke="{TEXT}"/>']
    for index, (name, count) in enumerate(pairs):
        x = left + index * step + 10
        h = plot * count / top
        body += [_rect(x, bottom - h, step - 20, h, PALETTE[0]),
                 _text(x + (step - 20) / 2, bottom - h - 4, count, "middle"),
                 _text(x + (step - 20) / 2, bottom + 16, name, "middle")]
    alt = "; ".join(f"{name}: {count}" for name, count in pairs)
    return _svg(title, alt, width, bottom + 26, body)


def kept(title: str, rows: list[tuple[str, int, int]]) -> Chart:
    """Per deadline: kept and missed, stacked to 100 %."""
    width, row, left = 480, 26, 200
    body = []
    for index, (name, met, missed) in enumerate(rows):
        y = 10 + index * row
        total = met + missed
        span = width - left - 50
        w = span * met / total if total else 0
        body += [_text(left - 8, y + 14, name[:30], "end"), _rect(left, y, w, 18, KEPT),
                 _rect(left + w, y, span - w if total else 0, 18, MISSED),
                 _text(width - 44, y + 14,
                       f"{round(met / total * 100)} %" if total else "–")]
    legend_y = 14 + row * len(rows)
    body += [_rect(left, legend_y, 12, 12, KEPT), _text(left + 16, legend_y + 10, _("kept")),
             _rect(left + 90, legend_y, 12, 12, MISSED),
             _text(left + 106, legend_y + 10, _("missed"))]
    alt = "; ".join(_("%(name)s: %(met)s kept, %(missed)s missed") % {
        "name": name, "met": met, "missed": missed} for name, met, missed in rows)
    return _svg(title, alt or _("No deadline fell due."), width, legend_y + 20, body)

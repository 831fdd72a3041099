"""The report's charts as SVG made on the server: no script, no style attribute (the CSP allows
neither), only presentation attributes; every text escaped. The same markup goes on the page
and into the PDF. Each chart carries its title and a text alternative; the numbers are in the
table beside it.

Responsive: a viewBox as wide as a phone's column (WIDTH) and width 100%, so that on a 390 px
screen the text is drawn at about its own size, and everything drawn inside the box. A label
too long for its place is shortened with "…", the whole of it in its <title>."""

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
WIDTH = 360
CHAR = 6.6  # the width of an average character at 12 px, to shorten labels before they clip


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str  # the text alternative: what the chart shows, in words
    svg: str


def _svg(title: str, alt: str, width: int, height: int, body: list[str]) -> Chart:
    # aria-hidden: the figure's caption says what the chart shows, once, and its table gives
    # the numbers; the chart read out as well would say it all twice
    markup = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
              f'width="100%" aria-hidden="true" focusable="false" {FONT} font-size="12" '
              f'fill="{TEXT}"><title>{escape(title)}</title>' + "".join(body) + "</svg>")
    return Chart(title, alt, markup)


def _text(x, y, text, anchor="start", size=12, weight="normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'font-weight="{weight}">{escape(str(text))}</text>')


def _label(x, y, text, room: float, anchor="start", size=12) -> str:
    """A label in ``room`` pixels: shortened with "…" when longer, the whole in its title."""
    text = str(text)
    fits = max(int(room / (CHAR * size / 12)), 2)
    if len(text) <= fits:
        return _text(x, y, text, anchor, size)
    short = text[:fits - 1].rstrip() + "…"
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}">'
            f'<title>{escape(text)}</title>{escape(short)}</text>')


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
    width, left, bottom, plot = WIDTH, 26, 170, 140
    body = [_text(left - 4, bottom - plot + 4, top, "end", 11),
            _text(left - 4, bottom + 4, 0, "end", 11),
            f'<line x1="{left}" y1="{bottom}" x2="{width - 2}" y2="{bottom}" '
            f'stroke="{TEXT}"/>']
    step = (width - left - 2) / 12
    for month in range(1, 13):
        x, y = left + (month - 1) * step + 2, bottom
        for index, procedure in enumerate(types):
            h = plot * per_month[month].get(procedure, 0) / top
            y -= h
            body.append(_rect(x, y, step - 4, h, PALETTE[index % len(PALETTE)]))
        total = sum(per_month[month].values())
        if total:
            body.append(_text(x + (step - 4) / 2, y - 3, total, "middle", 10))
        label = date_format(date(year, month, 1), "M").rstrip(".")[:3]
        body.append(_text(x + (step - 4) / 2, bottom + 14, label, "middle", 10))
    for index, procedure in enumerate(types):  # the legend, a case type a line
        y = bottom + 26 + 18 * index
        body += [_rect(left, y, 12, 12, PALETTE[index % len(PALETTE)]),
                 _label(left + 16, y + 10, names.get(procedure, procedure),
                        width - left - 18)]
    height = bottom + 30 + 18 * len(types)
    totals = ", ".join(f"{date_format(date(year, month, 1), 'F')}: "
                       f"{sum(per_month[month].values())}" for month in range(1, 13))
    title = _("Cases received per month, by case type")
    return _svg(title, _("Cases received per month: %(months)s.") % {"months": totals},
                width, height, body)


def shares(title: str, pairs: list[tuple[str, int]]) -> Chart:
    """Each part's share of the whole, as horizontal bars: the name above its bar, the
    percentage and the count after it."""
    total = sum(count for _, count in pairs) or 1
    width, row, span = WIDTH, 38, WIDTH - 92
    body = []
    for index, (name, count) in enumerate(pairs):
        y = 4 + index * row
        part = count / total
        body += [_label(2, y + 11, name, width - 4),
                 _rect(2, y + 15, span * part, 16, PALETTE[index % len(PALETTE)]),
                 _text(2 + span * part + 5, y + 28, f"{round(part * 100)} % ({count})")]
    alt = "; ".join(f"{name}: {count} ({round(count / total * 100)} %)" for name, count in pairs)
    return _svg(title, alt, width, 8 + row * len(pairs), body)


def band_values() -> list[str]:
    """Each band's key for its case list ("0-5" … "41-"), in the order of ``bands``."""
    return [f"{low}-{high}" for low, high, _label in BANDS] + [f"{BANDS[-1][1] + 1}-"]


def band_name(value: str) -> str:
    """A band's name as its table shows it, from its key (``band_values``)."""
    names = dict(zip(band_values(), [label for _l, _h, label in BANDS] + [_("over 40")],
                     strict=True))
    return names.get(value, value)


def bands(histogram: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """Working days grouped into bands for the distribution chart and its table."""
    found = [(label, sum(count for days, count in histogram if low <= days <= high))
             for low, high, label in BANDS]
    found.append((_("over 40"), sum(count for days, count in histogram if days > 40)))
    return found


def bars(title: str, pairs: list[tuple[str, int]]) -> Chart:
    """Vertical bars, one per band."""
    top = max([count for _, count in pairs] + [1])
    width, bottom, plot, left = WIDTH, 170, 140, 2
    step = (width - left - 2) / max(len(pairs), 1)
    body = [f'<line x1="{left}" y1="{bottom}" x2="{width - 2}" y2="{bottom}" '
            f'stroke="{TEXT}"/>']
    for index, (name, count) in enumerate(pairs):
        x = left + index * step + 6
        h = plot * count / top
        body += [_rect(x, bottom - h, step - 12, h, PALETTE[0]),
                 _text(x + (step - 12) / 2, bottom - h - 4, count, "middle"),
                 _label(x + (step - 12) / 2, bottom + 16, name, step - 4, "middle", 11)]
    alt = "; ".join(f"{name}: {count}" for name, count in pairs)
    return _svg(title, alt, width, bottom + 24, body)


def kept(title: str, rows: list[tuple[str, int, int]]) -> Chart:
    """Per deadline: kept and missed, stacked to 100 %; the name above its bar."""
    width, row, span = WIDTH, 38, WIDTH - 50
    body = []
    for index, (name, met, missed) in enumerate(rows):
        y = 4 + index * row
        total = met + missed
        w = span * met / total if total else 0
        body += [_label(2, y + 11, name, width - 4), _rect(2, y + 15, w, 16, KEPT),
                 _rect(2 + w, y + 15, span - w if total else 0, 16, MISSED),
                 _text(width - 2, y + 28, f"{round(met / total * 100)} %" if total else "–",
                       "end")]
    legend_y = 8 + row * len(rows)
    body += [_rect(2, legend_y, 12, 12, KEPT), _text(18, legend_y + 10, _("kept")),
             _rect(110, legend_y, 12, 12, MISSED), _text(126, legend_y + 10, _("missed"))]
    alt = "; ".join(_("%(name)s: %(met)s kept, %(missed)s missed") % {
        "name": name, "met": met, "missed": missed} for name, met, missed in rows)
    return _svg(title, alt or _("No deadline fell due."), width, legend_y + 18, body)

"""The report's tables as HTML: numbers right-aligned, shares as percentages, and each count of
a table with a case list linked to the cases behind it."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ombud.reports.exports import shown_tables as _shown_tables
from ombud.reports.presentation import display

register = template.Library()


@register.filter
def shown_tables(section):
    return _shown_tables(section)


@register.simple_tag
def report_table(table):
    if not table.rows and table.empty:  # a sentence, not an empty table
        return format_html('<h3 class="table-title">{}</h3><p>{}</p>', table.title, table.empty)
    head = format_html_join("", '<th scope="col"{}>{}</th>', (
        (mark_safe(' class="num"') if table.numeric(index) else "", column.title)
        for index, column in enumerate(table.columns)))
    rows = []
    for number, row in enumerate(table.rows):
        cells = []
        for index, value in enumerate(row):
            text = display(table, number, index, value)
            numeric = table.numeric(index)
            linked = (table.hrefs and index == table.link_column
                      and isinstance(value, int) and value > 0 and number < len(table.hrefs))
            content = format_html('<a href="{}">{}</a>', table.hrefs[number], text) if linked \
                else text
            tag = "th" if index == 0 else "td"
            scope = mark_safe(' scope="row"') if index == 0 else ""
            cls = mark_safe(' class="num"') if numeric else ""
            cells.append(format_html("<{}{}{}>{}</{}>", tag, scope, cls, content, tag))
        rows.append(format_html("<tr>{}</tr>", mark_safe("".join(cells))))
    if not rows:
        rows.append(format_html('<tr><td colspan="{}">–</td></tr>', len(table.columns)))
    note = format_html('<p class="table-note">{}</p>', table.note) if table.note else ""
    return format_html('<div class="table-scroll"><table class="report"><caption>{}</caption>'
                       "<thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>{}",
                       table.title, head, mark_safe("".join(rows)), note)

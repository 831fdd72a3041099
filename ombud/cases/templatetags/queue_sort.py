"""The queue's column heads: each sortable one a link that sorts by it (again: the other way),
the sorted one telling assistive technology how (``aria-sort``)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def sort_header(label: str, name: str, wanted, query: str) -> str:
    """``<th>`` for the column ``name`` (a key of ``selectors.SORTS``, or "" for a column that
    does not sort) titled ``label``; ``query``: the page's address without sort and cursor."""
    if not name:
        return format_html('<th scope="col">{}</th>', label)
    current, descending = wanted.order
    sorted_here = current == name
    target = f"-{name}" if sorted_here and not descending else name
    href = f"?{query}&sort={target}" if query else f"?sort={target}"
    if not sorted_here:
        return format_html('<th scope="col"><a href="{}">{}</a></th>', href, label)
    # aria-sort says how; the arrow shows it (and is not read out twice).
    return format_html('<th scope="col" aria-sort="{}"><a href="{}">{} <span aria-hidden="true">'
                       '{}</span></a></th>', "descending" if descending else "ascending",
                       href, label, "▼" if descending else "▲")

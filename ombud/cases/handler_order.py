"""The queue sorted by handler, without sorting every case: the handlers who have a case in the
queue are few, so they are put in the order of their names first (``handler_key``: last name,
first name, login, in lower case; the cases with no handler yet first), then each one's cases
are read in turn through the index on (organization, handler, id), as many as the page holds.
A page costs a query for the handlers and one per handler it reaches, at 1,000,000 cases as at
ten (the ORDER BY of a joined name would sort every case of the queue on each page)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Concat, Lower

NO_HANDLER_KEY = "  "  # sorts before every name (the cursor needs a value that is not empty)


def handler_key() -> Lower:
    """A person's sort key, as the database orders it."""
    return Lower(Concat("last_name", Value(" "), "first_name", Value(" "), "username",
                        output_field=CharField()))


def handler_groups(cases: QuerySet) -> list[tuple[str, int | None]]:
    """(sort key, handler id or None) of each handler with a case in ``cases``, in order."""
    people = (get_user_model().objects.filter(Exists(cases.filter(handler_id=OuterRef("pk"))))
              .annotate(handler_key=handler_key()).order_by("handler_key", "pk")
              .values_list("handler_key", "pk"))
    groups: list[tuple[str, int | None]] = list(people)
    if cases.filter(handler__isnull=True).exists():
        groups.insert(0, (NO_HANDLER_KEY, None))
    return groups


def _start(groups: list[tuple[str, int | None]], key: str, descending: bool) -> tuple[int, bool]:
    """Where a page whose last row had ``key`` goes on: (the group's index, whether it is that
    row's own group). A key no longer there (a name changed, a filter left it out): the next."""
    for index, (group_key, _handler) in enumerate(groups):
        if group_key == key:
            return index, True
    for index, (group_key, _handler) in enumerate(groups):
        if (group_key < key) if descending else (group_key > key):
            return index, False
    return len(groups), False


def by_handler(cases: QuerySet, descending: bool, after: tuple[str, int] | None,
               size: int) -> list:
    """Up to ``size`` + 1 rows of ``cases`` by (handler's key, id), after the row ``after``
    ((key, id): the cursor), each carrying its ``handler_key``."""
    groups = handler_groups(cases)
    if descending:
        groups.reverse()
    index, own_group = _start(groups, after[0], descending) if after else (0, False)
    rows: list = []
    while index < len(groups) and len(rows) <= size:
        key, handler_id = groups[index]
        group = (cases.filter(handler_id=handler_id) if handler_id is not None
                 else cases.filter(handler__isnull=True))
        if own_group and after:
            group = group.filter(id__lt=after[1]) if descending else group.filter(id__gt=after[1])
            own_group = False
        found = list(group.select_related("handler").order_by("-id" if descending else "id")
                     [:size + 1 - len(rows)])
        for row in found:
            row.handler_key = key
        rows += found
        index += 1
    return rows

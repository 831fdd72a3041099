"""Other apps' places of personal data (consent records, a newsletter's subscribers): they
register here in their ``AppConfig.ready`` and the console lists, exports and erases what they
hold with the rest, whichever layer they sit in."""

from __future__ import annotations

from collections.abc import Callable

# (organization, e-mail addresses) -> {name of the place: [rows as plain dicts]}
_places: list[Callable] = []
# (organization, e-mail addresses, actor) -> None: remove or anonymize what the app holds
_erasers: list[Callable] = []
# (now) -> {kind: queryset of rows whose retention ended}: deleted by the nightly retention job
# (``ombud.retention.services.aged_rows``), listed by its dry run
_aged: list[Callable] = []


def places_register(function: Callable) -> None:
    if function not in _places:
        _places.append(function)


def eraser_register(function: Callable) -> None:
    if function not in _erasers:
        _erasers.append(function)


def aged_register(function: Callable) -> None:
    if function not in _aged:
        _aged.append(function)


def aged(now) -> dict[str, object]:
    found: dict[str, object] = {}
    for function in _aged:
        found.update(function(now))
    return found


def places(organization, emails: list[str]) -> dict[str, list]:
    found: dict[str, list] = {}
    for function in _places:
        found.update(function(organization, emails))
    return found


def erase(organization, emails: list[str], actor) -> None:
    for function in _erasers:
        function(organization, emails, actor)

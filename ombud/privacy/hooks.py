"""Other apps' places of personal data (consent records, a newsletter's subscribers): they
register here in their ``AppConfig.ready`` and the console lists, exports and erases what they
hold with the rest, whichever layer they sit in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# (organization, e-mail addresses) -> {name of the place: [rows as plain dicts]}
_places: list[Callable] = []
# (organization, e-mail addresses, actor) -> None: remove or anonymize what the app holds
_erasers: list[Callable] = []
# (organization, name, e-mail) -> [Someone]: people an app holds who may be party to no case
# (a newsletter's subscriber who never complained), for the console's search
_people: list[Callable] = []
# (organization, key) -> e-mail address or None: the address of one ``Someone`` found above
_addresses: list[Callable] = []
# (now) -> {kind: queryset of rows whose retention ended}: deleted by the nightly retention job
# (``ombud.retention.services.aged_rows``), listed by its dry run
_aged: list[Callable] = []


@dataclass(frozen=True)
class Someone:
    """A person found in another app's rows: ``key`` names them in the console's URLs (their
    details never travel in one), ``place`` says where they were found."""

    key: str
    name: str
    email: str
    place: str


def people_register(find: Callable, address: Callable) -> None:
    if find not in _people:
        _people.append(find)
    if address not in _addresses:
        _addresses.append(address)


def people(organization, *, name: str, email: str) -> list[Someone]:
    found: list[Someone] = []
    for function in _people:
        found += function(organization, name=name, email=email)
    return found


def address(organization, key: str) -> str | None:
    for function in _addresses:
        found = function(organization, key)
        if found:
            return found
    return None


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

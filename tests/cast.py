"""The shared cast of the tests (after healthchecks' hc/test.py): the five organizations as the
demo sets them up, a user ``<org>-<role>`` per role plus ``<org>-handler2``, and the people who
carry meaning by name. The fixtures are in the root conftest; this module holds what tests
import."""

from __future__ import annotations


def sign_in(client, person, language: str = "en"):
    """The test client as ``person`` (a user, or a demo username ``<org>-<role>``), reading
    pages in ``language``."""
    client.force_login(person)
    client.cookies["django_language"] = language
    return client


def person_named(people: dict, username: str):
    """``people[org][role]`` for the demo username ``<org>-<role>``."""
    organization, _, role = username.partition("-")
    return people[organization][role]

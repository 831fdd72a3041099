"""Shared fixtures. Domain tests need nothing from Django; database tests use pytest-django."""

import pytest


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """``client.force_login(person)`` signs the person in fully: with the second factor their
    role asks for (tests/two_factor.py)."""
    from django.test import Client

    from tests.two_factor import complete_second_factor

    password_only = Client.force_login

    def force_login(self, user, backend=None):
        password_only(self, user, backend)
        complete_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_password_only", password_only, raising=False)

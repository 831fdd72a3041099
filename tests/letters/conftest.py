"""Letters are tested through the services that send them, on the five demo organizations."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def people(db):
    from ombud.demo.seed import seed_meetings, seed_organizations

    found = seed_organizations()
    seed_meetings()
    return found

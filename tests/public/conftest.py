"""The world of the public-side tests: the cast of the root conftest, and cases filed through
the real form (``filed``) by a visitor that reads the form, solves its puzzle as the browser's
script does and sends it (``public_world.PublicClient``).

    dnv_handler  DNV's case handler, who moves a filed case along (hearing, extension)
"""

from __future__ import annotations

import pytest
from fake_clamd import clamd  # noqa: F401 (a fixture: a clamd on a real socket)
from public_world import PublicClient, file_valid


@pytest.fixture(autouse=True)
def _public_settings(settings):
    """A small puzzle for Python to solve, no virus scanner unless a test starts one, and the
    default limits."""
    settings.OMBUD_PROOF_OF_WORK_MAX = 500
    settings.OMBUD_VIRUS_SCANNER = ""
    settings.OMBUD_PUBLIC_URL = "http://testserver"
    # the defaults, whatever the environment says: tests lower them where they need to
    settings.OMBUD_PUBLIC_LIMIT_PER_HOUR = 20
    settings.OMBUD_PUBLIC_LIMIT_WITHOUT_WORK = 5
    settings.OMBUD_RESEND_LIMIT_PER_HOUR = 10
    settings.OMBUD_TRUSTED_PROXY = False
    settings.OMBUD_ATTACHMENT_MAX_COUNT = 5
    settings.OMBUD_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    settings.OMBUD_UPLOADS_PER_CASE_PER_HOUR = 10
    settings.OMBUD_UPLOADS_PER_ADDRESS_PER_HOUR = 30


@pytest.fixture
def dnv_handler(people):
    return people["dnv"]["handler"]


@pytest.fixture
def filed(people):
    """``filed(procedure_id, **fields)``: a case filed through the real form by a fresh visitor;
    returns (case, token, visitor)."""

    def file(procedure_id: str, *, language: str = "en", **fields):
        visitor = PublicClient(language)
        case, token = file_valid(visitor, procedure_id, **fields)
        return case, token, visitor

    return file


"""The root conftest holds for every test: the cheap hasher (the suite's speed depends on it) and
Hypothesis failures that can be replayed."""

from __future__ import annotations

from django.contrib.auth.hashers import get_hasher, make_password
from hypothesis import settings as hypothesis_settings


def test_every_test_hashes_passwords_with_the_cheap_hasher(people):
    assert type(get_hasher()).__name__ == "MD5PasswordHasher"
    assert make_password("x").startswith("md5$")
    assert people["dnv"]["handler"].password.startswith("md5$")  # the seeded cast too


def test_a_hypothesis_failure_prints_its_blob_and_examples_stay_random():
    assert hypothesis_settings.default.print_blob is True
    assert hypothesis_settings.default.derandomize is False
    assert hypothesis_settings.default.deadline is None  # timings on a shared machine: no test

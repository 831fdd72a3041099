"""Seed a small installation in the database the environment names: the demo's five
organizations and their staff, and ``CASES`` cases per case type walked through their steps
(letters, documents and all), sealed when OMBUD_SEAL_KEY is set. Run as a script by the tests."""

import os
import sys

import django

CASES = int(sys.argv[1]) if len(sys.argv) > 1 else 0

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
django.setup()

from ombud.demo import seed  # noqa: E402

if CASES == 0:
    seed.seed_organizations()
else:
    seed.CASE_COUNTS = {procedure: CASES for procedure in seed.CASE_COUNTS}
    seed.seed_if_empty()

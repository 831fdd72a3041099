"""The worker seals every night (and when it starts, making up a missed night); without a key
it logs why and goes on; the demo seals what it seeded with a key of its own."""

from __future__ import annotations

import logging

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ombud import schedule
from ombud.audit.models import Seal
from ombud.audit.tasks import seal_histories


def waiting(task) -> list:
    rows = DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)
    return sorted((row.task.run_after for row in rows), key=lambda day: (day is not None, day))


def test_a_worker_start_books_a_seal_now_once(db):
    schedule.resume()
    schedule.resume()
    assert waiting(seal_histories) == [None]


def test_the_nightly_seal_seals_every_organization_and_books_the_next_night(answered,
                                                                           seal_key):
    case = answered()
    assert seal_histories.call() == {"sealed": 5}
    sealed = Seal.objects.get(organization__slug="dnv")
    assert sealed.heads == f"{case.reference} {case.event_count} {case.last_hash}"
    assert waiting(seal_histories) == [schedule.next_seal_at()]


def test_without_a_key_the_nightly_seal_logs_why_and_books_the_next_night(answered, settings,
                                                                          caplog):
    settings.OMBUD_SEAL_KEY = ""
    answered()
    with caplog.at_level(logging.ERROR):
        assert seal_histories.call() == {"sealed": 0}
    assert "OMBUD_SEAL_KEY is not set" in caplog.text
    assert not Seal.objects.exists()
    assert waiting(seal_histories) == [schedule.next_seal_at()]


@pytest.mark.django_db
def test_the_demo_makes_its_seal_key_in_its_data_folder(tmp_path, monkeypatch):
    from ombud.audit import keys
    from ombud.demo import run

    monkeypatch.delenv("OMBUD_SEAL_KEY", raising=False)
    run._seal_key(tmp_path)
    import os

    assert os.environ["OMBUD_SEAL_KEY"] == str(tmp_path / "seal-key.pem")
    keys.load_private_key(os.environ["OMBUD_SEAL_KEY"])  # a usable Ed25519 key
    run._seal_key(tmp_path)  # a second start keeps it
    assert len(list(tmp_path.iterdir())) == 1


def test_demo_seeding_ends_with_a_seal_of_what_it_seeded(seal_key, monkeypatch, db):
    from ombud.audit.verify import verify
    from ombud.demo import seed

    monkeypatch.setattr(seed, "CASE_COUNTS", dict.fromkeys(seed.CASE_COUNTS, 1))
    assert seed.seed_if_empty()
    assert Seal.objects.count() == 5
    # One case per case type, and AV's buyer who wrote after his call (seed_contacts).
    assert sum(seal.case_count for seal in Seal.objects.all()) == 11
    report = verify()
    assert (report.problems, report.cases) == ([], 11)

"""Issue 15, item 5: `ombud backup DIR` and `ombud restore DIR`. A seeded installation is backed
up, restored into another database and another folder, and there `ombud audit verify` passes
and every stored file, every document among them, is byte for byte the original; on SQLite,
and on PostgreSQL when the run is on PostgreSQL. A restore refuses a database or a storage
that is not empty, and a damaged backup, changing nothing."""

from __future__ import annotations

import filecmp
import json
import stat
from pathlib import Path

import pytest
from processes import OMBUD, PYTHON, environment, keygen, run

from tests.migrated import demo_copy, migrated_copy

DOCUMENTS = ("import json, django; django.setup(); from ombud.cases.models import Document; "
             "print(json.dumps(list(Document.objects.values_list('file', flat=True))))")


def _seeded(tmp_path: Path, databases, cases: int) -> dict:
    env = environment(tmp_path / "original", databases.new("original"))
    env["OMBUD_SEAL_KEY"] = str(keygen(tmp_path / "seal-key.pem"))
    migrated_copy(env["OMBUD_DATABASE_URL"])
    done = run([PYTHON, "tests/production/seed_small.py", str(cases)], env, timeout=600)
    assert done.returncode == 0, done.stderr
    return env


def _tree(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def _round_trip(tmp_path: Path, databases, original: dict) -> None:
    backup = tmp_path / "backup"
    done = run([OMBUD, "backup", str(backup)], original)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((backup / "manifest.json").read_text())
    assert len(manifest["seals"]) == 5 and len(manifest["heads"]) >= 5

    restored = dict(original, **environment(tmp_path / "restored", databases.new("restored")),
                    OMBUD_SEAL_KEY=original["OMBUD_SEAL_KEY"])
    done = run([OMBUD, "restore", str(backup)], restored)
    assert done.returncode == 0, done.stdout + done.stderr
    verified = run([OMBUD, "audit", "verify"], restored)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith(f"ok: {len(manifest['heads'])} cases")

    before, after = tmp_path / "original" / "files", tmp_path / "restored" / "files"
    assert _tree(before) == _tree(after) and _tree(before)
    _, mismatch, errors = filecmp.cmpfiles(before, after, _tree(before), shallow=False)
    assert mismatch == [] and errors == []
    documents = json.loads(run([PYTHON, "-c", DOCUMENTS], restored).stdout)
    assert documents and set(documents) <= set(_tree(after))


def test_backup_restores_into_another_database_where_audit_verify_passes(tmp_path, databases):
    _round_trip(tmp_path, databases, _seeded(tmp_path, databases, cases=1))


@pytest.mark.slow
def test_backup_of_the_whole_demo_restores_and_verifies(tmp_path, databases):
    """The whole demo as ``ombud demo --no-serve`` seeded it (once per run: tests/migrated.py),
    copied with its data folder: its documents and the key it sealed with."""
    env = environment(tmp_path / "original", databases.new("original"), OMBUD_DEMO="1")
    demo_copy(env["OMBUD_DATABASE_URL"], tmp_path / "original")
    env["OMBUD_SEAL_KEY"] = str(tmp_path / "original" / "seal-key.pem")
    _round_trip(tmp_path, databases, env)


def test_restore_refuses_a_database_in_use_a_damaged_backup_and_a_used_folder(tmp_path,
                                                                             databases):
    original = _seeded(tmp_path, databases, cases=0)
    backup = tmp_path / "backup"
    assert run([OMBUD, "backup", str(backup)], original).returncode == 0

    again = run([OMBUD, "backup", str(backup)], original)
    assert again.returncode == 2 and "not empty" in again.stderr

    into_itself = run([OMBUD, "restore", str(backup)], original)
    assert into_itself.returncode == 2 and "database is not empty" in into_itself.stderr

    manifest = json.loads((backup / "manifest.json").read_text())
    dump = backup / manifest["database"]["file"]
    dump.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
    target = environment(tmp_path / "target", databases.new("target"))
    damaged = run([OMBUD, "restore", str(backup)], target)
    assert damaged.returncode == 2 and "damaged" in damaged.stderr
    assert not (tmp_path / "target" / "files").exists()
    tables = run([PYTHON, "-c", "import django; django.setup(); from django.db import "
                  "connection; print(len(connection.introspection.table_names()))"], target)
    assert tables.stdout.strip() == "0"


def test_a_backup_is_readable_by_its_owner_only(tmp_path, databases):
    """A backup holds every person's data, the password hashes and the TOTP secrets: under the
    usual umask (022, systemd's default) its folder and files were readable by every user of
    the machine. The folder is now 0700 and every file in it 0600, whatever the umask."""
    env = environment(tmp_path / "original", databases.new("private"))
    migrated_copy(env["OMBUD_DATABASE_URL"])
    backup = tmp_path / "backups" / "today"
    done = run(["/bin/sh", "-c", f'umask 022 && exec "{OMBUD}" backup "{backup}"'], env)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    written = list(backup.rglob("*"))
    assert any(path.name == "manifest.json" for path in written)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path

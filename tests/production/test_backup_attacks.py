"""Issue 15, item 5, attacked: a backup holds every case, the TOTP secrets and the password
hashes, so only its maker may read it; and a backup someone edited (a manifest naming a file
outside the backup, a part removed) is refused before anything is written: the database keeps
no table and the storage no file."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

import pytest
from processes import OMBUD, PYTHON, environment, run

TABLES = ("import django; django.setup(); from django.db import connection; "
          "print(len(connection.introspection.table_names()))")


def _backed_up(installation, tmp_path: Path) -> Path:
    env, data_dir = installation
    stored = data_dir / "files" / "cases" / "2026" / "letter.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.7 a letter to Eva Janssen")
    backup = tmp_path / "backup"
    done = run([OMBUD, "backup", str(backup)], env)
    assert done.returncode == 0, done.stderr
    return backup


def test_a_backup_is_readable_by_the_user_who_made_it_only(installation, tmp_path):
    backup = _backed_up(installation, tmp_path)
    made = [backup, *backup.rglob("*")]
    assert {path.name for path in made} >= {"manifest.json", "letter.pdf", "files"}
    shared = {str(path.relative_to(tmp_path)): oct(stat.S_IMODE(path.stat().st_mode))
              for path in made if path.stat().st_mode & 0o077}
    assert shared == {}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _edit_name_outside(backup: Path, tmp_path: Path) -> None:
    """A file of the restoring machine named by its absolute path, with a decoy in the backup
    where a check joining "files/" and the name would look."""
    secret = tmp_path / "etc" / "ombud-env"
    secret.parent.mkdir()
    secret.write_text("OMBUD_SECRET_KEY=the operator's own")
    decoy = backup / "files" / str(secret).lstrip("/")
    decoy.parent.mkdir(parents=True)
    decoy.write_bytes(b"decoy")
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["files"].append({"name": str(secret), "bytes": 5, "sha256": _sha256(b"decoy")})
    (backup / "manifest.json").write_text(json.dumps(manifest))


def _edit_remove_files(backup: Path, tmp_path: Path) -> None:
    manifest = json.loads((backup / "manifest.json").read_text())
    del manifest["files"]
    (backup / "manifest.json").write_text(json.dumps(manifest))


def _edit_link_outside(backup: Path, tmp_path: Path) -> None:
    """A stored file swapped for a symbolic link to a file of the restoring machine."""
    secret = tmp_path / "seal-key.pem"
    secret.write_bytes(b"%PDF-1.7 a letter to Eva Janssen")  # even its bytes match
    letter = next(backup.rglob("letter.pdf"))
    letter.unlink()
    letter.symlink_to(secret)


@pytest.mark.parametrize("edit", [_edit_name_outside, _edit_remove_files, _edit_link_outside])
def test_an_edited_backup_is_refused_before_anything_is_restored(installation, tmp_path,
                                                                 databases, edit):
    backup = _backed_up(installation, tmp_path)
    edit(backup, tmp_path)
    target = environment(tmp_path / "target", databases.new("target"))
    refused = run([OMBUD, "restore", str(backup)], target)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert refused.stderr.startswith("ombud: ") and "nothing was restored" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "target" / "files").exists()
    assert run([PYTHON, "-c", TABLES], target).stdout.strip() == "0"

"""``ombud backup DIR`` and ``ombud restore DIR``.

A backup is a folder: the database (``dumps``), every stored file under ``files/`` (the
documents, the letters, the outbox's attachments; read through Django's storage API, so the
same on a local folder and in object storage), and ``manifest.json``: the SHA-256 of each of
them, every case's chain head and every organization's latest seal. The database is dumped
first: a file newer than the dump is harmless, a row whose file is missing is not.

A restore goes into an empty database and an empty storage only. It checks every file against
the manifest before it writes anything, and afterwards that the restored database holds the
manifest's chain heads and seals and that every document's bytes match the SHA-256 its row
keeps. ``ombud audit verify`` then proves the histories as on the day of the backup.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import default_storage

from ombud.audit.models import Seal
from ombud.cases.models import Case, Document
from ombud.ops import dumps

MANIFEST = "manifest.json"
FORMAT = "ombud-backup/1"
_CHUNK = 1 << 20


class BackupError(Exception):
    """Bad input (a folder in use, a database not empty, a damaged backup): one line, and
    nothing was changed."""


def backup(folder: Path) -> dict:
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder}: not empty; a backup goes into a new folder")
    with _owner_only():
        return _backup(folder)


@contextlib.contextmanager
def _owner_only():
    """A backup holds every case, the TOTP secrets and the password hashes: its folder and
    every file in it (pg_dump's too) readable by the user who made it only, whatever the
    umask of the shell or the unit that runs it."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _backup(folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)  # an empty folder made beforehand keeps its own mode otherwise
    database = dumps.dump(folder)
    manifest = {"format": FORMAT, "made_at": datetime.now(UTC).isoformat(),
                "database": {"vendor": dumps.vendor(), "file": database.name,
                             "sha256": _sha256(database)},
                "heads": chain_heads(), "seals": latest_seals(), "files": []}
    for name in stored_names():
        target = folder / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy, _CHUNK)
        manifest["files"].append({"name": name, "bytes": target.stat().st_size,
                                  "sha256": _sha256(target)})
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    return manifest


def restore(folder: Path) -> dict:
    manifest = _read_manifest(folder)
    _check_backup(folder, manifest)
    if not dumps.is_empty():
        raise BackupError("the database is not empty; restore into a new, empty database")
    if any(True for _ in stored_names()):
        raise BackupError("the document storage is not empty; restore into an empty one")
    dumps.restore(folder / manifest["database"]["file"])
    for entry in manifest["files"]:
        with (folder / "files" / entry["name"]).open("rb") as source:  # as checked: relative
            saved = default_storage.save(entry["name"], File(source))
        if saved != entry["name"]:
            raise BackupError(f"{entry['name']}: the storage stored it as {saved}")
    return manifest


def restored_problems(manifest: dict) -> list[str]:
    """What in the restored installation differs from the manifest (empty: nothing)."""
    problems = []
    if chain_heads() != manifest["heads"]:
        problems.append("the cases' chain heads differ from the manifest's")
    if latest_seals() != manifest["seals"]:
        problems.append("the latest seals differ from the manifest's")
    # A document retention removed keeps its row (its SHA-256, for the chain), not its file.
    for name, sha256 in (Document.objects.exclude(file="").values_list("file", "sha256")
                         .iterator()):
        with default_storage.open(name, "rb") as stored:
            if hashlib.file_digest(stored, "sha256").hexdigest() != sha256:
                problems.append(f"{name}: its bytes do not match its document's SHA-256")
    return problems


def chain_heads() -> list[dict]:
    return [{"organization": slug, "reference": reference, "events": events, "head": head}
            for slug, reference, events, head in Case.objects.order_by(
                "organization__slug", "reference").values_list(
                "organization__slug", "reference", "event_count", "last_hash").iterator()]


def latest_seals() -> list[dict]:
    latest = {}
    for seal in Seal.objects.select_related("organization").order_by("sealed_at", "id"):
        latest[seal.organization.slug] = {
            "organization": seal.organization.slug, "sealed_at": seal.sealed_at.isoformat(),
            "cases": seal.case_count, "root": seal.root, "signature": seal.signature,
            "key_fingerprint": seal.key_fingerprint}
    return [latest[slug] for slug in sorted(latest)]


def stored_names(folder: str = ""):
    """Every file in the default storage, by its name there; nothing when it does not exist."""
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from stored_names(f"{folder}/{directory}" if folder else directory)


def _read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder / MANIFEST}: cannot be read: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{folder / MANIFEST}: not a backup of this kind ({FORMAT})")
    _check_shape(folder, manifest)
    if manifest["database"]["vendor"] != dumps.vendor():
        raise BackupError(f"the backup holds a {manifest['database']['vendor']} database; "
                          f"this installation uses {dumps.vendor()}")
    return manifest


def _check_shape(folder: Path, manifest: dict) -> None:
    """The manifest's parts of the kinds a restore reads, so that an edited one is refused in
    one line before anything is written, not halfway through with a traceback."""
    files = manifest.get("files")
    well_formed = (_texts(manifest.get("database"), "vendor", "file", "sha256")
                   and isinstance(files, list)
                   and all(_texts(entry, "name", "sha256") for entry in files)
                   and all(isinstance(manifest.get(key), list) for key in ("heads", "seals")))
    if not well_formed:
        raise BackupError(f"{folder / MANIFEST}: damaged (a part is missing or of another "
                          "kind); nothing was restored")


def _texts(entry, *keys: str) -> bool:
    return isinstance(entry, dict) and all(isinstance(entry.get(key), str) for key in keys)


def _relative_name(name: str) -> bool:
    """A plain relative path inside the backup: the name the restore opens is the one checked
    (``folder / "/etc/x"`` is ``/etc/x``; a storage would be asked to save it too)."""
    path = PurePosixPath(name)
    return (bool(name) and "\\" not in name and "\0" not in name and not path.is_absolute()
            and str(path) == name and not {"..", "."} & set(path.parts))


def _check_backup(folder: Path, manifest: dict) -> None:
    """Every file of the backup present, whole, and inside it, before anything is written."""
    base = folder.resolve()
    entries = [(manifest["database"]["file"], manifest["database"]["sha256"])] + [
        (f"files/{entry['name']}", entry["sha256"]) for entry in manifest["files"]]
    for name, sha256 in entries:
        path = (folder / name).resolve()  # a symbolic link is judged by where it leads
        if not _relative_name(name) or not path.is_relative_to(base):
            raise BackupError(f"{name}: outside the backup folder; nothing was restored")
        if not path.is_file() or _sha256(path) != sha256:
            raise BackupError(f"{name}: missing or damaged (its SHA-256 differs from the "
                              "manifest's); nothing was restored")


def _sha256(path: Path) -> str:
    with path.open("rb") as source:
        return hashlib.file_digest(source, "sha256").hexdigest()

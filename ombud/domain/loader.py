"""Finding procedures: the files of every bundle (``bundles``), each procedure's versions and the
version in force on a day (X-06). What a file must say is ``procedure_schema``'s part.

A procedure's versions are kept once read, with the stat (time and size) of their files and of
the rule catalogues they name; the next lookup compares the stat and reads again what changed.
Within ``files_checked_once`` (a staff page) each procedure's files are looked at once: a page
asks for the same procedures twenty times, and a file changed meanwhile is read by the next one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ombud.domain import checked_once
from ombud.domain import messages as m
from ombud.domain.bundles import (
    BUNDLED_DIR,
    all_bundles,
    bundle_dir,
    case_types,
    catalogue_for,
    missing_roots,
    outside,
    shadowed_bundles,
    split_procedure_id,
)
from ombud.domain.checked_once import once_per_block
from ombud.domain.declared_schema import BUILT_IN_BODY_KINDS
from ombud.domain.declared_schema import KEY as DECLARED_KEY
from ombud.domain.procedure import LANGUAGES, Procedure
from ombud.domain.procedure_schema import parse_procedure
from ombud.domain.rules import RULES_FILE, CatalogueError
from ombud.domain.texts import TextsError, read_texts
from ombud.domain.toml_table import ProcedureError

__all__ = ["PROCEDURES_DIR", "ProcedureError", "UnknownProcedure", "bundle_problems",
           "bundled_procedures", "find_procedure", "installed_procedure_ids",
           "load_procedure_file", "parse_procedure", "procedure_files", "procedure_versions",
           "once_per_block", "usable_procedures", "version_fingerprint", "version_fingerprints"]

PROCEDURES_DIR = BUNDLED_DIR


class UnknownProcedure(LookupError):
    """No such procedure, version, or version in force. ``str()`` is the message for the command
    line; the fields let a page say it in the reader's language."""

    def __init__(self, message: str, procedure_id: str = "", version: str | None = None,
                 on: date | None = None) -> None:
        super().__init__(message)
        self.procedure_id, self.version, self.on = procedure_id, version, on


def load_procedure_file(path: Path) -> Procedure:
    """One procedure file; a file inside a bundle names the rules of that bundle."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProcedureError(str(path), "", f"cannot be read: {error}") from None
    bundle = path.resolve().parent.parent
    rules = None
    if (bundle / "rules.md").is_file():
        try:
            rules = catalogue_for(bundle)
        except CatalogueError as error:
            raise ProcedureError(_display_name(path), "", str(error)) from None
    return parse_procedure(text, _display_name(path), rules)


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROCEDURES_DIR.parent.parent))
    except ValueError:
        return str(path)


def procedure_files(root: Path | None = None) -> list[Path]:
    """Every procedure file: of every bundle found, or of the bundles in ``root``."""
    bundles = all_bundles() if root is None else {
        folder.name: folder for folder in sorted(root.iterdir()) if folder.is_dir()}
    return [path for folder in bundles.values() for case_type in case_types(folder)
            for path in sorted((folder / case_type).glob("*.toml"))]


def installed_procedure_ids(root: Path | None = None) -> list[str]:
    """The ids of every procedure found (its files are not read)."""
    checked = checked_once.checked.get()
    if checked is not None and ("ids", root) in checked:
        return list(checked[("ids", root)])
    found = sorted({f"{path.parent.parent.name}/{path.parent.name}"
                    for path in procedure_files(root)})
    if checked is not None:
        checked[("ids", root)] = found
    return list(found)


def bundled_procedures(root: Path | None = None) -> dict[str, list[Procedure]]:
    """Procedure id -> its versions, oldest first, for every procedure of every bundle.
    Raises ProcedureError for the first broken one."""
    return {procedure_id: procedure_versions(procedure_id, root)
            for procedure_id in installed_procedure_ids(root)}


def usable_procedures() -> dict[str, list[Procedure] | ProcedureError]:
    """Procedure id -> its versions, or the error that keeps its bundle from being read: one
    organization's broken bundle must not stop another's work."""
    found: dict[str, list[Procedure] | ProcedureError] = {}
    for procedure_id in installed_procedure_ids():
        try:
            found[procedure_id] = procedure_versions(procedure_id)
        except ProcedureError as error:
            found[procedure_id] = error
    return found


_read: dict[Path, tuple[tuple, list[Procedure] | ProcedureError]] = {}
# Procedure's folder -> version -> (SHA-256 of its file's data, the file as messages name it), as
# last read: what a case opened under the version was counted by.
_fingerprints: dict[Path, dict[str, tuple[str, str]]] = {}
_folder_of: dict[str, Path] = {}  # procedure id -> its folder, as found without a root


def _stat(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), 0, -1)
    return (str(path), stat.st_mtime_ns, stat.st_size)


def procedure_versions(procedure_id: str, root: Path | None = None) -> list[Procedure]:
    """The versions of one procedure, oldest first; only its own folder is read, and only when
    a file of it or a catalogue changed since the last time."""
    checked = checked_once.checked.get()
    if checked is not None and (procedure_id, root) in checked:
        return checked[(procedure_id, root)]
    versions = _versions(procedure_id, root)
    if checked is not None:
        checked[(procedure_id, root)] = versions
    return versions


def _versions(procedure_id: str, root: Path | None) -> list[Procedure]:
    parts = split_procedure_id(procedure_id)
    bundle = None if parts is None else (root / parts[0] if root else bundle_dir(parts[0]))
    if bundle is None:
        return []
    folder = bundle / parts[1]
    if root is None:
        _folder_of[procedure_id] = folder
    paths = sorted(folder.glob("*.toml"))
    signature = tuple(map(_stat, [*paths, bundle / "rules.md", RULES_FILE]))
    known = _read.get(folder)
    if known is not None and known[0] == signature:
        if isinstance(known[1], ProcedureError):  # broken and unchanged: not read again
            raise known[1]
        return known[1]
    try:
        versions, prints = _read_versions(procedure_id, paths)
    except ProcedureError as error:
        _read[folder] = (signature, error)
        raise
    _read[folder] = (signature, versions)
    _fingerprints[folder] = prints
    return versions


def _read_versions(procedure_id: str, paths: list[Path]
                   ) -> tuple[list[Procedure], dict[str, tuple[str, str]]]:
    """The procedure's versions in order of validity, and each one's fingerprint (X-06)."""
    found = []
    prints = {}
    for path in paths:
        if outside(path.parent.parent, path):
            raise ProcedureError(_display_name(path), "", "links outside the bundle's folder")
        procedure = load_procedure_file(path)
        if procedure.id != procedure_id:
            raise ProcedureError(_display_name(path), "procedure",
                                 f"{procedure.id!r} does not match its folder {procedure_id!r}")
        found.append(procedure)
        prints[procedure.version] = (_sha256(path), _display_name(path))
    return sorted(found, key=lambda procedure: procedure.valid_from), prints


def _sha256(path: Path) -> str:
    """The fingerprint of what a procedure file says: its data (keys and values, in a canonical
    order), so that a comment or the layout may be mended without stopping its cases."""
    import hashlib
    import json
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    canonical = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def version_fingerprints(procedure_id: str) -> dict[str, tuple[str, str]]:
    """Version -> (SHA-256 of its file as it is now, the file's name), for one procedure; empty
    when none is installed. X-06: a case keeps the version it was opened under, so the file
    of a version in use must not change (``ombud.cases.versions_in_use``). Raises
    ProcedureError when the procedure's bundle is broken."""
    versions = procedure_versions(procedure_id)  # reads again what changed
    if not versions:
        return {}
    return _fingerprints.get(_folder_of.get(procedure_id), {})


def version_fingerprint(procedure_id: str, version: str) -> tuple[str, str] | None:
    """The fingerprint of one version (``version_fingerprints``), or None."""
    return version_fingerprints(procedure_id).get(version)


def find_procedure(procedure_id: str, *, on: date | None = None, version: str | None = None,
                   root: Path | None = None) -> Procedure:
    """The version asked for, else the one in force on ``on`` (X-06). Raises UnknownProcedure,
    or ProcedureError when the procedure's bundle is broken."""
    versions = procedure_versions(procedure_id, root)
    if not versions:
        raise UnknownProcedure(f"unknown procedure {procedure_id!r}", procedure_id)
    if version is not None:
        for procedure in versions:
            if procedure.version == version:
                return procedure
        raise UnknownProcedure(f"procedure {procedure_id!r} has no version {version!r}",
                               procedure_id, version=version)
    in_force = [procedure for procedure in versions if on is None or procedure.valid_from <= on]
    if not in_force:
        raise UnknownProcedure(f"no version of {procedure_id!r} was in force on {on.isoformat()}",
                               procedure_id, on=on)
    return in_force[-1]


def bundle_problems() -> list[str]:
    """One line per thing that keeps a bundle from being used: a folder of
    OMBUD_PROCEDURE_DIRS that is none, a bundle hidden by another of the same organization, a
    bundle without rules.md, a broken catalogue, procedure or texts file."""
    found = [f"{root}: named in OMBUD_PROCEDURE_DIRS, but is not a folder"
             for root in missing_roots()]
    found += [f"{folder}: hidden by the bundle of the same organization found first"
              for folder in shadowed_bundles()]
    for organization, folder in all_bundles().items():
        try:
            catalogue_for(folder)
        except CatalogueError as error:
            found.append(str(error))
            continue
        for case_type in case_types(folder):
            try:
                procedure_versions(f"{organization}/{case_type}")
            except ProcedureError as error:
                found.append(str(error))
        found += _texts_problems(organization, folder)
    return found


def _texts_problems(organization: str, folder: Path) -> list[str]:
    """A broken texts file; a declared event or body kind without its word in nb, nl and en;
    a word for an event no procedure of the bundle declares (a typo names nothing)."""
    found, texts = [], {}
    for path in sorted((folder / "texts").glob("*.toml")):
        if path.stem not in LANGUAGES:
            found.append(f"{path}: texts are nb.toml, nl.toml or en.toml")
            continue
        try:
            texts[path.stem] = read_texts(path)
        except TextsError as error:
            found.append(str(error))
    if found:
        return found
    declared = set()
    for case_type in case_types(folder):
        try:
            versions = procedure_versions(f"{organization}/{case_type}")
        except ProcedureError:
            continue  # named above
        declared |= {event.key for version in versions for event in version.declared_events}
    kinds = {key for words in texts.values() for key in words.get("body_kinds", {})}
    for kind in sorted(kinds):
        if kind in BUILT_IN_BODY_KINDS or not DECLARED_KEY.match(kind):
            found.append(f"{folder / 'texts'}: [body_kinds] {kind}: not a kind of the "
                         "bundle's own (lower-case letters, digits and _, none of Ombud's: "
                         f"{', '.join(BUILT_IN_BODY_KINDS)})")
    for language in LANGUAGES:
        path = folder / "texts" / f"{language}.toml"
        words = texts.get(language, {})
        for section, keys in (("events", declared), ("body_kinds", kinds)):
            missing = sorted(keys - set(words.get(section, {})))
            if missing:
                found.append(f"{path}: [{section}] {missing[0]}: missing (a declared "
                             "event or body kind is named in nb, nl and en)")
        renamed = sorted(set(words.get("steps", {})) - set(m.EVENT_NAMES))
        if renamed:
            found.append(f"{path}: [steps] {renamed[0]}: not one of Ombud's steps (a step of "
                         "the bundle's own is declared with [[event]] and named in [events])")
        unknown = sorted(set(words.get("events", {})) - declared)
        if unknown:
            found.append(f"{path}: [events] {unknown[0]}: no procedure of {organization} "
                         "declares this event ([[event]])")
    return found

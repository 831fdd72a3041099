"""Finding procedures: the bundled files, each procedure's versions (read once, cached) and the
version in force on a day (X-06). What a file must say is ``procedure_schema``'s part.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from ombud.domain.procedure import Procedure
from ombud.domain.procedure_schema import parse_procedure
from ombud.domain.toml_table import ProcedureError

__all__ = ["PROCEDURES_DIR", "ProcedureError", "UnknownProcedure", "bundled_procedures",
           "find_procedure", "load_procedure_file", "parse_procedure", "procedure_files",
           "procedure_versions"]

PROCEDURES_DIR = Path(__file__).resolve().parent.parent / "procedures"


class UnknownProcedure(LookupError):
    pass


def load_procedure_file(path: Path) -> Procedure:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProcedureError(str(path), "", f"cannot be read: {error}") from None
    return parse_procedure(text, _display_name(path))


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROCEDURES_DIR.parent.parent))
    except ValueError:
        return str(path)


def procedure_files(root: Path = PROCEDURES_DIR) -> list[Path]:
    return sorted(root.glob("*/*/*.toml"))


def bundled_procedures(root: Path = PROCEDURES_DIR) -> dict[str, list[Procedure]]:
    """Procedure id -> its versions, oldest first, from <org>/<case type>/<version>.toml."""
    ids = sorted({f"{path.parent.parent.name}/{path.parent.name}"
                  for path in procedure_files(root)})
    return {procedure_id: procedure_versions(procedure_id, root) for procedure_id in ids}


@cache
def procedure_versions(procedure_id: str, root: Path = PROCEDURES_DIR) -> list[Procedure]:
    """The versions of one procedure, oldest first; only its own folder is read."""
    organization, _, case_type = procedure_id.partition("/")
    if not organization.isalpha() or not case_type.replace("_", "").isalpha():
        return []
    found = []
    for path in sorted((root / organization / case_type).glob("*.toml")):
        procedure = load_procedure_file(path)
        if procedure.id != procedure_id:
            raise ProcedureError(_display_name(path), "procedure",
                                 f"{procedure.id!r} does not match its folder {procedure_id!r}")
        found.append(procedure)
    return sorted(found, key=lambda procedure: procedure.valid_from)


def find_procedure(procedure_id: str, *, on: date | None = None, version: str | None = None,
                   root: Path = PROCEDURES_DIR) -> Procedure:
    """The version asked for, else the one in force on ``on`` (X-06). Raises UnknownProcedure."""
    versions = procedure_versions(procedure_id, root)
    if not versions:
        raise UnknownProcedure(f"unknown procedure {procedure_id!r}")
    if version is not None:
        for procedure in versions:
            if procedure.version == version:
                return procedure
        raise UnknownProcedure(f"procedure {procedure_id!r} has no version {version!r}")
    in_force = [procedure for procedure in versions if on is None or procedure.valid_from <= on]
    if not in_force:
        raise UnknownProcedure(f"no version of {procedure_id!r} was in force on {on.isoformat()}")
    return in_force[-1]

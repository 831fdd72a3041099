"""Procedure bundles: where an organization's procedures, rules, texts and letters live.

A bundle is one organization's folder::

    <org>/rules.md                      its rule catalogue (the table format of rules.md)
    <org>/<case type>/<version>.toml    its procedures, one file per version
    <org>/coverage.toml                 how its rules no procedure key enforces are covered
    <org>/texts/<nb|nl|en>.toml         its words (optional; ``texts``)
    <org>/letters/                      letter templates overriding the defaults (optional)

Bundles are looked up first in the package's own folder (the five Ombud ships), then in each
folder that ``OMBUD_PROCEDURE_DIRS`` names (colon-separated). The variable and the folders are
read on every lookup and files are read again when their stat changed, so a new or edited
bundle counts from the next request or command, without a restart. An organization found in two
places keeps the first; ``ombud procedure validate --all`` names the one it hides.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ombud.domain.rules import RULES_FILE, CatalogueError, Rule, rule_catalogue

BUNDLED_DIR = RULES_FILE.parent
DIRS_VARIABLE = "OMBUD_PROCEDURE_DIRS"
ORG_SLUG = re.compile(r"^[a-z][a-z0-9-]{0,19}\Z")
CASE_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,39}\Z")
RESERVED = frozenset({"texts", "letters", "__pycache__"})  # folders of a bundle, not case types


def search_roots() -> tuple[Path, ...]:
    """The package's folder, then the folders of OMBUD_PROCEDURE_DIRS in their order."""
    extra = [Path(entry).expanduser() for entry in os.environ.get(DIRS_VARIABLE, "").split(":")
             if entry.strip()]
    return (BUNDLED_DIR, *extra)


def missing_roots() -> list[Path]:
    """Folders OMBUD_PROCEDURE_DIRS names that are not folders (a typo in the setting)."""
    return [root for root in search_roots()[1:] if not root.is_dir()]


def split_procedure_id(procedure_id: str) -> tuple[str, str] | None:
    """(org, case type) of ``<org>/<case type>``, or None when it is not one."""
    organization, slash, case_type = procedure_id.partition("/")
    if not slash or not ORG_SLUG.match(organization) or not CASE_TYPE.match(case_type) \
            or case_type in RESERVED:
        return None
    return organization, case_type


def bundle_dir(organization: str) -> Path | None:
    """The folder of the organization's bundle: the first root that has one."""
    if not ORG_SLUG.match(organization):
        return None
    for root in search_roots():
        folder = root / organization
        if folder.is_dir():
            return folder
    return None


def _bundles_with_shadowed() -> tuple[dict[str, Path], list[Path]]:
    found: dict[str, Path] = {}
    shadowed = []
    for root in search_roots():
        if not root.is_dir():
            continue
        for folder in sorted(root.iterdir()):
            if not folder.is_dir() or not ORG_SLUG.match(folder.name):
                continue
            if folder.name in found:
                shadowed.append(folder)
            else:
                found[folder.name] = folder
    return found, shadowed


def all_bundles() -> dict[str, Path]:
    """Organization -> the folder of its bundle, for every bundle found."""
    return _bundles_with_shadowed()[0]


def shadowed_bundles() -> list[Path]:
    """Bundle folders hidden by one of the same organization found earlier."""
    return _bundles_with_shadowed()[1]


def outside(folder: Path, path: Path) -> bool:
    """Whether ``path`` of the bundle in ``folder`` is a symbolic link to a file outside it: a
    bundle is written by an organization's administrator, and a link would have Ombud read
    and show another organization's files or the server's own as the bundle's."""
    return not path.resolve().is_relative_to(folder.resolve())


def case_types(folder: Path) -> list[str]:
    """The case types of a bundle: its sub-folders named like one."""
    return sorted(child.name for child in folder.iterdir()
                  if child.is_dir() and CASE_TYPE.match(child.name)
                  and child.name not in RESERVED)


_merged: dict[Path, tuple[tuple[int, int], dict[str, Rule]]] = {}


def catalogue_for(folder: Path | None) -> dict[str, Rule]:
    """The rules a procedure of the bundle in ``folder`` may name: Ombud's own and the
    bundle's. Raises CatalogueError when its rules.md is missing or repeats one of Ombud's."""
    product = rule_catalogue()
    if folder is None:
        return product
    if outside(folder, folder / "rules.md"):
        raise CatalogueError(f"{folder / 'rules.md'}: links outside the bundle's folder")
    own = rule_catalogue(folder / "rules.md")
    key = (id(product), id(own))  # rule_catalogue hands out the same dicts until a file changes
    if folder not in _merged or _merged[folder][0] != key:
        clash = sorted(set(own) & set(product))
        if clash:
            raise CatalogueError(f"{folder / 'rules.md'}: {', '.join(clash)} are Ombud's own "
                                 "rules (ombud/procedures/rules.md); give the bundle's rules "
                                 "other IDs")
        _merged[folder] = (key, {**product, **own})
    return _merged[folder][1]

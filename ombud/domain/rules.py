"""Rule catalogues: every rule ID of a rules.md with its text.

Ombud's own catalogue (``ombud/procedures/rules.md``) holds the interpretations the product takes
(``X-`` IDs). Each organization's bundle has its own ``rules.md``: the numbered rules of its
document. A procedure file may name the rules of its own bundle and Ombud's (``bundles``).

A rule ID is any token without spaces or ``|`` (``DNV-K-11``, ``AWB-7:10``, ``fvl-29``). The
file is read again when it changed on disk (a cheap stat), so an edited catalogue counts without
a restart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent.parent / "procedures" / "rules.md"

_ROW = re.compile(
    r"^\| (?:\*\*Interpretation\*\* )?(?P<id>[^\s|]+) \| (?P<text>.*) \|$")
_SEPARATOR = re.compile(r"^\|\s*-{3,}")
_HEADING = re.compile(r"^#{1,3} (?P<title>.+)$")
RULE_ID = re.compile(r"^[^\s|]+$")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    text: str
    section: str


class CatalogueError(ValueError):
    """A rules.md that cannot be used: unreadable, or a rule ID given twice."""


_read: dict[Path, tuple[tuple[int, int], dict[str, Rule]]] = {}


def rule_catalogue(path: Path = RULES_FILE) -> dict[str, Rule]:
    """Rule ID -> rule, in the order of the file; read again only when the file changed."""
    try:
        stat = path.stat()
    except OSError as error:
        raise CatalogueError(f"{path}: cannot be read: {error.strerror}") from None
    signature = (stat.st_mtime_ns, stat.st_size)
    known = _read.get(path)
    if known is None or known[0] != signature:
        known = (signature, parse_catalogue(path.read_text(encoding="utf-8"), str(path)))
        _read[path] = known
    return known[1]


def parse_catalogue(text: str, name: str) -> dict[str, Rule]:
    """The rules of a rules.md text: the rows of its tables under their headings; the header
    row of each table (the one above ``|---|``) is not a rule."""
    rules: dict[str, Rule] = {}
    section = ""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if heading := _HEADING.match(line):
            section = heading["title"]
            continue
        row = _ROW.match(line)
        is_header = number + 1 < len(lines) and _SEPARATOR.match(lines[number + 1])
        if not row or is_header:
            continue
        if row["id"] in rules:
            raise CatalogueError(f"{name}: line {number + 1}: rule {row['id']} is given twice")
        rules[row["id"]] = Rule(row["id"], row["text"], section)
    return rules

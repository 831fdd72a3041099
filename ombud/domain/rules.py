"""The rule catalogue: every rule ID of rules.md with its text.

The catalogue is the product's own data (``ombud/procedures/rules.md``): the numbered rules of
the bundled procedures and the interpretations we take. A procedure file may only name rule IDs
that are in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent.parent / "procedures" / "rules.md"

_ROW = re.compile(
    r"^\| (?:\*\*Interpretation\*\* )?(?P<id>[A-Z]+(?:-[A-Z]+)?-\d+) \| (?P<text>.*) \|$")
_HEADING = re.compile(r"^#{2,3} (?P<title>.+)$")
RULE_ID = re.compile(r"^[A-Z]+(?:-[A-Z]+)?-\d+$")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    text: str
    section: str


@cache
def rule_catalogue(path: Path = RULES_FILE) -> dict[str, Rule]:
    """Rule ID -> rule, in the order of rules.md."""
    rules: dict[str, Rule] = {}
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if heading := _HEADING.match(line):
            section = heading["title"]
        elif row := _ROW.match(line):
            rules[row["id"]] = Rule(row["id"], row["text"], section)
    return rules

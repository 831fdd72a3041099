"""Likely special-category personal data in a text (PP-05; GDPR art. 9 and 10): the words are
data (``sensitive_words.toml``, per language), matched as word stems. The staff screens warn
before saving such a text; this module only finds the words.

Pure Python, no Django."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ombud.domain.procedure import LANGUAGES

WORDS_FILE = Path(__file__).with_name("sensitive_words.toml")


@dataclass(frozen=True, slots=True)
class Finding:
    category: str  # a key of ``categories()``: "health", "religion", ...
    word: str  # as it stands in the text: "diagnosen"


@dataclass(frozen=True, slots=True)
class _Category:
    key: str
    names: dict[str, str]
    pattern: re.Pattern[str]


@cache
def _categories() -> tuple[_Category, ...]:
    table = tomllib.loads(WORDS_FILE.read_text(encoding="utf-8"))["categories"]
    found = []
    for key, entry in table.items():
        stems = sorted({stem.casefold() for lang in LANGUAGES for stem in entry.get(lang, ())},
                       key=len, reverse=True)
        # A stem starts a word (\b) and runs on to the end of that word (\w*).
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*",
                             re.IGNORECASE)
        found.append(_Category(key, dict(entry["name"]), pattern))
    return tuple(found)


def categories() -> dict[str, dict[str, str]]:
    """Every category's key and its name per language, in the file's order."""
    return {category.key: category.names for category in _categories()}


def findings(text: str) -> list[Finding]:
    """The words of ``text`` that likely are special-category data, each once (first as typed),
    by category in the file's order."""
    found: list[Finding] = []
    text = _plain(text or "")
    for category in _categories():
        seen: set[str] = set()
        for match in category.pattern.finditer(text):
            word = match.group(0)
            if word.casefold() not in seen:
                seen.add(word.casefold())
                found.append(Finding(category.key, word))
    return found


def _plain(text: str) -> str:
    """The text as it reads: without invisible characters (a soft hyphen or a zero-width space
    inside a word hides it from a pattern, not from a reader), full-width and other look-alike
    forms as their plain letters (NFKC), any run of spaces as one."""
    visible = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return " ".join(unicodedata.normalize("NFKC", visible).split())


def category_name(key: str, lang: str) -> str:
    names = categories().get(key)
    return names.get(lang, names["en"]) if names else key

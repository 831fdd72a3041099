"""TOML of a bundle, read with bounds (issue 13): a bundle is written by an organization's
administrator, and Python's reader can be made to work for minutes or to fail outside its own
errors. A file too large, a key of too many dotted parts (whose reading grows with the square
of their number: 20,000 parts took twelve seconds) or tables nested deeper than Python's stack
is refused as a TOML error naming why, so that ``validate`` names it and the organization's
pages say its bundle is broken, never a 500 or a request that hangs."""

from __future__ import annotations

import re
import tomllib
from typing import Any

MAX_CHARACTERS = 512 * 1024  # Waterdal's whole procedure file is 8 KB
MAX_KEY_PARTS = 16  # "case_types.klage.noun" has three
_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_LONG_KEY = re.compile(_PART + r"(?:[ \t]*\.[ \t]*" + _PART + "){" + str(MAX_KEY_PARTS) + ",}")


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads`` within bounds; raises ``tomllib.TOMLDecodeError`` (a ValueError)."""
    if len(text) > MAX_CHARACTERS:
        raise tomllib.TOMLDecodeError(f"larger than {MAX_CHARACTERS // 1024} KB: a procedure, "
                                      "texts or coverage file is a few KB")
    if found := _LONG_KEY.search(text):
        line = text.count("\n", 0, found.start()) + 1
        raise tomllib.TOMLDecodeError(f"line {line}: a key of more than {MAX_KEY_PARTS} "
                                      "dotted parts")
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("arrays or tables nested too deeply") from None

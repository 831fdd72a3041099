"""The case file set as one PDF by Typst (``case_file.typ``), like the letters: the layout
receives everything as JSON data, so what a complainant or a handler typed is printed as it is
and never read as Typst markup. What goes in is the audit's to say (``ombud.audit.case_file``);
this module only sets it."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import typst

LAYOUT = Path(__file__).resolve().parent / "case_file.typ"
_compilers = threading.local()  # a Typst compiler keeps its fonts loaded but is not thread-safe


def to_pdf(payload: dict) -> bytes:
    """``payload``: lang, title, organization, reference, generated, summary [[label, value]],
    labels, events [{when, who, what, lines}], deadlines [{name, rule, due, status, late}],
    documents [{title, kind, size, sha256, added}], proof [paragraphs], proof_facts
    [[label, value]]: every value a string."""
    compiler = getattr(_compilers, "compiler", None)
    if compiler is None:
        compiler = _compilers.compiler = typst.Compiler(str(LAYOUT))
    return compiler.compile(sys_inputs={"file": json.dumps(payload)})

"""Reading archived letters back in tests: the text of a PDF, whitespace normalized."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(document) -> str:
    """All text of an archived PDF ``Document``, with runs of whitespace as one space."""
    with document.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdf_bytes_text(content: bytes) -> str:
    """All text of a PDF given as bytes, with runs of whitespace as one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())

"""What a copy of the database and of the storage holds, as lower-case text: what the erasure
and retention tests search for a name that must be gone."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.pdf_text import pdf_bytes_text


def everything_stored() -> str:
    """Every row of every table, as text, lower case."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - the database's own names
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks).casefold()


def files_text() -> str:
    """Every file on storage, PDFs read as text too, lower case."""
    texts = []
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            texts.append(content.decode("latin-1"))
            if content.startswith(b"%PDF"):
                texts.append(pdf_bytes_text(content))
    return "\n".join(texts).casefold()

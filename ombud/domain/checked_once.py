"""A page's lookups of the bundles' files, made once: within ``files_checked_once`` (one page)
the procedures, their versions and the bundles' texts are looked up on disk (glob, stat) once,
and later lookups in the block return the same answer; a file changed meanwhile is read by the
next page. Outside a block every lookup looks at the disk."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Lookups already made in the current block; None outside one.
checked: ContextVar[dict | None] = ContextVar("procedure_files_checked", default=None)


@contextmanager
def files_checked_once() -> Iterator[None]:
    token = checked.set({})
    try:
        yield
    finally:
        checked.reset(token)


def once_per_block(key, make):
    """``make()``, made once within a ``files_checked_once`` block (a page asks for the same
    answer from several places), else each time. An error is not kept: it is raised again."""
    made = checked.get()
    if made is None:
        return make()
    if ("once", key) not in made:
        made[("once", key)] = make()
    return made[("once", key)]

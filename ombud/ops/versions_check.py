"""``ombud procedure validate``'s question to the database (X-06): which versions that cases
use have a file that changed since their first case (``cases.versions_in_use``). Asked only
where the server's settings are given (OMBUD_SECRET_KEY, or the demo's: the environment file
an operator loads for ``ombud org create``); without them, the files alone are checked."""

from __future__ import annotations

import os


def changed_in_use(paths=None) -> list[str]:
    """One line per procedure whose version in use changed: of the procedures of these files
    (``<org>/<case type>/<version>.toml``), or of all (``None``)."""
    if not (os.environ.get("OMBUD_SECRET_KEY") or os.environ.get("OMBUD_DEMO")):
        return []
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
    django.setup()
    from django.db import DatabaseError

    from ombud.cases.versions_in_use import changed_versions

    procedure_ids = None if paths is None else {
        f"{path.resolve().parent.parent.name}/{path.resolve().parent.name}" for path in paths}
    try:
        return [str(error) for error in changed_versions(procedure_ids).values()]
    except DatabaseError as error:
        return [f"the database could not be asked which versions cases use (X-06): {error}"]

"""The example bundles (examples/bundles) put live as an operator does it: `ombud org create`
and `ombud user create`, with OMBUD_PROCEDURE_DIRS naming the folder (docs/authoring.md)."""

from __future__ import annotations

from pathlib import Path

from ombud.cli import main
from ombud.orgs.models import Organization

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "bundles"


def put_live(monkeypatch, capsys, procedure_id: str, name: str, language: str,
             people: tuple[tuple[str, str], ...] = ()) -> Organization:
    """The organization of ``procedure_id``'s bundle with that procedure enabled and
    ``people`` as (username, role); the commands' own output is swallowed."""
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    slug = procedure_id.partition("/")[0]
    assert main(["org", "create", slug, "--name", name, "--language", language,
                 "--procedures", procedure_id]) == 0
    for username, role in people:
        assert main(["user", "create", username, "--org", slug, "--role", role,
                     "--email", f"{username}@{slug}.example"]) == 0
    capsys.readouterr()
    return Organization.objects.get(slug=slug)

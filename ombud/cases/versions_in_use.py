"""X-06: each case is opened under the procedure version in force that day and keeps it. The
version's file must therefore not change once a case uses it: an edit would silently move the
running deadlines of every case opened under it.

The first time a case is opened under a version, the SHA-256 of the version file's data is kept
(``VersionInUse``; ``loader.version_fingerprints``: keys and values, not comments). If the data
later differs, the procedure counts as broken for as long as it differs: ``ombud procedure
validate --all`` (given the server's settings) names the version, and the organization's
staff see the broken-bundle message (the queue says which procedure's cases it cannot show;
the case pages answer with the staff's 503 page), never recomputed deadlines. The remedy is
to put the file back and publish the change as a new version (a new file with a later
``valid_from``). Other procedures and organizations are not affected.
"""

from __future__ import annotations

from django.db import connection, models
from django.utils import timezone

from ombud.domain import loader
from ombud.domain.toml_table import ProcedureError


class VersionInUse(models.Model):
    """A procedure version some case was opened under, with its file's fingerprint then."""

    procedure_id = models.CharField(max_length=60)
    version = models.CharField(max_length=30)
    sha256 = models.CharField(max_length=64)
    first_used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "cases"
        constraints = [models.UniqueConstraint(fields=["procedure_id", "version"],
                                               name="one_fingerprint_per_version")]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.version}"


class ChangedVersion(ProcedureError):
    """The file of a version cases use differs from the one they were opened under."""

    def __init__(self, file: str, procedure_id: str, version: str) -> None:
        super().__init__(file, "version", (
            f"{version!r} of {procedure_id} was changed after cases were opened under it "
            "(X-06): their deadlines would change. Put the file back as it was and publish "
            "the change as a new version (a new file with a later valid_from)"))
        self.procedure_id, self.version = procedure_id, version


# (procedure id, version, fingerprint) this process found kept as they are: a kept fingerprint
# never changes (the first case's stays), so a file that still has it needs no query again.
_confirmed: set[tuple[str, str, str]] = set()


def record(procedure) -> None:
    """At a case's opening, in its transaction: keep the fingerprint of its version's file the
    first time; refuse to open a case under a version whose file changed since (ChangedVersion,
    answered as the broken-bundle page)."""
    now = loader.version_fingerprint(procedure.id, procedure.version)
    if now is None:  # not a file of the bundles (a procedure made in a test)
        return
    if (procedure.id, procedure.version, now[0]) in _confirmed:  # the public form's hot path
        return
    kept = _kept_fingerprint(procedure.id, procedure.version, now[0])
    if kept != now[0]:
        raise ChangedVersion(now[1], procedure.id, procedure.version)
    _confirmed.add((procedure.id, procedure.version, kept))


def _kept_fingerprint(procedure_id: str, version: str, sha256: str) -> str:
    """The version's kept fingerprint, ``sha256`` when this is its first case: one statement,
    also when two first cases come at once (the second finds the first's row)."""
    table = VersionInUse._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (procedure_id, version, sha256, first_used_at) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (procedure_id, version) "
            f"DO UPDATE SET sha256 = {table}.sha256 RETURNING sha256",
            [procedure_id, version, sha256, timezone.now()])
        return cursor.fetchone()[0]


def changed_versions(procedure_ids=None) -> dict[str, ChangedVersion]:
    """Procedure id -> the first of its versions in use whose file changed. A removed version
    file is not this (its cases answer that the version is missing); a broken bundle neither
    (``loader.usable_procedures`` names it). One query; the files' fingerprints are the
    loader's, read again only when a file changed."""
    rows = VersionInUse.objects.order_by("procedure_id", "version")
    if procedure_ids is not None:
        rows = rows.filter(procedure_id__in=list(procedure_ids))
    kept: dict[str, list[tuple[str, str]]] = {}
    for procedure_id, version, sha256 in rows.values_list("procedure_id", "version", "sha256"):
        kept.setdefault(procedure_id, []).append((version, sha256))
    changed: dict[str, ChangedVersion] = {}
    for procedure_id, versions in kept.items():
        try:
            now = loader.version_fingerprints(procedure_id)
        except ProcedureError:
            continue
        for version, sha256 in versions:
            if version in now and now[version][0] != sha256:
                changed[procedure_id] = ChangedVersion(now[version][1], procedure_id, version)
                break
    return changed


def usable_procedures() -> dict[str, list | ProcedureError]:
    """``loader.usable_procedures``, where a procedure with a changed version in use counts as
    broken too."""
    def usable() -> dict:
        found = loader.usable_procedures()
        found.update(changed_versions())
        return found

    return dict(loader.once_per_block("usable_procedures_x06", usable))  # once per page


def check_case(case) -> None:
    """Raise ChangedVersion when the procedure of ``case`` has a version in use whose file
    changed: the case's page is not shown with deadlines counted by another file."""
    changed = changed_versions([case.procedure_id]).get(case.procedure_id)
    if changed is not None:
        raise changed


def unavailable_procedures(organization) -> list[tuple[str, ProcedureError]]:
    """The organization's procedures (those it enabled and those of its own bundle) that cannot
    be read now, each with its error: their cases are hidden until the bundle is mended, and
    the queue says so."""
    own = {enabled.procedure_id for enabled in organization.procedures.all()}
    own.update(procedure_id for procedure_id in loader.installed_procedure_ids()
               if procedure_id.partition("/")[0] == organization.slug)
    found = usable_procedures()
    return [(procedure_id, found[procedure_id]) for procedure_id in sorted(own)
            if isinstance(found.get(procedure_id), ProcedureError)]

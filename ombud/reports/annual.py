"""Who sees which figures, and the annual report as the page, the exports, the command and the
worker ask for it: one function, so that they all show the same numbers."""

from __future__ import annotations

from datetime import date

from django.utils import timezone, translation

from ombud.orgs.models import Organization
from ombud.reports import presentation, selectors
from ombud.reports.selectors import Scope

# Who reads the organization's reports (AV-11, GL-12, PP-16): the management, the auditor and
# the privacy officer read every figure; a handler reads the figures of their own cases.
READS_ALL = frozenset({"manager", "auditor", "privacy"})
READS_OWN = frozenset({"handler"})
FIRST_YEAR = 2000


def reach(roles: frozenset[str]) -> str | None:
    """"all", "own" or None (no reports)."""
    if roles & READS_ALL:
        return "all"
    if roles & READS_OWN:
        return "own"
    return None


def outside_allowed(organization: Organization, scope: Scope) -> bool:
    """A report for an outside body covers the whole organization: all its case types (where
    it has several) and all handlers. Two reports of parts, or of a part and the whole, side
    by side give back the small counts each hides (a "<3" of one case type is the whole's
    count less the other's)."""
    if scope.handler_id is not None:
        return False
    return not scope.procedure_id or len(procedure_ids(organization)) <= 1


def procedure_ids(organization: Organization) -> list[str]:
    return [enabled.procedure_id for enabled in organization.procedures.all()]


def scope_for(organization: Organization, year: int, procedure_id: str = "", *,
              person=None, roles: frozenset[str] = READS_ALL) -> Scope:
    own = reach(roles) == "own"
    return Scope(organization.pk, year, procedure_id,
                 handler_id=person.pk if own and person is not None else None)


def annual_report(organization: Organization, scope: Scope, *, suppress: bool = False,
                  language: str | None = None, today: date | None = None
                  ) -> presentation.Report:
    """The annual report of ``scope``, built in ``language`` (the active one when None).
    ``suppress``: made for an outside body, where the organization asks small cells hidden."""
    with translation.override(language or translation.get_language()):
        return presentation.build(
            selectors.annual(scope), organization=organization.name,
            procedure_ids=procedure_ids(organization), made_on=today or timezone.localdate(),
            suppress=suppress and organization.suppress_small_cells,
            handler_name=_handler_name(scope))


def _handler_name(scope: Scope) -> str:
    """Whose cases a handler's own report counts: said in its title, in every format."""
    if scope.handler_id is None:
        return ""
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.filter(pk=scope.handler_id).first()
    if person is None:
        return ""
    return person.get_full_name() or person.get_username()


def years(organization: Organization) -> list[int]:
    """The years the report can be chosen for: every year with cases and the current one."""
    current = timezone.localdate().year
    return sorted({current, *selectors.years_with_cases(organization.pk)}, reverse=True)

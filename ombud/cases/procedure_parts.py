"""Reads for the parts of the case page that come from a procedure's own sections: the earlier
decided cases on the same subject (DNV-B-12), the appointments of a booking (DNV-I-06) and what
may be shown at an inspection (DNV-I-04, DNV-I-05, DNV-I-09). Scoped to the case's organization
(and, for earlier cases, to those the reader may read)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from ombud.cases.models import Case, CaseEvent, CaseState
from ombud.domain import booking
from ombud.domain import messages as words
from ombud.domain.loader import find_procedure
from ombud.domain.procedure import Procedure

PRECEDENTS_SHOWN = 20


def _procedure(case: Case) -> Procedure:
    return find_procedure(case.procedure_id, version=case.procedure_version)


def received_data(case: Case) -> dict:
    return case.events.filter(type="received").values_list("data", flat=True).first() or {}


# -- earlier decided cases (DNV-B-12) -------------------------------------------------------------


def precedents(case: Case, readable: QuerySet[Case]) -> list[dict]:
    """Earlier decided cases of the same organization and case type on the same subject, newest
    first, with their outcome: what the handler takes into account (DNV-B-12). ``readable``:
    the cases the reader may read (``selectors.cases_for``)."""
    about = received_data(case).get("about")
    if not about:
        return []
    same_subject = CaseEvent.objects.filter(type="received", data__about=about,
                                            case__organization=case.organization_id,
                                            case__procedure_id=case.procedure_id)
    earlier = (readable.filter(organization=case.organization_id,
                               procedure_id=case.procedure_id,
                               state__in=[CaseState.ANSWERED, CaseState.DECLINED],
                               pk__in=same_subject.values("case"))
               .exclude(pk=case.pk).order_by("-received_on", "-id")[:PRECEDENTS_SHOWN])
    earlier = list(earlier)
    endings = {event.case_id: event for event in CaseEvent.objects.filter(
        case__in=earlier, type__in=["answered", "declined"]).order_by("seq")}
    return [{"case": other, "ending": endings.get(other.pk),
             "outcome": endings[other.pk].data.get("outcome", "") if other.pk in endings
             else ""} for other in earlier]


def decision_makers(case: Case) -> list[str]:
    """Who took or prepared the contested decision, as recorded (DNV-B-04)."""
    names: list[str] = []
    for data in case.events.filter(type="decision_makers_named").order_by("seq").values_list(
            "data", flat=True):
        names += [name for name in data.get("persons") or () if name not in names]
    return names


# -- appointments (DNV-I-06) ----------------------------------------------------------------------


def taken_slots(case: Case, procedure: Procedure) -> set[datetime]:
    """The appointments booked for the organization's cases of this type that are still on."""
    spec = procedure.booking
    since = timezone.localdate() - timedelta(days=spec.first_after + spec.days + 1)
    rows = (CaseEvent.objects.filter(case__organization=case.organization_id,
                                     case__procedure_id=case.procedure_id, type="slot_booked",
                                     on__gte=since)
            .exclude(case__state__in=[CaseState.WITHDRAWN, CaseState.DECLINED])
            .values_list("data", flat=True))
    taken = set()
    for data in rows:
        try:
            taken.add(datetime.fromisoformat(data.get("at", "")))
        except ValueError:
            continue
    return taken


def free_slots(case: Case) -> list[datetime]:
    procedure = _procedure(case)
    if procedure.booking is None:
        return []
    return booking.free_slots(procedure, timezone.localdate(), taken_slots(case, procedure))


def booked_slot(case: Case) -> datetime | None:
    data = case.events.filter(type="slot_booked").order_by("-seq").values_list(
        "data", flat=True).first()
    return datetime.fromisoformat(data["at"]) if data and data.get("at") else None


# -- what an inspection shows (DNV-I-04, DNV-I-05, DNV-I-09) ---------------------------------------


def disclosure(case: Case, language: str) -> dict | None:
    procedure = _procedure(case)
    spec = procedure.disclosure
    if spec is None:
        return None
    about = received_data(case).get("about")
    shown = spec.shown_for(about)
    subject = next((choice for choice in procedure.intake.subjects if choice.key == about), None)
    return {"subject": words.pick(subject.label, language) if subject else "",
            "shown": words.pick(shown, language) if shown else "", "shown_rule": spec.shown_rule,
            "never": words.pick(spec.never, language), "never_rule": spec.never_rule,
            "no_discussion": words.pick(spec.no_discussion, language),
            "no_discussion_rule": spec.no_discussion_rule}

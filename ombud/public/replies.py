"""What the complainant supplies on their private page when the organization asks: what the
objection lacked (DNV-B-10; the suspension of the answer's period ends with it, DNV-B-08) and
the appointment for an inspection (DNV-I-06). Each reaches the case's file and its party record,
and the staff are told (the marker on the queue and the case page; the booking also by mail)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ombud.cases import procedure_parts, services
from ombud.cases.models import Case, CaseEvent, PartyRole
from ombud.cases.services import Invalid
from ombud.domain import messages as words
from ombud.orgs import outbox
from ombud.orgs.models import Organization
from ombud.public.services import Complainant, _open_case


def missing_items(case: Case) -> tuple[str, ...]:
    """What the web form recorded as missing (DNV-B-02): "address", "signature"."""
    return tuple(procedure_parts.received_data(case).get("missing") or ())


def complainant_remedy(*, case: Case, address: str = "", signature: str = "",
                       text: str = "") -> CaseEvent:
    """The omission remedied by the filer: the address goes to their party record (and so to
    every later letter's address block), the typed signature and its date to the file, and
    the remedy is recorded as the step that ends the suspension (DNV-B-08, DNV-B-10)."""
    _open_case(case)
    today = timezone.localdate()
    supplied = [item for item, value in (("address", address), ("signature", signature))
                if value]
    data = {"by": "complainant", "supplied": supplied, "text": text or None}
    if signature:
        data.update(signed_by=signature, signed_on=today.isoformat())
    with transaction.atomic():
        if address:
            party = case.parties.select_for_update().filter(role=PartyRole.COMPLAINANT).first()
            if party is None:
                raise Invalid(_("The case has no complainant to add the address to."))
            services.party_change(case=case, party=party, address=address,
                                  actor=Complainant(case.complainant_name))
            data["address"] = address
        event = services.case_step(case=case, event_type="remedied", on=today,
                                   actor=Complainant(case.complainant_name), data=data)
        services.complainant_news_mark(case)
    return event


def slots_free(case: Case) -> list[datetime]:
    return procedure_parts.free_slots(case)


def complainant_book(*, case: Case, at: datetime) -> CaseEvent:
    """The appointment the candidate chose (DNV-I-06). Bookings of one organization are made
    one at a time (its row locked), so two people never get the same slot. The confirmation
    letter goes to the candidate with the step; the staff get a mail and the marker."""
    _open_case(case)
    procedure = services.procedure_of(case)
    with transaction.atomic():  # case_step checks the slot is free, the organization locked
        # One appointment per case: the form is gone once booked, but a replayed POST would
        # otherwise take one slot after another (every candidate's, from one link).
        Organization.objects.select_for_update().filter(pk=case.organization_id).exists()
        if case.events.filter(type="slot_booked").exists():
            raise Invalid(_("Your appointment is already booked. To change it, contact us."))
        event = services.case_step(case=case, event_type="slot_booked",
                                   on=timezone.localdate(),
                                   actor=Complainant(case.complainant_name),
                                   data={"by": "complainant",
                                         "at": at.isoformat(timespec="minutes")})
        services.complainant_news_mark(case)
        _tell_staff(case, procedure, at)
    return event


def _tell_staff(case: Case, procedure, at: datetime) -> None:
    """The staff's copy of the confirmation: to the handler (whose account is open), else the
    organization's address."""
    organization = case.organization
    handler = case.handler if case.handler_id else None
    to = (handler.email if handler is not None and handler.is_active and handler.email
          else organization.email)
    if not to:
        return
    language = organization.language
    with translation.override(language):
        subject = _("Appointment booked: %(reference)s") % {"reference": case.reference}
        body = _("%(name)s booked the inspection for %(when)s, %(place)s (%(minutes)s minutes "
                 "at most). Case %(reference)s.") % {
            "name": case.complainant_name, "when": words.format_datetime(at, language),
            "place": words.pick(procedure.booking.place, language),
            "minutes": procedure.booking.minutes, "reference": case.reference}
    outbox.enqueue(organization=organization, case=case, kind="slot_booked_staff", to=to,
                   subject=subject, body=body)


"""A recorded contact (a phone call where only written complaints are handled: AV-05, GL-05,
PP-09) joined to the case the person files afterwards: found by the e-mail address or phone
number when the case is registered, or linked by staff. The contact then stands in the case's
hash-chained history, and the case on the contact."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from ombud.cases import permissions
from ombud.cases.models import Case, Contact, Party
from ombud.cases.services.chain import event_append
from ombud.cases.services.checks import Invalid

# A phone number compared by its last eight digits: "+47 912 34 567" is "91234567".
_DIGITS = re.compile(r"\D+")
PHONE_DIGITS = 8


def phone_key(phone: str) -> str:
    digits = _DIGITS.sub("", phone or "")
    return digits[-PHONE_DIGITS:] if len(digits) >= PHONE_DIGITS else ""


def _matched_by(contact: Contact, party: Party) -> str | None:
    if party.email and contact.email and party.email.casefold() == contact.email.casefold():
        return "email"
    key = phone_key(party.phone)
    if key and phone_key(contact.phone) == key:
        return "phone"
    return None


def contacts_match(*, case: Case, party: Party, actor) -> list[Contact]:
    """Link the organization's unlinked contacts of the same person to a case just registered
    (call inside its transaction, after its row is saved): matched by e-mail or phone."""
    if not (party.email or phone_key(party.phone)):
        return []
    candidates = Contact.objects.filter(organization_id=case.organization_id, case__isnull=True,
                                        received_on__lte=case.received_on)
    linked = []
    # Linked by the registration itself: by the staff member registering, or by Ombud for a
    # web submission (the complainant did not record the contact).
    actor = actor if getattr(actor, "pk", None) else None
    for contact in candidates.select_for_update():
        how = _matched_by(contact, party)
        if how:
            _link(contact, case, actor, how)
            linked.append(contact)
    return linked


def contact_link(*, contact: Contact, case: Case, actor) -> Case:
    """Staff link a recorded contact to a case of the same organization (found by its
    reference among the cases they may read)."""
    if case.organization_id != contact.organization_id:
        raise Invalid(_("No case of this organization has the reference %(reference)s.")
                      % {"reference": case.reference}, field="reference")
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.case_id is not None:
            raise Invalid(_("This contact is already linked to case %(reference)s.")
                          % {"reference": contact.case.reference}, field="reference")
        permissions.require(actor=actor, case=case, action="contact_recorded")
        case = Case.objects.select_for_update().get(pk=case.pk)
        _link(contact, case, actor, "staff")
    return case


def _link(contact: Contact, locked: Case, actor, how: str) -> None:
    """Call holding the case row lock (or on the case being registered)."""
    by = contact.created_by
    event_append(locked, "contact_recorded", max(contact.received_on, locked.received_on), {
        "text": contact.summary, "contact_id": contact.pk,
        "contact_day": contact.received_on.isoformat(), "channel": contact.channel,
        "name": contact.name, "email": contact.email, "phone": contact.phone,
        "recorded_by": (by.get_full_name() or by.username) if by else "",
        "matched_by": how}, actor)
    locked.save(update_fields=["event_count", "last_hash", "updated_at"])
    contact.case = locked
    contact.save(update_fields=["case"])

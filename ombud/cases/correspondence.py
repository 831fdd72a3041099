"""What Ombud writes to the people in a case: letters set as PDF, archived in the file and put in
the outbox in the same transaction as the step that called for them (X-08)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext as _

from ombud.cases.models import Case, Document, DocumentKind, Party, PartyRole
from ombud.domain import engine, fees
from ombud.domain import messages as m
from ombud.domain.procedure import Procedure
from ombud.letters import render
from ombud.orgs import outbox


def case_language(case: Case) -> str:
    return case.language or case.organization.language


def letter_send(*, case: Case, procedure: Procedure, step: str, on: date, data: dict,
                state: engine.CaseState, actor) -> Document | None:
    """The letters a step calls for, each archived as PDF and sent when an e-mail address is on
    file (otherwise it goes by post). The complainant's letter is ``render.LETTER_OF_STEP``; an
    extension notice also goes to the person complained about (DNV-K-18). Where the procedure
    gives the person complained about a response (DNV-K-02), they get their own letter of the
    notice, with a copy of the complaint and its enclosures (DNV-K-13), of the hearing
    invitation (DNV-K-14) and of the finding (DNV-K-19): ``render.SUBJECT_LETTER_OF_STEP``.
    Returns the complainant's letter. Call inside the step's transaction."""
    kind = render.LETTER_OF_STEP.get(step)
    subjects = list(case.parties.filter(role=PartyRole.SUBJECT))
    subject_kind = (render.SUBJECT_LETTER_OF_STEP.get(step)
                    if procedure.deadline("holder_response") else None)
    written = None
    if kind is not None:
        complainant = case.parties.filter(role=PartyRole.COMPLAINANT).first()
        written = _write(case, procedure, kind, state, data, on, actor, complainant, {})
    if kind == "extension_notice":
        # Not a copy of the complainant's letter, whose address block would tell them where
        # the complainant lives: a notice addressed to each (a consent is the complainant's).
        for subject in subjects:
            _write(case, procedure, kind, state, {**data, "consent": False}, on, actor, subject,
                   {"to_subject": True})
    if subject_kind is not None:
        enclosures = (list(case.documents.filter(from_complainant=True))
                      if subject_kind == "holder_notice" else [])
        for subject in subjects:
            _write(case, procedure, subject_kind, state, data, on, actor, subject,
                   {"enclosures": enclosures})
    return written


def _write(case: Case, procedure: Procedure, kind: str, state: engine.CaseState, data: dict,
           on: date, actor, addressee: Party | None, extra: dict) -> Document:
    language = case_language(case)
    enclosures = extra.get("enclosures", [])
    # A person complained about has no private page: their letters say where to answer.
    sender = _sender(case)
    facts = {**_facts(case, addressee, language), "organization": case.organization.name,
             "organization_email": sender["email"],
             "organization_address": ", ".join(sender["address"]),
             "recipient_name": (render.salutation_name(addressee.name, language)
                                if addressee else ""),
             "complaint_text": _complaint_text(case),
             "on_appeal": case.events.filter(type__in=("appealed", "forwarded")).exists(),
             "enclosures": ", ".join(document.title for document in enclosures)}
    letter = render.compose(kind, procedure=procedure, state=state, facts=facts, data=data,
                            language=language)
    signer = (getattr(actor, "get_full_name", lambda: "")() or case.organization.name)
    pdf = render.to_pdf(letter, sender=_sender(case), recipient=_address_lines(addressee),
                        reference=case.reference, on=on, signature=signer)
    to_subject = extra.get("to_subject") or kind in render.SUBJECT_LETTER_OF_STEP.values()
    document = _archive(case, letter.subject[:200], pdf, actor, kind=(
        DocumentKind.HOLDER_LETTER if to_subject else DocumentKind.LETTER))
    if addressee is not None and addressee.email:
        message = outbox.enqueue(organization=case.organization, case=case, kind=kind,
                                 to=addressee.email, subject=letter.subject,
                                 body=_mail_body(letter, language), letter=document)
        message.enclosures.set(enclosures)
    return document


def _received(case: Case) -> dict:
    return case.events.filter(type="received").values_list("data", flat=True).first() or {}


def _complaint_text(case: Case) -> str:
    received = _received(case)
    return "\n\n".join(part for part in (received.get("text"), received.get("reasons")) if part)


def _facts(case: Case, complainant: Party | None, language: str) -> dict:
    return {"reference": case.reference, "title": case.title,
            "name": render.salutation_name(complainant.name if complainant
                                           else case.complainant_name, language),
            "received_on": m.format_date(case.received_on, language),
            "on_behalf_of": str(_received(case).get("on_behalf_of", ""))}


def _payment_facts(case: Case, procedure: Procedure, state: engine.CaseState,
                   language: str) -> dict:
    """What the receipt says about paying (DNV-I-07): the total, the account and the payment
    reference; nothing where nothing is due."""
    if not state.fees or procedure.payment is None:
        return {}
    birth = _received(case).get("birth_on")
    return {"pay_total": m.format_money(fees.total(state.fees), language),
            "iban": procedure.payment.iban, "bic": procedure.payment.bic,
            "account_name": procedure.payment.account_name,
            "books": procedure.booking is not None,
            "pay_reference": fees.payment_reference(
                state.fees, name=case.complainant_name,
                born=date.fromisoformat(birth) if birth else None, language=language)}


def _sender(case: Case) -> dict:
    organization = case.organization
    lines = [line.strip() for line in organization.postal_address.split(",") if line.strip()]
    return {"name": organization.name, "address": lines, "email": organization.email}


def _address_lines(party: Party | None) -> list[str]:
    if party is None:
        return []
    return [*render.addressee_lines(party.name),
            *[line.strip() for line in party.address.split(",") if line.strip()]]


def _archive(case: Case, title: str, pdf: bytes, actor,
             kind: str = DocumentKind.LETTER) -> Document:
    """The letter kept in the file. ``kind``: a letter to the complainant (their private page
    shows it) or to the person complained about (it does not)."""
    content = ContentFile(pdf, name=f"{case.reference}-letter.pdf")
    return Document.objects.create(
        case=case, kind=kind, title=title, file=content,
        content_type="application/pdf", size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest(),
        created_by=actor if getattr(actor, "pk", None) else None)


def _mail_body(letter: render.Letter, language: str) -> str:
    with translation.override(language):
        return "\n\n".join([letter.text, _("The letter is attached as PDF.")])


def _around_link(template: str, values: dict[str, str]) -> tuple[str, str]:
    """``template % values`` cut where its ``%(link)s`` goes: the text before and after the
    private link, which the outbox puts in when it sends. The cut is found through a random
    marker, never through anything the values (names, titles) could contain."""
    marker = secrets.token_hex(16)
    before, found, after = (template % {**values, "link": marker}).partition(marker)
    assert found, "the template has no %(link)s"
    return before, after


def _link_mail_body(letter: render.Letter, language: str) -> tuple[str, str]:
    with translation.override(language):
        before, after = _around_link(
            _("Follow your case, send documents and answer our letters here (keep this link "
              "to yourself): %(link)s"), {})
        return (f"{letter.text}\n\n{before}",
                f"{after}\n\n{_('The letter is attached as PDF.')}")


def receipt_send(*, case: Case, procedure: Procedure, state: engine.CaseState,
                 link_id: int) -> Document:
    """The receipt of a web submission: archived as PDF; the e-mail also carries the private
    link, which is never archived (only its hash is kept)."""
    language = case_language(case)
    complainant = case.parties.get(role=PartyRole.COMPLAINANT)
    letter = render.compose("receipt", procedure=procedure, state=state,
                            facts={**_facts(case, complainant, language),
                                   **_payment_facts(case, procedure, state, language)},
                            data={}, language=language)
    pdf = render.to_pdf(letter, sender=_sender(case), recipient=_address_lines(complainant),
                        reference=case.reference, on=case.received_on,
                        signature=case.organization.name)
    document = _archive(case, letter.subject[:200], pdf, None)
    if complainant.email:
        body, after = _link_mail_body(letter, language)
        outbox.enqueue(organization=case.organization, case=case, kind="receipt",
                       to=complainant.email, subject=letter.subject, body=body,
                       link_id=link_id, body_after_link=after, letter=document)
    return document


def tracking_url(token: str) -> str:
    return f"{settings.OMBUD_PUBLIC_URL}/track/{token}/"


def tracking_link_mail(*, case: Case, to: str, link_id: int, first: bool = False) -> None:
    """A private link to the address on file: a new one on request, or (``first``) the first
    one, for a case staff registered from a call or a visit (PP-03): that mail is the
    complainant's first word from the organization, so it says what was registered, when, and
    under which reference, and speaks of no "earlier links" they never had."""
    complainant = case.parties.filter(role=PartyRole.COMPLAINANT).first()
    language = case_language(case)
    with translation.override(language):
        subject = _("Your link to case %(reference)s") % {"reference": case.reference}
        if first:
            facts = _facts(case, complainant, language)
            template = _("Hello %(name)s,\n\n%(organization)s registered your case "
                         "«%(title)s» on %(received_on)s under reference "
                         "%(reference)s. Follow your case, send documents and answer our "
                         "letters here (keep this link to yourself): %(link)s\n\n"
                         "Kind regards\n%(organization)s")
            values = {"name": facts["name"], "title": case.title,
                      "received_on": facts["received_on"]}
        else:
            template = _("Here is a new private link to follow case %(reference)s at "
                         "%(organization)s (keep it to yourself): %(link)s\n\nEarlier links "
                         "keep working until you revoke them on the case page.")
            values = {}
        body, after = _around_link(template, {"reference": case.reference,
                                              "organization": case.organization.name,
                                              **values})
    outbox.enqueue(organization=case.organization, case=case, kind="tracking_link", to=to,
                   subject=subject, body=body, link_id=link_id, body_after_link=after)

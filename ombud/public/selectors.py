"""What the public pages show, read from a procedure or a case and what the engine says of it:
the deadlines a complainant sees (and why the others are left out), the fees and the payment
reference, the subjects another form handles, and the case's state in plain words. Reads only;
changes go through ``public.services``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ombud.cases import services as case_services
from ombud.cases.models import OPEN_STATES, Case, Document, DocumentKind, PartyRole
from ombud.domain import engine
from ombud.domain import fees as fees_words
from ombud.domain import messages as words
from ombud.domain.loader import find_procedure
from ombud.domain.procedure import DeadlineSpec, Fee, Owner, Procedure
from ombud.domain.texts import deadline_name, word
from ombud.public import tokens
from ombud.public.models import TrackingLink

# The steps that write to the complainant about their case (letters.render.LETTER_OF_STEP, less
# the notice to the person complained about). An organization's deadline met by one of them is
# the complainant's business: it says when they will hear from the organization.
STEPS_THAT_WRITE_TO_THE_COMPLAINANT = frozenset({
    "received", "acknowledged", "declined", "extended", "incomplete", "hearing_invited",
    "answered", "payment_received", "slot_booked", "parties_informed", "new_facts",
    "forwarded"})  # fvl § 33: the letter that the case went to the appeal body


def case_state(case: Case) -> engine.CaseState:
    """What the engine says of ``case`` today."""
    return engine.evaluate(case_services.procedure_of(case), case_services.engine_events(case),
                           timezone.localdate(), case_services.meeting_days(case.organization))


# -- deadlines --------------------------------------------------------------------------------


def is_filing_window(deadline: engine.Deadline) -> bool:
    """The filer's period to file: met by the filing itself."""
    return is_filing_window_spec(deadline.spec)


def is_filing_window_spec(spec: DeadlineSpec) -> bool:
    return spec.owner is Owner.FILER and "received" in spec.met_by


def why_hidden_from_complainant(deadline: engine.Deadline) -> str | None:
    """Why the complainant's pages leave ``deadline`` out; None when they show it. They show
    the complainant's own terms and the organization's deadlines for writing to them."""
    if deadline.status == "cancelled":
        return "cancelled: it no longer runs"
    if is_filing_window(deadline):
        return "the filing window: over once the case is filed (the form warns when it passed)"
    if deadline.owner is Owner.HOLDER:
        return "the term of the person complained about, not the complainant's"
    if deadline.owner is Owner.ORGANIZATION and not (
            deadline.spec.met_by & STEPS_THAT_WRITE_TO_THE_COMPLAINANT):
        return "an internal step of the organization: nothing is written to the complainant"
    return None


def deadlines_for_complainant(state: engine.CaseState, language: str) -> list[dict]:
    """The organization's answer and the complainant's own terms, with why they fall there:
    what is still to do first, soonest first; what was done follows."""
    shown = [{"deadline": deadline, "name": deadline_name(
        deadline.procedure.id, deadline.key, language),
        "yours": deadline.owner is Owner.FILER,
        "basis": words.without_rules(deadline.basis(language)),
        "due": words.format_date(deadline.due, language)}
        for deadline in state.deadlines if why_hidden_from_complainant(deadline) is None]
    return sorted(shown, key=lambda item: (item["deadline"].met_on is not None,
                                           item["deadline"].due))


@dataclass(frozen=True)
class HearingDay:
    """The hearing the complainant is invited to, as a row among their dates (``status``,
    ``met_on``, ``rule`` and ``due`` as a deadline has them)."""

    due: date
    rule: str
    met_on: date | None

    @property
    def status(self) -> str:
        return "met" if self.met_on else "open"


def dates_for_complainant(case: Case, state: engine.CaseState, language: str) -> list[dict]:
    """``deadlines_for_complainant`` and the day of the hearing they are invited to, where the
    invitation names one (DNV-K-14, DNV-B-13): it concerns them as much as any deadline."""
    shown = deadlines_for_complainant(state, language)
    hearing = hearing_day(case, state.procedure, language)
    if hearing is None:
        return shown
    return sorted([*shown, hearing], key=lambda item: (item["deadline"].met_on is not None,
                                                       item["deadline"].due))


def remedy_term(state: engine.CaseState, language: str) -> dict | None:
    """The term of a pending request to remedy an omission and its last day, as the engine
    counted them (Awb 6:6, DNV-B-10): "14 dagen", "uiterlijk op 18-12-2026"; ``suspends``:
    whether a period of the organization stands still meanwhile (DNV-B-08, Awb 7:10 second
    paragraph; not Fjellby's, which has none to suspend)."""
    deadline = state.deadline("remedy")
    if deadline is None or not deadline.is_pending:
        return None
    return {"term": words.amount_with_unit(deadline.amount, deadline.unit, language),
            "due": words.format_date(deadline.due, language),
            "suspends": any(spec.suspension_rule for spec in state.procedure.deadlines)}


def hearing_day(case: Case, procedure: Procedure, language: str) -> dict | None:
    """The latest invitation's hearing day, done once the hearing was held; None without a
    day, or when the hearing was waived after it."""
    if procedure.hearing is None:
        return None
    invited = held = None
    for event in case_services.engine_events(case):
        if event.type == "hearing_invited" and event.get("hearing_on"):
            invited, held = event, None
        elif event.type == "hearing_held" and invited is not None:
            held = event
        elif event.type == "hearing_waived":
            invited = held = None
    if invited is None:
        return None
    day = HearingDay(invited.get("hearing_on"), procedure.hearing.rule,
                     held.on if held else None)
    with translation.override(language):
        return {"deadline": day, "name": _("the hearing"), "yours": False,
                "due": words.format_date(day.due, language),
                "basis": _("the day in the invitation to be heard of %(day)s") % {
                    "day": words.format_date(invited.on, language)}}


def documents_limit(case: Case, state: engine.CaseState, language: str) -> dict:
    """The last day a document counts for sure before the hearing (DNV-B-16), where there is
    one: the limit, whether it passed, its day and why."""
    limit = engine.documents_deadline(state.procedure, case_services.engine_events(case))
    return {"documents_limit": limit,
            "documents_late": bool(limit and limit.is_late(timezone.localdate())),
            "documents_limit_day": words.format_date(limit.last_day, language) if limit else "",
            "documents_limit_basis": (words.without_rules(limit.basis(language))
                                      if limit else "")}


# -- fees and payment -------------------------------------------------------------------------


def fees_shown(fees: tuple[Fee, ...] | list[Fee]) -> list[dict]:
    """Each fee with its name in the reader's language: two bare amounts (€90.75, €60.50) do
    not tell the candidate which is the inspection and which the invoice's cost (DNV-I-07)."""
    language = (translation.get_language() or "en")[:2]
    return [{"item": fee.item, "rule": fee.rule, "excl_vat": fee.excl_vat,
             "label": (words.pick(words.FEE_ITEMS[fee.item], language).capitalize()
                       if fee.item in words.FEE_ITEMS else fee.item),
             "incl_vat": fee.incl_vat, "invoice_only": fee.invoice_only} for fee in fees]


def fee_totals(fees) -> dict:
    """What the whole costs: without an invoice, and with one where that costs more (DNV-I-07:
    €90.75, or €151.25 with an invoice)."""
    plain, invoiced = fees_words.totals(fees)
    return {"without_invoice": plain, "with_invoice": invoiced}


payment_reference = fees_words.payment_reference  # DNV-I-07, DNV-I-08 (kept here for callers)


def _paid_on(case: Case) -> date | None:
    return case.events.filter(type="payment_received").values_list("on", flat=True).first()


def payment_due(case: Case, state: engine.CaseState, language: str) -> dict | None:
    """What the person pays (DNV-I-07, DNV-I-08): the fees due for this case, their total and
    the payment reference; None when nothing is due."""
    if not state.fees:
        return None
    received = case.events.filter(type="received").values_list("data", flat=True).first()
    birth = (received or {}).get("birth_on", "")
    total: Decimal = fees_words.total(state.fees)
    payment = state.procedure.payment
    return {"fees": fees_shown(state.fees), "total": total,
            "iban": payment.iban if payment else "", "bic": payment.bic if payment else "",
            "account_name": payment.account_name if payment else "",
            "paid_on": words.format_date(paid, language) if (paid := _paid_on(case)) else "",
            "reference": payment_reference(
                state.fees, name=case.complainant_name,
                born=date.fromisoformat(birth) if birth else None, language=language),
            "rule": state.fees[0].rule}


# -- the form and the case --------------------------------------------------------------------


def redirects(procedure: Procedure, language: str) -> list[dict]:
    """Subjects this case type does not handle, with the form that does (DNV-K-03)."""
    found = []
    for refused in procedure.intake.refused_subjects:
        other = find_procedure(refused.redirect)
        found.append({"rule": refused.rule, "case_type": other.case_type,
                      "title": words.pick(other.title, language)})
    return found


def sections_offered(case: Case, state: engine.CaseState,
                     consent_for: engine.Deadline | None) -> dict[str, bool]:
    """What the private page offers its complainant now: to add a document while the case is
    open, to answer a hearing invitation (DNV-K-15, DNV-B-14), withdraw or appeal (PP-17) when
    the engine allows it, to consent to a further extension when it is asked (``consent_for``:
    DNV-K-18, DNV-B-09)."""
    return {"upload": case.state in OPEN_STATES,
            "hearing": "hearing_requested" in state.allowed,
            "consent": consent_for is not None,
            "withdraw": "withdrawn" in state.allowed,
            "appeal": "appealed" in state.allowed,
            # DNV-B-10: what was asked for can be supplied here while the remedy is pending
            "remedy": "remedied" in state.allowed,
            # DNV-I-06: an appointment, once paid, until one is booked
            "booking": "slot_booked" in state.allowed
            and not case.events.filter(type="slot_booked").exists()}


def appeal_offer(case: Case, state: engine.CaseState, language: str) -> dict | None:
    """What the private page says of an appeal after the answer, as the engine decides it:
    offered with its last day while the procedure allows it (PP-17, X-21); else why not, once
    there is an answer to appeal against: the appeal was made, its period ran out, or the
    procedure has no internal appeal (X-09, NE-A-06). None while there is nothing to say."""
    appeal = state.procedure.appeal
    body = words.pick(appeal.body, language) if appeal.body else ""
    period = state.deadline("appeal")
    due = words.format_date(period.due, language) if period else ""
    appealed = case.events.filter(type="appealed").values_list("on", flat=True).first()
    # the bundle's word for the remedy (texts [case_types.<type>] appeal: a klage on a
    # dismissal is no "anke"), and its name for the period; "" where it names none
    own = {"own": word(case.procedure_id, language, "case_types", "appeal") or "",
           "period": word(case.procedure_id, language, "deadlines", "appeal") or ""}
    if "appealed" in state.allowed:
        return {"offered": True, "body": body, "due": due, **own,
                # FVL-2-3: a dismissal is appealed too, and it is no answer
                "dismissal": state.state == "declined"}
    if state.forwarded_on is not None:  # fvl § 33: sent on by the first instance itself
        return {"offered": False, "body": body, "decided": state.state == "answered",
                "forwarded_on": words.format_date(state.forwarded_on, language)}
    if appealed is not None:
        decided = state.state == "answered"
        return {"offered": False, "body": body, "appealed_on": words.format_date(
            appealed, language), "decided": decided, **own}
    if state.state != "answered":
        return None
    if not appeal.body:
        return {"offered": False, "final": True}
    return {"offered": False, "body": body, "ended": due, **own}


def complainant_letters(case: Case) -> QuerySet[Document]:
    """The letters sent to the complainant, newest first."""
    return case.documents.filter(kind=DocumentKind.LETTER).order_by("-created_at", "-id")


def complainant_uploads(case: Case) -> QuerySet[Document]:
    """The documents the complainant sent, in the order they came."""
    return case.documents.filter(from_complainant=True).order_by("created_at", "id")


def complainant_document(case: Case, document_id: int) -> Document | None:
    """A letter sent to the complainant or a document they sent; nothing else of the file
    (the handler's notes, the holder's response) is theirs to download."""
    document = case.documents.filter(pk=document_id).first()
    if document is None or not (document.kind == DocumentKind.LETTER
                                or document.from_complainant):
        return None
    return document


def tracking_link_id(token: str) -> int:
    """The id of the link ``token`` opens: what a browser's session keeps of its receipts."""
    return TrackingLink.objects.get(token_hash=tokens.token_hash(token)).pk


def complainant_email(case: Case) -> str | None:
    return case.parties.filter(role=PartyRole.COMPLAINANT).values_list(
        "email", flat=True).first()


def state_words(case: Case, state: engine.CaseState) -> str:
    """The state in plain words for the person who filed."""
    handled = case.handler_id is not None or any(
        d.key == "acknowledge" and d.met_on for d in state.deadlines)
    texts = {
        "answered": _("Answered: the answer is among the letters below."),
        "declined": _("Not taken into consideration: the letter below says why."),
        "withdrawn": _("Withdrawn."),
        "appealed": _("Appealed: the appeal body is handling it."),
        "forwarded": _("Sent to the appeal body, which decides it."),
    }
    if case.state == "answered" and case.events.filter(type="forwarded").exists():
        # fvl § 33: the party did not appeal; the appeal body decided the case sent to it
        return _("The appeal body has decided: the decision is among the letters below.")
    own = word(case.procedure_id, translation.get_language(), "case_types", "appeal")
    if case.state == "answered" and case.events.filter(type="appealed").exists():
        # The appeal body answered too: "answered" alone would point at the first answer.
        if own:  # the bundle's word: a klage on a dismissal is no "anke"
            return _("%(appeal)s decided: the decision is among the letters below.") % {
                "appeal": capfirst(own)}
        return _("The appeal is decided: the decision is among the letters below.")
    if case.state == "appealed" and own and state.procedure.appeal.body:
        return _("%(appeal)s sent: %(body)s is handling it.") % {
            "appeal": capfirst(own),
            "body": words.pick(state.procedure.appeal.body, translation.get_language())}
    if case.state in texts:
        return texts[case.state]
    return (_("Being handled.") if handled else
            _("Received, waiting to be taken up."))

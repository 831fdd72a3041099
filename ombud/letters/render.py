"""Letters: text from a template per organization and language, set as an A4 PDF by Typst.

A template is a plain-text Django template: the first paragraph is the subject, the others the
body. The organization's bundle may carry its own (``<org>/letters/<case type>/<kind>.<lang>.txt``
and ``<org>/letters/<kind>.<lang>.txt``, e.g. DNV's in ``ombud/procedures/dnv/letters/``); they
override Ombud's ``templates/<kind>.<lang>.txt``. The PDF
layout (``layout.typ``) receives everything as JSON data, so text written by a complainant or a
handler is printed as it is and never read as Typst markup.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import typst
from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError

from ombud.domain import engine
from ombud.domain import messages as m
from ombud.domain.bundles import bundle_dir
from ombud.domain.procedure import Procedure
from ombud.domain.texts import word

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
LAYOUT = HERE / "layout.typ"
_compilers = threading.local()  # a Typst compiler keeps its fonts loaded but is not thread-safe

# The letter each step sends to the complainant (X-08: the sent copy is archived in the file).
LETTER_OF_STEP = {
    "received": "receipt", "acknowledged": "acknowledgement", "declined": "decline",
    "extended": "extension_notice", "incomplete": "remedy_request",
    "hearing_invited": "hearing_invitation", "answered": "answer",
    "holder_notified": "holder_notice_sent",  # the complaint went to the person it is about
    "payment_received": "payment_confirmation", "slot_booked": "slot_confirmation",
    "parties_informed": "hearing_summary", "new_facts": "new_facts",
    "forwarded": "forwarding_notice",  # fvl § 33: the case went to the appeal body by itself
}

# The letter each step sends to the person complained about, where the procedure gives them a
# response (DNV-K-02): the notice with a copy of the complaint (DNV-K-13), the invitation to be
# heard (DNV-K-14) and the finding (DNV-K-19). Their letters are theirs, not the complainant's.
SUBJECT_LETTER_OF_STEP = {
    "holder_notified": "holder_notice", "hearing_invited": "hearing_invitation_holder",
    "answered": "answer_holder",
}

# Whom the case concerns, when someone files for them (journey 2): said in the subject line.
CONCERNING = {"nb": "gjelder", "nl": "betreft", "en": "concerning"}
# "Ola Nordvik, på vegne av deltaker Per Hansen": the greeting is for the writer alone.
_ON_BEHALF = re.compile(r"\s*,?\s*\b(på vegne av|on behalf of|namens)\b.*$", re.IGNORECASE)

# "Bouwbedrijf Van Dam B.V., t.a.v. M. van Dam": an organization and the person a letter is for.
_FOR_ATTENTION = re.compile(r"\s*,?\s*\b(t\.\s?a\.\s?v\.?|attn\.?|att\.|v/|c/o)\s+",
                            re.IGNORECASE)

# How a letter names the case ("your complaint"), by case type.
CASE_NOUNS = {
    "complaint": {"nb": "klage", "nl": "klacht", "en": "complaint"},
    "objection": {"nb": "innsigelse", "nl": "bezwaar", "en": "objection"},
    "appeal": {"nb": "anke", "nl": "beroep", "en": "appeal"},
    "inspection": {"nb": "begjæring om innsyn", "nl": "verzoek om inzage", "en": "request for "
                   "inspection"},
    "terms": {"nb": "bestilling av termlisten", "nl": "aanvraag van de termenlijst",
              "en": "request for the list of terms"},
    "data_request": {"nb": "henvendelse om personopplysninger", "nl": "verzoek over uw "
                     "persoonsgegevens", "en": "request about your personal data"},
}

LABELS = {"date": {"nb": "Dato", "nl": "Datum", "en": "Date"},
          "reference": {"nb": "Vår ref.", "nl": "Kenmerk", "en": "Reference"},
          "closing": {"nb": "Med vennlig hilsen", "nl": "Met vriendelijke groet",
                      "en": "Yours sincerely"}}

OUTCOMES = {"upheld": {"nb": "{case} er tatt til følge", "nl": "gegrond",
                       "en": "upheld"},
            "partly_upheld": {"nb": "{case} er delvis tatt til følge",
                              "nl": "gedeeltelijk gegrond", "en": "partly upheld"},
            "not_upheld": {"nb": "{case} er ikke tatt til følge", "nl": "ongegrond",
                           "en": "not upheld"}}
# "anken er tatt til følge": the outcome names the case as what it is (journey 6: an appeal is
# not a complaint), in the definite form bokmål needs.
DEFINITE_NB = {"complaint": "klagen", "appeal": "anken", "objection": "innsigelsen",
               "inspection": "begjæringen", "terms": "bestillingen",
               "data_request": "henvendelsen"}


def case_noun(procedure: Procedure, language: str) -> str:
    """How a letter names the case: the bundle's own noun (texts), else Ombud's for the case
    type, else "complaint"."""
    return word(procedure.id, language, "case_types", "noun") or CASE_NOUNS.get(
        procedure.case_type, CASE_NOUNS["complaint"])[language]


# "Bouwbedrijf Van Dam B.V.": a company's legal form ends its name (DNV-K-01: an employer).
_LEGAL_FORM = re.compile(r"\b(B\.\s?V\.?|N\.\s?V\.?|V\.\s?O\.\s?F\.?|C\.\s?V\.?|BV|NV|VOF|"
                         r"AS|ASA|ANS|DA|SA|GmbH|Ltd\.?|LLC|Inc\.?)\s*$")
# A letter to a company with no person named greets no one by the company's name, where the
# language has a greeting for that ("Geachte heer, mevrouw,"; "Dear Sir or Madam,").
_TO_WHOM_IT_MAY_CONCERN = {"nl": "heer, mevrouw", "en": "Sir or Madam"}


def salutation_name(name: str, language: str = "") -> str:
    """Whom the letter greets: the contact person of an organization written as "<organization>,
    t.a.v. <person>" (or attn., v/, c/o); a company with no person named, greeted neutrally
    where ``language`` has a way; else the name as written."""
    name = _ON_BEHALF.sub("", name) or name
    parts = _FOR_ATTENTION.split(name, maxsplit=1)
    if len(parts) == 3 and parts[0].strip() and parts[2].strip():
        return parts[2].strip()
    if _LEGAL_FORM.search(name.strip()) and language in _TO_WHOM_IT_MAY_CONCERN:
        return _TO_WHOM_IT_MAY_CONCERN[language]
    return name.strip()


def addressee_lines(name: str) -> list[str]:
    """The name lines of the address block: the organization, then "t.a.v. <person>"."""
    parts = _FOR_ATTENTION.split(name, maxsplit=1)
    if len(parts) == 3 and parts[0].strip() and parts[2].strip():
        return [parts[0].strip(), f"{parts[1]} {parts[2].strip()}"]
    return [name.strip()]


class LetterError(ValueError):
    """A letter template that cannot be used (a bundle's, edited by hand): ``str()`` names the
    template and what is wrong with it."""


@dataclass(frozen=True)
class Letter:
    kind: str
    language: str
    subject: str
    paragraphs: tuple[str, ...]
    clause: tuple[str, str] | None = None  # (title, text): the court remedy (DNV-R-02)

    @property
    def text(self) -> str:
        """The letter as plain text, for the e-mail body and for search."""
        parts = [self.subject, *self.paragraphs]
        if self.clause:
            parts += list(self.clause)
        return "\n\n".join(parts)


@cache
def _engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES)], autoescape=False)


@cache
def _bundle_engine(letters: Path) -> Engine:
    """The bundle's ``letters/`` first, then Ombud's. Not the cached loader: an edited letter
    counts from the next one set, like the rest of the bundle. A file linked from outside the
    folders is not read (``confined``)."""
    return Engine(dirs=[str(letters), str(TEMPLATES)], autoescape=False,
                  loaders=["ombud.letters.confined.ConfinedLoader"])


def _template_text(organization: str, name: str, language: str, context: dict,
                   case_type: str = "") -> str:
    """``<org>/<case type>/<kind>`` (an inspection's answer is no decision), then
    ``<org>/<kind>``, then ``<kind>``; a bundle's own ``letters/<case type>/<kind>`` and
    ``letters/<kind>`` come before them all."""
    names = [*([f"{organization}/{case_type}/{name}.{language}.txt"] if case_type else []),
             f"{organization}/{name}.{language}.txt", f"{name}.{language}.txt"]
    folder = bundle_dir(organization)
    letters = folder / "letters" if folder is not None else None
    # A bundle's template is text an operator edits: one that does not parse, names a file
    # outside the letters folders ({% include %} is confined to them) or includes itself is
    # refused with its name, never a 500 (and never read as anything but a template).
    try:
        if letters is not None and letters.is_dir():
            own = [*([f"{case_type}/{name}.{language}.txt"] if case_type else []),
                   f"{name}.{language}.txt"]
            template = _bundle_engine(letters).select_template([*own, *names])
        else:
            template = _engine().select_template(names)
        return template.render(Context(context, autoescape=False))
    except (TemplateSyntaxError, TemplateDoesNotExist, RecursionError) as error:
        where = letters if letters is not None and letters.is_dir() else TEMPLATES
        problem = "includes itself" if isinstance(error, RecursionError) else (
            f"no template {error}" if isinstance(error, TemplateDoesNotExist) else str(error))
        raise LetterError(f"{where}/{name}.{language}.txt: {problem}") from None


def compose(kind: str, *, procedure: Procedure, state: engine.CaseState, facts: dict,
            data: dict, language: str) -> Letter:
    """The letter ``kind`` for a case: ``facts`` are the case's (reference, name, title,
    received_on), ``data`` the step's own (reasons, letter text, term), ``state`` the engine's
    view after the step, which gives every date the letter names."""
    step_data = {**data, "on_appeal": bool(facts.get("on_appeal"))}
    context = {**facts, **_step_context(kind, procedure, state, step_data, language)}
    context["case_type"] = case_noun(procedure, language)
    # The template ends the sentence: "adm. dir." must not end in two full stops.
    context["handled_by"] = m.pick(procedure.handled_by, language).rstrip(".")
    subject, *paragraphs = _paragraphs(_template_text(
        procedure.organization, kind, language, context, procedure.case_type))
    if facts.get("on_behalf_of") and kind not in SUBJECT_LETTER_OF_STEP.values():
        subject = f"{subject} – {CONCERNING[language]} {facts['on_behalf_of']}"
    clause = None
    if kind == "answer" and procedure.appeal.clause == "court":
        title, *text = _paragraphs(_template_text(procedure.organization, "clause_court",
                                                  language, context, procedure.case_type))
        clause = (title, "\n\n".join(text))
    return Letter(kind, language, subject, tuple(paragraphs), clause)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in text.strip().split("\n\n") if block.strip()]


def _day(value: date | None, language: str) -> str:
    return m.format_date(value, language) if value else ""


def _due(state: engine.CaseState, key: str, language: str) -> tuple[str, str]:
    deadline = state.deadline(key)
    if deadline is None or deadline.met_on is not None:
        return "", ""
    return _day(deadline.due, language), m.without_rules(deadline.basis(language))


def _running(state: engine.CaseState, language: str) -> dict[str, str]:
    """Not met, and not yet passed: a letter never promises a day already gone."""
    return {deadline.key: _day(deadline.due, language) for deadline in state.deadlines
            if deadline.met_on is None and deadline.due >= state.as_of}


def _term(deadline: engine.Deadline | None, language: str) -> str:
    """The term as the engine counted it ("14 dagen", "2 uker"): what the request set in days
    or weeks (Awb 6:6, DNV-B-10), or the procedure's own where it fixes the term."""
    return m.amount_with_unit(deadline.amount, deadline.unit, language) if deadline else ""


def _step_context(kind: str, procedure: Procedure, state: engine.CaseState, data: dict,
                  language: str) -> dict:
    answer_due, answer_basis = _due(state, "answer", language)
    acknowledge_due, _ = _due(state, "acknowledge", language)
    context = {"answer_due": answer_due, "answer_basis": answer_basis,
               "acknowledge_due": acknowledge_due if kind == "receipt" else "",
               # Without an answer deadline the acknowledge day is when a preliminary answer
               # is due if the case is not decided by then (FVL-11a-3), not a promise of
               # handling: the receipt says so (the bundled five, with both, are unchanged)
               "answer_deadline": procedure.deadline("answer") is not None,
               # AWB-8:1: the last day to go to court, for a bundle's decision letters
               "court_appeal_due": _due(state, "court_appeal", language)[0],
               # Any deadline still running, by key, for a bundle's own letters: a klage's
               # receipt names the day it is forwarded by ({{ due.forwarding }})
               "due": _running(state, language),
               "rule": "", **{key: value for key, value in data.items()
                              if isinstance(value, str | int)}}
    spec_rule = {"acknowledgement": "acknowledge", "remedy_request": "remedy",
                 "hearing_invitation": "hearing_reply"}.get(kind)
    if spec_rule and procedure.deadline(spec_rule):
        context["rule"] = procedure.deadline(spec_rule).rule
    if kind == "decline":
        ground = procedure.decline.ground(data.get("ground", ""))
        context["ground"] = m.pick(ground.label, language) if ground else ""
        context["rule"] = ground.rule if ground else procedure.decline.rule
        context.update(_appeal_context(procedure, state, language))  # fvl § 2(3)
    elif kind == "extension_notice":
        amount, unit = (data.get("weeks"), "weeks") if data.get("weeks") else (
            data.get("months"), "months")
        context["extension"] = m.amount_with_unit(int(amount or 0), unit, language)
        context["rule"] = procedure.extension_rule
    elif kind == "remedy_request":
        context["remedy_due"], _ = _due(state, "remedy", language)
        context["term"] = _term(state.deadline("remedy"), language)
        answer = procedure.deadline("answer")
        context["suspension_rule"] = (answer.suspension_rule or "") if answer else ""
    elif kind in ("hearing_invitation", "hearing_invitation_holder"):
        context["reply_due"], _ = _due(state, "hearing_reply", language)
        context["reply_rule"] = context["rule"]
        context["rule"] = procedure.hearing.rule if procedure.hearing else context["rule"]
        context["hearing_on"] = _day(data.get("hearing_on"), language)
        limit = engine.documents_deadline(procedure, [engine.Event(
            date.today(), "hearing_invited", data)])
        context["documents_until"] = _day(limit.last_day, language) if limit else ""
        context["documents_rule"] = limit.rule if limit else ""
        # DNV-B-17: the file lies open for inspection from a week before the hearing
        context["file_from"] = _day(engine.file_open_from(procedure, data.get("hearing_on")),
                                    language)
    elif kind == "payment_confirmation" and data.get("amount"):
        context["amount"] = m.format_money(str(data["amount"]), language)
    elif kind == "hearing_summary":
        context["withheld"] = bool(data.get("withheld"))  # that, never why (DNV-B-20)
    elif kind == "new_facts":
        context["term"] = m.amount_with_unit(int(data.get("term_weeks", 2)), "weeks", language)
    elif kind == "slot_confirmation" and procedure.booking:
        context["place"] = m.pick(procedure.booking.place, language)
        context["minutes"] = procedure.booking.minutes
        context["at"] = m.format_datetime(data.get("at", ""), language)
    elif kind in ("holder_notice", "holder_notice_sent"):
        context["response_due"], _ = _due(state, "holder_response", language)
        spec = procedure.deadline("holder_response")
        context["rule"] = spec.rule if spec else ""
    elif kind in ("answer", "answer_holder"):
        body = procedure.appeal.body
        # The answer on an appeal, or on a case forwarded to the appeal body (fvl § 33), is the
        # appeal body's own, and final (PP-17, NE-A-06).
        forwarded = state.forwarded_on is not None
        on_appeal = bool(data.get("on_appeal")) or forwarded
        noun = DEFINITE_NB["appeal"] if on_appeal and not forwarded else (
            word(procedure.id, "nb", "case_types", "definite")
            or DEFINITE_NB.get(procedure.case_type, "klagen"))
        # An inspection has no outcome to state (DNV-I): only procedures with one say it.
        context["outcome"] = (OUTCOMES.get(data.get("outcome", ""), {}).get(
            language, "").replace("{case}", noun) if procedure.answer_outcome else "")
        context.update(_appeal_context(procedure, state, language))
        context["final"] = procedure.appeal.final or on_appeal
        context["decided_by"] = m.pick(body, language) if body and on_appeal else ""
        context["forwarded_on"] = _day(state.forwarded_on, language)
    elif kind == "forwarding_notice":
        body = procedure.appeal.body
        context["appeal_body"] = m.pick(body, language) if body else ""
        context["decision_due"], _ = _due(state, "appeal_answer", language)
    return context


def _appeal_context(procedure: Procedure, state: engine.CaseState, language: str) -> dict:
    """Whether the letter invites an appeal, to whom and by when, as the engine says after the
    step (``invites_appeal``): after an answer the party may appeal (PP-17), after a dismissal
    where the procedure says so (fvl § 2(3)); never while the case is before the first instance
    or was forwarded to the appeal body (fvl § 33), never on the appeal body's own decision."""
    body = procedure.appeal.body
    if not (body and state.invites_appeal):
        return {"appeal_body": "", "appeal_due": ""}
    # the last day of the appeal, so the reader knows by when and how (PP-17)
    return {"appeal_body": m.pick(body, language), "appeal_due": _due(state, "appeal",
                                                                     language)[0]}


def to_pdf(letter: Letter, *, sender: dict, recipient: list[str], reference: str, on: date,
           signature: str) -> bytes:
    """Set the letter on A4. ``sender``: name, address lines, e-mail of the organization."""
    language = letter.language
    payload = {
        "lang": language, "subject": letter.subject, "body": list(letter.paragraphs),
        "clause": ({"title": letter.clause[0], "text": letter.clause[1]}
                   if letter.clause else None),
        "sender": sender, "recipient": recipient, "reference": reference,
        "date": m.format_date(on, language), "signature": signature,
        "closing": LABELS["closing"][language],
        "labels": {key: LABELS[key][language] for key in ("date", "reference")},
    }
    return _compiler().compile(sys_inputs={"letter": json.dumps(payload)})


def _compiler() -> typst.Compiler:
    compiler = getattr(_compilers, "compiler", None)
    if compiler is None:
        compiler = _compilers.compiler = typst.Compiler(str(LAYOUT))
    return compiler


REPORT_LAYOUT = HERE / "report.typ"
_report_compilers = threading.local()


def report_pdf(payload: dict) -> bytes:
    """Set a report (the reports app's tables, summaries and SVG charts) on A4, with the
    letters' type and page. ``payload`` goes in as JSON data: no text is read as markup."""
    compiler = getattr(_report_compilers, "compiler", None)
    if compiler is None:
        compiler = _report_compilers.compiler = typst.Compiler(str(REPORT_LAYOUT))
    return compiler.compile(sys_inputs={"report": json.dumps(payload, default=str)})

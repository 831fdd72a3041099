"""The domain's words in Norwegian bokmål, Dutch and English.

The engine returns codes and parameters; this module turns them into sentences, so that the same
refusal reads right on a Norwegian handler's screen, in a Dutch letter and in the simulator's
English output. The web application uses Django's message files for its own pages; these are the
words of the domain core, which imports no Django.
"""

from __future__ import annotations

import re
from datetime import date

# The refusals are many: they have their own module, and callers read them here with the rest.
from ombud.domain.refusal_words import REFUSALS  # noqa: F401

DEFAULT_LANGUAGE = "en"

DEADLINE_NAMES: dict[str, dict[str, str]] = {
    "filing": {"en": "filing window", "nb": "frist for å klage", "nl": "indieningstermijn"},
    "acknowledge": {"en": "acknowledgement of receipt", "nb": "bekreftelse på mottak",
                    "nl": "ontvangstbevestiging"},
    "management": {"en": "taken up with management", "nb": "tatt opp med ledelsen",
                   "nl": "besproken met het management"},
    "holder_response": {"en": "certificate holder's response", "nb": "innehaverens svar",
                        "nl": "reactie van de certificaathouder"},
    "hearing_reply": {"en": "reply to the hearing invitation",
                      "nb": "svar på invitasjon til høring",
                      "nl": "reactie op de uitnodiging om te worden gehoord"},
    "remedy": {"en": "remedy of an omission", "nb": "utbedring av mangel",
               "nl": "herstel van een verzuim"},
    "inadmissible_notice": {"en": "declaring inadmissible", "nb": "avvisning",
                            "nl": "niet-ontvankelijkverklaring"},
    "decline_notice": {"en": "notice of not handling", "nb": "melding om at saken ikke behandles",
                       "nl": "mededeling niet in behandeling nemen"},
    "answer": {"en": "written answer", "nb": "skriftlig svar", "nl": "schriftelijke beslissing"},
    "court_appeal": {"en": "appeal to the court", "nb": "søksmål for retten",
                     "nl": "beroep bij de rechtbank"},
    "appeal": {"en": "appeal to the appeal body", "nb": "anke til ankeinstansen",
               "nl": "beroep bij de beroepsinstantie"},
    "forwarding": {"en": "forwarding to the appeal body", "nb": "oversendelse til klageinstansen",
                   "nl": "doorzending naar de beroepsinstantie"},
    "appeal_answer": {"en": "decision of the appeal body", "nb": "klageinstansens vedtak",
                      "nl": "beslissing van de beroepsinstantie"},
}

UNITS: dict[str, dict[str, tuple[str, str]]] = {  # unit -> language -> (singular, plural)
    "calendar_days": {"en": ("day", "days"), "nb": ("dag", "dager"), "nl": ("dag", "dagen")},
    "weeks": {"en": ("week", "weeks"), "nb": ("uke", "uker"), "nl": ("week", "weken")},
    "months": {"en": ("month", "months"), "nb": ("måned", "måneder"),
               "nl": ("maand", "maanden")},
    "working_days": {"en": ("working day", "working days"), "nb": ("virkedag", "virkedager"),
                     "nl": ("werkdag", "werkdagen")},
}

# What a period runs from, by anchor.
STARTS: dict[str, dict[str, str]] = {
    "received": {"en": "receipt", "nb": "mottak", "nl": "ontvangst"},
    "written": {"en": "receipt in writing", "nb": "skriftlig mottak",
                "nl": "schriftelijke ontvangst"},
    "written_oral": {"en": "the oral complaint was put in writing",
                     "nb": "den muntlige klagen ble skrevet ned",
                     "nl": "de mondelinge klacht op schrift is gesteld"},
    "exam_on": {"en": "the exam", "nb": "eksamen", "nl": "de toetsing"},
    "decision_on": {"en": "the decision was sent", "nb": "avgjørelsen ble sendt",
                    "nl": "verzending van het besluit"},
    "result_on": {"en": "the result was received", "nb": "resultatet ble mottatt",
                  "nl": "ontvangst van de uitslag"},
    "next_meeting": {"en": "the first coming management meeting after receipt",
                     "nb": "førstkommende ledermøte etter mottak",
                     "nl": "het eerstvolgende managementoverleg na ontvangst"},
    "deadline": {"en": "the end of the {name}", "nb": "utløpet av {name}",
                 "nl": "het einde van de {name}"},
    "expired": {"en": "the term for {name} ran out unused",
                "nb": "at fristen for {name} gikk ut ubenyttet",
                "nl": "het ongebruikt verstrijken van de termijn voor {name}"},
    "event": {"en": "{event}", "nb": "{event}", "nl": "{event}"},
}

BASIS: dict[str, dict[str, str]] = {
    "documents_before_hearing": {
        "en": "{days} days before the hearing on {hearing} ({rule}); later documents may be "
              "left out of consideration",
        "nb": "{days} dager før høringen {hearing} ({rule}); senere dokumenter kan bli sett bort "
              "fra",
        "nl": "{days} dagen voor de hoorzitting op {hearing} ({rule}); latere stukken kunnen "
              "buiten beschouwing blijven"},
    "period": {"en": "{amount} {unit} after {start} on {on}",
               "nb": "{amount} {unit} etter {start} {on}",
               "nl": "{amount} {unit} na {start} op {on}"},
    "period_rule": {"en": "{amount} after {start}", "nb": "{amount} etter {start}",
                    "nl": "{amount} na {start}"},
    "meeting": {"en": "{start}: {on}", "nb": "{start}: {on}", "nl": "{start}: {on}"},
    "holidays": {"en": "skipping {days}", "nb": "hopper over {days}", "nl": "zonder {days}"},
    "suspended": {"en": "plus {days} days suspended from {start} to {end} ({rule})",
                  "nb": "pluss {days} dager stanset fra {start} til {end} ({rule})",
                  "nl": "plus {days} dagen opgeschort van {start} tot {end} ({rule})"},
    "suspended_open": {"en": "plus {days} days suspended from {start} until remedied, at the "
                             "latest {end} ({rule})",
                       "nb": "pluss {days} dager stanset fra {start} til utbedring, senest "
                             "{end} ({rule})",
                       "nl": "plus {days} dagen opgeschort van {start} tot het herstel, "
                             "uiterlijk {end} ({rule})"},
    "extended": {"en": "extended by {amount} {unit} on {on} ({rule})",
                 "nb": "forlenget med {amount} {unit} {on} ({rule})",
                 "nl": "verlengd met {amount} {unit} op {on} ({rule})"},
    "with_consent": {"en": "with written consent", "nb": "med skriftlig samtykke",
                     "nl": "met schriftelijke instemming"},
    "rounded": {"en": "{raw} is not a working day, so it ends on {due}",
                "nb": "{raw} er ikke en virkedag, så fristen er {due}",
                "nl": "{raw} is geen werkdag, dus de termijn eindigt op {due}"},
    "uncovered": {"en": "days equated by decree for {years} are not yet published",
                  "nb": "likestilte dager for {years} er ikke publisert ennå",
                  "nl": "gelijkgestelde dagen voor {years} zijn nog niet gepubliceerd"},
    # Issue 13: a length chosen per case, a term set in the request, the posting date
    "variant": {"en": "{label}: this length instead of {default}, since {since} ({rule})",
                "nb": "{label}: denne lengden i stedet for {default}, fra {since} ({rule})",
                "nl": "{label}: deze termijn in plaats van {default}, sinds {since} ({rule})"},
    "term_set": {"en": "the term set in the request", "nb": "fristen satt i anmodningen",
                 "nl": "de termijn die in het verzoek is gesteld"},
    "posted_in_time": {
        "en": "received on {received}, but posted on {posted}, before the end of the term: "
              "in time ({rule})",
        "nb": "mottatt {received}, men postlagt {posted}, før fristen gikk ut: i rett tid "
              "({rule})",
        "nl": "ontvangen op {received}, maar op {posted} ter post bezorgd, vóór het einde van "
              "de termijn: tijdig ({rule})"},
    "posted_in_time_within": {
        "en": "received on {received}, but posted on {posted}, before the end of the term, and "
              "received within {days} days after it: in time ({rule})",
        "nb": "mottatt {received}, men postlagt {posted}, før fristen gikk ut, og mottatt "
              "innen {days} dager etter: i rett tid ({rule})",
        "nl": "ontvangen op {received}, maar op {posted} ter post bezorgd, vóór het einde van "
              "de termijn, en binnen {days} dagen daarna ontvangen: tijdig ({rule})"},
    "posted_late": {
        "en": "posted on {posted}, after the end of the term: late ({rule})",
        "nb": "postlagt {posted}, etter at fristen gikk ut: for sent ({rule})",
        "nl": "op {posted} ter post bezorgd, na het einde van de termijn: te laat ({rule})"},
    "posted_received_too_late": {
        "en": "posted on {posted}, in time, but received on {received}, more than {days} days "
              "after the end of the term: late ({rule})",
        "nb": "postlagt {posted}, i tide, men mottatt {received}, mer enn {days} dager etter "
              "at fristen gikk ut: for sent ({rule})",
        "nl": "op {posted} tijdig ter post bezorgd, maar ontvangen op {received}, meer dan "
              "{days} dagen na het einde van de termijn: te laat ({rule})"},
    "recorded_late": {
        "en": "done on {done} but recorded on {recorded}, after the deadline had passed: it "
              "stays missed ({rule})",
        "nb": "utført {done}, men registrert {recorded}, etter at fristen var ute: den står "
              "fortsatt som oversittet ({rule})",
        "nl": "gedaan op {done} maar vastgelegd op {recorded}, nadat de termijn was verstreken: "
              "hij blijft overschreden ({rule})"},
}

# How late a missed deadline is, counted in the unit of its period.
LATE: dict[str, str] = {"en": "{days} late", "nb": "{days} for sent", "nl": "{days} te laat"}

# The status of a deadline met by a step that was recorded only after the deadline had passed
# shown beside "missed", which is what it counts as.
STATUS_NOTES: dict[str, dict[str, str]] = {
    "met_late_recorded": {
        "en": "met late, recorded on {recorded} (done {done})",
        "nb": "oppfylt for sent, registrert {recorded} (utført {done})",
        "nl": "te laat voldaan, vastgelegd op {recorded} (gedaan op {done})"},
}

EVENT_NAMES: dict[str, dict[str, str]] = {
    "received": {"en": "receipt", "nb": "mottak", "nl": "ontvangst"},
    "put_in_writing": {"en": "put in writing", "nb": "skrevet ned", "nl": "op schrift gesteld"},
    "acknowledged": {"en": "acknowledgement sent", "nb": "mottak bekreftet",
                     "nl": "ontvangst bevestigd"},
    "lowest_level_tried": {"en": "attempt at the lowest level", "nb": "forsøk på lavest mulig nivå",
                           "nl": "poging op het laagste niveau"},
    "partner_contacted": {"en": "contact with a cooperation partner",
                          "nb": "kontakt med samarbeidspartner",
                          "nl": "contact met een samenwerkingspartner"},
    "taken_up": {"en": "taken up with management", "nb": "tatt opp med ledelsen",
                 "nl": "besproken met het management"},
    "assigned": {"en": "handler appointed", "nb": "saksbehandler utpekt",
                 "nl": "behandelaar aangewezen"},
    "holder_notified": {"en": "notification of the certificate holder",
                        "nb": "varsel til sertifikatinnehaveren",
                        "nl": "kennisgeving aan de certificaathouder"},
    "holder_responded": {"en": "the certificate holder's response", "nb": "innehaverens svar",
                         "nl": "reactie van de certificaathouder"},
    "incomplete": {"en": "the request to remedy an omission",
                   "nb": "anmodning om å utbedre en mangel",
                   "nl": "het verzoek een verzuim te herstellen"},
    "remedied": {"en": "omission remedied", "nb": "mangel utbedret", "nl": "verzuim hersteld"},
    "hearing_invited": {"en": "the invitation to be heard", "nb": "invitasjonen til høring",
                        "nl": "de uitnodiging om te worden gehoord"},
    "hearing_requested": {"en": "hearing requested", "nb": "høring ønsket",
                          "nl": "horen gevraagd"},
    "hearing_waived": {"en": "hearing waived", "nb": "frafalt høring", "nl": "afgezien van horen"},
    "hearing_held": {"en": "hearing held", "nb": "høring holdt", "nl": "hoorzitting gehouden"},
    "declined": {"en": "declined", "nb": "avvist", "nl": "niet in behandeling genomen"},
    "extended": {"en": "deadline extended", "nb": "frist forlenget", "nl": "termijn verlengd"},
    "answered": {"en": "the decision", "nb": "avgjørelsen",
                 "nl": "de dagtekening van de beslissing"},
    "appealed": {"en": "appealed", "nb": "anket", "nl": "beroep ingesteld"},
    "court_appealed": {"en": "appeal to the court filed", "nb": "søksmål reist",
                       "nl": "beroep bij de rechtbank ingesteld"},
    "withdrawn": {"en": "withdrawn", "nb": "trukket tilbake", "nl": "ingetrokken"},
    "payment_received": {"en": "payment received", "nb": "betaling mottatt",
                         "nl": "betaling ontvangen"},
    "slot_booked": {"en": "appointment booked", "nb": "time bestilt", "nl": "afspraak gemaakt"},
    "decision_makers_named": {"en": "who took the contested decision",
                              "nb": "hvem som traff den omstridte avgjørelsen",
                              "nl": "wie het bestreden besluit nam"},
    "parties_informed": {"en": "parties told what was discussed in their absence",
                         "nb": "partene orientert om det som ble drøftet uten dem",
                         "nl": "partijen ingelicht over wat buiten hun aanwezigheid is besproken"},
    "new_facts": {"en": "new facts communicated", "nb": "nye opplysninger meddelt",
                  "nl": "nieuwe feiten meegedeeld"},
    "court_decided": {"en": "the court's decision", "nb": "rettens avgjørelse",
                      "nl": "uitspraak van de rechtbank"},
    "forwarded": {"en": "forwarding to the appeal body", "nb": "oversendelse til klageinstansen",
                  "nl": "doorzending naar de beroepsinstantie"},
}

# What a period runs from when an event starts it, where the event's name alone reads wrong
# after "3 weeks after" (issue 13: the klage on a dismissal runs from the dismissal).
EVENT_STARTS: dict[str, dict[str, str]] = {
    "declined": {"en": "the decision to decline", "nb": "avvisningsvedtaket",
                 "nl": "het besluit tot niet-ontvankelijkverklaring"},
}


def event_start(event_type: str, lang: str) -> str:
    """An event as the start of a period: "6 weeks after {this}"."""
    return pick(EVENT_STARTS.get(event_type) or EVENT_NAMES[event_type], lang)


STATES: dict[str, dict[str, str]] = {
    "refused_intake": {"en": "not opened", "nb": "ikke åpnet", "nl": "niet geopend"},
    "open": {"en": "open", "nb": "åpen", "nl": "open"},
    "answered": {"en": "answered", "nb": "besvart", "nl": "beantwoord"},
    "declined": {"en": "declined", "nb": "avvist", "nl": "niet behandeld"},
    "appealed": {"en": "appealed", "nb": "anket", "nl": "in beroep"},
    "forwarded": {"en": "with the appeal body", "nb": "oversendt klageinstansen",
                  "nl": "doorgezonden naar de beroepsinstantie"},
    "withdrawn": {"en": "withdrawn", "nb": "trukket tilbake", "nl": "ingetrokken"},
}

CHANNEL_NAMES: dict[str, dict[str, str]] = {
    "letter": {"en": "by letter", "nb": "per brev", "nl": "per brief"},
    "email": {"en": "by e-mail", "nb": "per e-post", "nl": "per e-mail"},
    "web": {"en": "on the web form", "nb": "via nettskjema", "nl": "via het webformulier"},
    "oral": {"en": "orally (phone or desk)", "nb": "muntlig (telefon eller skranke)",
             "nl": "mondeling (telefoon of balie)"},
}


FEE_ITEMS: dict[str, dict[str, str]] = {
    "inspection": {"en": "inspection of exam work", "nb": "innsyn i eksamensbesvarelse",
                   "nl": "inzage in het examenwerk"},
    "terms": {"en": "list of final and test terms", "nb": "oversikt over slutt- og prøvemål",
              "nl": "opgave eind- en toetstermen"},
    "invoice_admin": {"en": "administration costs for an invoice",
                      "nb": "administrasjonsgebyr for faktura",
                      "nl": "administratiekosten voor een factuur"},
}


_RULE_ID = r"(?:[A-Z]{1,4}-)+\d{1,3}[a-z]?"
_RULE_IN_PARENTHESES = re.compile(rf"\s*\({_RULE_ID}(?:,\s*{_RULE_ID})*\)")


def without_rules(text: str) -> str:
    """``text`` without the rule IDs in parentheses ("(DNV-K-18)"): they help staff, but mean
    nothing to a complainant reading a letter or their own page."""
    return _RULE_IN_PARENTHESES.sub("", text)


def pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts[DEFAULT_LANGUAGE]


def amount_with_unit(amount: int, unit: str, lang: str) -> str:
    singular, plural = pick(UNITS[unit], lang)
    return f"{amount} {singular if amount == 1 else plural}"


def format_date(day: date, lang: str) -> str:
    """ISO dates in English (the simulator's output); local formats for nb and nl."""
    if lang == "nb":
        return day.strftime("%d.%m.%Y")
    if lang == "nl":
        return day.strftime("%d-%m-%Y")
    return day.isoformat()


WEEKDAYS = {"nb": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
            "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
                   "zondag"),
            "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                   "Sunday")}
AT_TIME = {"nb": "kl.", "nl": "om", "en": "at"}


def format_datetime(value, lang: str) -> str:
    """An appointment in words: "dinsdag 08-12-2026 om 09:30". ``value``: a datetime or its
    ISO text; anything else comes back as text."""
    from datetime import datetime

    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    weekday = pick(WEEKDAYS, lang)[value.weekday()]
    return f"{weekday} {format_date(value.date(), lang)} {pick(AT_TIME, lang)} {value:%H:%M}"


def format_money(amount, lang: str) -> str:
    """"151,25" in Dutch and bokmål, "151.25" in English; ``amount``: a Decimal or its text."""
    text = f"{float(amount):.2f}" if not isinstance(amount, str) else amount
    return text.replace(".", ",") if lang in ("nb", "nl") else text

"""The domain's words in Norwegian bokmål, Dutch and English.

The engine returns codes and parameters; this module turns them into sentences, so that the same
refusal reads right on a Norwegian handler's screen, in a Dutch letter and in the simulator's
English output. The web application uses Django's message files for its own pages; these are the
words of the domain core, which imports no Django.
"""

from __future__ import annotations

import re
from datetime import date

DEFAULT_LANGUAGE = "en"

# Why an event was refused. Parameters are filled with str.format.
REFUSALS: dict[str, dict[str, str]] = {
    "channel_not_accepted": {
        "en": "only written cases are handled: a case received {channel} is not opened; "
              "ask for it in writing",
        "nb": "bare skriftlige saker behandles: en sak mottatt {channel} blir ikke åpnet; "
              "be om den skriftlig",
        "nl": "alleen schriftelijke zaken worden behandeld: een zaak die {channel} binnenkomt, "
              "wordt niet geopend; vraag erom op schrift",
    },
    "subject_redirected": {
        "en": "this cannot be handled here: it goes to the procedure {redirect}",
        "nb": "dette kan ikke behandles her: det hører til prosedyren {redirect}",
        "nl": "dit kan hier niet worden behandeld: het hoort bij de procedure {redirect}",
    },
    "nothing_opened": {
        "en": "no case was opened (the intake was refused), so nothing can happen in it",
        "nb": "ingen sak ble åpnet (mottaket ble avvist), så ingenting kan skje i den",
        "nl": "er is geen zaak geopend (de ontvangst is geweigerd), dus er kan niets in gebeuren",
    },
    "already_received": {
        "en": "the case was already received on {on}; a new complaint is a new case",
        "nb": "saken ble allerede mottatt {on}; en ny klage er en ny sak",
        "nl": "de zaak is al op {on} ontvangen; een nieuwe klacht is een nieuwe zaak",
    },
    "not_a_step": {
        "en": "'{event}' is not a step of this procedure",
        "nb": "'{event}' er ikke et steg i denne prosedyren",
        "nl": "'{event}' is geen stap in deze procedure",
    },
    "closed": {
        "en": "the case was closed on {on} ({state}); nothing more can happen in it",
        "nb": "saken ble avsluttet {on} ({state}); ingenting mer kan skje i den",
        "nl": "de zaak is op {on} afgesloten ({state}); er kan niets meer in gebeuren",
    },
    "under_appeal": {
        "en": "the case is with the appeal body; only its decision or a withdrawal can follow",
        "nb": "saken ligger hos ankeinstansen; bare dens avgjørelse eller tilbaketrekking "
              "kan følge",
        "nl": "de zaak ligt bij de beroepsinstantie; alleen haar beslissing of een intrekking "
              "kan volgen",
    },
    "already_written": {
        "en": "the complaint is already in writing (since {on})",
        "nb": "klagen foreligger allerede skriftlig (siden {on})",
        "nl": "de klacht staat al op schrift (sinds {on})",
    },
    "already_done": {
        "en": "this was already done on {on}",
        "nb": "dette ble allerede gjort {on}",
        "nl": "dit is al gedaan op {on}",
    },
    "involved_handler": {
        "en": "a person involved in the matter may not handle it",
        "nb": "en person som var involvert i saken, kan ikke behandle den",
        "nl": "iemand die bij de zaak betrokken was, mag haar niet behandelen",
    },
    "involved_hearer": {
        "en": "the hearing must be held by persons not involved in preparing the contested "
              "decision",
        "nb": "høringen må holdes av personer som ikke var med på å forberede avgjørelsen",
        "nl": "het horen moet gebeuren door personen die niet bij de voorbereiding van het "
              "bestreden besluit betrokken waren",
    },
    "actor_involved": {
        "en": "you were involved in the matter, so you may not take this step",
        "nb": "du var involvert i saken og kan derfor ikke ta dette steget",
        "nl": "u was bij de zaak betrokken en mag deze stap daarom niet zetten",
    },
    "holder_not_notified": {
        "en": "the certificate holder has not been notified yet",
        "nb": "sertifikatinnehaveren er ikke varslet ennå",
        "nl": "de certificaathouder is nog niet op de hoogte gesteld",
    },
    "holder_not_on_file": {
        "en": "add the certificate holder to the case (name and address) before notifying them",
        "nb": "legg sertifikatinnehaveren til i saken (navn og adresse) før du varsler dem",
        "nl": "voeg de certificaathouder (naam en adres) aan de zaak toe voordat u hem op de "
              "hoogte stelt",
    },
    "nothing_to_remedy": {
        "en": "the filer was not asked to remedy anything",
        "nb": "innsenderen er ikke bedt om å utbedre noe",
        "nl": "de indiener is niet gevraagd een verzuim te herstellen",
    },
    "no_extension": {
        "en": "the procedure provides no extension of this deadline",
        "nb": "prosedyren gir ingen adgang til å forlenge denne fristen",
        "nl": "de procedure kent geen verlenging van deze termijn",
    },
    "no_deadline_yet": {
        "en": "there is no answer deadline to extend yet",
        "nb": "det finnes ingen svarfrist å forlenge ennå",
        "nl": "er is nog geen beslistermijn om te verlengen",
    },
    "extension_too_late": {
        "en": "the deadline passed on {due}; it stays missed and cannot be extended afterwards",
        "nb": "fristen gikk ut {due}; den forblir oversittet og kan ikke forlenges i etterkant",
        "nl": "de termijn is op {due} verstreken; hij blijft overschreden en kan achteraf niet "
              "worden verlengd",
    },
    "extension_too_long": {
        "en": "the handling period can be extended once by at most {limit}",
        "nb": "behandlingstiden kan forlenges én gang med høyst {limit}",
        "nl": "de behandeltermijn kan eenmaal met ten hoogste {limit} worden verlengd",
    },
    "extension_needs_consent": {
        "en": "the deadline was already extended once; a further extension needs written consent",
        "nb": "fristen er allerede forlenget én gang; videre utsettelse krever skriftlig samtykke",
        "nl": "de termijn is al eenmaal verlengd; verder uitstel vraagt schriftelijke instemming",
    },
    "not_invited": {
        "en": "no one has been invited to a hearing yet",
        "nb": "ingen er invitert til høring ennå",
        "nl": "er is nog niemand uitgenodigd om te worden gehoord",
    },
    "no_decline": {
        "en": "the procedure gives no ground to decline: the case must be handled and answered",
        "nb": "prosedyren gir ingen grunn til å avvise: saken skal behandles og besvares",
        "nl": "de procedure kent geen grond om niet te behandelen: de zaak moet worden "
              "behandeld en beantwoord",
    },
    "ground_required": {
        "en": "a ground is required: {grounds}",
        "nb": "en grunn må oppgis: {grounds}",
        "nl": "een grond is vereist: {grounds}",
    },
    "ground_not_in_procedure": {
        "en": "'{ground}' is not a ground of this procedure; the grounds are: {grounds}",
        "nb": "'{ground}' er ikke en grunn i denne prosedyren; grunnene er: {grounds}",
        "nl": "'{ground}' is geen grond in deze procedure; de gronden zijn: {grounds}",
    },
    "filed_in_time": {
        "en": "the case was filed in time (the last day was {due})",
        "nb": "saken kom inn i tide (siste dag var {due})",
        "nl": "de zaak is op tijd ingediend (de laatste dag was {due})",
    },
    "remedy_pending": {
        "en": "the filer has until {due} to remedy the omission",
        "nb": "innsenderen har frist til {due} til å utbedre mangelen",
        "nl": "de indiener heeft tot {due} om het verzuim te herstellen",
    },
    "hearing_not_offered": {
        "en": "the parties must be offered a hearing before the answer",
        "nb": "partene må få tilbud om å bli hørt før svaret",
        "nl": "de partijen moeten in de gelegenheid worden gesteld te worden gehoord vóór de "
              "beslissing",
    },
    "hearing_pending": {
        "en": "a hearing was asked for and has not been held",
        "nb": "det er bedt om høring, og den er ikke holdt",
        "nl": "er is gevraagd om te worden gehoord en dat is nog niet gebeurd",
    },
    "skip_ground_not_allowed": {
        "en": "a hearing cannot be skipped for '{ground}' in this procedure",
        "nb": "høringen kan ikke sløyfes på grunn av '{ground}' i denne prosedyren",
        "nl": "van het horen kan in deze procedure niet worden afgezien om '{ground}'",
    },
    "no_internal_appeal": {
        "en": "the procedure offers no internal appeal: the decision is final for the "
              "organization, and the answer names any external remedy",
        "nb": "prosedyren gir ingen intern ankeadgang: avgjørelsen er endelig for "
              "organisasjonen, og svaret viser til eventuelle andre rettsmidler",
        "nl": "de procedure kent geen intern beroep: de beslissing is definitief voor de "
              "organisatie, en zij noemt een eventueel extern rechtsmiddel",
    },
    "final_decision": {
        "en": "the decision is final for the organization; there is no further internal appeal",
        "nb": "avgjørelsen er endelig for organisasjonen; det er ingen videre intern anke",
        "nl": "de beslissing is definitief voor de organisatie; er is geen verder intern beroep",
    },
    "not_answered_yet": {
        "en": "there is no decision yet to appeal against",
        "nb": "det finnes ingen avgjørelse ennå å anke",
        "nl": "er is nog geen beslissing om tegen in beroep te gaan",
    },
    "appeal_too_late": {
        "en": "the period to appeal ended on {due}",
        "nb": "fristen for å anke gikk ut {due}",
        "nl": "de termijn om in beroep te gaan is op {due} verstreken",
    },
    "first_decider_appointed": {
        "en": "the person who answered the complaint, or handled it then, cannot handle the "
              "appeal: appoint someone on behalf of the appeal body",
        "nb": "den som besvarte klagen, eller behandlet den da, kan ikke behandle anken: utpek "
              "en annen på vegne av ankeinstansen",
        "nl": "wie de klacht heeft beantwoord of toen behandelde, kan het beroep niet "
              "behandelen: wijs iemand aan namens de beroepsinstantie",
    },
    "first_decider_on_appeal": {
        "en": "you answered the complaint, or handled it then: the appeal is decided by the "
              "appeal body, not by you",
        "nb": "du besvarte klagen, eller behandlet den da: anken avgjøres av ankeinstansen, "
              "ikke av deg",
        "nl": "u hebt de klacht beantwoord of toen behandeld: over het beroep beslist de "
              "beroepsinstantie, niet u",
    },
}

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
}

STATES: dict[str, dict[str, str]] = {
    "refused_intake": {"en": "not opened", "nb": "ikke åpnet", "nl": "niet geopend"},
    "open": {"en": "open", "nb": "åpen", "nl": "open"},
    "answered": {"en": "answered", "nb": "besvart", "nl": "beantwoord"},
    "declined": {"en": "declined", "nb": "avvist", "nl": "niet behandeld"},
    "appealed": {"en": "appealed", "nb": "anket", "nl": "in beroep"},
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

"""A procedure in plain words, for the people who follow it and the author who wrote it."""

from __future__ import annotations

from ombud.domain import messages as m
from ombud.domain.periods import EndRule
from ombud.domain.procedure import DeadlineSpec, Owner, Procedure
from ombud.domain.texts import (
    deadline_name,
    event_name,
    event_start_words,
    party_word,
    start_words,
    word,
)

HEADINGS: dict[str, dict[str, str]] = {
    "version": {"en": "version {version}, in force from {valid_from}",
                "nb": "versjon {version}, gjelder fra {valid_from}",
                "nl": "versie {version}, geldig vanaf {valid_from}"},
    "source": {"en": "Source", "nb": "Kilde", "nl": "Bron"},
    "filers": {"en": "Who may file", "nb": "Hvem kan klage", "nl": "Wie kan indienen"},
    "subjects": {"en": "About what", "nb": "Hva det kan gjelde", "nl": "Waarover"},
    "channels": {"en": "How", "nb": "Hvordan", "nl": "Hoe"},
    "oral": {"en": "an oral case is put in writing", "nb": "en muntlig sak skrives ned",
             "nl": "een mondelinge zaak wordt op schrift gesteld"},
    "required": {"en": "Must contain", "nb": "Må inneholde", "nl": "Moet bevatten"},
    "refused_subject": {"en": "Not here: {about} goes to {redirect}",
                        "nb": "Ikke her: {about} hører til {redirect}",
                        "nl": "Niet hier: {about} hoort bij {redirect}"},
    "handled_by": {"en": "Handled by", "nb": "Behandles av", "nl": "Behandeld door"},
    "deadlines": {"en": "Deadlines", "nb": "Frister", "nl": "Termijnen"},
    "owner_filer": {"en": "the filer's term", "nb": "innsenderens frist",
                    "nl": "termijn van de indiener"},
    # the bundle's word for the filing party ([parties] complainant), as on the case page
    "owner_party": {"en": "the {party}'s term", "nb": "frist for {party}",
                    "nl": "termijn van de {party}"},
    "owner_holder": {"en": "the certificate holder's term", "nb": "innehaverens frist",
                     "nl": "termijn van de certificaathouder"},
    "only_about": {"en": "only for cases about: {subjects}", "nb": "bare for saker om: {subjects}",
                   "nl": "alleen voor zaken over: {subjects}"},
    "when_recorded": {"en": "only once '{event}' is recorded",
                      "nb": "bare når '{event}' er registrert",
                      "nl": "alleen zodra '{event}' is vastgelegd"},
    "amount_from": {"en": "or the term set in the request",
                    "nb": "eller fristen satt i anmodningen",
                    "nl": "of de termijn die in het verzoek is gesteld"},
    "suspended": {"en": "stands still while the filer remedies an omission ({rule})",
                  "nb": "stanser mens innsenderen utbedrer en mangel ({rule})",
                  "nl": "opgeschort zolang de indiener een verzuim herstelt ({rule})"},
    "extension": {"en": "may be extended once by at most {limit} ({rule}); further only with "
                        "written consent ({consent_rule})",
                  "nb": "kan forlenges én gang med høyst {limit} ({rule}); videre bare med "
                        "skriftlig samtykke ({consent_rule})",
                  "nl": "kan eenmaal met ten hoogste {limit} worden verlengd ({rule}); verder "
                        "alleen met schriftelijke instemming ({consent_rule})"},
    "no_extension": {"en": "No deadline can be extended ({rule}).",
                     "nb": "Ingen frist kan forlenges ({rule}).",
                     "nl": "Geen termijn kan worden verlengd ({rule})."},
    "impartiality": {"en": "Impartiality ({rule}): a person involved in the matter may not "
                           "handle it", "nb": "Upartiskhet ({rule}): en som var involvert i "
                           "saken, kan ikke behandle den", "nl": "Onpartijdigheid ({rule}): "
                           "wie bij de zaak betrokken was, mag haar niet behandelen"},
    "exempt": {"en": "except for cases about: {subjects}", "nb": "unntatt saker om: {subjects}",
               "nl": "behalve voor zaken over: {subjects}"},
    "hearing": {"en": "Hearing ({rule}): the parties are offered a hearing before the answer; "
                      "it may be skipped ({skip_rule}) when: {grounds}",
                "nb": "Høring ({rule}): partene får tilbud om å bli hørt før svaret; den kan "
                      "sløyfes ({skip_rule}) når: {grounds}",
                "nl": "Horen ({rule}): de partijen worden in de gelegenheid gesteld te worden "
                      "gehoord vóór de beslissing; daarvan kan worden afgezien ({skip_rule}) "
                      "als: {grounds}"},
    "decline": {"en": "Not handled / inadmissible", "nb": "Avvisning",
                "nl": "Niet in behandeling / niet-ontvankelijk"},
    "no_decline": {"en": "The case is always handled and answered ({rule}).",
                   "nb": "Saken skal alltid behandles og besvares ({rule}).",
                   "nl": "De zaak wordt altijd behandeld en beantwoord ({rule})."},
    "appeal_body": {"en": "Appeal: {body} ({rule})", "nb": "Anke: {body} ({rule})",
                    "nl": "Beroep: {body} ({rule})"},
    "no_appeal": {"en": "No internal appeal ({rule}).", "nb": "Ingen intern anke ({rule}).",
                  "nl": "Geen intern beroep ({rule})."},
    # issue 13
    "also_from": {"en": "also after {events}", "nb": "også etter {events}",
                  "nl": "ook na {events}"},
    "own_end": {"en": "ends on the next working day when it falls on a weekend or holiday "
                      "({rule})",
                "nb": "flyttes til neste virkedag når den faller på en helg eller helligdag "
                      "({rule})",
                "nl": "eindigt op de volgende werkdag als hij op een weekend of feestdag valt "
                      "({rule})"},
    "own_as_falls": {"en": "shown as it falls ({rule})", "nb": "vises slik den faller ({rule})",
                     "nl": "staat zoals hij valt ({rule})"},
    "variant": {"en": "{label}: {amount} ({rule})", "nb": "{label}: {amount} ({rule})",
                "nl": "{label}: {amount} ({rule})"},
    "term_any": {"en": "or the term set in the request, in days or weeks",
                 "nb": "eller fristen satt i anmodningen, i dager eller uker",
                 "nl": "of de termijn die in het verzoek is gesteld, in dagen of weken"},
    "posting": {"en": "in time when posted before it ends ({rule})",
                "nb": "i rett tid når den er postlagt før fristen går ut ({rule})",
                "nl": "tijdig als het vóór het einde ter post is bezorgd ({rule})"},
    "posting_within": {"en": "in time when posted before it ends and received within {days} "
                             "days after it ({rule})",
                       "nb": "i rett tid når den er postlagt før fristen går ut og mottatt "
                             "innen {days} dager etter ({rule})",
                       "nl": "tijdig als het vóór het einde ter post is bezorgd en binnen "
                             "{days} dagen daarna is ontvangen ({rule})"},
    "roles": {"en": "Impartiality ({rule}): a person involved in the matter may not be "
                    "{roles}",
              "nb": "Upartiskhet ({rule}): en som var involvert i saken, kan ikke være "
                    "{roles}",
              "nl": "Onpartijdigheid ({rule}): wie bij de zaak betrokken was, mag niet "
                    "optreden als {roles}"},
    "appeal_against_declined": {
        "en": "An appeal also lies against a decision to decline or dismiss ({rule}).",
        "nb": "Også en avvisning kan påklages ({rule}).",
        "nl": "Ook tegen een besluit tot niet-ontvankelijkverklaring staat beroep open "
              "({rule})."},
    "court_against_declined": {
        "en": "The court also hears an appeal against a decision to decline or dismiss "
              "({rule}).",
        "nb": "Også en avvisning kan bringes inn for retten ({rule}).",
        "nl": "Ook tegen een niet-ontvankelijkverklaring staat beroep bij de rechtbank open "
              "({rule})."},
    "forwarding": {
        "en": "Forwarding ({rule}): a case the first instance does not reverse goes to {body} "
              "by itself; the first instance's letters do not invite an appeal.",
        "nb": "Oversendelse ({rule}): en sak underinstansen ikke omgjør, sendes selv til "
              "{body}; underinstansens brev ber ikke parten klage.",
        "nl": "Doorzending ({rule}): een zaak die de eerste instantie niet herziet, gaat "
              "vanzelf naar {body}; haar brieven nodigen niet uit tot beroep."},
    # issue 13: the steps a bundle declares
    "declared": {"en": "Steps of its own (they never close, decide or answer a case)",
                 "nb": "Egne steg (de avslutter, avgjør eller besvarer aldri en sak)",
                 "nl": "Eigen stappen (zij sluiten, beslissen of beantwoorden een zaak nooit)"},
    "recorded_by": {"en": "recorded by {roles}", "nb": "registreres av {roles}",
                    "nl": "vastgelegd door {roles}"},
    "date_asked": {"en": "with the day it happened", "nb": "med dagen det skjedde",
                   "nl": "met de dag waarop het gebeurde"},
    "date_today": {"en": "on the day it is recorded", "nb": "den dagen det registreres",
                   "nl": "op de dag waarop het wordt vastgelegd"},
    "text_required": {"en": "with a text", "nb": "med en tekst", "nl": "met een tekst"},
    "text_optional": {"en": "a text if wished", "nb": "tekst etter ønske",
                      "nl": "een tekst naar keuze"},
    "text_none": {"en": "no text", "nb": "uten tekst", "nl": "zonder tekst"},
    "starts": {"en": "starts: {names}", "nb": "starter: {names}", "nl": "begint: {names}"},
    "meets": {"en": "meets: {names}", "nb": "oppfyller: {names}", "nl": "voldoet aan: {names}"},
    "fees": {"en": "Fees", "nb": "Gebyrer", "nl": "Kosten"},
    "fee_line": {"en": "{item}: {excl} excl. VAT, {incl} incl. {rate}% VAT ({rule})",
                 "nb": "{item}: {excl} eks. mva., {incl} inkl. {rate} % mva. ({rule})",
                 "nl": "{item}: {excl} excl. btw, {incl} incl. {rate}% btw ({rule})"},
    "invoice_only": {"en": " - only with an invoice", "nb": " - bare ved faktura",
                     "nl": " - alleen bij een factuur"},
    "calendar_as_falls": {"en": "Calendar: {calendar}; deadlines are shown as they fall (X-03).",
                          "nb": "Kalender: {calendar}; frister vises slik de faller (X-03).",
                          "nl": "Kalender: {calendar}; termijnen staan zoals ze vallen (X-03)."},
    "calendar_next": {"en": "Calendar: {calendar}; a period that ends on a weekend or holiday "
                            "ends on the next working day (X-04).",
                      "nb": "Kalender: {calendar}; en frist som ender på en helg eller "
                            "helligdag, ender neste virkedag (X-04).",
                      "nl": "Kalender: {calendar}; een termijn die eindigt op een weekend of "
                            "feestdag, eindigt op de volgende werkdag (X-04)."},
}
RECORDER_NAMES = {
    "intake": {"en": "intake", "nb": "mottak", "nl": "intake"},
    "handler": {"en": "handler", "nb": "saksbehandler", "nl": "behandelaar"},
    "manager": {"en": "manager", "nb": "leder", "nl": "manager"},
}
ROLE_NAMES = {
    "decider": {"en": "the one who decides", "nb": "den som avgjør", "nl": "beslisser"},
    "hearer": {"en": "the one who hears the parties", "nb": "den som hører partene",
               "nl": "hoorder"},
    "handler": {"en": "its handler", "nb": "saksbehandler", "nl": "behandelaar"},
}
SKIP_GROUNDS = {
    "manifestly_unfounded": {"en": "manifestly unfounded", "nb": "åpenbart grunnløs",
                             "nl": "kennelijk ongegrond"},
    "manifestly_inadmissible": {"en": "manifestly inadmissible", "nb": "åpenbart avvisbar",
                                "nl": "kennelijk niet-ontvankelijk"},
    "fully_granted": {"en": "fully granted, no one else harmed",
                      "nb": "gis fullt medhold, ingen andre skades",
                      "nl": "volledig tegemoetgekomen, niemand anders geschaad"},
}


def _h(key: str, lang: str, procedure: Procedure | None = None, **params: object) -> str:
    """A heading in ``lang``; the bundle's own (texts ``[explain]``) where it has one, for the
    words that name the remedy ("Klageinstans:", not "Anke:")."""
    own = word(procedure.id, lang, "explain", key) if procedure else None
    return (own or m.pick(HEADINGS[key], lang)).format(**params)


def _owner_note(procedure: Procedure, owner: Owner, lang: str) -> str:
    party = party_word(procedure.id, "complainant", lang) if owner is Owner.FILER else None
    return _h("owner_party", lang, party=party) if party else _h(f"owner_{owner.value}", lang)


def _deadline_line(spec: DeadlineSpec, procedure: Procedure, lang: str) -> str:
    name = deadline_name(procedure.id, spec.key, lang)
    kind, _, target = spec.anchor.partition(":")
    start = start_words(procedure.id, kind, lang)
    if kind in ("deadline", "expired"):
        start = start.format(name=deadline_name(procedure.id, target, lang))
    elif kind == "event":
        start = start.format(event=event_start_words(procedure.id, target, lang))
    if spec.anchor == "next_meeting":
        when = start
    else:
        when = m.pick(m.BASIS["period_rule"], lang).format(
            amount=m.amount_with_unit(spec.amount, spec.unit, lang), start=start)
    notes = []
    if spec.amount_field:
        notes.append(_h("term_any" if spec.amount_field == "term" else "amount_from", lang))
    if spec.owner is not Owner.ORGANIZATION:
        notes.append(_owner_note(procedure, spec.owner, lang))
    if spec.when_about:
        notes.append(_h("only_about", lang, subjects=", ".join(sorted(spec.when_about))))
    if spec.appears_with:
        notes.append(_h("when_recorded", lang,
                        event=m.pick(m.EVENT_NAMES[spec.appears_with], lang)))
    if spec.suspension_rule:
        notes.append(_h("suspended", lang, rule=spec.suspension_rule))
    if spec.extension:
        notes.append(_h("extension", lang, rule=spec.extension.rule,
                        consent_rule=spec.extension.consent_rule,
                        limit=m.amount_with_unit(spec.extension.first_at_most,
                                                 spec.extension.unit, lang)))
    notes += _issue_13_notes(spec, procedure, lang)
    text = f"  - {name[0].upper()}{name[1:]} ({spec.rule}): {when}"
    return text + ("; " + "; ".join(notes) if notes else "")


def _issue_13_notes(spec: DeadlineSpec, procedure: Procedure, lang: str) -> list[str]:
    """The deadline keys added in issue 13, in words."""
    notes = []
    if spec.also_from:
        events = ", ".join(event_start_words(procedure.id, anchor.partition(":")[2], lang)
                           for anchor in spec.also_from)
        notes.append(_h("also_from", lang, events=events))
    if spec.end_rule is not None and spec.end_rule is not procedure.end_rule:
        key = "own_as_falls" if spec.end_rule is EndRule.AS_FALLS else "own_end"
        notes.append(_h(key, lang, rule=spec.end_rule_rule or spec.rule))
    for variant in spec.variants:
        notes.append(_h("variant", lang, label=m.pick(variant.label, lang), rule=variant.rule,
                        amount=m.amount_with_unit(variant.amount, variant.unit, lang)))
    if posting := spec.posting:
        key = "posting_within" if posting.received_within_days else "posting"
        notes.append(_h(key, lang, rule=posting.rule, days=posting.received_within_days))
    return notes


def explain(procedure: Procedure, lang: str) -> str:
    intake = procedure.intake
    version = _h("version", lang, version=procedure.version,
                 valid_from=m.format_date(procedure.valid_from, lang))
    lines = [
        f"{m.pick(procedure.title, lang)} ({procedure.id}, {version})",
        f"{_h('source', lang)}: {procedure.source}",
        "",
        f"{_h('filers', lang)}:",
        *(f"  - {m.pick(f.label, lang)} ({f.rule})" for f in intake.filers),
    ]
    if intake.subjects:
        lines += [f"{_h('subjects', lang)}:",
                  *(f"  - {m.pick(s.label, lang)} ({s.rule})" for s in intake.subjects)]
    for refused in intake.refused_subjects:
        lines.append(_h("refused_subject", lang, about=refused.about,
                        redirect=refused.redirect) + f" ({refused.rule})")
    channels = ", ".join(m.pick(m.CHANNEL_NAMES[c], lang) for c in sorted(intake.channels))
    how = f"{_h('channels', lang)}: {channels} ({intake.channels_rule})"
    if intake.written_rule:
        how += f"; {_h('oral', lang)} ({intake.written_rule})"
    lines.append(how)
    if intake.required_fields:
        lines += [f"{_h('required', lang)}:",
                  *(f"  - {m.pick(f.label, lang)} ({f.rule})" for f in intake.required_fields)]
    lines += ["", f"{_h('handled_by', lang)}: {m.pick(procedure.handled_by, lang)}",
              f"{_h('deadlines', lang)}:",
              *(_deadline_line(spec, procedure, lang) for spec in procedure.deadlines)]
    if procedure.extendable is None:
        lines.append(_h("no_extension", lang, rule=procedure.extension_rule))
    lines += _declared_lines(procedure, lang)
    lines += _rules_lines(procedure, lang)
    lines += _fee_lines(procedure, lang)
    template = "calendar_as_falls" if procedure.end_rule is EndRule.AS_FALLS else "calendar_next"
    lines += ["", _h(template, lang, procedure, calendar=procedure.calendar.name(lang))]
    return "\n".join(lines)


def _rules_lines(procedure: Procedure, lang: str) -> list[str]:
    lines = [""]
    if impartiality := procedure.impartiality:
        text = _h("impartiality", lang, rule=impartiality.rule)
        if impartiality.roles != frozenset(ROLE_NAMES):
            roles = " / ".join(m.pick(ROLE_NAMES[role], lang)
                               for role in ROLE_NAMES if role in impartiality.roles)
            text = _h("roles", lang, rule=impartiality.rule, roles=roles)
        if impartiality.exempt_about:
            text += ", " + _h("exempt", lang, subjects=", ".join(sorted(impartiality.exempt_about)))
        lines.append(text)
    if hearing := procedure.hearing:
        grounds = ", ".join(m.pick(SKIP_GROUNDS[g], lang) for g in sorted(hearing.skip_grounds))
        lines.append(_h("hearing", lang, rule=hearing.rule, skip_rule=hearing.skip_rule,
                        grounds=grounds))
    decline = procedure.decline
    if decline.grounds:
        lines += [f"{_h('decline', lang)} ({decline.rule}):",
                  *(f"  - {m.pick(g.label, lang)} ({g.rule})" for g in decline.grounds)]
    else:
        lines.append(_h("no_decline", lang, rule=decline.rule))
    appeal = procedure.appeal
    if appeal.body:
        lines.append(_h("appeal_body", lang, procedure, body=m.pick(appeal.body, lang),
                        rule=appeal.rule))
    else:
        lines.append(_h("no_appeal", lang, procedure, rule=appeal.rule))
    if "declined" in appeal.against:
        lines.append(_h("appeal_against_declined", lang, procedure, rule=appeal.rule))
    if "declined" in appeal.court_against:
        court = procedure.deadline("court_appeal")
        lines.append(_h("court_against_declined", lang, procedure,
                        rule=court.rule if court else appeal.clause_rule or appeal.rule))
    if procedure.forwarding:
        lines.append(_h("forwarding", lang, procedure, rule=procedure.forwarding.rule,
                        body=m.pick(appeal.body, lang)))
    return lines


def _declared_lines(procedure: Procedure, lang: str) -> list[str]:
    """The steps the bundle declares: who records them, what they ask, what they start and
    meet (the deadlines that name them)."""
    if not procedure.declared_events:
        return []
    lines = ["", f"{_h('declared', lang)}:"]
    for event in procedure.declared_events:
        roles = ", ".join(m.pick(RECORDER_NAMES[role], lang)
                          for role in RECORDER_NAMES if role in event.record)
        parts = [_h("recorded_by", lang, roles=roles),
                 _h("date_asked" if event.date else "date_today", lang),
                 _h(f"text_{event.text}", lang)]
        for key, specs in (("starts", procedure.started_by.get(event.key, ())),
                           ("meets", [s for s in procedure.deadlines if event.key in s.met_by])):
            if specs:
                parts.append(_h(key, lang, names=", ".join(
                    deadline_name(procedure.id, spec.key, lang) for spec in specs)))
        name = event_name(procedure.id, event.key, lang)
        lines.append(f"  - {name[:1].upper()}{name[1:]} ({event.rule}): " + "; ".join(parts))
    return lines


def _fee_lines(procedure: Procedure, lang: str) -> list[str]:
    if not procedure.fees:
        return []
    lines = ["", f"{_h('fees', lang)}:"]
    for fee in procedure.fees:
        item = m.pick(m.FEE_ITEMS[fee.item], lang) if fee.item in m.FEE_ITEMS else fee.item
        line = _h("fee_line", lang, item=item, excl=f"€ {fee.excl_vat:.2f}",
                  incl=f"€ {fee.incl_vat:.2f}", rate=f"{fee.vat_rate * 100:.0f}", rule=fee.rule)
        lines.append("  - " + line + (_h("invoice_only", lang) if fee.invoice_only else ""))
    return lines

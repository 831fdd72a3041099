"""What the demo's complainants and staff write, in each organization's language (a letter never
mixes two): the complaint behind each subject, and the letter text and reasons a handler writes
when answering, as they would read in a real answer of that case type and outcome. The letter
itself (salutation, outcome, appeal clause, dates) is the product's own, rendered by the
letters code around these words."""

from __future__ import annotations

# The complaint a subject stands for, as the complainant wrote it.
COMPLAINTS = {
    "Anke på avslag om sertifisering":
        "Jeg fikk avslag på søknaden om sertifisering fordi praksisen min ikke ble godkjent. "
        "Arbeidsgiveren min har bekreftet tre års praksis, men det ble ikke tatt med.",
    "Anke på tilbaketrukket sertifikat":
        "Sertifikatet mitt ble trukket tilbake uten at jeg fikk forklare meg. Jeg har fulgt "
        "kravene til etterutdanning og ber om at vedtaket blir vurdert på nytt.",
    "Kalde kurslokaler":
        "Kurslokalet var så kaldt begge kursdagene at vi satt med jakkene på. Det gikk ut over "
        "konsentrasjonen, og jeg meldte fra uten at noe skjedde.",
    "Kursinnhold samsvarte ikke med beskrivelsen":
        "Kurset ble beskrevet med praktiske øvelser på varmepumper, men vi hadde bare "
        "forelesninger. Jeg betalte for noe annet enn jeg fikk.",
    "Manglende kursmateriell":
        "Kursmateriellet vi var lovet, kom aldri. Vi fikk beskjed om at det skulle sendes på "
        "e-post etter kurset, men jeg har ikke mottatt noe.",
    "Forsinket levering av trearbeid":
        "Trearbeidet jeg bestilte, skulle leveres i midten av måneden, men kom tre uker for sent "
        "og uten at noen ga beskjed.",
    "Oppfølging i tiltaket uteble":
        "Jeg skulle ha oppfølging hver uke i tiltaket, men har bare hatt to samtaler på to "
        "måneder.",
    "Feil i faktura for vedservice":
        "Fakturaen for vedservice gjelder dobbelt så mye ved som jeg fikk levert.",
    "Oppfølging ble ikke levert som bestilt":
        "NAV bestilte oppfølging med jobbsøking, men deltakeren har ikke fått hjelp til å søke "
        "jobber siden oppstart.",
    "Arbeidstrening uten veileder":
        "Jeg har vært i arbeidstrening i tre uker uten at noen veileder har vært til stede på "
        "arbeidsplassen.",
    "Mangelfull rapport til NAV":
        "Rapporten dere sendte til NAV om deltakeren, manglet vurderingen av arbeidsevne som "
        "var avtalt.",
    "Endring av vakter på kort varsel":
        "Vaktene mine blir endret dagen før, flere ganger i måneden. Jeg rekker ikke å ordne "
        "barnepass.",
    "Manglende tilrettelegging":
        "Jeg ba om tilrettelegging av arbeidsplassen etter legens råd, men har ikke fått svar "
        "på to måneder.",
    "Uenighet om arbeidsoppgaver":
        "Jeg får oppgaver som ikke står i arbeidsavtalen min, og lederen vil ikke snakke om det.",
    "Mangelfull service ved kantina":
        "Kantina stenger ofte før lunsjpausen er over, så de som har sen pause, får ikke mat.",
    "Onheus gedrag van examinator":
        "De examinator was tijdens mijn praktijkexamen kortaf en maakte opmerkingen over mijn "
        "tempo waar andere kandidaten bij stonden.",
    "Examenlocatie niet toegankelijk":
        "De examenlocatie had geen lift, terwijl ik had doorgegeven dat ik slecht ter been ben.",
    "Certificaathouder werkt zonder geldig certificaat":
        "Een collega op onze bouwplaats bedient de kraan, maar zijn certificaat is volgens het "
        "register verlopen.",
    "Bezwaar tegen negatief certificatiebesluit":
        "Ik maak bezwaar tegen het besluit mij geen certificaat te geven. Mijn praktijkexamen is "
        "beoordeeld op een onderdeel dat niet in het examenreglement staat.",
    "Bezwaar tegen schorsing van certificaat":
        "Ik maak bezwaar tegen de schorsing van mijn certificaat. De melding waarop die berust, "
        "klopt niet: ik was die dag niet op de bouwplaats.",
    "Inzage praktijkexamen":
        "Ik wil mijn praktijkexamen en het beoordelingsformulier inzien.",
    "Inzage theorie-examen": "Ik wil mijn theorie-examen inzien.",
    "Opgave fout beantwoorde termen":
        "Graag ontvang ik een opgave van de termen die ik bij mijn theorie-examen fout heb "
        "beantwoord.",
    "Verzoek om inzage in persoonsgegevens":
        "Ik wil weten welke persoonsgegevens u van mij verwerkt en aan wie u ze verstrekt.",
    "Verzoek om vernietiging van persoonsgegevens":
        "Ik verzoek u mijn persoonsgegevens te vernietigen; ik heb geen examens meer bij u.",
}

# (letter text, reasons) of an answer: by language, the case type's family and the outcome
# ("" for an answer without one: an inspection took place).
ANSWERS = {
    "nb": {
        "complaint": {
            "upheld": (
                "Vi har gått gjennom klagen din og snakket med de ansatte det gjelder. Du har "
                "rett, og vi beklager det som skjedde. Vi har gått gjennom rutinen med dem som "
                "var involvert, slik at det ikke skjer igjen.",
                "Det du beskriver, stemmer med det de ansatte forteller og med det som står i "
                "saken. Her fulgte vi ikke vår egen rutine."),
            "partly_upheld": (
                "Vi har gått gjennom klagen din og snakket med de ansatte det gjelder. Du har "
                "delvis rett, og vi beklager den delen som gikk galt. Resten av det du tar opp, "
                "ble gjort slik det var avtalt.",
                "En del av det du beskriver, bekreftes av de ansatte og av det som står i "
                "saken. For resten fulgte vi avtalen og rutinene våre."),
            "not_upheld": (
                "Vi har gått gjennom klagen din og snakket med de ansatte det gjelder. Vi "
                "forstår at du er misfornøyd, men vi finner ikke at vi har gjort noe galt.",
                "Det som står i saken, og det de ansatte forteller, viser at vi fulgte avtalen "
                "og rutinene våre."),
        },
        "appeal": {
            "upheld": (
                "Vi har vurdert anken din og gir deg medhold. Vedtaket er opphevet, og saken "
                "din blir behandlet på nytt; du hører fra oss innen tre uker.",
                "Dokumentasjonen du sendte, oppfyller kravene i sertifiseringsordningen, men "
                "ble ikke vurdert da vedtaket ble gjort."),
            "partly_upheld": (
                "Vi har vurdert anken din og gir deg delvis medhold. Praksisen du har "
                "dokumentert, godkjennes; kravet om etterutdanning står ved lag.",
                "Bekreftelsen fra arbeidsgiveren din dokumenterer praksisen, men kurset i "
                "etterutdanning er ikke fullført."),
            "not_upheld": (
                "Vi har vurdert anken din og opprettholder vedtaket.",
                "Dokumentasjonen viser ikke den praksisen sertifiseringsordningen krever, og "
                "det du skriver i anken, endrer ikke det."),
        },
    },
    "nl": {
        "complaint": {
            "upheld": (
                "Wij hebben uw klacht onderzocht en gesproken met de betrokken medewerkers. "
                "Wij vinden uw klacht gegrond en bieden u onze excuses aan. Wij hebben de "
                "betrokkenen hierop aangesproken en onze werkwijze aangepast.",
                "Uit de verklaringen van de betrokkenen en uit het dossier blijkt dat het "
                "gebeurde niet in overeenstemming was met onze regels."),
            "partly_upheld": (
                "Wij hebben uw klacht onderzocht en gesproken met de betrokken medewerkers. "
                "Wij vinden uw klacht deels gegrond: op één punt had het beter gemoeten, en "
                "daarvoor bieden wij u onze excuses aan.",
                "Een deel van wat u beschrijft, wordt bevestigd door de betrokkenen en het "
                "dossier; voor het overige is gehandeld volgens het examenreglement."),
            "not_upheld": (
                "Wij hebben uw klacht onderzocht en gesproken met de betrokken medewerkers. "
                "Wij begrijpen dat u ontevreden bent, maar wij vinden uw klacht ongegrond.",
                "Uit het dossier en de verklaringen van de betrokkenen blijkt dat volgens het "
                "examenreglement is gehandeld."),
        },
        "objection": {
            "upheld": (
                "Wij hebben het besluit naar aanleiding van uw bezwaar heroverwogen. Het besluit "
                "wordt herroepen; u ontvangt binnen vier weken een nieuw besluit.",
                "Bij het besluit is onvoldoende rekening gehouden met de stukken die u heeft "
                "aangeleverd; bij heroverweging voldoet u aan de eisen van het "
                "certificatieschema."),
            "partly_upheld": (
                "Wij hebben het besluit naar aanleiding van uw bezwaar heroverwogen en komen u "
                "gedeeltelijk tegemoet: het onderdeel dat niet in het examenreglement staat, "
                "telt niet mee. Het besluit blijft voor het overige in stand.",
                "Eén onderdeel van de beoordeling had geen grondslag in het examenreglement; "
                "de overige onderdelen zijn juist beoordeeld."),
            "not_upheld": (
                "Wij hebben het besluit naar aanleiding van uw bezwaar heroverwogen. Het besluit "
                "blijft in stand.",
                "Het besluit is genomen volgens het certificatieschema; wat u in bezwaar "
                "aanvoert, leidt niet tot een ander oordeel."),
        },
        "inspection": {
            "": ("Tijdens de inzage heeft u uw examenwerk en het beoordelingsformulier "
                 "bekeken, in aanwezigheid van een medewerker van ons kantoor.",
                 "Uw vragen over de beoordeling zijn tijdens de inzage beantwoord."),
        },
        "terms": {
            "upheld": (
                "U heeft bij uw theorie-examen de volgende termen fout beantwoord: "
                "veiligheidsafstand, lastdiagram en stempeldruk.",
                "Wij noemen de termen, niet de vragen zelf: die blijven geheim, zodat het "
                "examen voor iedereen eerlijk blijft."),
        },
        "data_request": {
            "upheld": (
                "Wij hebben uw verzoek over uw persoonsgegevens ingewilligd en uitgevoerd "
                "zoals u vroeg.",
                "Op grond van de AVG heeft u recht op inzage in en verwijdering van de "
                "gegevens die wij van u verwerken."),
            "partly_upheld": (
                "Wij hebben uw verzoek gedeeltelijk ingewilligd. De uitslagen van uw examens "
                "bewaren wij tot het einde van de wettelijke bewaartermijn.",
                "Voor examenuitslagen geldt een bewaarplicht; de overige gegevens hebben wij "
                "niet meer nodig."),
            "not_upheld": (
                "Wij kunnen uw verzoek niet inwilligen.",
                "Uw certificaat is nog geldig; zolang dat zo is, moeten wij de gegevens "
                "bewaren waarop het berust."),
        },
    },
    "en": {
        "complaint": {
            "upheld": ("We looked into your complaint and spoke with the staff involved. You "
                       "are right, and we apologise.",
                       "What you describe matches what the staff told us and the file."),
            "partly_upheld": ("We looked into your complaint and spoke with the staff "
                              "involved. You are partly right, and we apologise for that "
                              "part.", "Part of what you describe is confirmed by the file."),
            "not_upheld": ("We looked into your complaint and spoke with the staff involved. "
                           "We do not find that we did anything wrong.",
                           "The file shows that we followed our procedures."),
        },
    },
}
# What the board writes on an appeal against an answer (PP-17), by outcome.
BOARD_ANSWERS = {
    "upheld": ("Styret har gått gjennom saken på nytt og gir deg medhold i anken. Vaktplanen "
               "blir fra neste måned lagt fire uker fram i tid.",
               "Arbeidsgiveren har ikke fulgt avtalen om varsel før vaktene endres."),
    "partly_upheld": ("Styret har gått gjennom saken på nytt og gir deg delvis medhold i "
                      "anken.", "Varselet ble for kort i to av tilfellene du nevner, ikke i "
                                "de andre."),
    "not_upheld": ("Styret har gått gjennom saken på nytt og kommer til samme resultat som i "
                   "svaret du fikk.", "Endringene var varslet innenfor det avtalen tillater."),
}
# Why a case is not taken up (an inspection asked for too late, DNV-I-02).
DECLINE_REASONS = {
    "nl": "U vroeg de inzage aan nadat de termijn daarvoor was verstreken.",
    "nb": "Henvendelsen kom etter at fristen var ute.",
    "en": "The request came after its time limit had passed.",
}

# The words of the other steps, by language.
STEP_TEXTS = {
    "nb": {"with_whom": "arbeidslederen og klageren",
           "attempt": "Samtale med klageren; vi ble ikke enige.",
           "partner": "NAV-veilederen", "partner_result": "Enige om videre oppfølging.",
           "missing": "Underskrift og adresse mangler.",
           "report": "Referat fra høringen på video.",
           "decision": "Ledermøtet ga saken til avdelingsleder.",
           "grounds": "Jeg er uenig i svaret: vaktene endres fortsatt på kort varsel."},
    "nl": {"with_whom": "de teamleider en de klager",
           "attempt": "Gesprek met de klager; geen overeenstemming.",
           "partner": "de UWV-adviseur",
           "partner_result": "Afspraken gemaakt over de verdere begeleiding.",
           "missing": "Handtekening en adres ontbreken.",
           "report": "Verslag van de hoorzitting per video.",
           "decision": "Het managementoverleg heeft de zaak aan de afdelingsleider gegeven.",
           "grounds": "Ik ben het niet eens met het antwoord: de diensten veranderen nog steeds "
                      "op het laatste moment."},
    "en": {"with_whom": "the work leader and the complainant",
           "attempt": "Talked with the complainant; no agreement.",
           "partner": "the NAV adviser", "partner_result": "Agreed on further follow-up.",
           "missing": "Signature and address are missing.",
           "report": "Report of the hearing by video.",
           "decision": "The management meeting gave the case to the head of department.",
           "grounds": "I disagree with the answer: the shifts still change at short notice."},
}


def complaint_text(title: str) -> str:
    return COMPLAINTS.get(title, title)


def answer_texts(language: str, procedure_id: str, outcome: str,
                 on_appeal: bool = False) -> tuple[str, str]:
    """(letter text, reasons) of an answer of that case type and outcome."""
    if on_appeal and language == "nb":
        return BOARD_ANSWERS[outcome]
    by_type = ANSWERS.get(language, ANSWERS["en"])
    family = by_type.get(procedure_id.partition("/")[2]) or by_type["complaint"]
    return family.get(outcome) or next(iter(family.values()))

"""Why the engine refused an event, in English, Norwegian bokmål and Dutch (see messages)."""

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
    "not_forwardable": {
        "en": "only a case still before the first instance can be forwarded to the appeal "
              "body; this one is {state}",
        "nb": "bare en sak som fortsatt ligger hos underinstansen, kan oversendes "
              "klageinstansen; denne er {state}",
        "nl": "alleen een zaak die nog bij de eerste instantie ligt, kan naar de "
              "beroepsinstantie worden doorgezonden; deze is {state}",
    },
    "forward_instead": {
        "en": "the first instance may only grant the complaint in full; what it does not "
              "grant, it forwards to the appeal body, which decides",
        "nb": "underinstansen kan bare gi klageren fullt medhold; det den ikke tar til følge, "
              "sender den til klageinstansen, som avgjør saken",
        "nl": "de eerste instantie kan het bezwaar alleen volledig toewijzen; wat zij niet "
              "toewijst, zendt zij door naar de beroepsinstantie, die beslist",
    },
    "appeal_too_late": {
        "en": "the period to appeal ended on {due}",
        "nb": "fristen for å anke gikk ut {due}",
        "nl": "de termijn om in beroep te gaan is op {due} verstreken",
    },
    # The same, where the bundle names the period itself (texts [deadlines] appeal): a klage on
    # a dismissal (fvl § 2(3)) is not an "anke".
    "appeal_too_late_named": {
        "en": "the {deadline} ended on {due}",
        "nb": "{deadline} gikk ut {due}",
        "nl": "de {deadline} is op {due} verstreken",
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
    "decision_maker_handler": {
        "en": "{name} took or prepared the contested decision and may not handle the objection; "
              "the department manager appoints an independent person",
        "nb": "{name} traff eller forberedte den omstridte avgjørelsen og kan ikke behandle "
              "innsigelsen; avdelingslederen utpeker en uavhengig person",
        "nl": "{name} heeft het bestreden besluit genomen of voorbereid en mag het bezwaar niet "
              "behandelen; de afdelingsmanager wijst een onafhankelijk persoon aan",
    },
    "booking_too_early": {
        "en": "an appointment can be booked once the payment has been received",
        "nb": "en time kan bestilles når betalingen er mottatt",
        "nl": "een afspraak kan worden gemaakt zodra de betaling is ontvangen",
    },
    "not_heard_separately": {
        "en": "the parties were not heard separately, so there is nothing to tell them about "
              "what was discussed in their absence",
        "nb": "partene ble ikke hørt hver for seg, så det er ingenting å fortelle dem om det "
              "som ble drøftet uten dem",
        "nl": "de partijen zijn niet apart gehoord, dus er valt niets mee te delen over wat "
              "buiten hun aanwezigheid is besproken",
    },
    "no_hearing_yet": {
        "en": "new facts after the hearing need a hearing first",
        "nb": "nye opplysninger etter høringen forutsetter at en høring er holdt",
        "nl": "nieuwe feiten na de hoorzitting veronderstellen dat er een hoorzitting is geweest",
    },
    "no_court_appeal": {
        "en": "no appeal to the court was recorded, so there is no court decision to record",
        "nb": "det er ikke registrert søksmål for retten, så det er ingen dom å registrere",
        "nl": "er is geen beroep bij de rechtbank vastgelegd, dus er is geen uitspraak vast te "
              "leggen",
    },
    "file_not_open_long_enough": {
        "en": "the file must be open for inspection at least {days} days before the hearing: "
              "set the hearing later",
        "nb": "saksmappen må være tilgjengelig minst {days} dager før høringen: legg høringen "
              "senere",
        "nl": "het dossier moet ten minste {days} dagen voor de hoorzitting ter inzage liggen: "
              "plan de hoorzitting later",
    },
    "separate_without_reason": {
        "en": "parties are heard in each other's presence; say why they were heard separately",
        "nb": "partene høres i hverandres nærvær; oppgi hvorfor de ble hørt hver for seg",
        "nl": "partijen worden in elkaars aanwezigheid gehoord; vermeld waarom zij apart zijn "
              "gehoord",
    },
    "new_facts_pending": {
        "en": "the parties were told of new facts and can be heard on them until {due}; decide "
              "after that or after hearing them",
        "nb": "partene fikk vite om nye opplysninger og kan høres om dem til {due}; avgjør etter "
              "det eller etter at de er hørt",
        "nl": "de partijen zijn nieuwe feiten meegedeeld en kunnen daarover tot {due} worden "
              "gehoord; beslis daarna of nadat zij zijn gehoord",
    },
}

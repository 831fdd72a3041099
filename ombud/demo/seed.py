"""Seeding the demo: five organizations, a user per organization and role, and about 300 cases
that went through their procedures step by step, through the same services the pages use."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from ombud.cases import services
from ombud.cases.models import Case, Meeting, PartyRole
from ombud.demo.newsletter import seed_newsletter
from ombud.demo.organizations import (
    CONTACTS,
    DEMO_PASSWORD,
    DEMO_TOTP_KEY,
    ORGANIZATIONS,
    ROLES,
)
from ombud.demo.sent import seeded_mail_sent
from ombud.demo.texts import DECLINE_REASONS, STEP_TEXTS, answer_texts, complaint_text
from ombud.domain import engine
from ombud.domain.loader import find_procedure
from ombud.orgs.models import Body, EnabledProcedure, Membership, Organization

FIRST = {"nb": ["Kari", "Ola", "Ingrid", "Lars", "Sigrid", "Per", "Anne", "Jonas", "Marit",
                "Håkon", "Nora", "Eirik", "Solveig", "Tor", "Hanne", "Emil"],
         "nl": ["Pieter", "Sanne", "Daan", "Lotte", "Jeroen", "Fleur", "Bram", "Anouk", "Thijs",
                "Eva", "Ruben", "Iris", "Sven", "Noor", "Joost", "Femke"]}
LAST = {"nb": ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
               "Berg", "Haugen", "Hagen", "Bakken", "Solberg", "Lunde", "Moen"],
        "nl": ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer",
               "de Boer", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen"]}
TITLES = {
    "ne/appeal": ["Anke på avslag om sertifisering", "Anke på tilbaketrukket sertifikat"],
    "ne/complaint": ["Kalde kurslokaler", "Kursinnhold samsvarte ikke med beskrivelsen",
                     "Manglende kursmateriell"],
    "av/complaint": ["Forsinket levering av trearbeid", "Oppfølging i tiltaket uteble",
                     "Feil i faktura for vedservice"],
    "gl/complaint": ["Oppfølging ble ikke levert som bestilt", "Arbeidstrening uten veileder",
                     "Mangelfull rapport til NAV"],
    "pp/complaint": ["Endring av vakter på kort varsel", "Manglende tilrettelegging",
                     "Uenighet om arbeidsoppgaver", "Mangelfull service ved kantina"],
    "dnv/complaint": ["Onheus gedrag van examinator", "Examenlocatie niet toegankelijk",
                      "Certificaathouder werkt zonder geldig certificaat"],
    "dnv/objection": ["Bezwaar tegen negatief certificatiebesluit",
                      "Bezwaar tegen schorsing van certificaat"],
    "dnv/inspection": ["Inzage praktijkexamen", "Inzage theorie-examen"],
    "dnv/terms": ["Opgave fout beantwoorde termen"],
    "dnv/data_request": ["Verzoek om inzage in persoonsgegevens",
                         "Verzoek om vernietiging van persoonsgegevens"],
}
CASE_COUNTS = {"ne/appeal": 12, "ne/complaint": 18, "av/complaint": 40, "gl/complaint": 40,
               "pp/complaint": 60, "dnv/complaint": 40, "dnv/objection": 40,
               "dnv/inspection": 20, "dnv/terms": 12, "dnv/data_request": 18}

# The course each case type usually takes; a case stops somewhere along it.
SCRIPTS = {
    "ne/appeal": ["acknowledged", "assigned", "answered"],
    "ne/complaint": ["assigned", "answered"],
    # AV-06, AV-07: the lowest level first, then the meeting; GL-08, GL-09: the work leader
    # tries the lowest level and calls a partner once the meeting gave him the complaint.
    "av/complaint": ["lowest_level_tried", "taken_up", "assigned", "answered"],
    "gl/complaint": ["taken_up", "assigned", "lowest_level_tried", "partner_contacted",
                     "answered"],
    "pp/complaint": ["acknowledged", "taken_up", "assigned", "answered", "appealed", "assigned",
                     "answered"],  # PP-17: the board's handler is not the first one
    "dnv/complaint": ["acknowledged", "assigned", "holder_notified", "hearing_invited",
                      "hearing_requested", "holder_responded", "hearing_held", "answered"],
    "dnv/objection": ["acknowledged", "incomplete", "remedied", "assigned", "hearing_invited",
                      "hearing_waived", "answered"],
    "dnv/inspection": ["acknowledged", "payment_received", "answered"],  # DNV-I-07
    "dnv/terms": ["answered"],
    "dnv/data_request": ["acknowledged", "answered"],
}


def seed_if_empty(seed: int = 2026) -> bool:
    """Seed the demo once; returns False when the database already holds organizations."""
    if Organization.objects.exists():
        return False
    rng = random.Random(seed)
    with transaction.atomic():  # one commit: the services' own transactions become savepoints
        people = seed_organizations()
        seed_meetings()
        for spec in ORGANIZATIONS:
            organization = Organization.objects.get(slug=spec["slug"])
            # registered in the order received, so that the references count up with the days
            planned = sorted((received_day(rng), procedure_id)
                             for procedure_id in spec["procedures"]
                             for _ in range(CASE_COUNTS[procedure_id]))
            for received_on, procedure_id in planned:
                seed_case(rng, organization, procedure_id, people[spec["slug"]], received_on)
        seed_corrective_actions(people["ne"])
        seed_contacts(people)
        seeded_mail_sent()
    seal_seeded()
    return True


# Norsk Energi's corrective actions after answered cases (NE-A-10, NE-C-08): (what, owner's
# role, due in days from today, done days ago or None). One overdue, one open, one done.
CORRECTIVE_ACTIONS = [
    ("Endre eksamensrutinen: praksis dokumentert av arbeidsgiver skal telle.", "handler", -5,
     None),
    ("Oppdatere sensorveiledningen for praktisk prøve.", "manager", 20, None),
    ("Informere alle sensorer om den nye rutinen.", "handler", -2, 1),
]


def seed_corrective_actions(people: dict[str, object]) -> None:
    """A few corrective actions on NE's answered cases, for the overview (``/ne/actions/``)."""
    today = timezone.localdate()
    cases = Case.objects.filter(organization__slug="ne", state="answered").order_by("id")
    for case, (what, role, due_in, done_ago) in zip(cases, CORRECTIVE_ACTIONS, strict=False):
        action = services.corrective_action_add(
            case=case, description=what, owner=people[role],
            due_on=today + timedelta(days=due_in), actor=people["manager"])
        if done_ago is not None:
            services.corrective_action_done(action=action, done_on=today - timedelta(
                days=done_ago), follow_up="Sendt til sensorene.", actor=people["manager"])


def seed_contacts(people: dict[str, dict[str, object]]) -> None:
    """Phone calls recorded where only written complaints are handled (AV-05, GL-05): a buyer
    who then wrote (the case is linked to the call by the e-mail address), and a caller who
    has not written yet."""
    today = timezone.localdate()
    av, gl = (Organization.objects.get(slug=slug) for slug in ("av", "gl"))
    buyer = services.PartyDetails("Kjell Kjøper", email="kjell.kjoper@example.org",
                                  phone="+47 912 34 567")
    services.contact_record(organization=av, procedure_id="av/complaint", channel="oral",
                            received_on=today - timedelta(days=3), person=buyer,
                            summary="Hagebenkene kom tre uker for sent",
                            actor=people["av"]["intake"])
    services.case_register(organization=av, procedure_id="av/complaint", channel="email",
                           received_on=today - timedelta(days=1),
                           title="Forsinket levering av hagebenker", complainant=buyer,
                           actor=people["av"]["intake"],
                           details={"text": "To hagebenker bestilt til 1. november kom "
                                            "22. november."})
    services.contact_record(organization=gl, procedure_id="gl/complaint", channel="oral",
                            received_on=today,
                            person=services.PartyDetails("Ola Nordvik", phone="75 55 12 34"),
                            summary="Spør hvordan NAV klager på oppfølgingen av en deltaker",
                            actor=people["gl"]["intake"])


def seal_seeded() -> None:
    """Seal what was seeded, when a seal key is configured (``ombud demo`` makes one)."""
    from django.conf import settings

    from ombud.audit.seal import seal_all

    if settings.OMBUD_SEAL_KEY:
        seal_all()


def seed_organizations() -> dict[str, dict[str, object]]:
    """The organizations, their procedures and bodies, and ``<org>-<role>`` users."""
    password = make_password(DEMO_PASSWORD)  # one slow hash for every demo user, not 35
    people: dict[str, dict[str, object]] = {}
    for spec in ORGANIZATIONS:
        organization = Organization.objects.create(
            slug=spec["slug"], name=spec["name"], language=spec["language"],
            calendar=spec["calendar"], reference_prefix=spec["reference_prefix"],
            **CONTACTS[spec["slug"]])
        EnabledProcedure.objects.bulk_create(
            EnabledProcedure(organization=organization, procedure_id=procedure_id)
            for procedure_id in spec["procedures"])
        for kind, name in spec["bodies"]:
            Body.objects.create(organization=organization, kind=kind, name=name)
        people[spec["slug"]] = _seed_staff(organization, spec, password)
        if spec["slug"] == "ne":
            seed_newsletter(organization)  # NE-N-01…04
    _seed_authenticator_apps(people)
    return people


def _seed_staff(organization: Organization, spec: dict, password: str) -> dict[str, object]:
    """``{role: user}``: a user per role, and a second handler (``handler2``)."""
    slug, language = spec["slug"], spec["language"]
    roles = [*ROLES, "handler"]
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        user_model(username=f"{slug}-{role}" + ("2" if index == len(ROLES) else ""),
                         password=password, first_name=FIRST[language][index],
                         last_name=LAST[language][index], is_staff=role == "admin")
        for index, role in enumerate(roles))
    Membership.objects.bulk_create(
        Membership(user=user, organization=organization, role=role)
        for user, role in zip(users, roles, strict=True))
    return {user.username.removeprefix(f"{slug}-"): user for user in users}


def _seed_authenticator_apps(people: dict[str, dict[str, object]]) -> None:
    """The demo accounts that must sign in with a second factor get an authenticator app with
    the demo's published secret (README), so the demo needs no phone."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ombud.twofactor.selectors import second_factor_required_of

    users = [user for by_role in people.values() for user in by_role.values()]
    required = second_factor_required_of(users)
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name="demo authenticator app", key=DEMO_TOTP_KEY, confirmed=True)
        for user in users if user.pk in required)


def seed_meetings() -> None:
    """Management meetings every second Monday, a year back and two months ahead."""
    today = timezone.localdate()
    first = today - timedelta(weeks=52, days=today.weekday())  # a Monday a year back
    for slug in ("av", "gl", "pp"):
        organization = Organization.objects.get(slug=slug)
        Meeting.objects.bulk_create(
            Meeting(organization=organization, held_on=first + timedelta(days=14 * n))
            for n in range(32))


# PP-17: the share of answers appealed to the board, as an organization sees it (10-25 %).
APPEAL_SHARE = 0.17


def received_day(rng: random.Random) -> date:
    """A day in the past eleven months, evenly spread, a few more in the last three weeks:
    the year's report (AV-11, GL-12, PP-16) then has cases in every month and no spike, and
    the queue has fresh work. None after the day before yesterday: the cases of the contacts
    (``seed_contacts``) came in since, and take the next references."""
    today = timezone.localdate()
    days = rng.randint(2, 20) if rng.random() < 0.04 else rng.randint(2, 330)
    return today - timedelta(days=days)


def seed_case(rng: random.Random, organization: Organization, procedure_id: str,
              people: dict[str, object], received_on: date | None = None) -> Case | None:
    received_on = received_on or received_day(rng)
    language = organization.language
    name = f"{rng.choice(FIRST[language])} {rng.choice(LAST[language])}"
    channel = rng.choice(["web", "email", "letter"])
    if procedure_id in ("pp/complaint", "dnv/complaint") and rng.random() < 0.3:
        channel = "oral"
    title = rng.choice(TITLES[procedure_id])
    details = {"text": complaint_text(title)}
    if procedure_id == "dnv/objection":
        details["decision_on"] = received_on - timedelta(days=rng.randint(3, 35))
    script = SCRIPTS[procedure_id]
    if "appealed" in script and rng.random() >= APPEAL_SHARE:  # most answers are accepted
        script = script[:script.index("appealed")]
    intake = find_procedure(procedure_id, on=received_on).intake
    if intake.filers:  # who filed and what about, as the public form asks (the annual report)
        details["filer"] = rng.choice(intake.filers).key
    if intake.subjects and "about" not in details:
        details["about"] = rng.choice(intake.subjects).key
    if procedure_id in ("dnv/inspection", "dnv/terms"):
        details["result_on"] = received_on - timedelta(days=rng.randint(0, 4))
        details["invoice"] = rng.random() < 0.3
        if procedure_id == "dnv/inspection" and rng.random() < 0.2:  # asked too late (DNV-I-02)
            details["result_on"] = received_on - timedelta(days=9)
            script = ["acknowledged", "declined"]
    if rng.random() < 0.06:  # some complainants withdraw
        script = [*script[:rng.randint(0, 1)], "withdrawn"]
    if procedure_id == "dnv/complaint":
        details["about"] = rng.choice(["conduct", "exam", "dnv_itself"])
        details["exam_on"] = received_on - timedelta(days=rng.randint(2, 20))
    email = f"{name.lower().replace(' ', '.')}@example.org"
    case = services.case_register(
        organization=organization, procedure_id=procedure_id, channel=channel,
        received_on=received_on, title=title,
        complainant=services.PartyDetails(name, email=email), actor=people["intake"],
        details=details, put_in_writing=channel == "oral")
    walk(rng, case, people, received_on, script)
    return case


# How the demo's staff keep pace (issue 12: a believable year): a case older than a month has
# gone its whole course, most steps a few days apart; now and then the organization is slow on
# a step its deadline counts (``SLOW_STEPS``), so that some deadlines are missed, by days to a
# few weeks. Only the cases of the last month are still on their way.
FINISHED_AFTER_DAYS = 30
SLOW_SHARE = 0.04
SLOW_STEPS = ("acknowledged", "taken_up", "answered")
# The share of answers sent after their deadline (the engine's), by one day to two weeks.
LATE_ANSWER_SHARE = 0.08


def walk(rng: random.Random, case: Case, people: dict[str, object], day: date,
         script: list[str] | None = None) -> None:
    """Take the case some way along its usual course (``script``), a few days per step."""
    today = timezone.localdate()
    script = script or SCRIPTS[case.procedure_id]
    finished = (today - day).days > FINISHED_AFTER_DAYS
    stop = len(script) if finished else rng.randint(0, len(script))
    holder_on_case = case.parties.filter(role=PartyRole.SUBJECT).exists()
    appealed = False  # the answer being written is the board's, on an appeal (PP-17)
    for event_type in script[:stop]:
        if event_type.startswith("holder_") and not holder_on_case:
            continue  # DNV-K-02: only a complaint about a holder notifies one
        day = min(today, day + timedelta(days=step_gap(rng, event_type)))
        if event_type == "answered" and rng.random() < LATE_ANSWER_SHARE:
            day = min(today, max(day, _answer_due(case, day) + timedelta(days=rng.randint(1, 14))))
        data = step_data(rng, event_type, people, case.language or case.organization.language)
        if event_type == "assigned" and _under_appeal(case):
            data = _appeal_handler(case, people)
        if event_type == "answered":
            if case.procedure_id == "dnv/inspection":
                data.pop("outcome", None)  # an inspection took place: it has no outcome
            elif case.procedure_id == "dnv/terms":
                data["outcome"] = "upheld"  # the terms asked for are given
            # what the handler writes, around which the product sets the letter
            data["letter"], data["reasons"] = answer_texts(
                case.language or case.organization.language, case.procedure_id,
                data.get("outcome", ""), on_appeal=appealed)
        try:
            # Each step as if recorded on its own day: the demo's past was kept day by day.
            services.case_step(case=case, event_type=event_type, on=day, data=data,
                               actor=_actor_for(case, event_type, people), recorded_on=day)
        except (services.Refused, services.Invalid, services.NotPermitted):
            return  # the procedure said no: the case stays where it is, like a real one
        appealed = appealed or event_type == "appealed"


def _answer_due(case: Case, day: date) -> date:
    """The day the engine has the answer due on ``day`` (``day`` itself when none is)."""
    procedure = services.procedure_of(case)
    state = engine.evaluate(procedure, services.engine_events(case), day,
                            services.meeting_days(case.organization))
    return min((deadline.due for deadline in state.deadlines
                if deadline.key == "answer" and deadline.status == "open"), default=day)


def step_gap(rng: random.Random, event_type: str) -> int:
    """Days from one step to the next: mostly a few, now and then weeks (``SLOW_SHARE``)."""
    if event_type in SLOW_STEPS and rng.random() < SLOW_SHARE:
        return rng.randint(8, 24)
    return rng.randint(0, 3)


def _under_appeal(case: Case) -> bool:
    case.refresh_from_db(fields=["handler", "state"])
    return case.state == "appealed"


def _appeal_handler(case: Case, people: dict[str, object]) -> dict:
    """The appeal goes to a handler other than the one who answered first (PP-17)."""
    other = next(people[role] for role in ("handler2", "handler")
                 if people[role].pk != case.handler_id)
    return {"handler_id": other.pk, "handler": other.get_full_name(), "involved": False}


def _actor_for(case: Case, event_type: str, people: dict[str, object]):
    """Who records the step, as the permission table wants it: the management takes a
    complaint up and appoints; the appointed handler does the rest."""
    if event_type in ("taken_up", "assigned"):
        return people["manager"]
    case.refresh_from_db(fields=["handler"])
    return case.handler or people["handler"]

def step_data(rng: random.Random, event_type: str, people: dict[str, object],
              language: str = "nb") -> dict:
    handler = people[rng.choice(["handler", "handler2"])]
    texts = STEP_TEXTS.get(language, STEP_TEXTS["en"])
    return {
        "assigned": {"handler_id": handler.pk, "handler": handler.get_full_name(),
                     "involved": False},
        "incomplete": {"term_weeks": 2, "text": texts["missing"]},
        "hearing_invited": {"term_weeks": 2},
        "hearing_held": {"report": texts["report"]},
        "answered": {"outcome": rng.choice(["upheld", "partly_upheld", "not_upheld"])},
        "taken_up": {"decision": texts["decision"]},
        "lowest_level_tried": {"with_whom": texts["with_whom"], "outcome": "not_resolved",
                               "text": texts["attempt"]},
        "partner_contacted": {"partner": texts["partner"], "result": texts["partner_result"]},
        "appealed": {"grounds": texts["grounds"]},
        "payment_received": {"amount": "90.75"},
        "declined": {"ground": "late", "reasons": DECLINE_REASONS.get(language, "")},
    }.get(event_type, {})

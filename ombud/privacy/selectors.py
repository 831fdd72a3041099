"""Finding a person among one organization's cases, and every place their data sits.

A person is found by what they gave: a name, an e-mail address, a phone number, a date of
birth, exactly or nearly (a typo, accents, day and month swapped). What is found is always a
party of one of the organization's cases: the person is then that party together with every
other party of the organization with the same e-mail address (or, without one, the same name
and phone). Nothing here reads another organization's rows."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from ombud.cases.models import (
    AccessLog,
    Case,
    CaseEvent,
    Contact,
    Document,
    DocumentKind,
    Party,
    PartyRole,
)
from ombud.mail.models import OutboxMessage
from ombud.orgs.models import AttemptCounter, Organization
from ombud.orgs.throttle import attempt_key
from ombud.privacy import hooks
from ombud.public.models import Submission, TrackingLink, UploadTry

CANDIDATES = 2000  # parties read for a fuzzy name match: a bound, not a page
SHOWN = 50
NEAR = 0.8  # difflib's ratio from which a name or an address counts as a near match


@dataclass(frozen=True)
class Match:
    party: Party
    exact: bool
    birth_on: str


@dataclass
class Places:
    """Everything held about one person in one organization."""

    parties: list[Party]
    cases: list[Case]  # the cases they are a party to
    own_cases: list[Case]  # ... of which they are the complainant: the whole file is theirs
    documents: list[Document]
    outbox: list[OutboxMessage]
    contacts: list[Contact]
    tracking_links: list[TrackingLink]
    signin_records: int  # web submissions, upload counters, sign-in attempt counters
    consents: list[dict]
    reads: list[AccessLog]
    extra: dict[str, list] = field(default_factory=dict)  # from other apps (hooks.places)
    # Addresses held of someone who is no party (a newsletter's subscriber: hooks.people).
    addresses: list[str] = field(default_factory=list)

    @property
    def emails(self) -> list[str]:
        return sorted({party.email.casefold() for party in self.parties if party.email}
                      | {email.casefold() for email in self.addresses})


def folded(text: str) -> str:
    """For comparing: no accents, no case, single spaces."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _parties(organization: Organization):
    return Party.objects.filter(case__organization=organization).select_related("case")


def _births(organization: Organization, party_ids: list[int]) -> dict[int, str]:
    """The date of birth each complainant gave on their form (DNV-I-07), by party id."""
    rows = CaseEvent.objects.filter(case__organization=organization, type="received",
                                    case__parties__id__in=party_ids,
                                    case__parties__role="complainant").values_list(
        "case__parties__id", "data")
    return {party_id: data.get("birth_on", "") for party_id, data in rows
            if isinstance(data, dict) and data.get("birth_on")}


def person_find(organization: Organization, *, name: str = "", email: str = "",
                phone: str = "", birth_on: date | None = None) -> list[Match]:
    """The parties that match every criterion given, exact matches first."""
    parties = _parties(organization)
    if email:
        local = email.strip().partition("@")[0]
        parties = parties.filter(Q(email__iexact=email.strip()) | Q(email__icontains=local)
                                 if len(local) >= 3 else Q(email__iexact=email.strip()))
    if phone and len(digits(phone)) >= 6:
        # The last eight digits, whatever stands between them: "+31 6 1234 5678" is
        # "0612345678" (a country code or a leading zero is how it was written, not who).
        parties = parties.filter(phone__regex=r"\D*".join(digits(phone)[-8:]) + r"\D*$")
    if birth_on is not None:
        swapped = _swapped(birth_on)
        days = [day.isoformat() for day in (birth_on, swapped) if day]
        parties = parties.filter(role="complainant", case__events__type="received",
                                 case__events__data__birth_on__in=days)
    if name:
        words = [word for word in folded(name).split() if len(word) >= 3] or [folded(name)]
        wanted = Q()
        for word in words:
            wanted |= Q(name__icontains=word[:4])
        parties = parties.filter(wanted)
    found = list(parties.distinct().order_by("-case__received_on", "id")[:CANDIDATES])
    births = _births(organization, [party.pk for party in found])
    matches = []
    for party in found:
        exact = _exact(party, births.get(party.pk, ""), name, email, phone, birth_on)
        if exact or _near(party, name, email):
            matches.append(Match(party, exact, births.get(party.pk, "")))
    matches.sort(key=lambda match: not match.exact)
    return matches[:SHOWN]


def others_find(organization: Organization, matches: list[Match], *, name: str = "",
                email: str = "", **_rest) -> list[hooks.Someone]:
    """The people other apps hold (a newsletter's subscribers, ``hooks.people``) that the same
    name or address finds, but those already found as a party by their address: a person who
    never complained is found too (GDPR art. 15, 17)."""
    if not name and not email:
        return []
    known = {match.party.email.casefold() for match in matches if match.party.email}
    return [someone for someone in hooks.people(organization, name=name, email=email)
            if someone.email.casefold() not in known]


def person_of_address(organization: Organization, key: str) -> tuple[list[Party], str]:
    """Who ``key`` (``hooks.people``) stands for: their parties by address (possibly none) and
    the address. Raises LookupError when no app of the organization knows the key."""
    email = hooks.address(organization, key)
    if not email:
        raise LookupError(key)
    return person_by_email(organization, email), email


def _names_part(full: str, asked: str) -> bool:
    """Every word asked is a word of the name: "Pieter" finds "Pieter de Vries" (a first or a
    last name alone is how a person is often asked about)."""
    words = set(folded(full).split())
    return bool(asked.split()) and all(word in words for word in folded(asked).split())


def name_matches(full: str, asked: str) -> bool:
    """``asked`` names ``full``: every word of it, or nearly (a typo, accents)."""
    return _names_part(full, asked) or difflib.SequenceMatcher(
        None, folded(full), folded(asked)).ratio() >= NEAR


def _swapped(day: date) -> date | None:
    try:
        return day.replace(month=day.day, day=day.month) if day.day != day.month else None
    except ValueError:
        return None


def _exact(party: Party, birth: str, name: str, email: str, phone: str,
           birth_on: date | None) -> bool:
    return ((not name or folded(party.name) == folded(name))
            and (not email or party.email.casefold() == email.strip().casefold())
            and (not phone or digits(party.phone) == digits(phone))
            and (birth_on is None or birth == birth_on.isoformat()))


def _near(party: Party, name: str, email: str) -> bool:
    if name and not _names_part(party.name, name) and difflib.SequenceMatcher(
            None, folded(party.name), folded(name)).ratio() < NEAR:
        return False
    return not email or difflib.SequenceMatcher(
        None, party.email.casefold(), email.strip().casefold()).ratio() >= NEAR or \
        party.email.casefold() == email.strip().casefold()


def person_parties(organization: Organization, party_id: int) -> list[Party]:
    """The person a found party stands for: every party of the organization with its e-mail
    address, or without one, its name and phone. Raises Party.DoesNotExist outside it."""
    party = _parties(organization).get(pk=party_id)
    if party.email:
        same = _parties(organization).filter(email__iexact=party.email)
    else:
        same = _parties(organization).filter(name=party.name, phone=party.phone, email="")
    return list(same.order_by("case__received_on", "id"))


def person_by_email(organization: Organization, email: str) -> list[Party]:
    return list(_parties(organization).filter(email__iexact=email.strip())
                .order_by("case__received_on", "id"))


def places_of(organization: Organization, parties: list[Party],
              addresses: list[str] = ()) -> Places:
    """``addresses``: of someone found by ``hooks.people``, no party (``parties`` empty)."""
    cases = sorted({party.case for party in parties}, key=lambda case: case.pk)
    own = [party.case for party in parties if party.role == "complainant"]
    addresses = sorted({email.strip().casefold() for email in addresses if email.strip()})
    emails = sorted({party.email.casefold() for party in parties if party.email}
                    | set(addresses))
    # Their own files' messages, but not those to the other people in them (the person
    # complained about: their address is not the complainant's to read), and every message
    # to their address.
    mail = Q(case__in=own)
    for other in _others_addresses(own, parties, emails):
        mail &= ~Q(to__iexact=other)
    for email in emails:
        mail |= Q(to__iexact=email)
    counters = [attempt_key(email) for email in emails]
    # Their own files' documents but the letters to the person complained about (DNV-K-13:
    # the complainant's private page hides them too); the letters written to them.
    documents = Document.objects.filter(case__in=own).exclude(kind=DocumentKind.HOLDER_LETTER)
    for party in parties:
        documents = documents | letters_to(party)
    return Places(
        parties=parties, cases=cases, own_cases=own,
        documents=list(documents.distinct().order_by("case_id", "id")),
        outbox=list(OutboxMessage.objects.filter(mail, organization=organization)
                    .order_by("created_at", "id")),
        contacts=list(contacts_of(organization, parties, addresses)),
        tracking_links=list(TrackingLink.objects.filter(case__in=own)),
        signin_records=(Submission.objects.filter(case__in=own).count()
                        + UploadTry.objects.filter(case__in=own).count()
                        + AttemptCounter.objects.filter(key__in=counters).count()),
        consents=_consents(own),
        reads=list(AccessLog.objects.filter(case__in=own).order_by("-at", "-id")[:500]),
        extra=hooks.places(organization, emails), addresses=addresses)


def _others_addresses(own: list[Case], parties: list[Party], emails: list[str]) -> set[str]:
    person = {party.pk for party in parties}
    return {email.casefold() for email in Party.objects.filter(case__in=own).exclude(
        pk__in=person).exclude(email="").values_list("email", flat=True)} - set(emails)


def letters_to(party: Party):
    """The letters written to ``party`` as the person complained about (DNV-K-02, -14, -19):
    the case's letters to that person when they are its only one, else those the outbox sent
    to their address. None for anyone else."""
    if party.role != PartyRole.SUBJECT:
        return Document.objects.none()
    letters = Document.objects.filter(case_id=party.case_id, kind=DocumentKind.HOLDER_LETTER)
    if Party.objects.filter(case_id=party.case_id, role=PartyRole.SUBJECT).count() > 1:
        sent = (OutboxMessage.objects.filter(case_id=party.case_id, to__iexact=party.email)
                .exclude(letter=None).values("letter") if party.email else [])
        letters = letters.filter(pk__in=sent)
    return letters


def contacts_of(organization: Organization, parties: list[Party], addresses: list[str] = ()):
    """The contacts (phone, desk) of the person ``parties`` stand for: those linked to their
    own cases, those with their e-mail address, and, for a party without one, those with their
    name and phone (a name alone is not enough: the erasure takes what is listed here)."""
    own = [party.case_id for party in parties if party.role == "complainant"]
    contacts = Q(case_id__in=own)
    for email in addresses:
        contacts |= Q(email__iexact=email)
    for party in parties:
        if party.email:
            contacts |= Q(email__iexact=party.email)
        elif party.phone:
            contacts |= Q(name=party.name, phone=party.phone)
    return Contact.objects.filter(contacts, organization=organization)


def _consents(own: list[Case]) -> list[dict]:
    """The consent each complainant gave on the form to keep their complaint (PP-04)."""
    rows = CaseEvent.objects.filter(case__in=own, type="received").values_list(
        "case__reference", "on", "data")
    # Withdrawn with the complaint on the private page (public.services.complainant_withdraw).
    withdrawn = dict(CaseEvent.objects.filter(
        case__in=own, type="withdrawn", data__consent_withdrawn=True).values_list(
        "case__reference", "on"))
    return [{"case": reference, "on": on, "consent": bool(data.get("consent")),
             "withdrawn_on": withdrawn.get(reference)}
            for reference, on, data in rows
            if isinstance(data, dict) and "consent" in data]

"""What the public side changes: a web submission becomes a case (once, whatever the retries),
and the complainant acts on their case through the private link."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NamedTuple

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ombud.cases import correspondence, services
from ombud.cases.models import OPEN_STATES, Case, CaseEvent, Document, DocumentKind, PartyRole
from ombud.cases.services import Invalid, PartyDetails, Refused
from ombud.domain import engine
from ombud.domain.loader import find_procedure
from ombud.domain.procedure import Procedure
from ombud.orgs.models import Organization
from ombud.public import form_keys, tokens
from ombud.public.models import Submission, TrackingLink
from ombud.public.selectors import case_state
from ombud.rows import row_insert, written_now, written_together


@dataclass(frozen=True)
class Upload:
    """An attachment already read and checked (see public.files)."""

    name: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class Filing:
    procedure_id: str
    title: str
    complainant: PartyDetails
    language: str
    details: dict[str, Any]  # what the received event carries: filer, about, dates, text
    uploads: tuple[Upload, ...] = ()


class Complainant:
    """The person behind a private link, as the actor of what they do on their page."""

    pk = None

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name


class Received(NamedTuple):
    """A web submission received: its case, the private link made now (token and id; None
    for a retry, which makes no new link) and the key its receipt is found under."""

    case: Case
    token: str | None
    key: str
    link_id: int | None = None


class Earlier:
    """The submissions already made under a form's ``key``, or under the key a different
    ``content`` derives from it (``form_keys.derived``): one query answers whether the proof
    of work is spent, whether a POST is a retry, and where a new one is filed."""

    def __init__(self, organization: Organization, key: str, content: str) -> None:
        self.key, self.content = key, content
        self.derived = form_keys.derived(key, content)
        # Read with the organization already (``limits.organization_for_filing``): most POSTs
        # are a first submission, and then nothing is left to look up.
        if (getattr(organization, "keys_looked_up", None) == (key, self.derived)
                and not organization.keys_used):
            self.found: dict[str, Submission] = {}
            return
        self.found = {submission.key: submission for submission in (
            Submission.objects.filter(organization=organization, key__in=[key, self.derived])
            .select_related("case"))}

    def key_used(self) -> bool:
        return self.key in self.found

    def retried(self) -> Submission | None:
        """The submission this POST repeats (same key, same content), if it was made."""
        for candidate in (self.key, self.derived):
            found = self.found.get(candidate)
            if found is not None and found.fingerprint in (self.content, ""):
                return found
        return None


def submission_receive(*, organization: Organization, filing: Filing, key: str, content: str,
                       client: str, proof_of_work: bool, procedure: Procedure | None = None,
                       earlier: Earlier | None = None) -> Received:
    """Open the case of a web submission, with its attachments and its private link, in one
    transaction whose submission row owes the worker its follow-up (the receipt's PDF and mail:
    ``follow_up``, found by every worker's ``schedule.Polling``).
    A second POST with the same ``key`` and ``content`` (its fingerprint: a double click, a
    retry after a lost response) returns the first case and no new link. A different
    submission under a key already used (a copied form) is filed under a key of its own
    (``form_keys.derived``), without the proof of work, which opened the first one only.
    ``earlier``: the lookup of the key, when the caller made it already."""
    earlier = earlier or Earlier(organization, key, content)
    procedure = procedure or find_procedure(filing.procedure_id, on=timezone.localdate())
    for candidate, proof in ((key, proof_of_work), (earlier.derived, False)):
        found = earlier.found.get(candidate)
        if found is None:
            try:
                case, link_id, token = _file(organization, procedure, filing, key=candidate,
                                             content=content, client=client,
                                             proof_of_work=proof)
            except IntegrityError:  # the same key committed meanwhile by a concurrent request
                found = _submitted(organization, candidate)
                if found is None:
                    raise
            else:
                return Received(case, token, candidate, link_id)
        if found.fingerprint in (content, ""):  # "": kept before fingerprints were
            return Received(found.case, None, candidate)
    raise IntegrityError(f"two submissions share the derived key of {key!r}")


def submission_retried(*, organization: Organization, key: str,
                       content: str) -> Submission | None:
    """The submission a POST of ``key`` and ``content`` repeats, if it was made already."""
    return Earlier(organization, key, content).retried()


def _file(organization: Organization, procedure: Procedure, filing: Filing, *, key: str,
          content: str, client: str, proof_of_work: bool) -> tuple[Case, int, str]:
    """The case, its submission, its attachments and its link, committed before the receipt
    page is answered; the submission's row says the worker's follow-up is owed. Their rows are
    written together (``rows.written_together``): two statements on PostgreSQL."""
    with transaction.atomic(), written_together():
        case = services.case_register_web(
            organization=organization, procedure=procedure, title=filing.title,
            complainant=filing.complainant, actor=Complainant(filing.complainant.name),
            details=filing.details, language=filing.language)
        row_insert(Submission(
            organization=organization, key=key, case=case, fingerprint=content, client=client,
            proof_of_work=proof_of_work, followed_up=False))
        if filing.uploads:
            # The key's conflict with a submission committed meanwhile fails here, before an
            # attachment's file is stored: its rolled-back row would leave the file behind,
            # outside every case (retention, erasure and backups never see it as the case's).
            written_now()
        for upload in filing.uploads:
            _attach(case, upload, late_rule="")
        link, salt = _new_link(case)
    return case, link.pk, tokens.token_for(None, salt)


def _submitted(organization: Organization, key: str) -> Submission | None:
    return (Submission.objects.filter(organization=organization, key=key)
            .select_related("case").first())


def _attach(case: Case, upload: Upload, *, late_rule: str) -> Document:
    document = Document.objects.create(
        case=case, kind=DocumentKind.ATTACHMENT, title=upload.name[:200],
        file=ContentFile(upload.content, name=f"{case.reference}-attachment"),
        content_type=upload.content_type, size=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(), from_complainant=True,
        late_rule=late_rule)
    services.case_note(case=case, text=upload.name[:200], actor=Complainant(
        case.complainant_name), kind="document_added",
        data={"document_id": document.pk, "sha256": document.sha256,
              "from_complainant": True, "late_rule": late_rule})
    return document


MAX_DOCUMENTS_PER_CASE = 30  # what a link may add: a person's file, not anyone's storage
LAST_USED_PRECISION = timedelta(hours=1)  # a page view writes the link's last use at most hourly


def tracking_link_create(case: Case) -> str:
    return tokens.token_for(None, _new_link(case)[1])


def _new_link(case: Case) -> tuple[TrackingLink, str]:
    """A new link row and its salt, from which its token follows (tokens.token_for)."""
    salt = tokens.new_salt()
    link = row_insert(TrackingLink(
        case=case, salt=salt, token_hash=tokens.token_hash(tokens.token_for(None, salt))))
    return link, salt


def link_token(link_id: int) -> str | None:
    """The token of a live link, for the receipt page and for mail at the moment it is sent."""
    link = (TrackingLink.objects.filter(pk=link_id, revoked_at__isnull=True)
            .values("salt", "token_hash").first())
    return tokens.token_of(link_id, link["salt"], link["token_hash"]) if link else None


def private_link_url(link_id: int, case_id: int | None) -> str | None:
    """The address the outbox puts in a message: the link it was written with, only while that
    link is live and belongs to the message's case (``mail.outbox.text_of``)."""
    if not TrackingLink.objects.filter(pk=link_id, case_id=case_id).exists():
        return None
    token = link_token(link_id)
    return correspondence.tracking_url(token) if token else None


def tracking_link_find(token: str) -> TrackingLink | None:
    """The live link for ``token``; None for an unknown or revoked one."""
    if not tokens.looks_like_token(token):
        return None
    link = (TrackingLink.objects.select_related("case", "case__organization")
            .filter(token_hash=tokens.token_hash(token), revoked_at__isnull=True).first())
    # The hash alone would open a link made with a key that has since been dropped (a leaked
    # key, the public development key): only a key still configured may have made it.
    if link is not None and tokens.token_of(link.pk, link.salt, link.token_hash) != token:
        return None
    now = timezone.now()
    if link is not None and (link.last_used_at is None
                             or now - link.last_used_at > LAST_USED_PRECISION):
        TrackingLink.objects.filter(pk=link.pk).update(last_used_at=now)
    return link


def tracking_link_revoke(link: TrackingLink) -> None:
    TrackingLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())


def tracking_links_revoke_all(case: Case) -> int:
    return TrackingLink.objects.filter(case=case, revoked_at__isnull=True).update(
        revoked_at=timezone.now())


def tracking_link_send(case: Case, *, first: bool = False) -> bool:
    """A link to the complainant's address on file: a new one (staff, on request by phone),
    or the first one for a case staff registered (``first``)."""
    email = (case.parties.filter(role=PartyRole.COMPLAINANT).exclude(email="")
             .values_list("email", flat=True).first())
    if not email:
        return False
    with transaction.atomic():
        correspondence.tracking_link_mail(case=case, to=email, link_id=_new_link(case)[0].pk,
                                          first=first)
    return True


def tracking_link_resend(*, reference: str, email: str) -> bool:
    """Send a new link to the address on file when reference and address match a complainant.
    The caller shows the same answer either way, so the form reveals nothing."""
    email = email.strip().lower()
    case = Case.objects.filter(reference__iexact=reference.strip()).first()
    if case is None or not email:
        return False
    on_file = {party.email.lower() for party in case.parties.filter(role=PartyRole.COMPLAINANT)}
    if email not in on_file:
        return False
    with transaction.atomic():
        correspondence.tracking_link_mail(case=case, to=email, link_id=_new_link(case)[0].pk)
    return True


def _open_case(case: Case) -> None:
    if case.state not in OPEN_STATES:
        raise Invalid(_("This case is closed; contact the organization if you need to add "
                        "something."))


def complainant_upload(*, case: Case, upload: Upload) -> Document:
    """A further document from the complainant, flagged when it came later than the procedure
    lets documents count for sure (DNV-B-16)."""
    _open_case(case)
    limit = engine.documents_deadline(services.procedure_of(case), services.engine_events(case))
    late = limit is not None and limit.is_late(timezone.localdate())
    with transaction.atomic():
        # Counted under the case's row lock: uploads sent at once cannot all pass the count.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        if case.documents.filter(from_complainant=True).count() >= MAX_DOCUMENTS_PER_CASE:
            raise Invalid(_("This case already holds %(count)s documents from you; send "
                            "further ones by e-mail or letter.") % {
                                "count": MAX_DOCUMENTS_PER_CASE})
        document = _attach(case, upload, late_rule=limit.rule if late else "")
        services.complainant_news_mark(case)
        return document


def complainant_hearing_answer(*, case: Case, wants_hearing: bool) -> None:
    """The answer to a hearing invitation (DNV-K-15, DNV-B-14); the engine decides whether it
    may be given now."""
    _open_case(case)
    with transaction.atomic():
        services.case_record(case=case, event_type="hearing_requested" if wants_hearing
                             else "hearing_waived", on=timezone.localdate(),
                             actor=Complainant(case.complainant_name),
                             data={"by": "complainant"})
        services.complainant_news_mark(case)


def complainant_consent(*, case: Case, given: bool, text: str) -> None:
    """Written consent to a further extension, or its refusal (DNV-K-18, DNV-B-09): kept in the
    file for the handler, who records the extension itself."""
    _open_case(case)
    if pending_consent_request(case, case_state(case)) is None:
        raise Invalid(_("No consent is asked of you at the moment."))
    services.case_note(case=case, text=text, actor=Complainant(case.complainant_name),
                       kind="extension_consent", data={"given": given})


def complainant_withdraw(*, case: Case, reason: str) -> None:
    """The complainant withdraws the case. Where keeping the complaint rests on the consent
    given on the form (PP-04), withdrawing that consent is withdrawing the complaint: it cannot
    be handled without being kept (GDPR art. 7(3)); the entry records the consent's withdrawal,
    and the privacy console shows it beside the consent."""
    _open_case(case)
    data = {"by": "complainant", "reason": reason}
    if stored_with_consent(case):
        data["consent_withdrawn"] = True
    services.case_step(case=case, event_type="withdrawn", on=timezone.localdate(),
                       actor=Complainant(case.complainant_name), data=data)


def stored_with_consent(case: Case) -> bool:
    """The complaint is kept on the consent given when it was sent (PP-04)."""
    received = case.events.filter(type="received").values_list("data", flat=True).first()
    return isinstance(received, dict) and bool(received.get("consent"))


def complainant_appeal(*, case: Case, grounds: str) -> CaseEvent:
    """The complainant appeals against the answer with her grounds (PP-17), as the ``appealed``
    step: the grounds are the step's text in the file. The engine decides whether the appeal
    may still be made (X-21). Sent twice (a double click, a retry after a lost response), the
    same appeal is recorded once: the second finds the first and changes nothing."""
    actor = Complainant(case.complainant_name)
    earlier = _appeal_with(case, grounds)
    if earlier is not None:
        return earlier
    try:
        return services.case_step(case=case, event_type="appealed", on=timezone.localdate(),
                                  actor=actor, data={"by": "complainant", "grounds": grounds})
    except Refused:
        earlier = _appeal_with(case, grounds)  # the same appeal, committed meanwhile
        if earlier is None:
            raise
        return earlier


def _appeal_with(case: Case, grounds: str) -> CaseEvent | None:
    return case.events.filter(type="appealed", data__grounds=grounds).first()


def pending_consent_request(case: Case, state: engine.CaseState) -> engine.Deadline | None:
    """The deadline whose next extension needs the complainant's consent, when the case is
    open, it was extended once already and the complainant has not answered since."""
    spec = state.procedure.extendable
    if spec is None or state.state != "open":
        return None
    deadline = state.deadline(spec.key)
    if deadline is None or not deadline.extensions or deadline.met_on is not None:
        return None
    last = deadline.extensions[-1].on
    answered = case.events.filter(type="extension_consent", on__gte=last).exists()
    return None if answered else deadline

"""Writing messages to the outbox and sending them.

``enqueue`` is called inside the transaction that records what the message is about: the message
exists exactly when the event does. ``deliver_due`` is the worker's side: it claims a due
message with a conditional UPDATE (so two workers never send the same row at once), sends it
through Django's mail backend outside any transaction, and marks it sent. A failure sets the
next attempt with backoff; nothing is ever dropped. A worker that dies between the server's
acceptance and marking the row sent leaves the claim to expire, and the message goes again with
the same Message-ID.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ombud.cases.models import Case, Document
from ombud.mail.models import MessageState, OutboxMessage
from ombud.orgs.models import Organization

log = logging.getLogger(__name__)

BACKOFF_FIRST_SECONDS = 30  # unless settings.OMBUD_OUTBOX_BACKOFF_SECONDS says otherwise
BACKOFF_MAX_SECONDS = 3600  # keep trying once an hour, for as long as it takes

# The address of a private link at the moment of sending: (link id, case id) -> URL, or None
# when the link was stopped or is not the case's. The public side registers it (its app's
# ready()), so that the outbox needs nothing from the layer above it.
LinkUrl = Callable[[int, int | None], str | None]
_link_url: LinkUrl | None = None


def link_url_register(link_url: LinkUrl) -> None:
    global _link_url
    _link_url = link_url


def enqueue(*, organization: Organization, to: str, subject: str, body: str, kind: str,
            case: Case | None = None, letter: Document | None = None,
            dedupe_key: str | None = None, link_id: int | None = None,
            body_after_link: str = "",
            attachment: tuple[str, bytes, str] | None = None,
            headers: dict[str, str] | None = None) -> OutboxMessage | None:
    """Add a message to the outbox in the caller's transaction. With ``dedupe_key``, a second
    message with the same key is not added (returns None): a reminder goes out once. With
    ``link_id``, the recipient's private link is sent between ``body`` and ``body_after_link``:
    the caller, who made that link for this recipient, is the only one who places it.
    ``attachment``: (file name, content, content type) of a file made for this message alone.
    ``headers``: extra headers, only those of ``EXTRA_HEADERS``, each on one line."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "ombud.local"
    message = OutboxMessage(
        organization=organization, case=case, kind=kind, to=to,
        subject=_file_name(subject)[:250],  # on one line: no header of the sender's choosing
        body=body, link_id=link_id, body_after_link=body_after_link if link_id else "",
        letter=letter, dedupe_key=dedupe_key, headers=_extra_headers(headers or {}),
        message_id=f"<{uuid.uuid4().hex}@{domain}>", next_attempt_at=timezone.now())
    if attachment is not None:
        name, content, content_type = attachment
        message.attachment_name, message.attachment_type = _file_name(name), content_type
        # Stored under a name of its own: the person's file name goes only into the mail.
        message.attachment.save(f"{uuid.uuid4().hex}.bin", ContentFile(content), save=False)
    if dedupe_key is None:
        message.save()
    else:
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction goes on
                message.save()
        except IntegrityError:
            if message.attachment:
                message.attachment.delete(save=False)  # the message went before: no file left
            return None
    transaction.on_commit(_wake_worker)
    return message


# The headers a caller may add: a newsletter's unsubscribe (RFC 2369, RFC 8058). Nothing else,
# so that no caller can set From, To, Bcc or a second Message-ID through this door.
EXTRA_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post", "List-Id")


def _extra_headers(headers: dict[str, str]) -> dict[str, str]:
    unknown = set(headers) - set(EXTRA_HEADERS)
    if unknown:
        raise ValueError(f"the outbox does not send the headers {sorted(unknown)}")
    for name, value in headers.items():
        if any(not c.isprintable() for c in value):  # a line break would start a header
            raise ValueError(f"{name}: a header's value must be one line of printable text")
    return dict(headers)


def _wake_worker() -> None:
    from ombud import schedule
    from ombud.mail.tasks import deliver_outbox

    # One waiting run sends every message committed before it starts: a transaction that adds
    # sixty messages (a nightly batch of reminders) wakes the worker once, not sixty times.
    schedule.enqueue_once(deliver_outbox)


def backoff(attempts: int) -> timedelta:
    """30 s (OMBUD_OUTBOX_BACKOFF_SECONDS), 1 min, 2 min, … up to an hour between attempts."""
    first = getattr(settings, "OMBUD_OUTBOX_BACKOFF_SECONDS", BACKOFF_FIRST_SECONDS)
    return timedelta(seconds=min(BACKOFF_MAX_SECONDS, first * 2 ** (attempts - 1)))


def due_messages(now: datetime):
    return OutboxMessage.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        state=MessageState.PENDING, next_attempt_at__lte=now)


def deliver_due(*, limit: int | None = None, connection=None) -> tuple[int, int]:
    """Send what is due, one message at a time. Returns (sent, failed)."""
    sent = failed = 0
    limit = limit or settings.OMBUD_OUTBOX_BATCH
    for message_id in list(due_messages(timezone.now()).order_by("next_attempt_at", "id")
                           .values_list("id", flat=True)[:limit]):
        message = _claim(message_id)
        if message is None:  # another worker took it
            continue
        if _send(message, connection):
            sent += 1
        else:
            failed += 1
    return sent, failed


def next_due_at() -> datetime | None:
    """When the earliest message still to send may be tried (None: nothing waits): each one at
    its next attempt or the end of its claim, whichever is later. (Not the claim of the message
    with the earliest attempt: a long claim there would hold back a retry due sooner.)"""
    may_go_at = Greatest("next_attempt_at", Coalesce("claimed_until", "next_attempt_at"))
    return (OutboxMessage.objects.filter(state=MessageState.PENDING)
            .annotate(may_go_at=may_go_at).order_by("may_go_at")
            .values_list("may_go_at", flat=True).first())


def _claim(message_id: int) -> OutboxMessage | None:
    now = timezone.now()
    lease = now + timedelta(seconds=settings.OMBUD_OUTBOX_LEASE_SECONDS)
    taken = due_messages(now).filter(pk=message_id).update(claimed_until=lease)
    if not taken:
        return None
    return (OutboxMessage.objects.select_related("letter", "organization", "case")
            .get(pk=message_id))


def _send(message: OutboxMessage, connection) -> bool:
    """Send a message claimed by ``_claim`` (``message.claimed_until`` is this worker's lease)."""
    pending = OutboxMessage.objects.filter(pk=message.pk, state=MessageState.PENDING)
    try:
        email = _email_of(message, connection)
        email.send(fail_silently=False)
    except Exception as error:  # any failure of the provider: try again later
        attempts = message.attempts + 1
        log.warning("outbox %s: attempt %s failed: %s", message.pk, attempts, error)
        # Only while the claim is still ours: a send that outlived its lease may have been
        # taken over (and sent) by another worker, whose claim a late failure must not undo.
        pending.filter(claimed_until=message.claimed_until).update(
            attempts=attempts, next_attempt_at=timezone.now() + backoff(attempts),
            claimed_until=None, last_error=f"{type(error).__name__}: {error}"[:500])
        return False
    # The server took it: that is a fact whoever holds the claim now (the first to report it
    # keeps its sent_at).
    pending.update(state=MessageState.SENT, sent_at=timezone.now(),
                   attempts=message.attempts + 1, claimed_until=None, last_error="")
    return True


def text_of(message: OutboxMessage) -> str:
    """The text as it is sent: the body as written, with the recipient's own link (if the
    message has one) in its one place. Nothing in the text itself is ever read as a link."""
    if message.link_id is None:
        return message.body
    if _link_url is None:
        raise RuntimeError("no private-link resolver registered (is ombud.public installed?)")
    url = _link_url(message.link_id, message.case_id)
    if url is None:
        language = (message.case.language if message.case else "") or (
            message.organization.language)
        with translation.override(language):
            url = _("(link stopped)")
    return f"{message.body}{url}{message.body_after_link}"


def _email_of(message: OutboxMessage, connection) -> EmailMessage:
    organization = message.organization
    email = EmailMessage(
        subject=message.subject, body=text_of(message),
        from_email=_sender(organization), to=[message.to],
        connection=connection or get_connection(),
        headers={**message.headers, "Message-ID": message.message_id,
                 "Auto-Submitted": "auto-generated"})
    if message.letter is not None:
        with message.letter.file.open("rb") as stream:
            email.attach(f"{_file_name(message.letter.title)}.pdf", stream.read(),
                         "application/pdf")
    if message.attachment:
        with message.attachment.open("rb") as stream:
            email.attach(message.attachment_name, stream.read(), message.attachment_type)
    for document in message.enclosures.all():
        with document.file.open("rb") as stream:
            email.attach(_file_name(document.title), stream.read(), document.content_type)
    return email


def _file_name(title: str) -> str:
    """An attachment's name from a title a person typed: on one line (a line break in a MIME
    header either starts a header of the sender's choosing or, as Python refuses it, stops the
    message from ever going) and without control characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in title).split()) or "-"


def _sender(organization: Organization) -> str:
    if not organization.email:
        return settings.DEFAULT_FROM_EMAIL
    # The name quoted: unquoted, a comma in it ("DNV Business Assurance, Persoonscertificatie")
    # splits the From header into two addresses, and every message fails.
    # On one line (_file_name): a line break in it stopped every message of the organization.
    name = _file_name(organization.name).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{name}" <{organization.email}>'

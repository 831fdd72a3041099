"""The case: its row (current state, next deadline), its parties, and its append-only history.

The row holds what lists need, so that the queue is one indexed query; the history is the truth,
hash-chained per case so that tampering shows. Both are written in one transaction by the
services (``cases.services``), never directly.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ombud.orgs.models import Organization

NO_DEADLINE = date(9999, 12, 31)  # sort key of a case with nothing due: after every real date


class CaseState(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")
    DECLINED = "declined", _("declined")
    APPEALED = "appealed", _("appealed")
    # fvl § 33: the first instance kept its decision and sent the case to the appeal body
    FORWARDED = "forwarded", _("forwarded to the appeal body")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Case(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    procedure_id = models.CharField(_("procedure"), max_length=60)
    procedure_version = models.CharField(_("procedure version"), max_length=30)
    title = models.CharField(_("subject"), max_length=200)
    channel = models.CharField(_("channel"), max_length=10)
    received_on = models.DateField(_("received"))
    complainant_name = models.CharField(_("complainant"), max_length=200)
    # The language the complainant wrote in: their letters and mail use it.
    language = models.CharField(_("language"), max_length=5, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=CaseState.choices,
                             default=CaseState.OPEN)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="handled_cases")
    # The organization's earliest deadline still to meet (NO_DEADLINE when none): the queue order.
    next_due = models.DateField(_("next deadline"), default=NO_DEADLINE)
    next_due_key = models.CharField(max_length=30, blank=True)
    next_due_rule = models.CharField(max_length=20, blank=True)
    event_count = models.PositiveIntegerField(default=0)
    # Since when the complainant sent something (a document, a remedy, a reply, a booking) that
    # staff have not yet marked as seen: the queue and the case page say so. Null: nothing new.
    complainant_news_at = models.DateTimeField(null=True, blank=True)
    last_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "year", "number"],
                                               name="unique_case_number")]
        indexes = [
            models.Index(fields=["organization", "next_due", "id"], name="case_queue"),
            models.Index(fields=["organization", "state", "next_due", "id"],
                         name="case_queue_state"),
            models.Index(fields=["organization", "handler", "next_due", "id"],
                         name="case_queue_handler"),
            models.Index(fields=["organization", "procedure_id", "next_due", "id"],
                         name="case_queue_type"),
            models.Index(fields=["organization", "complainant_name"], name="case_name"),
            # The queue sorted by a column (selectors.SORTS): the day received, the state.
            models.Index(fields=["organization", "received_on", "id"],
                         name="case_queue_received"),
            models.Index(fields=["organization", "state", "id"], name="case_queue_state_id"),
            # by handler: each handler's cases in turn, in the order of their names
            models.Index(fields=["organization", "handler", "id"], name="case_queue_handler_id"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference

    @property
    def case_type(self) -> str:
        return self.procedure_id.partition("/")[2]

    @property
    def has_next_due(self) -> bool:
        return self.next_due != NO_DEADLINE


class PartyRole(models.TextChoices):
    COMPLAINANT = "complainant", _("complainant")
    SUBJECT = "subject", _("person complained about")
    INTERESTED = "interested", _("other interested party")


class Party(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=12, choices=PartyRole.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class CaseEvent(models.Model):
    """One entry of a case's history. Rows are only ever added (see services.case_record)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    type = models.CharField(max_length=30)
    on = models.DateField()
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    # Who acted, as they were then (history.actor_snapshot): this is what the hash covers, not
    # the foreign key above, which a deleted user empties.
    actor_user_id = models.IntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    actor_name = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField()
    # The day the step was entered in the file, beside the day it happened (``on``); a step dated
    # back carries why. Empty on entries written before these were kept.
    recorded_on = models.DateField(null=True, blank=True)
    backdate_reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)
    # Hashing version 3 (history.FORMAT): one random salt per field of ``data`` and for the
    # actor; null on entries of version 2. An erased field loses its value and its salt and
    # leaves its digest in ``erased_fields``; ``erased_seq`` is the entry that records the
    # erasure (who, when, on what ground), so the file can say so.
    salts = models.JSONField(null=True, blank=True)
    erased_fields = models.JSONField(null=True, blank=True)
    erased_seq = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="unique_event_seq")]
        ordering = ["case", "seq"]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.type}"


class DocumentKind(models.TextChoices):
    LETTER = "letter", _("letter")
    # The notice to the person complained about: theirs alone, never on the complainant's page.
    HOLDER_LETTER = "holder_letter", _("letter to the person complained about")
    ATTACHMENT = "attachment", _("attachment")
    MINUTES = "minutes", _("minutes")
    HEARING_REPORT = "hearing_report", _("hearing report")


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to="cases/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # Sent in by the complainant through their private page (not by staff).
    from_complainant = models.BooleanField(default=False)
    # The rule under which it came too late to count for sure (DNV-B-16), or "".
    late_rule = models.CharField(max_length=20, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class CorrectiveAction(models.Model):
    """A change made because of a case, with an owner, a due date and follow-up (NE-A-10)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("description"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="corrective_actions", verbose_name=_("owner"))
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)

    class Meta:
        ordering = ["case", "due_on", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class CaseNumber(models.Model):
    """The last number given to a case of one organization in one year: registrations take the
    next in one statement (``registration.next_number``), whose row lock holds it until commit,
    so that two never take the same one."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "year"],
                                               name="unique_case_number_year")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}: {self.last}"


class Meeting(models.Model):
    """A scheduled management meeting (ledermøte): complaints are a standing item (AV-12, GL-06)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="meetings", verbose_name=_("organization"))
    held_on = models.DateField(_("date"))
    minutes = models.TextField(_("minutes"), blank=True)
    # When a decision opened it on its own day, the calendar having none (AV-07, GL-07, PP-12);
    # empty for a scheduled meeting. A seal made before it did not sign it (audit.seal).
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "held_on"],
                                               name="unique_meeting_day")]
        ordering = ["organization", "held_on"]
        verbose_name = _("management meeting")
        verbose_name_plural = _("management meetings")

    def __str__(self) -> str:
        return f"{self.organization.slug} {self.held_on}"


class Contact(models.Model):
    """A phone or desk contact that opened no case: only written complaints are handled there
    (AV-05, GL-05, NE-A-02); the person was offered the written form."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="contacts")
    procedure_id = models.CharField(max_length=60)
    channel = models.CharField(max_length=10)
    received_on = models.DateField()
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The case the person filed afterwards, once linked (matched by e-mail or phone when it was
    # registered, or linked by staff): the contact then stands in that case's history too.
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="contacts")

    class Meta:
        ordering = ["organization", "-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.received_on})"


class AccessKind(models.TextChoices):
    CASE = "case", _("read the file")
    DOWNLOAD = "download", _("downloaded")
    SEARCH = "search", _("saw words of the file in a search")


class AccessLog(models.Model):
    """Who read a case file or downloaded a document from it, and when: one row per page view
    or download, written with a single INSERT. Shown to the auditor and the privacy officer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accesses")
    kind = models.CharField(max_length=10, choices=AccessKind.choices)
    # The person as they were then: deleting or renaming the user keeps the entry readable.
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    person_name = models.CharField(max_length=200)
    document = models.ForeignKey(Document, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    what = models.CharField(max_length=200, blank=True)  # the document's title then
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["case", "-at"], name="access_by_case")]
        ordering = ["case", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.person_name} {self.at:%Y-%m-%d %H:%M}"


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("A case was assigned to you")
    DOCUMENT = "document", _("The complainant sent a document")
    REPLY = "reply", _("The complainant replied")
    DEADLINE = "deadline", _("A deadline is near")


class Notification(models.Model):
    """Something a staff member should know about one of their cases: shown in the app until
    read, and mailed once in the day's digest. Who may read the case is asked again when it is
    shown or mailed: a person taken off a case no longer hears of it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="notifications")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    # What it is about, in a few words (a document's name, a deadline's day): shown escaped.
    text = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mailed_on = models.DateField(null=True, blank=True)  # the day's digest that carried it
    # Made once: a deadline's reminder on every sweep of the same night is one notification.
    dedupe_key = models.CharField(max_length=120, null=True, blank=True, unique=True)

    class Meta:
        indexes = [models.Index(fields=["user", "organization", "read_at", "-created_at"],
                                name="notification_unread"),
                   models.Index(fields=["mailed_on", "user"], name="notification_digest")]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.case_id}"


class StaffPreference(models.Model):
    """The language a staff member reads Ombud in, kept for what reaches them outside a page
    (the daily digest): the language they last chose on their notifications page."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="staff_preference")
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)

    def __str__(self) -> str:
        return f"{self.user_id} {self.language}"


class CaseText(models.Model):
    """Everything written on a case, as one text for searching it by its words (``cases.search``):
    rebuilt by the services whenever an entry is added to the file, never on read. PostgreSQL
    adds a ``vector`` column (tsvector in the case's language, GIN-indexed), SQLite a full-text
    (FTS5) table keyed by the case (migration 0011_case_text_search)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True,
                                related_name="text_index")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    config = models.CharField(max_length=20)  # PostgreSQL's text search configuration
    body = models.TextField()

    def __str__(self) -> str:
        return f"{self.case_id} ({self.config})"


# Counted in OpenCount (its triggers name them too: migration 0019_forwarded_state)
OPEN_STATES = ("open", "appealed", "forwarded")
NO_HANDLER = 0  # in OpenCount's key, where a NULL would not be unique


class OpenCount(models.Model):
    """How many open cases an organization has per handler and next deadline: kept by the
    database itself (triggers on the case table, migration 0017_queue_speed), so every write of
    a case row, whatever writes it, moves the case between these rows in its own transaction.
    The live overview on the queue adds up these few rows (one per handler and day) instead of
    reading every open case; how many are overdue is asked of the days at read time, so the
    counts never go stale as days pass (``reports.selectors.overview``)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    handler_id = models.IntegerField(default=NO_HANDLER)
    next_due = models.DateField()
    cases = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "handler_id", "next_due"],
                                               name="open_count_key")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.handler_id} {self.next_due}: {self.cases}"


from ombud.cases.versions_in_use import VersionInUse  # noqa: E402,F401 - a model of the app

"""An organization's newsletter (NE-N-01…04): the consent texts people agree to, word for word and
versioned; the subscribers; every consent given or withdrawn as its own row that is never
changed; and the queue of changes for the processor (Mailchimp), sent once each, in order."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ombud.orgs.models import Organization


class Newsletter(models.Model):
    """An organization that sends a newsletter. Without one, its newsletter pages are not found."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE,
                                        related_name="newsletter",
                                        verbose_name=_("organization"))
    name = models.CharField(_("name"), max_length=200)  # for staff and the admin
    # The newsletter as it stands inside a sentence, in each language, with its own grammar:
    # "Norsk Energis nyhetsbrev", "de nieuwsbrief van Norsk Energi", "Norsk Energi's
    # newsletter". Never built by gluing the organization's name to a word.
    name_nb = models.CharField(_("name in a sentence (bokmål)"), max_length=200, blank=True)
    name_nl = models.CharField(_("name in a sentence (Dutch)"), max_length=200, blank=True)
    name_en = models.CharField(_("name in a sentence (English)"), max_length=200, blank=True)
    # NE-N-04: the processor, named to the person; its audience (Mailchimp's list id). The API
    # key is a secret, read from OMBUD_MAILCHIMP_API_KEY, never stored here.
    processor = models.CharField(_("processor"), max_length=100, default="Mailchimp")
    list_id = models.CharField(_("Mailchimp audience id"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("newsletter")

    def __str__(self) -> str:
        return self.name

    @property
    def called(self) -> str:
        """The name in the active language, for a sentence (``capfirst`` it to start one)."""
        return getattr(self, f"name_{translation.get_language()}", "") or self.name

    def consent_text(self) -> ConsentText:
        """The text in force: the newest version."""
        return self.texts.order_by("-created_at", "-id").first()


class ConsentText(models.Model):
    """What a person agrees to, in each language. A changed text is a new version, never an
    edit: a consent points at the exact words it was given to (NE-N-01)."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="texts")
    # The version as people read it ("1", "2"), with the day the words were published: a
    # citizen sees "version 1 of 1 May 2026", never a rule ID.
    version = models.CharField(_("version"), max_length=40)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    text_nb = models.TextField(_("text (bokmål)"))
    text_nl = models.TextField(_("text (Dutch)"))
    text_en = models.TextField(_("text (English)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["newsletter", "version"],
                                               name="unique_consent_text_version")]
        verbose_name = _("consent text")

    def __str__(self) -> str:
        return self.version

    def text(self, language: str) -> str:
        return getattr(self, f"text_{language}", "") or self.text_nb


class SubscriberState(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    SUBSCRIBED = "subscribed", _("subscribed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Subscriber(models.Model):
    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE,
                                   related_name="subscribers")
    email = models.EmailField(_("e-mail address"))  # kept lower-cased: one row per address
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    state = models.CharField(_("state"), max_length=12, choices=SubscriberState.choices,
                             default=SubscriberState.PENDING)
    # Raised on every new request and every withdrawal: a link mailed before it no longer
    # confirms anything (an old confirmation link cannot undo a withdrawal).
    generation = models.PositiveIntegerField(default=1)
    # The request waiting for its confirmation: the words shown on the form, and when.
    pending_text = models.ForeignKey(ConsentText, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["newsletter", "email"],
                                               name="unique_subscriber_address")]
        verbose_name = _("subscriber")

    def __str__(self) -> str:
        return self.email


class ConsentAction(models.TextChoices):
    GIVEN = "given", _("given")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ConsentChannel(models.TextChoices):
    WEB = "web", _("web form")
    EMAIL_LINK = "email_link", _("link in an e-mail")
    ONE_CLICK = "one_click", _("one-click unsubscribe (mail program)")
    LETTER = "letter", _("letter")
    EMAIL = "email", _("e-mail")


class ConsentHow(models.TextChoices):
    BOX_AND_MAIL = "box_and_mail", _(
        "ticked the consent box on the web form and confirmed through the link mailed to the "
        "address")
    ONE_CLICK = "one_click", _("unsubscribed with one click in the mail program")
    LINK_PAGE = "link_page", _("followed the unsubscribe link in a mail and confirmed on the page")
    IN_WRITING = "in_writing", _("wrote to us; registered by staff")


class Consent(models.Model):
    """One consent given or withdrawn, as it happened: never changed, never deleted while the
    subscriber exists (the proof NE-N-01 and NE-N-02 ask for)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(max_length=10, choices=ConsentAction.choices)
    text = models.ForeignKey(ConsentText, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")  # the exact words agreed to (given only)
    language = models.CharField(max_length=5)  # the language the words were shown in
    channel = models.CharField(max_length=12, choices=ConsentChannel.choices)
    how = models.CharField(max_length=20, choices=ConsentHow.choices)
    at = models.DateTimeField()
    # Given: when the box was ticked on the form (``at`` is when the mailed link confirmed it).
    asked_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(null=True, blank=True)  # a withdrawal in writing: its date

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["subscriber", "at"], name="consent_history")]

    def __str__(self) -> str:
        return f"{self.subscriber_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class SyncOperation(models.TextChoices):
    SUBSCRIBE = "subscribe", _("add or update")
    ARCHIVE = "archive", _("archive")
    # GDPR art. 17: the person's data erased here; the processor deletes the member for good.
    ERASE = "erase", _("delete permanently")


class SyncState(models.TextChoices):
    PENDING = "pending", _("waiting")
    DONE = "done", _("sent")
    REFUSED = "refused", _("refused by the processor")


class SyncChange(models.Model):
    """One change of the subscriber list for the processor, written in the transaction that
    made it. The worker sends a subscriber's changes one at a time in ``id`` order: a later change
    waits until the one before it was taken, so a withdrawal never overtakes its subscription."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="changes")
    operation = models.CharField(max_length=10, choices=SyncOperation.choices)
    # An erasure's change: the processor's name for the member (the MD5 of the address), since
    # the address itself is gone from the subscriber's row.
    member_hash = models.CharField(max_length=32, blank=True)
    state = models.CharField(max_length=10, choices=SyncState.choices,
                             default=SyncState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="sync_due")]

    def __str__(self) -> str:
        return f"{self.operation} {self.subscriber_id} ({self.state})"

"""The outbox: every message Ombud sends is first a row here, written in the same transaction as
the case event that caused it. The worker sends it (``mail.outbox.deliver_due``); a row is never
deleted, so the case file can show each message's state."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ombud.cases.models import Case, Document
from ombud.orgs.models import Organization


class MessageState(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    # Its person's data was erased before it went out (GDPR art. 17): it never will.
    ERASED = "erased", _("not sent: erased")


class OutboxMessage(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT,
                                     related_name="outbox")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="messages")
    kind = models.CharField(max_length=30)  # receipt, letter, tracking_link, reminder, form_link
    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body = models.TextField()
    # The recipient's own private link (a public.TrackingLink id), put between ``body`` and
    # ``body_after_link`` at the moment of sending: the token exists only then, and no text is
    # ever searched for a link, so nothing a person typed can pull another person's link in.
    link_id = models.PositiveBigIntegerField(null=True, blank=True)
    body_after_link = models.TextField(blank=True)
    letter = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")  # the archived PDF, attached to the message
    # Documents sent along with the letter: the complaint's enclosures to the person complained
    # about (DNV-K-13).
    enclosures = models.ManyToManyField(Document, blank=True, related_name="+")
    # A file made for this message alone, not of a case: the annual report's PDF to a manager.
    attachment = models.FileField(upload_to="outbox/%Y/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    # Headers of the mail beyond the usual ones: a newsletter's List-Unsubscribe and
    # List-Unsubscribe-Post (RFC 8058, NE-N-02). Only names the outbox allows are sent.
    headers = models.JSONField(default=dict, blank=True)
    # Fixed when the row is written: a send repeated after a crash carries the same Message-ID,
    # so the receiving side can drop the copy.
    message_id = models.CharField(max_length=200, unique=True)
    # Makes "send this once" a database fact: a reminder for one deadline, one due day.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    state = models.CharField(max_length=10, choices=MessageState.choices,
                             default=MessageState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)  # a worker is sending it
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.state})"

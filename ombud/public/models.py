"""What the public side keeps beside the case: the private links complainants follow their case
with, and one row per web submission that makes a retried POST find its case instead of making
a second one."""

from __future__ import annotations

from django.db import models

from ombud.cases.models import Case
from ombud.orgs.models import Organization


class TrackingLink(models.Model):
    """A private link to a case. The token is a keyed hash of the link's id and salt (see
    ``tokens.token_for``): it is never stored, only its SHA-256 for the lookup, so a copy of the
    database does not open anyone's case. Mail names the link by its id, and the outbox puts
    the link in at the moment it sends (``mail.outbox.text_of``). A link can be revoked; a new
    one can be sent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tracking_links")
    salt = models.CharField(max_length=32, default="")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return f"link to {self.case_id}"


class Submission(models.Model):
    """One web form submission that made a case. ``key`` is the idempotency key the form carried
    (see ``form_keys``); ``fingerprint`` a keyed hash of what was sent with it, which tells a
    retry from another person's submission under a copied key; ``client`` a keyed hash of the
    sender's address, counted by the rate limit."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="submissions")
    key = models.CharField(max_length=64)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="submission")
    client = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    proof_of_work = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Whether the worker has done what the complainant does not wait for (the receipt's PDF and
    # mail, the figures: ``public.follow_up``). The form writes False in the case's own
    # transaction, so the work is owed exactly when the case exists; rows from before were
    # done in their request (hence the default).
    followed_up = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "key"],
                                               name="unique_submission_key")]
        indexes = [models.Index(fields=["client", "created_at"], name="submission_client"),
                   models.Index(fields=["id"], condition=models.Q(followed_up=False),
                                name="submission_owed")]

    def __str__(self) -> str:
        return self.key


class ResendRequest(models.Model):
    """One request for a new private link, counted per sender (a keyed hash of the address,
    as for submissions), so that the form cannot be used to mail complainants in bulk."""

    client = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["client", "created_at"], name="resend_client")]

    def __str__(self) -> str:
        return f"{self.client[:8]} {self.created_at:%Y-%m-%d %H:%M}"


class UploadTry(models.Model):
    """One upload from the public that a limit counts (issue 9, finding 2): every document sent
    on a private page, taken or refused, and every refused upload on the form (a taken one
    there is counted by its Submission). ``client`` as in Submission; kept about an hour."""

    client = models.CharField(max_length=64)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    refused = models.BooleanField()
    proof_of_work = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["client", "created_at"], name="upload_try_client"),
                   models.Index(fields=["case", "created_at"], name="upload_try_case")]

    def __str__(self) -> str:
        return f"upload try of {self.client[:8]}"

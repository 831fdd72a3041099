"""A seal: an organization's case chains at one moment, signed with the seal key."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ombud.orgs.models import Organization


class Seal(models.Model):
    """The signed ``payload`` names the organization, the moment, the number of cases and the
    Merkle root over their heads (``ombud.audit.merkle``), and the previous seal's signature
    digest, so that seals form a chain of their own. ``heads`` keeps every case's head, one line
    ``reference events last_hash`` per case sorted by reference: ``verify`` compares each chain
    with it and a proof takes its path from it."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT,
                                     related_name="seals")
    sealed_at = models.DateTimeField(_("sealed"))
    case_count = models.PositiveIntegerField()
    root = models.CharField(max_length=64)
    heads = models.TextField(blank=True)
    previous = models.CharField(max_length=64, blank=True)
    payload = models.TextField()  # the exact signed bytes (canonical JSON)
    signature = models.CharField(max_length=128)
    public_key = models.CharField(max_length=64)
    key_fingerprint = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["organization", "-sealed_at", "-id"],
                                name="seal_latest")]
        verbose_name = _("seal")
        verbose_name_plural = _("seals")

    def __str__(self) -> str:
        return f"{self.organization_id} {self.sealed_at:%Y-%m-%d %H:%M}"

    @property
    def short_fingerprint(self) -> str:
        return " ".join(self.key_fingerprint[i:i + 4] for i in range(0, 16, 4))

    def head_lines(self):
        """The heads as stored. A line that cannot be read (a hand on the database) is left
        out: the root recomputed from the rest then differs from the signed one, which
        ``verify`` names; the auditor's pages show the case unsealed rather than fail."""
        for line in self.heads.splitlines():
            parts = line.split(" ")
            if len(parts) == 3 and parts[1].isdigit():
                yield parts[0], int(parts[1]), parts[2]

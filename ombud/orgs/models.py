"""Organizations, the people in them with their roles, and the bodies that decide."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ombud.domain.calendars import CALENDARS


class Organization(models.Model):
    slug = models.SlugField(_("short name"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    calendar = models.CharField(_("calendar"), max_length=10,
                                choices=[(code, code) for code in CALENDARS])
    reference_prefix = models.CharField(_("reference prefix"), max_length=10, unique=True)
    # What the public form and the letters show (PP-06: the privacy statement and the routine).
    postal_address = models.CharField(_("postal address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    privacy_url = models.URLField(_("privacy statement"), blank=True)
    routine_url = models.URLField(_("complaint routine"), blank=True)
    # Two-factor sign-in is always asked of administrators, managers and privacy officers;
    # this asks it of every member too.
    two_factor_for_everyone = models.BooleanField(
        _("two-factor sign-in for everyone"), default=False,
        help_text=_("Every member signs in with a second factor, not only administrators, "
                    "managers and privacy officers."))
    # Reports made for outside bodies (NAV, the accreditation body) show a count of 1 or 2 as
    # "<3", so that nobody can be recognized in a small group.
    suppress_small_cells = models.BooleanField(
        _("suppress small numbers in reports for outside bodies"), default=False,
        help_text=_("In reports exported for outside bodies, counts below 3 are shown as "
                    "“<3”."))

    class Meta:
        ordering = ["slug"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class EnabledProcedure(models.Model):
    """A case type the organization runs, by its procedure id (``dnv/objection``)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="procedures")
    procedure_id = models.CharField(_("procedure"), max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "procedure_id"],
                                               name="unique_enabled_procedure")]
        ordering = ["procedure_id"]
        verbose_name = _("enabled procedure")
        verbose_name_plural = _("enabled procedures")

    def __str__(self) -> str:
        return self.procedure_id

    @property
    def case_type(self) -> str:
        return self.procedure_id.partition("/")[2]


class Role(models.TextChoices):
    ADMINISTRATOR = "admin", _("administrator")
    MANAGER = "manager", _("manager")
    HANDLER = "handler", _("handler")
    INTAKE = "intake", _("intake")
    PRIVACY_OFFICER = "privacy", _("privacy officer")
    AUDITOR = "auditor", _("auditor")


# Who may do what in a case is one table, as data: ombud.domain.access (the same role keys).


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships", verbose_name=_("user"))
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="memberships", verbose_name=_("organization"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization", "role"],
                                               name="unique_membership_role")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organization.slug})"


class BodyKind(models.TextChoices):
    MANAGEMENT_MEETING = "management_meeting", _("management meeting")
    CERTIFICATION_COUNCIL = "certification_council", _("certification council")
    BOARD = "board", _("board")
    DEPARTMENT_MANAGER = "department_manager", _("department manager")
    QUALITY_OFFICER = "quality_officer", _("quality officer")


class Body(models.Model):
    """Who may handle or decide: a meeting, a council, a board or a role held by one person."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="bodies", verbose_name=_("organization"))
    # One of BodyKind, or a kind the organization's bundle names (issue 13): orgs.body_kinds
    kind = models.CharField(_("kind"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="bodies",
                                     verbose_name=_("members"))

    class Meta:
        ordering = ["organization", "kind", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        from ombud.orgs.body_kinds import kind_label

        return kind_label(self.organization.slug, self.kind)


class AttemptCounter(models.Model):
    """How many attempts of one kind (a sign-in for one user name from one address, a password
    reset for one account) were made in the current window. One row per scope and key, counted up
    by a conditional UPDATE (``ombud.orgs.throttle``), so that parallel requests can never take
    more attempts than the limit."""

    scope = models.CharField(max_length=20)
    key = models.CharField(max_length=64)  # a keyed hash: user names and addresses not stored
    window_started_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"],
                                               name="unique_attempt_counter")]
        indexes = [models.Index(fields=["window_started_at"], name="attempt_counter_age")]

    def __str__(self) -> str:
        return f"{self.scope} {self.count} since {self.window_started_at:%Y-%m-%d %H:%M}"

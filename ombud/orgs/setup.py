"""Setting up an organization and its people without a programmer: ``ombud org create``,
``ombud user create`` and the same forms in the admin.

A procedure is enabled only when it is installed (a bundle in the package or in
OMBUD_PROCEDURE_DIRS), belongs to the organization's own bundle and can be read: a misspelt
one is refused here, with the installed ones named, instead of failing later on every page. A
new person gets no password: a mail through the outbox carries a link to choose one (the
password-reset token, which stops working once used).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ombud.domain.bundles import ORG_SLUG
from ombud.domain.loader import (
    ProcedureError,
    UnknownProcedure,
    find_procedure,
    installed_procedure_ids,
)
from ombud.orgs import outbox
from ombud.orgs.models import EnabledProcedure, Membership, Organization, Role

log = logging.getLogger(__name__)
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
USERNAME_MAX = 150


class SetupError(ValueError):
    """Input that cannot set anything up; ``str()`` is one sentence in the active language."""


def installed_for(slug: str) -> list[str]:
    """The installed procedures of the organization's own bundle."""
    return [procedure_id for procedure_id in installed_procedure_ids()
            if procedure_id.partition("/")[0] == slug]


def procedure_problem(procedure_id: str, slug: str) -> str | None:
    """Why ``procedure_id`` cannot be enabled for the organization ``slug``; None when it can."""
    own = installed_for(slug)
    if procedure_id not in installed_procedure_ids():
        return (_("No procedure %(procedure)s is installed. Installed for %(organization)s: "
                  "%(installed)s.") % {"procedure": procedure_id, "organization": slug,
                                      "installed": ", ".join(own) or _("none")})
    if procedure_id not in own:
        return _("%(procedure)s belongs to another organization's bundle.") % {
            "procedure": procedure_id}
    try:
        find_procedure(procedure_id)
    except (ProcedureError, UnknownProcedure) as error:
        return _("%(procedure)s cannot be read: %(problem)s") % {"procedure": procedure_id,
                                                               "problem": error}
    return None


def reserved_slugs() -> frozenset[str]:
    """The first parts of Ombud's own addresses (``/admin/``, ``/login/``, ``/track/``,
    ``/static/`` …): an organization named like one would find its pages answered by them."""
    from django.urls import get_resolver

    found = {settings.STATIC_URL.strip("/").split("/")[0], "media"}

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            head = route.split("/", 1)[0]
            if not head and hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, route)
            elif head and not any(char in head for char in "<^$([\\"):
                found.add(head)

    walk(get_resolver().url_patterns, "")
    return frozenset(found)


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name an organization (its bundle's folder and its addresses); None
    when it can. The command and the admin ask the same."""
    if not ORG_SLUG.match(slug):
        return _("The short name must be lower-case letters, digits and hyphens, starting with "
                 "a letter, at most 20 characters.")
    if slug in reserved_slugs():
        return _("The short name %(slug)s is taken by Ombud's own pages (/%(slug)s/): choose "
                 "another.") % {"slug": slug}
    return None


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an organization's name, or None. It heads every letter, the
    sender of every mail and the staff's pages: one line of printable text, no control
    characters nor the marks that turn the text around (U+202E), which isprintable refuses."""
    if not name.strip() or len(name) > 200:
        return _("Give the organization's name (at most 200 characters).")
    if not name.isprintable():
        return _("Give the organization's name on one line, without control characters.")
    return None


def create_organization(*, slug: str, name: str, language: str,
                        procedures: list[str]) -> Organization:
    """A new organization with its procedures enabled. Raises SetupError, changing nothing."""
    if problem := slug_problem(slug):
        raise SetupError(problem)
    if Organization.objects.filter(slug=slug).exists():
        raise SetupError(_("An organization with the short name %(slug)s exists already.")
                         % {"slug": slug})
    if problem := name_problem(name):
        raise SetupError(problem)
    if language not in LANGUAGE_CODES:
        raise SetupError(_("The language must be one of %(languages)s.")
                         % {"languages": ", ".join(LANGUAGE_CODES)})
    if not procedures:
        raise SetupError(_("Name at least one procedure to enable."))
    for procedure_id in procedures:
        if problem := procedure_problem(procedure_id, slug):
            raise SetupError(problem)
    calendar = find_procedure(procedures[0]).calendar.code
    with transaction.atomic():
        organization = Organization.objects.create(
            slug=slug, name=name.strip(), language=language, calendar=calendar,
            reference_prefix=_free_prefix(slug))
        for procedure_id in dict.fromkeys(procedures):
            EnabledProcedure.objects.create(organization=organization, procedure_id=procedure_id)
    return organization


def _free_prefix(slug: str) -> str:
    """The case references' prefix: the short name in capitals, numbered when taken."""
    base = slug.replace("-", "").upper()[:8]
    prefix, number = base, 1
    while Organization.objects.filter(reference_prefix=prefix).exists():
        number += 1
        prefix = f"{base}{number}"
    return prefix


def create_user(*, username: str, organization: Organization, role: str, email: str):
    """A new person with a role in ``organization`` and a mail to choose a password. Raises
    SetupError, changing nothing."""
    user_model = get_user_model()
    if not username or len(username) > USERNAME_MAX or not all(
            char.isalnum() or char in "@.+-_" for char in username):
        raise SetupError(_("The user name may hold letters, digits and @ . + - _ only."))
    if user_model.objects.filter(username__iexact=username).exists():
        raise SetupError(_("The user name %(username)s is taken.") % {"username": username})
    if role not in Role.values:
        raise SetupError(_("The role must be one of %(roles)s.")
                         % {"roles": ", ".join(Role.values)})
    try:
        validate_email(email)
    except ValidationError:
        raise SetupError(_("Enter a valid e-mail address.")) from None
    with transaction.atomic():
        user = user_model(username=username, email=email,
                          is_staff=role == Role.ADMINISTRATOR)  # the admin is where they work
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, organization=organization, role=role)
        with translation.override(organization.language):
            outbox.enqueue(organization=organization, to=email, kind="password_reset",
                           subject=_("Your Ombud account: choose a password"),
                           body=_welcome_body(user, organization))
    log.info("user %s created in %s as %s", user.pk, organization.slug, role)
    return user


def _welcome_body(user, organization: Organization) -> str:
    """Fixed translated sentences and the link: nothing typed enters the mail but the names
    the operator gave, which are plain text in a plain-text mail."""
    link = settings.OMBUD_PUBLIC_URL + reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    return "\n\n".join([
        _("An Ombud account was made for you at %(organization)s, user name %(username)s.")
        % {"organization": organization.name, "username": user.get_username()},
        _("Open this link within %(minutes)s minutes to choose your password. The link works "
          "once:") % {"minutes": minutes} + "\n" + link,
        _("When the link has run out, ask for a new one on the sign-in page: %(question)s")
        % {"question": _("Forgot your password?")},
    ]) + "\n"

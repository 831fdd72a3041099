"""Choosing a new password by mail (issue 9, finding 6).

Whoever asks gets the same answer, whether the address belongs to an account or not, and in the
same time: the request only counts the asking address and hands the address to a background task
(``ombud.orgs.tasks``), which looks for the account. A mail goes out only for an active account
with that address, and only within a limit per asking address and per account. The link carries
Django's password reset token: it expires after PASSWORD_RESET_TIMEOUT and stops working once the
password changed (single use).

The mail's body is written here, whole, from fixed translated sentences and the link: nothing a
person typed (not even the address asked for, nor a name) ever enters it, so no typed text can
carry anything into a mail.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ombud.orgs import outbox
from ombud.orgs.models import Organization
from ombud.orgs.throttle import attempt_key, attempt_reserve

log = logging.getLogger(__name__)

RESETS_PER_ADDRESS_PER_HOUR = 5  # asked from one client address, whatever the accounts
RESETS_PER_ACCOUNT_PER_HOUR = 3  # mails to one account, wherever asked from
_HOUR = timedelta(hours=1)


def password_reset_request(*, email: str, client: str) -> None:
    """Ask for links to choose a new password for the accounts with ``email``, if the asking
    address (``client``, keyed) is within its limit. Says nothing back: the caller shows the same
    page in every case, and takes the same time, for the accounts are looked up later."""
    from ombud.orgs.tasks import password_reset_mail

    if not attempt_reserve(scope="reset-address", key=attempt_key(client),
                           limit=RESETS_PER_ADDRESS_PER_HOUR, window=_HOUR):
        log.info("password reset: address over its limit")
        return
    password_reset_mail.enqueue(email=email)


def password_reset_mail_accounts(*, email: str) -> int:
    """Mail a link to each active account with ``email`` within its limit; how many were sent."""
    mailed = 0
    for user in get_user_model().objects.filter(email__iexact=email, is_active=True):
        if not user.has_usable_password() and user.last_login is not None:
            continue  # a password taken away; one never chosen yet (a new account) may be
        if not attempt_reserve(scope="reset-account", key=attempt_key(str(user.pk)),
                               limit=RESETS_PER_ACCOUNT_PER_HOUR, window=_HOUR):
            log.info("password reset: account %s over its limit", user.pk)
            continue
        mailed += _mail_link(user)
    return mailed


def _mail_link(user) -> int:
    # Every message belongs to an organization (its sender, its language); a person with none
    # (a platform superuser) sets a password with `python -m django changepassword`.
    organization = (Organization.objects.filter(memberships__user=user).order_by("pk").first())
    if organization is None:
        log.info("password reset: user %s is in no organization", user.pk)
        return 0
    with translation.override(organization.language):
        subject = _("Choose a new password for Ombud")
        body = _reset_mail_body(user)
    with transaction.atomic():
        outbox.enqueue(organization=organization, to=user.email, subject=subject, body=body,
                       kind="password_reset")
    return 1


def _reset_mail_body(user) -> str:
    link = settings.OMBUD_PUBLIC_URL + reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    return "\n\n".join([
        _("Someone asked to choose a new password for your Ombud account."),
        _("Open this link within %(minutes)s minutes to choose it. The link works once:")
        % {"minutes": minutes} + "\n" + link,
        _("If it was not you, ignore this message: your password stays as it was."),
    ]) + "\n"

"""Background work of sign-in: the mail to choose a new password, looked up and written away from
the request, so that asking for an address with an account takes the time of asking for one
without."""

from __future__ import annotations

from django_tasks import task

from ombud.orgs import passwords


@task()
def password_reset_mail(email: str) -> int:
    return passwords.password_reset_mail_accounts(email=email)

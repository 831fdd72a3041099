"""The yearly mail of the annual report to each organization's managers, through the outbox
(``orgs.outbox``) and Django's tasks API (``ombud.schedule``). Asked every night; in January it
writes, per organization and manager, one message about the year before: the outbox's dedupe
key makes a second night, a restart or a second worker write nothing more, and the night asks
the outbox first, so that the PDF is set only for a message still to be written."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from ombud import schedule
from ombud.mail.models import OutboxMessage
from ombud.orgs import outbox
from ombud.orgs.models import Membership, Organization, Role
from ombud.reports.annual import annual_report
from ombud.reports.exports import report_pdf_bytes
from ombud.reports.selectors import Scope

MAIL_MONTH = 1


def report_mail(organization: Organization, year: int) -> tuple[str, str, tuple[str, bytes, str]]:
    """The subject, text and attached PDF of the mail, in the organization's language: each
    section's summary, the report itself, and where to read, download and check it."""
    with translation.override(organization.language):
        report = annual_report(organization, Scope(organization.pk, year),
                               language=organization.language)
        address = (settings.OMBUD_PUBLIC_URL + reverse("reports:annual", args=[organization.slug])
                   + f"?year={year}")
        lines = [_("The annual report on complaints for %(year)s is ready.") % {"year": year},
                 ""]
        for section in report.sections:
            lines += [section.title, section.summary, ""]
        lines += [_("The report is attached as PDF. Read it, download it as a spreadsheet or "
                    "CSV and check each figure case by case here:"), address]
        pdf, content_type = report_pdf_bytes(report)
        attachment = (f"{report.title} {organization.name}.pdf", pdf, content_type)
        return f"{report.title} · {organization.name}", "\n".join(lines), attachment


def mail_annual_reports(today: date | None = None) -> int:
    """Write the mails due ``today``; returns how many were written (0 outside January or when
    they went before)."""
    today = today or timezone.localdate()
    if today.month != MAIL_MONTH:
        return 0
    year, written = today.year - 1, 0
    for organization in Organization.objects.all():
        managers = list(Membership.objects.filter(organization=organization, role=Role.MANAGER,
                                                  user__is_active=True)
                        .exclude(user__email="").select_related("user"))
        keys = {membership.user_id: f"annual_report:{organization.pk}:{year}:{membership.user_id}"
                for membership in managers}
        sent = set(OutboxMessage.objects.filter(dedupe_key__in=keys.values())
                   .values_list("dedupe_key", flat=True))
        due = [membership for membership in managers if keys[membership.user_id] not in sent]
        if not due:
            continue  # asked first: the PDF is set only on the night it is still to go
        subject, body, attachment = report_mail(organization, year)
        with transaction.atomic():
            for membership in due:
                written += outbox.enqueue(
                    organization=organization, to=membership.user.email, subject=subject,
                    body=body, kind="annual_report", attachment=attachment,
                    dedupe_key=keys[membership.user_id]) is not None
    return written


@task()
def annual_reports() -> dict[str, int]:
    """The nightly question, then the next night booked."""
    try:
        return {"written": mail_annual_reports()}
    finally:
        schedule.enqueue_once(annual_reports, run_after=schedule.next_reports_at())

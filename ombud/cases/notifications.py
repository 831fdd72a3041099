"""Notifications to staff: a case assigned to them, a document or a reply from the complainant,
a deadline of theirs coming near; shown in the app and mailed once a day as a digest.

They are made where the fact is recorded, in its transaction: ``event_recorded`` is called by
the chain for every entry (the complainant's own actions on the private page arrive there
through the cases' services, so the public side needs nothing of its own), and the nightly
reminders call ``deadline_near``. Each is for people who may read the case then; whether they
still may is asked again when the notification is shown or mailed (``visible``)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ombud.cases import permissions, selectors
from ombud.cases.models import Case, Notification, NotificationKind, StaffPreference
from ombud.domain import messages as words
from ombud.orgs import outbox
from ombud.orgs.models import Membership, Organization, Role

# The complainant's entries that are a reply to the organization (a document is its own kind).
REPLIES = frozenset({"extension_consent", "hearing_requested", "hearing_waived", "appealed",
                     "withdrawn", "remedied", "remedy_supplied", "slot_booked"})


def event_recorded(case: Case, event_type: str, data: dict, actor) -> None:
    """Called for every entry added to a case's history, in its transaction."""
    if event_type == "assigned" and data.get("handler_id"):
        if str(data["handler_id"]) != str(getattr(actor, "pk", None)):
            # Not asked whether she reads it: the case row names her handler only after this
            # entry, and its handler reads it (shown or mailed, that is asked again).
            _notify(case, _users([data["handler_id"]]), NotificationKind.ASSIGNED,
                    text=str(data.get("body", ""))[:200], readers_only=False)
        return
    if actor is None or permissions.is_staff_person(actor):
        return  # the system's sweep, or staff: nothing the staff must be told of
    if event_type == "document_added":
        _notify(case, responsible(case), NotificationKind.DOCUMENT,
                text=str(data.get("text", ""))[:200])
    elif event_type in REPLIES:
        names = words.EVENT_NAMES.get(event_type)
        text = words.pick(names, case.organization.language) if names else data.get("text", "")
        _notify(case, responsible(case), NotificationKind.REPLY, text=str(text)[:200])


def deadline_near(case: Case, users: list, *, key: str, due: date, text: str) -> None:
    """A deadline of the case falls soon: told once per person, however often the sweep runs."""
    for user in users:
        _notify(case, [user], NotificationKind.DEADLINE, text=text[:200],
                dedupe_key=f"deadline:{case.pk}:{key}:{due.isoformat()}:{user.pk}")


def responsible(case: Case) -> list:
    """Who answers for a case: its handler, or the managers while it has none or its handler's
    account is closed (someone who left is told nothing, and someone here is)."""
    if case.handler_id is not None:
        handler = _users([case.handler_id])
        if handler:
            return handler
    return [member.user for member in Membership.objects.filter(
        organization=case.organization_id, role=Role.MANAGER).select_related("user")
        if member.user.is_active]


def _users(ids) -> list:
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def _notify(case: Case, users, kind: str, *, text: str, dedupe_key: str | None = None,
            readers_only: bool = True) -> None:
    for user in {user.pk: user for user in users}.values():
        roles = permissions.roles_of(user, case.organization_id)
        if not roles or (readers_only and not selectors.may_read(user, case.organization, roles,
                                                                 case)):
            continue
        notification = Notification(user=user, organization_id=case.organization_id, case=case,
                                    kind=kind, text=text, dedupe_key=dedupe_key)
        try:
            with transaction.atomic():  # a savepoint: the step's own transaction goes on
                notification.save()
        except IntegrityError:
            continue  # this deadline's notification was made on an earlier sweep


def visible(person, organization, roles: frozenset[str],
            readable: QuerySet | None = None) -> QuerySet[Notification]:
    """The person's notifications in the organization, of cases they may read now
    (``readable``: those cases, when the caller has them already)."""
    if readable is None:
        readable = selectors.cases_for(person, organization, roles)
    return (Notification.objects.filter(user=person, organization=organization,
                                        case__in=readable)
            .select_related("case"))


def unread_count(person, organization, roles: frozenset[str],
                 readable: QuerySet | None = None) -> int:
    return visible(person, organization, roles, readable).filter(read_at__isnull=True).count()


def mark_read(*, person, organization, roles: frozenset[str], ids: list[int] | None = None) -> int:
    """Mark the person's notifications read (these ``ids``, or all): how many were unread."""
    unread = visible(person, organization, roles).filter(read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return Notification.objects.filter(pk__in=list(unread.values_list("pk", flat=True))).update(
        read_at=timezone.now())


def case_read(*, person, case: Case) -> None:
    """The person opened the case: what they were told of it is read (one UPDATE)."""
    Notification.objects.filter(user=person, case=case, read_at__isnull=True).update(
        read_at=timezone.now())


def language_keep(person, language: str) -> None:
    """The language the person reads Ombud in, for their digest."""
    if language in dict(settings.LANGUAGES):
        StaffPreference.objects.update_or_create(user=person, defaults={"language": language})


def language_of(person) -> str:
    preference = StaffPreference.objects.filter(user=person).first()
    if preference is not None:
        return preference.language
    membership = Membership.objects.filter(user=person).select_related("organization").first()
    return membership.organization.language if membership else settings.LANGUAGE_CODE[:2]


def digests_send(*, today: date | None = None) -> int:
    """The day's digest to every person with unread notifications not yet mailed: one message
    per person, organization and day (the outbox refuses a second with the same key, so a
    second run adds nothing). Each organization's its own: sent in its name and kept in its
    outbox, where its privacy officer finds it, it names none of another organization's
    cases. Returns how many digests were written."""
    today = today or timezone.localdate()
    waiting = set(Notification.objects.filter(mailed_on__isnull=True, read_at__isnull=True)
                  .values_list("user_id", "organization_id").distinct())
    users = {user.pk: user for user in _users({user_id for user_id, _org in waiting})}
    organizations = Organization.objects.in_bulk({org_id for _user, org_id in waiting})
    written = 0
    for user_id, organization_id in sorted(waiting):
        if user_id in users:
            with transaction.atomic():
                written += _digest(users[user_id], organizations[organization_id], today)
    return written


def _digest(user, organization, today: date) -> int:
    """Call inside a transaction."""
    if not user.email:
        return 0
    roles = permissions.roles_of(user, organization.pk)
    if not roles:
        return 0
    # No lock needed: a second run writes no second digest (the outbox's key refuses it), and
    # then marks nothing.
    shown = list(Notification.objects.filter(
        user=user, organization=organization, mailed_on__isnull=True, read_at__isnull=True,
        case__in=selectors.cases_for(user, organization, roles))
        .select_related("case", "organization").order_by("created_at", "id"))
    if not shown:
        return 0
    language = language_of(user)
    with translation.override(language):
        subject, body = _digest_text(shown, today, language)
    message = outbox.enqueue(organization=organization, to=user.email, subject=subject,
                             body=body, kind="digest",
                             dedupe_key=f"digest:{user.pk}:{organization.pk}:{today}")
    if message is None:
        return 0  # today's digest went out already: these wait for tomorrow's
    Notification.objects.filter(pk__in=[n.pk for n in shown]).update(mailed_on=today)
    return 1


def _digest_text(shown: list[Notification], today: date, language: str) -> tuple[str, str]:
    subject = ngettext("Ombud: %(count)s new notification, %(day)s",
                       "Ombud: %(count)s new notifications, %(day)s", len(shown)) % {
        "count": len(shown), "day": words.format_date(today, language)}
    lines = [_("New since your last digest:"), ""]
    organization = None
    for notification in shown:
        if notification.organization_id != organization:
            organization = notification.organization_id
            lines += [f"{notification.organization.name}:",
                      f"{settings.OMBUD_PUBLIC_URL}/{notification.organization.slug}"
                      "/notifications/", ""]
        what = NotificationKind(notification.kind).label
        # On one line: a complainant's words (a document's title) holding line breaks would
        # otherwise write lines of their own into the mail, a notice of another case with a
        # link to follow, say, that the digest seems to vouch for.
        text = " ".join(notification.text.split())
        detail = f" ({text})" if text else ""
        lines.append(f"- {notification.case.reference}: {what}{detail}")
    lines += ["", _("Open the list to see each case and mark them read.")]
    return subject, "\n".join(lines)

"""How much the public may send, asked before anything is done with a request: submissions per
address and hour (fewer without proof of work, ``abuse.over_limit``), and new private links per
case and day and per address and hour. A retry of a submission already made is never held back:
it gets its receipt."""

from __future__ import annotations

import functools
import re
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from ombud.mail.models import OutboxMessage
from ombud.orgs.models import Organization
from ombud.public import abuse, form_keys, services
from ombud.public.forms import KEY_PATTERN

RESENDS_PER_DAY = 3  # new links mailed for one case in a day: enough for a person, not a flood


def puzzle_scope(organization_slug: str, key: str) -> str:
    """A solved puzzle opens one submission: it is bound to the form's key in one organization
    (keys are unique per organization)."""
    return f"{organization_slug}:{key}"


def robot_over_limit(*, organization_slug: str, case_type: str, fields, files,
                     client: str) -> bool:
    """Whether a POST of the form (``fields``, ``files``) comes from a sender over the limit
    without solved proof of work (a robot, most likely): it is answered before anything else
    is done, so a flood costs one indexed count per request. A browser that solved the puzzle
    is not (its form comes back with the message instead, nothing typed lost)."""
    key = fields.get("key", "")
    if not re.fullmatch(KEY_PATTERN, key):
        return False  # the form will say what is wrong; no lookup with a key we never issued
    if abuse.verify(fields.get("proof", ""), puzzle_scope(organization_slug, key)):
        return False
    if not form_keys.is_issued(key, organization=organization_slug, case_type=case_type):
        # no submission was ever made with it: no retry to look for
        return abuse.over_limit(client, proof_of_work=False)
    organization = Organization.objects.filter(slug=organization_slug).first()
    if organization is not None and services.submission_retried(
            organization=organization, key=key,
            content=form_keys.fingerprint(fields, files)):
        return False  # a retry of a submission already made: it gets its receipt
    return abuse.over_limit(client, proof_of_work=False)


def proof_of_work_done(*, organization: Organization, key: str, solution: str,
                       earlier: services.Earlier | None = None) -> bool:
    """Whether ``solution`` solves the puzzle of this form. A solution opens the key's first
    submission only: replayed with other content (filed under a derived key, recorded without
    proof) it counts as no work done (attack2). ``earlier``: the key's lookup, if made."""
    if not abuse.verify(solution, puzzle_scope(organization.slug, key)):
        return False
    earlier = earlier or services.Earlier(organization, key, "")
    return not earlier.key_used()


def submission_over_limit(*, organization: Organization, key: str, content: str, client: str,
                          proof_of_work: bool, earlier: services.Earlier | None = None) -> bool:
    """Whether a submission is held back by the sender's hourly limit; never a retry of one
    already made (same ``key`` and ``content``). ``earlier``: the key's lookup, if made; an
    ``organization`` read ``with_sent_recently`` carries the sender's count."""
    earlier = earlier or services.Earlier(organization, key, content)
    sent = getattr(organization, "sent_total", None)
    return earlier.retried() is None and abuse.over_limit(
        client, proof_of_work=proof_of_work,
        sent=None if sent is None else (sent, organization.sent_without_work))


def organization_for_filing(slug: str, procedure_id: str, client: str,
                            keys: tuple[str, ...] = ()) -> Organization | None:
    """The organization of a form's POST when it has the procedure enabled, read in one
    statement with what ``client`` sent in the last hour (``sent_total``,
    ``sent_without_work``: ``abuse.sent_recently``'s count) and whether a submission was made
    under one of ``keys`` (``keys_used``: the form's key and the key a different content
    derives from it, ``services.Earlier``). Written as SQL once: the ORM spent more on
    composing its four subqueries than the database on answering them."""
    hour_ago = timezone.now() - timedelta(hours=1)
    # A key holding a NUL was never stored (PostgreSQL text cannot hold one): not looked up, as
    # asking would be an error, not an answer; the form then says the key is wrong.
    keys = tuple(key for key in keys if "\x00" not in key)
    looked_up = (list(keys) + ["", ""])[:2]
    with connection.cursor() as cursor:
        cursor.execute(_filing_sql(), [client, hour_ago, client, hour_ago, client, hour_ago,
                                       client, hour_ago, *looked_up, slug, procedure_id])
        row = cursor.fetchone()
    if row is None:
        return None
    fields = [field.attname for field in Organization._meta.concrete_fields]
    organization = Organization.from_db(connection.alias, fields, row[:len(fields)])
    organization.sent_total, organization.sent_without_work, keys_used = row[len(fields):]
    organization.keys_looked_up = tuple(keys) if keys else None
    organization.keys_used = bool(keys_used)
    return organization


@functools.cache
def _filing_sql() -> str:
    from ombud.orgs.models import EnabledProcedure
    from ombud.public.models import Submission, UploadTry

    columns = ", ".join(f'o."{field.column}"' for field in Organization._meta.concrete_fields)
    submissions, tries = Submission._meta.db_table, UploadTry._meta.db_table
    sent = f'SELECT COUNT(*) FROM "{submissions}" s WHERE s."client" = %s AND s."created_at" >= %s'
    refused = (f'SELECT COUNT(*) FROM "{tries}" u WHERE u."client" = %s '
               'AND u."created_at" >= %s AND u."refused"')
    return (f"SELECT {columns}, ({sent}) + ({refused}), "
            f'({sent} AND NOT s."proof_of_work") + ({refused} AND NOT u."proof_of_work"), '
            f'EXISTS (SELECT 1 FROM "{submissions}" k WHERE k."organization_id" = o."id" '
            f'AND k."key" IN (%s, %s)) FROM "{Organization._meta.db_table}" o JOIN '
            f'"{EnabledProcedure._meta.db_table}" e ON e."organization_id" = o."id" '
            'WHERE o."slug" = %s AND e."procedure_id" = %s')


def resend_allowed(*, reference: str, client: str) -> bool:
    """Whether a new private link may be mailed for ``reference`` now: at most RESENDS_PER_DAY
    for one case in a day, and the address's hourly share (counted only when the case's limit
    lets the request through). Over either, nothing is sent and the answer is the same."""
    recent = OutboxMessage.objects.filter(
        kind="tracking_link", case__reference__iexact=reference.strip(),
        created_at__gte=timezone.now() - timedelta(days=1)).count()
    return recent < RESENDS_PER_DAY and abuse.resend_counted(client)

"""Retention as data (issue 14, item 2): each procedure's ``[retention]`` carried out on its closed
cases by the nightly job, in batches, idempotently, with a dry run that changes nothing; the
annual reports' counts survive it and ``ombud audit verify`` stays clean; old rows cleared by
the OMBUD_RETENTION_* settings.

The cast: Personalpartner's fixture year (tests/reports/conftest.py), whose complaints of 2026
are kept three years after closing and then reduced to their counts (pp/complaint's
``[retention]``); judged as of days in 2029 and 2030."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from datetime import date, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.storage import default_storage
from django.utils import timezone

from ombud import cli, schedule
from ombud.audit.verify import verify
from ombud.cases.models import Case, CaseEvent, CaseText, Document, Party
from ombud.mail.models import OutboxMessage
from ombud.orgs.models import AttemptCounter
from ombud.public.models import TrackingLink
from ombud.reports import selectors
from ombud.reports.annual import scope_for
from ombud.retention import services
from ombud.retention.anonymize import ANONYMIZED, anonymize_case
from ombud.retention.models import RetentionDone

AFTER_THREE_YEARS = date(2030, 1, 1)  # every case closed in 2026 is past PP's three years


def _closed(year) -> list:
    return [year[letter] for letter in "ABCDF"]


def _counts(organization) -> tuple:
    scope = scope_for(organization, 2026)
    return (selectors.cells(scope), selectors.handling(scope), selectors.deadlines(scope),
            list(selectors.figures(scope).order_by("case_id").values()))


def _dry_run(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["privacy", "retention", "--dry-run", *args]) == 0
    return out.getvalue()


@pytest.mark.django_db
def test_the_dry_run_lists_what_is_due_and_changes_nothing(year):
    before = list(Case.objects.order_by("id").values())
    events = CaseEvent.objects.count()
    listed = _dry_run("--today", AFTER_THREE_YEARS.isoformat())
    for letter in "ABCDF":
        assert f"{year[letter].reference}  pp/complaint" in listed
        assert "-> counts_only" in listed
    assert year["E"].reference not in listed  # still open
    assert "would carry out retention on 5 closed cases (5 counts_only)" in listed
    assert "would clear" in listed and "sessions" in listed
    assert list(Case.objects.order_by("id").values()) == before
    assert CaseEvent.objects.count() == events and not RetentionDone.objects.exists()
    # A day too early for every case: nothing listed.
    early = _dry_run("--today", "2027-01-01")
    assert "would carry out retention on 0 closed cases" in early


@pytest.mark.django_db
def test_closed_cases_are_reduced_to_their_counts_and_the_history_still_verifies(
        year, django_capture_on_commit_callbacks):
    organization = year["A"].organization
    counts = _counts(organization)
    files = [document.file.name for case in _closed(year) for document in case.documents.all()]
    assert files and all(default_storage.exists(name) for name in files)
    assert OutboxMessage.objects.filter(case__in=_closed(year)).exclude(body="").exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = services.retention_apply(today=AFTER_THREE_YEARS, batch=2)  # three batches
    assert done == {"counts_only": 5}

    for case in _closed(year):
        case.refresh_from_db()
        assert (case.title, case.complainant_name) == (ANONYMIZED, ANONYMIZED)
        assert set(Party.objects.filter(case=case).values_list("name", "email", "address")) \
            == {(ANONYMIZED, "", "")}
        assert case.events.last().type == "anonymized"
        assert not CaseText.objects.filter(case=case).exists()
        assert not TrackingLink.objects.filter(case=case).exists()
        assert set(OutboxMessage.objects.filter(case=case).values_list("to", "body")) <= {
            ("anonymized@invalid", "")}
        assert set(Document.objects.filter(case=case).values_list("title", "file")) <= {
            (ANONYMIZED, "")}
        assert set(case.actions.values_list("description", "follow_up")) <= {(ANONYMIZED, "")}
    assert not any(default_storage.exists(name) for name in files)
    open_case = Case.objects.get(pk=year["E"].pk)
    assert open_case.complainant_name == "Kari Nordmann"  # open: untouched

    # The annual report counts the same; the chains and rows still agree.
    assert _counts(organization) == counts
    report = verify()
    assert report.problems == [] and report.cases == Case.objects.count()

    # Idempotent: a second night (or a second worker) does nothing more.
    events = CaseEvent.objects.count()
    assert services.retention_apply(today=AFTER_THREE_YEARS) == {}
    assert CaseEvent.objects.count() == events


@pytest.mark.django_db
def test_anonymize_case_alone_keeps_verify_clean_and_runs_once(year):
    from django.db import transaction

    case = year["A"]
    with transaction.atomic():
        anonymize_case(Case.objects.select_for_update().get(pk=case.pk))
        anonymize_case(Case.objects.select_for_update().get(pk=case.pk))  # done: left alone
    assert CaseEvent.objects.filter(case=case, type="anonymized").count() == 1
    assert RetentionDone.objects.get(case=case).action == "anonymize"
    assert verify().problems == []


@pytest.mark.django_db
def test_erase_removes_the_content_of_the_earlier_entries_and_verify_stays_clean(
        year, settings, tmp_path):
    """``then = "erase"`` (DNV's inspections): beyond anonymizing the rows, the earlier history
    entries lose their personal content through the per-event digests, and the chain holds."""
    from django.db import transaction

    from ombud.audit import keys
    from ombud.audit.seal import seal_all

    keys.generate(tmp_path / "seal-key.pem")
    settings.OMBUD_SEAL_KEY = str(tmp_path / "seal-key.pem")
    case = year["A"]
    name = case.complainant_name
    seal_all()
    assert any(name in str(event.data) for event in CaseEvent.objects.filter(case=case))
    with transaction.atomic():
        anonymize_case(Case.objects.select_for_update().get(pk=case.pk), action="erase")
    entries = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    assert not any(name in str(event.data) for event in entries)
    assert all(event.erased_seq == entries[-1].seq for event in entries[:-1] if event.erased_fields)
    assert any(event.erased_fields for event in entries[:-1])
    assert verify().problems == []


@pytest.mark.django_db
def test_a_tampered_anonymized_row_is_still_caught_by_verify(year):
    from django.db import transaction

    case = year["B"]
    with transaction.atomic():
        anonymize_case(Case.objects.select_for_update().get(pk=case.pk))
    Party.objects.filter(case=case).update(name="Someone Else")
    [problem] = verify().problems
    assert problem.subject == case.reference and problem.kind == "altered"


@pytest.mark.django_db
def test_old_rows_are_cleared_by_their_settings_and_young_ones_kept(year, settings):
    now = timezone.now()
    old_message = OutboxMessage.objects.filter(case=year["A"]).first()
    OutboxMessage.objects.filter(pk=old_message.pk).update(
        state="sent", sent_at=now - timedelta(days=91))
    young = OutboxMessage.objects.filter(case=year["B"]).first()
    OutboxMessage.objects.filter(pk=young.pk).update(state="sent", sent_at=now)
    AttemptCounter.objects.create(scope="sign-in", key="old", count=3,
                                  window_started_at=now - timedelta(days=31))
    AttemptCounter.objects.create(scope="sign-in", key="new", count=1, window_started_at=now)
    expired = SessionStore()
    expired.set_expiry(-10)
    expired.create()
    link = TrackingLink.objects.create(case=year["E"], token_hash="0" * 64)
    TrackingLink.objects.filter(pk=link.pk).update(revoked_at=now - timedelta(days=400))
    kept_link = TrackingLink.objects.create(case=year["E"], token_hash="1" * 64)

    dry = _dry_run()
    assert "would clear 1 outbox bodies" in dry and "would clear 1 sign in records" in dry

    cleared = services.aged_clear(batch=1)
    assert cleared["outbox_bodies"] == 1 and cleared["sign_in_records"] == 1
    assert cleared["sessions"] >= 1 and cleared["tracking_links"] >= 1
    assert OutboxMessage.objects.get(pk=old_message.pk).body == ""
    assert OutboxMessage.objects.get(pk=young.pk).body != ""
    assert list(AttemptCounter.objects.values_list("key", flat=True)) == ["new"]
    assert not TrackingLink.objects.filter(pk=link.pk).exists()
    assert TrackingLink.objects.filter(pk=kept_link.pk).exists()  # an open case's, in use
    assert services.aged_clear() == {"outbox_bodies": 0, "sign_in_records": 0, "sessions": 0,
                                     "finished_tasks": 0, "tracking_links": 0,
                                     "newsletter_withdrawn": 0, "newsletter_unconfirmed": 0}


@pytest.mark.django_db
def test_finished_task_rows_are_pruned_after_their_days_and_waiting_ones_kept(settings):
    """Issue 15: the worker's finished and failed task rows are pruned by the nightly job after
    OMBUD_RETENTION_TASKS_DAYS; a row waiting or running, however old, is never touched."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from ombud.mail.tasks import deliver_outbox

    settings.OMBUD_RETENTION_TASKS_DAYS = 30
    now = timezone.now()
    rows = {}
    for name, status, age in [("old_done", TaskResultStatus.SUCCESSFUL, 31),
                              ("old_failed", TaskResultStatus.FAILED, 31),
                              ("young_done", TaskResultStatus.SUCCESSFUL, 29),
                              ("old_waiting", TaskResultStatus.READY, 31),
                              ("old_running", TaskResultStatus.RUNNING, 31)]:
        result = deliver_outbox.enqueue()
        rows[name] = result.id
        finished = now - timedelta(days=age) if status in (
            TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED) else None
        DBTaskResult.objects.filter(pk=result.id).update(
            status=status, enqueued_at=now - timedelta(days=age), finished_at=finished)
    assert "would clear 2 finished tasks" in _dry_run()
    assert services.aged_clear(batch=1)["finished_tasks"] == 2
    left = {str(pk) for pk in DBTaskResult.objects.filter(pk__in=rows.values())
            .values_list("pk", flat=True)}
    assert left == {rows["young_done"], rows["old_waiting"], rows["old_running"]}


@pytest.mark.django_db
def test_the_nightly_job_runs_and_books_its_next_night(year, monkeypatch):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from ombud.retention.tasks import apply_retention

    monkeypatch.setattr(timezone, "localdate", lambda *a: AFTER_THREE_YEARS)
    assert "ombud.retention.tasks.apply_retention" in schedule._resumed
    result = apply_retention.call()
    assert result["counts_only"] == 5
    waiting = DBTaskResult.objects.get(task_path=apply_retention.module_path,
                                       status=TaskResultStatus.READY)
    assert timezone.localtime(waiting.run_after).time() == schedule.RETENTION_AT


def test_the_privacy_command_is_one_list_that_other_modules_join():
    parser = cli.build_parser()
    args = parser.parse_args(["privacy", "retention", "--dry-run", "--today", "2030-01-01"])
    assert args.dry_run and args.today == date(2030, 1, 1)
    assert cli.PRIVACY_COMMANDS == ("ombud.retention.commands",)


@pytest.mark.django_db
def test_a_restore_checks_an_installation_whose_documents_retention_removed(year):
    """Retention keeps an anonymized document's row (its SHA-256 for the chain) with no file:
    ``ombud restore`` opened the storage's folder itself for it (IsADirectoryError), after
    restoring everything, and exited with a traceback instead of its check."""
    from django.db import transaction

    from ombud.ops.backup import chain_heads, latest_seals, restored_problems

    case = year["A"]
    assert Document.objects.filter(case=case).exclude(file="").exists()
    with transaction.atomic():
        anonymize_case(Case.objects.select_for_update().get(pk=case.pk))
    assert Document.objects.filter(case=case, file="").exists()
    assert restored_problems({"heads": chain_heads(), "seals": latest_seals()}) == []

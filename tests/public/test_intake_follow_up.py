"""Issue 15, item 4: the form's POST files the case and answers; what the complainant does not
wait for (the receipt's PDF and its mail, the figures, the searchable text) is the worker's,
owed in the case's own transaction and done once, whoever runs it and however often."""

from __future__ import annotations

import email
import re
import socket
from datetime import date
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django_tasks_db.models import DBTaskResult
from public_world import PublicClient, footprint, form_path, valid_fields
from worker import run_worker

from ombud import schedule
from ombud.cases.models import CaseEvent, CaseText, Document, DocumentKind
from ombud.mail import outbox
from ombud.mail.models import OutboxMessage
from ombud.public import abuse, follow_up
from ombud.public.models import Submission
from ombud.reports.models import CaseFigures

MAX_QUERIES = 12  # django-helpdesk's per public submission, measured beside Ombud's (issue 15)


class _Received:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    """aiosmtpd on loopback, and Django's SMTP backend sending to it."""
    received = _Received()
    with socket.socket() as probe:  # a free port (aiosmtpd's Controller cannot take port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(received, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield received
    controller.stop()


def _file(language: str = "en"):
    visitor = PublicClient(language)
    response, key = visitor.send(form_path("dnv/objection"), {
        **valid_fields("dnv/objection"), "email": "pieter@example.nl"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return visitor, response["Location"], Submission.objects.get(key=key)


def test_item_4_the_receipt_pdf_and_mail_arrive_after_the_worker_runs(people, smtp):
    visitor, receipt_path, submission = _file()
    case = submission.case

    # Filed and answered: the receipt page shows its facts at once, from the committed case.
    receipt = visitor.get(receipt_path).content.decode()
    assert case.reference in receipt and re.search(r"/track/[A-Za-z0-9_-]{40,}/", receipt)
    # ... but the letter and its mail wait for the worker, which is owed them.
    assert not submission.followed_up
    assert not Document.objects.filter(case=case, kind=DocumentKind.LETTER).exists()
    assert not OutboxMessage.objects.filter(case=case).exists()
    # No task is booked on the request's path: the submission's row is what owes it.
    assert not DBTaskResult.objects.filter(task_path__startswith="ombud.public.").exists()

    run_worker()

    submission.refresh_from_db()
    assert submission.followed_up
    letter = Document.objects.get(case=case, kind=DocumentKind.LETTER)
    assert letter.content_type == "application/pdf" and letter.file.read().startswith(b"%PDF-")
    queued = OutboxMessage.objects.get(case=case)
    assert (queued.kind, queued.to, queued.letter_id) == ("receipt", "pieter@example.nl",
                                                         letter.pk)
    # What the request left out is done too: the figures and the searchable text.
    assert CaseFigures.objects.filter(case_id=case.pk).exists()
    assert case.title in CaseText.objects.get(case_id=case.pk).body

    assert outbox.deliver_due() == (1, 0)
    [mail] = smtp.messages
    assert mail["Message-ID"] == queued.message_id and case.reference in mail["Subject"]
    link = re.search(r"/track/([A-Za-z0-9_-]{40,})/", mail.get_body(("plain",)).get_content())
    assert visitor.get(f"/track/{link.group(1)}/").status_code == 200
    [pdf] = [part for part in mail.iter_attachments()]
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content() == letter.file.open("rb").read()


def test_item_4_the_follow_up_is_done_once_however_often_it_is_asked(people):
    _, _, submission = _file()
    before = footprint()

    assert follow_up.filing_follow_up(submission.case_id) is True
    assert follow_up.filing_follow_up(submission.case_id) is False  # a second worker, a retry
    run_worker()  # the worker's look for owed rows finds it done

    after = footprint()
    assert after["OutboxMessage"] == before["OutboxMessage"] + 1
    assert after["Document"] == before["Document"] + 1
    assert after["CaseEvent"] == before["CaseEvent"] + 1  # the receipt letter's, once


def test_item_4_a_task_row_left_from_before_does_the_follow_up_once(people):
    """A follow-up booked as a task before the submission's row owed it (an upgrade with task
    rows waiting): the task does it, and the worker's look for owed rows finds it done."""
    from ombud.public.tasks import filing_follow_up

    _, _, submission = _file()
    filing_follow_up.enqueue(submission.case_id)

    run_worker()

    assert OutboxMessage.objects.filter(case=submission.case, kind="receipt").count() == 1
    assert schedule.poll() == 0


@pytest.mark.django_db(transaction=True)
def test_item_4_a_running_worker_finds_an_owed_follow_up_without_a_task(people):
    """``ombud_worker``'s polling beside its task loop (``schedule.Polling``), in a thread of
    its own with its own connection, as in the worker process."""
    _, _, submission = _file()
    polling = schedule.Polling(interval=0.05)
    polling.start()
    try:
        for _ in range(200):  # at most ten seconds
            submission.refresh_from_db()
            if submission.followed_up:
                break
            polling.stopped.wait(0.05)
    finally:
        polling.stop()
    assert submission.followed_up
    assert OutboxMessage.objects.filter(case=submission.case, kind="receipt").count() == 1
    assert not DBTaskResult.objects.filter(task_path__startswith="ombud.public.").exists()


def test_item_4_a_submission_costs_at_most_twelve_queries(people, django_assert_max_num_queries):
    visitor = PublicClient()
    key, puzzle = visitor.open_form(form_path("pp/complaint"))
    fields = {**valid_fields("pp/complaint"), "key": key, "proof": abuse.solve(puzzle)}
    with django_assert_max_num_queries(MAX_QUERIES):
        response = visitor.post(form_path("pp/complaint"), fields)
    assert response.status_code == 302
    # the case is there, numbered and chained, before the worker runs
    case = Submission.objects.get(key=key).case
    assert case.event_count == 1 and case.last_hash == case.events.get().hash
    assert case.reference.endswith(f"-{case.number:04d}")


def test_item_4_numbers_follow_on_from_cases_registered_before_the_counter(people):
    """Cases numbered before the counter existed (or written past it): the next takes the
    number after the highest, never one taken."""
    from ombud.cases.models import Case, CaseNumber

    _, _, first = _file()
    CaseNumber.objects.all().delete()  # as before the migration
    Case.objects.filter(pk=first.case.pk).update(number=41)
    _, _, second = _file()
    assert second.case.number == 42


def test_item_4_the_filed_case_verifies_and_its_event_names_its_complainants_row(people):
    """The rows a POST writes by their own INSERTs (``ombud.rows``; on PostgreSQL with the ids
    taken ahead, the case row written once with its chain head) are the rows the chain names:
    ``audit verify`` finds nothing wrong, and the received event names the complainant's row."""
    import io

    from ombud.audit import commands
    from ombud.cases.models import Party

    _, _, submission = _file()
    case = submission.case
    event = case.events.get()
    party = Party.objects.get(case=case)
    assert event.data["complainant"]["party_id"] == party.pk
    assert (case.event_count, case.last_hash) == (1, event.hash)
    out, err = io.StringIO(), io.StringIO()
    assert commands.verify(None, out, err) == 0, out.getvalue() + err.getvalue()


def test_item_4_the_receipt_letter_the_worker_archives_is_in_the_chain_and_verifies(people):
    """The receipt's PDF, archived by the worker after the case was filed, is a document of the
    file like any letter: the chain records it with its SHA-256, so ``audit verify`` still
    finds nothing wrong once the worker has run (it named the receipt 'altered' before)."""
    import io

    from ombud.audit import commands

    _, _, submission = _file()
    run_worker()

    case = submission.case
    letter = Document.objects.get(case=case, kind=DocumentKind.LETTER)
    recorded = CaseEvent.objects.get(case=case, type="document_added")
    assert (recorded.data["document_id"], recorded.data["sha256"]) == (letter.pk, letter.sha256)
    assert recorded.on == case.received_on
    out, err = io.StringIO(), io.StringIO()
    assert commands.verify(None, out, err) == 0, out.getvalue() + err.getvalue()


def test_item_4_a_key_committed_meanwhile_returns_the_first_case_and_leaves_no_second(people):
    """A POST whose key was free when it looked (``Earlier``) but committed by another request
    before its own rows were written: the submission's unique key fails after the case, its
    complainant and its event were written. That failure is Django's IntegrityError inside the
    filing's transaction: the half-filed case is rolled back, the first submission's case is
    returned with no new link, and the connection files the next submission. (A guard for any
    batching of the intake's writes, such as psycopg's pipeline mode, whose errors come late.)"""
    from ombud.cases.models import Case, Party
    from ombud.public import services
    from ombud.public.models import TrackingLink

    _, _, first = _file()
    organization = first.organization
    stale = services.Earlier(organization, first.key, first.fingerprint)
    stale.found = {}  # as it looked before the other request committed
    before = (Case.objects.count(), Party.objects.count(), TrackingLink.objects.count())
    filing = services.Filing(
        procedure_id=first.case.procedure_id, title="Again", language="en",
        complainant=services.PartyDetails("Pieter", "pieter@example.nl"),
        details={name: date.fromisoformat(value)  # the dates the procedure asks
                 for name, value in first.case.events.get().data.items() if name.endswith("_on")})
    received = services.submission_receive(
        organization=organization, filing=filing, key=first.key, content=first.fingerprint,
        client=first.client, proof_of_work=True, earlier=stale)
    assert (received.case.pk, received.token, received.link_id) == (first.case.pk, None, None)
    assert (Case.objects.count(), Party.objects.count(),
            TrackingLink.objects.count()) == before
    # the connection is usable after the failed pipeline: the next submission files
    _, _, second = _file()
    assert second.case.pk != first.case.pk


def test_item_4_a_key_committed_meanwhile_leaves_no_attachment_file_behind(people, settings,
                                                                           tmp_path):
    """As above, with an attachment: on PostgreSQL the submission's row waited for the next
    statement (``rows.written_together``), the attachment's INSERT, whose file was stored
    before it; the conflict then rolled the row back and left the file in the storage, a
    complainant's document belonging to no case (two identical POSTs at once)."""
    from django.core.files.storage import default_storage

    from ombud.public import services

    settings.MEDIA_ROOT = tmp_path / "files"
    assert default_storage.location == str(tmp_path / "files")
    _, _, first = _file()
    stored_before = sorted(str(path) for path in (tmp_path / "files").rglob("*")
                           if path.is_file())
    stale = services.Earlier(first.organization, first.key, first.fingerprint)
    stale.found = {}  # as it looked before the other request committed
    filing = services.Filing(
        procedure_id=first.case.procedure_id, title="Again", language="en",
        complainant=services.PartyDetails("Pieter", "pieter@example.nl"),
        details={name: date.fromisoformat(value)
                 for name, value in first.case.events.get().data.items() if name.endswith("_on")},
        uploads=(services.Upload("letter.txt", b"my letter", "text/plain"),))
    received = services.submission_receive(
        organization=first.organization, filing=filing, key=first.key,
        content=first.fingerprint, client=first.client, proof_of_work=True, earlier=stale)
    assert received.case.pk == first.case.pk
    assert sorted(str(path) for path in (tmp_path / "files").rglob("*")
                  if path.is_file()) == stored_before


def _receipt_failing(monkeypatch, case_id: int, error: Exception) -> list[int]:
    """The receipt of case ``case_id`` fails with ``error``, the others are made; returns the
    cases whose receipt was tried, in order."""
    from ombud.cases import correspondence

    real, tried = correspondence.receipt_send, []

    def receipt_send(*, case, **kwargs):
        tried.append(case.pk)
        if case.pk == case_id:
            raise error
        return real(case=case, **kwargs)

    monkeypatch.setattr(correspondence, "receipt_send", receipt_send)
    return tried


def test_item_4_a_follow_up_that_fails_keeps_no_other_waiting_and_is_tried_at_the_next_start(
        people, monkeypatch, caplog):
    """A receipt that cannot be made (a broken template, a PDF engine's error) for one case:
    the cases behind it are followed up all the same, and the broken one is tried again when
    a worker process starts, not every turn (as a failed task was)."""
    from ombud.cases import correspondence

    _, _, broken = _file()
    _, _, fine = _file()
    real = correspondence.receipt_send
    tried = _receipt_failing(monkeypatch, broken.case_id, ValueError("the receipt's template "
                                                                    "is broken"))
    monkeypatch.setattr(follow_up, "_failed_here", set())

    assert schedule.poll() == 1
    assert schedule.poll() == 0
    assert tried == [broken.case_id, fine.case_id]
    assert f"the follow-up of case {broken.case_id} failed" in caplog.text
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert (broken.followed_up, fine.followed_up) == (False, True)

    monkeypatch.setattr(correspondence, "receipt_send", real)
    monkeypatch.setattr(follow_up, "_failed_here", set())  # a worker process starts
    assert schedule.poll() == 1
    broken.refresh_from_db()
    assert broken.followed_up


def test_item_4_a_follow_up_the_database_refuses_keeps_no_other_case_waiting(
        people, monkeypatch, caplog):
    """One case whose follow-up the database refuses while it answers (a figure out of its
    column's range, a constraint broken by a bug): a DatabaseError, but not the database away.
    It ended every turn before the cases behind it, oldest first, every second: no receipt for
    anyone, ever. Now the others are followed up, and the refused one is tried again after a
    pause that grows (a lock given up is gone by then; a refusal that stays floods no log)."""
    from django.db import DataError

    from ombud.cases import correspondence

    _, _, broken = _file()
    _, _, fine = _file()
    real = correspondence.receipt_send
    tried = _receipt_failing(monkeypatch, broken.case_id, DataError("integer out of range"))

    clock = [1000.0]
    monkeypatch.setattr(follow_up.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(follow_up, "_failed_here", set())
    monkeypatch.setattr(follow_up, "_refused_here", {})

    assert schedule.poll() == 1
    assert schedule.poll() == 0  # within its pause: not tried
    assert tried == [broken.case_id, fine.case_id]
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert (broken.followed_up, fine.followed_up) == (False, True)
    assert f"the follow-up of case {broken.case_id} failed in the database" in caplog.text

    clock[0] += 3  # past its first pause (2 s): tried, refused, and now left for 4 s
    assert schedule.poll() == 0
    clock[0] += 3
    assert schedule.poll() == 0
    assert tried == [broken.case_id, fine.case_id, broken.case_id]

    monkeypatch.setattr(correspondence, "receipt_send", real)  # the cause mended
    clock[0] += 2
    assert schedule.poll() == 1
    broken.refresh_from_db()
    assert broken.followed_up and follow_up._refused_here == {}


def test_item_4_the_database_away_still_ends_the_turn_for_all(people, monkeypatch):
    """The database gone (its connection unusable): no case is put aside for it; the turn
    ends and every case waits for the next."""
    from django.db import OperationalError, connection

    from ombud.cases import correspondence

    _, _, first = _file()

    def receipt_send(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(correspondence, "receipt_send", receipt_send)
    monkeypatch.setattr(connection, "is_usable", lambda: False)
    monkeypatch.setattr(follow_up, "_failed_here", set())
    monkeypatch.setattr(follow_up, "_refused_here", {})

    with pytest.raises(OperationalError):
        schedule.poll()
    assert (follow_up._failed_here, follow_up._refused_here) == (set(), {})


def test_item_4_a_turn_is_bounded_and_a_worker_run_once_does_every_owed_follow_up(
        people, monkeypatch):
    """A turn follows up a bounded batch (a worker's stop waits for one turn); run to the end
    (``poll_until_done``: the tests' and the benchmarks' worker) every owed one is done."""
    monkeypatch.setattr(follow_up, "FOLLOW_UPS_PER_TURN", 2)
    submissions = [_file()[2] for _ in range(5)]

    assert schedule.poll() == 2
    assert schedule.poll_until_done() == 3
    assert Submission.objects.filter(pk__in=[s.pk for s in submissions],
                                     followed_up=True).count() == 5

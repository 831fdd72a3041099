"""The outbox against a real SMTP server (aiosmtpd) through Django's SMTP backend: a message
exists exactly when its transaction commits; a committed step's letter goes out as PDF with the
Message-ID stored when it was written; a message waits with its error while the server is down
and goes when it is back; two workers at once never send one message twice; and a message whose
claim ran out goes again with the same Message-ID."""

from __future__ import annotations

import io
import threading
import time
from datetime import timedelta

import pytest
from django.db import connections, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from mail_world import run_worker
from pypdf import PdfReader

from ombud.mail import outbox
from ombud.mail.models import MessageState, OutboxMessage
from ombud.mail.tasks import deliver_outbox

TODAY = timezone.localdate


def deliver_in_thread(results: list) -> threading.Thread:
    """A second worker: ``deliver_due`` on its own thread and database connection."""

    def deliver():
        try:
            results.append(outbox.deliver_due())
        finally:
            connections.close_all()

    thread = threading.Thread(target=deliver)
    thread.start()
    return thread


def enqueue(organization, n: int = 1) -> OutboxMessage:
    return outbox.enqueue(organization=organization, to=f"kari{n}@example.org",
                          subject=f"Svar {n}", body="Hei.", kind="letter")


def text_of(arrival) -> str:
    return arrival.message.get_body(("plain",)).get_content()


def pdfs_of(arrival) -> list[bytes]:
    return [part.get_content() for part in arrival.message.iter_attachments()
            if part.get_content_type() == "application/pdf"]


def text_of_pdf(pdf: bytes) -> str:
    """The text of a PDF, runs of whitespace as one space."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


# -- a message exists exactly when its transaction commits ----------------------------------------


@pytest.mark.django_db
def test_a_message_enqueued_in_a_transaction_that_rolls_back_is_never_written_or_sent(
        organizations, send_by_smtp, django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          pytest.raises(RuntimeError), transaction.atomic()):
        enqueue(organizations["ne"])
        raise RuntimeError("the step that called for the message failed")

    assert OutboxMessage.objects.count() == 0
    assert callbacks == []  # nobody woke the worker
    assert DBTaskResult.objects.count() == 0
    assert outbox.deliver_due() == (0, 0)
    assert send_by_smtp.arrivals == []


@pytest.mark.django_db
def test_a_transaction_that_writes_many_messages_wakes_the_worker_once(
        organizations, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(3):
            enqueue(organizations["ne"], n)

    assert OutboxMessage.objects.filter(state=MessageState.PENDING).count() == 3
    waiting = DBTaskResult.objects.filter(task_path=deliver_outbox.module_path,
                                          status=TaskResultStatus.READY)
    assert waiting.count() == 1


# -- a committed step's letter goes out over SMTP --------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_dnv_k_11_x_08_a_committed_acknowledgement_reaches_the_smtp_server_as_archived_with_its_message_id(  # noqa: E501
        register, step, send_by_smtp):
    case = register("dnv/complaint", email="daan.bos@example.org")
    step(case, "acknowledged")  # commits; the commit wakes the worker

    message = OutboxMessage.objects.get(case=case)
    assert (message.kind, message.state) == ("acknowledgement", MessageState.PENDING)
    run_worker()

    [arrival] = send_by_smtp.arrivals
    assert arrival.message_id == message.message_id
    assert arrival.recipients == ("daan.bos@example.org",)
    assert arrival.message["Subject"] == message.subject
    # The organization's name has a comma: quoted, it stays one sender.
    [sender] = arrival.message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        "DNV Business Assurance, Persoonscertificatie", "persoonscertificatie@dnv.example")
    [pdf] = pdfs_of(arrival)
    assert pdf.startswith(b"%PDF")
    with message.letter.file.open("rb") as archived:
        assert archived.read() == pdf  # what was sent is what the file keeps
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (MessageState.SENT, 1, "")
    assert message.sent_at is not None and message.claimed_until is None


@pytest.mark.django_db(transaction=True)
def test_dnv_r_02_the_answer_to_an_objection_goes_out_with_the_court_remedy_and_its_pdf(
        register, step, people, send_by_smtp):
    received = TODAY() - timedelta(days=10)
    case = register("dnv/objection", received_on=received, email="fleur.smit@example.org",
                    details={"decision_on": received - timedelta(days=7)})
    handler = people["dnv"]["handler"]
    step(case, "acknowledged", on=received + timedelta(days=1))
    step(case, "assigned", on=received + timedelta(days=1), handler_id=handler.pk,
         handler=handler.get_full_name(), involved=False)
    step(case, "hearing_invited", on=received + timedelta(days=1), term_weeks=2)
    step(case, "hearing_waived", on=received + timedelta(days=2))
    step(case, "answered", outcome="not_upheld", reasons="Het examen is correct beoordeeld.",
         letter="Uw bezwaar is ongegrond.")
    run_worker()

    messages = {message.kind: message for message in OutboxMessage.objects.filter(case=case)}
    assert set(messages) == {"acknowledgement", "hearing_invitation", "answer"}
    by_id = {arrival.message_id: arrival for arrival in send_by_smtp.arrivals}
    assert set(by_id) == {message.message_id for message in messages.values()}
    answer = by_id[messages["answer"].message_id]
    [pdf] = pdfs_of(answer)
    for text in (text_of(answer), text_of_pdf(pdf)):  # the mail and the letter it carries
        assert "Rechtsmiddelenclausule" in text and "DNV-R-02" not in text  # ID: for staff
        for words in ("zes weken", "rechtbank", "gronden van het beroep",
                      "kopie van deze beslissing", "griffierecht"):
            assert words in text
    # The remedy belongs to the decision, not to every letter.
    assert "Rechtsmiddelenclausule" not in text_of(
        by_id[messages["acknowledgement"].message_id])


# -- the server is down ----------------------------------------------------------------------------


def test_backoff_doubles_from_the_configured_first_wait_up_to_an_hour(settings):
    settings.OMBUD_OUTBOX_BACKOFF_SECONDS = 30
    waits = [outbox.backoff(attempts).total_seconds() for attempts in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    settings.OMBUD_OUTBOX_BACKOFF_SECONDS = 1
    assert outbox.backoff(3) == timedelta(seconds=4)


@pytest.mark.django_db
def test_while_the_smtp_server_is_down_a_message_waits_with_its_error_then_goes_with_its_message_id(  # noqa: E501
        organizations, send_by_smtp, settings):
    settings.OMBUD_OUTBOX_BACKOFF_SECONDS = 0.5
    message = enqueue(organizations["ne"])
    send_by_smtp.stop()

    for attempts, wait in ((1, 0.5), (2, 1.0)):
        tried_at = timezone.now()
        assert outbox.deliver_due() == (0, 1)
        message.refresh_from_db()
        assert (message.state, message.attempts) == (MessageState.PENDING, attempts)
        assert message.last_error.startswith("ConnectionRefusedError")
        assert message.claimed_until is None
        assert message.next_attempt_at >= tried_at + timedelta(seconds=wait)
        assert message.next_attempt_at <= timezone.now() + timedelta(seconds=wait)
        assert outbox.deliver_due() == (0, 0)  # not due before its backoff has passed
        time.sleep((message.next_attempt_at - timezone.now()).total_seconds() + 0.05)

    send_by_smtp.start()
    assert outbox.deliver_due() == (1, 0)

    assert [arrival.message_id for arrival in send_by_smtp.arrivals] == [message.message_id]
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (MessageState.SENT, 3, "")


# -- two workers ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_at_the_same_moment_never_send_one_message_twice(outbox_world,
                                                                                  smtp_server):
    """Two processes, each with its own database connection, call ``deliver_due`` at once over
    the same forty due messages."""
    message_ids = outbox_world.add_messages(40)
    smtp_server.recorder.delay = 0.02  # each send takes a while: the two overlap

    results = outbox_world.deliver_at_once(2)

    counts = smtp_server.counts()
    assert sorted(counts) == sorted(message_ids)
    assert set(counts.values()) == {1}
    assert sum(sent for sent, _ in results) == 40
    assert all(sent > 0 and failed == 0 for sent, failed in results), results  # both worked
    assert {(row.state, row.attempts) for row in outbox_world.rows()} == {("sent", 1)}


@pytest.mark.django_db(transaction=True)
def test_a_message_whose_claim_ran_out_goes_again_with_the_same_message_id(
        organizations, send_by_smtp, settings):
    """A worker hands the message to the server and hangs before it can mark it sent; once its
    claim has run out, another worker sends it again, under the same Message-ID."""
    settings.OMBUD_OUTBOX_LEASE_SECONDS = 1
    message = enqueue(organizations["ne"])
    stuck = send_by_smtp.hold()
    first: list = []
    first_worker = deliver_in_thread(first)
    assert stuck.received.wait(10)

    assert outbox.deliver_due() == (0, 0)  # the claim still holds
    time.sleep(1.1)
    assert outbox.deliver_due() == (1, 0)  # it ran out: sent again
    stuck.release()
    first_worker.join(10)

    assert first == [(1, 0)]
    assert send_by_smtp.counts() == {message.message_id: 2}
    message.refresh_from_db()
    assert (message.state, message.attempts, message.claimed_until) == (
        MessageState.SENT, 1, None)


@pytest.mark.django_db(transaction=True)
def test_a_late_failure_of_a_worker_whose_claim_ran_out_leaves_the_new_claim_alone(
        organizations, send_by_smtp, settings):
    """Worker A's send outlives its claim; worker B claims and sends; then A's send fails. A
    must not give back B's claim (another worker could then send a third copy) nor count a
    failed attempt on a message that is on its way."""
    settings.OMBUD_OUTBOX_LEASE_SECONDS = 1
    message = enqueue(organizations["ne"])
    first_hold = send_by_smtp.hold(reply="451 4.3.0 Try again later")
    second_hold = send_by_smtp.hold()
    first: list = []
    second: list = []
    worker_a = deliver_in_thread(first)
    assert first_hold.received.wait(10)
    time.sleep(1.1)
    settings.OMBUD_OUTBOX_LEASE_SECONDS = 60
    worker_b = deliver_in_thread(second)
    assert second_hold.received.wait(10)
    claim_of_b = OutboxMessage.objects.get(pk=message.pk).claimed_until

    first_hold.release()
    worker_a.join(10)
    assert first == [(0, 1)]
    message.refresh_from_db()
    assert (message.state, message.claimed_until, message.attempts, message.last_error) == (
        MessageState.PENDING, claim_of_b, 0, "")

    second_hold.release()
    worker_b.join(10)
    assert second == [(1, 0)]
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (MessageState.SENT, 1, "")
    assert send_by_smtp.counts() == {message.message_id: 2}


@pytest.mark.django_db(transaction=True)
def test_a_failed_message_is_tried_again_after_its_backoff_even_while_another_is_held_long(
        organizations, send_by_smtp, settings):
    """Worker A holds the first message (a slow server, a long claim); the second fails at
    once. The worker must come back when the second may be retried, not when A's claim ends."""
    settings.OMBUD_OUTBOX_LEASE_SECONDS = 120
    settings.OMBUD_OUTBOX_BACKOFF_SECONDS = 2
    slow, failing = enqueue(organizations["ne"], 1), enqueue(organizations["ne"], 2)
    slow_hold = send_by_smtp.hold()
    send_by_smtp.hold(reply="451 4.3.0 Try again later").release()  # answered at once
    first: list = []
    worker_a = deliver_in_thread(first)
    assert slow_hold.received.wait(10)

    run_worker()  # the run the commit woke: the second message fails

    failing.refresh_from_db()
    assert (failing.attempts, failing.last_error) == (1, "SMTPDataError: (451, b'4.3.0 Try "
                                                         "again later')")
    comes_back = DBTaskResult.objects.get(task_path=deliver_outbox.module_path,
                                          status=TaskResultStatus.READY).task.run_after
    assert comes_back == failing.next_attempt_at + timedelta(seconds=1)
    assert OutboxMessage.objects.get(pk=slow.pk).claimed_until > comes_back + timedelta(
        seconds=100)

    slow_hold.release()
    worker_a.join(10)
    assert first == [(1, 0)]

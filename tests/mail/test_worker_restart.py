"""A worker killed in the middle of its work leaves nothing that the next start does not pick up:
``ombud_worker`` resumes (``schedule.resume``) before it runs tasks. Resuming twice, or a sweep
booking its next night again, piles up no task rows."""

from __future__ import annotations

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from mail_world import run_worker

from ombud import schedule
from ombud.cases.tasks import send_digests, sweep_deadlines
from ombud.mail.tasks import deliver_outbox


def waiting(task) -> list:
    """When each waiting run of ``task`` may start (None: at once)."""
    rows = DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)
    return sorted((row.task.run_after for row in rows), key=lambda day: (day is not None, day))


@pytest.mark.slow  # a worker process, killed and restarted
@pytest.mark.django_db(transaction=True)
def test_a_new_worker_sends_what_a_killed_worker_left_though_no_task_was_waiting_to_send_it(
        outbox_world, smtp_server):
    message_ids = outbox_world.add_messages(5)
    stuck = smtp_server.hold()  # the first message is received and never answered
    first_worker = outbox_world.start_worker("worker-1")
    assert stuck.received.wait(30), outbox_world.log("worker-1")
    outbox_world.kill(first_worker)
    stuck.release()

    # The dead worker's task stays "running" for ever and its claim holds one message; no
    # waiting task would ever send the five.
    assert outbox_world.ready_tasks(deliver_outbox.module_path) == 0
    assert [row.state for row in outbox_world.rows()] == ["pending"] * 5

    outbox_world.start_worker("worker-2")
    outbox_world.until_all_sent(timeout=30)

    counts = smtp_server.counts()
    assert sorted(counts) == sorted(message_ids)
    # The one the server had taken when the worker died went again, under its Message-ID.
    assert counts == {message_id: 2 if message_id == stuck.message_id else 1
                      for message_id in message_ids}


@pytest.mark.django_db
def test_resuming_twice_leaves_one_waiting_run_of_the_outbox_and_of_the_sweep():
    schedule.resume()
    schedule.resume()

    assert waiting(deliver_outbox) == [None]
    assert waiting(sweep_deadlines) == [None]


@pytest.mark.django_db(transaction=True)
def test_a_worker_start_makes_up_the_sweep_once_and_the_sweep_books_one_next_night():
    tonight = schedule.next_sweep_at()
    assert schedule.enqueue_once(sweep_deadlines, run_after=tonight)  # booked by last night's run

    schedule.resume()  # a worker starts: the sweep runs now too (a missed night is made up)
    schedule.resume()  # and another one, or the same one again
    assert waiting(sweep_deadlines) == [None, tonight]
    assert waiting(deliver_outbox) == [None]

    run_worker()  # what is due now, then stop

    assert waiting(sweep_deadlines) == [tonight]  # the sweep found its next night booked
    assert waiting(deliver_outbox) == []  # nothing left to send: no run comes back
    # the outbox, the sweep, the seal of the histories, the staff's digest, the question
    # whether the annual reports are due (each of these three books its own next run), the
    # retention job and the newsletter's queue to its processor (a web submission's follow-up
    # is no task: every worker looks for the rows that owe it, ``schedule.Polling``)
    assert waiting(send_digests) == [schedule.next_digest_at()]
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 7

"""The outbox's fault test, with real processes: Ombud's worker (``python -m django
ombud_worker``) sends sixty messages to a real SMTP server; the server stops in the middle of
the batch and comes back; the worker is killed (SIGKILL) in the middle of a send and a new one
starts. Afterwards every message has arrived, and each distinct message exactly once by its
Message-ID, except a send cut off between the server's acceptance and the outbox's commit: that
one may arrive again, but only under the same Message-ID. Both are counted at the server, and
the counts are printed (``pytest -s``)."""

from __future__ import annotations

import time

import pytest
from mail_world import wait_until

pytestmark = pytest.mark.slow  # worker processes, killed and restarted

MESSAGES = 60


@pytest.mark.django_db(transaction=True)
def test_a_server_stop_mid_batch_and_a_worker_killed_mid_send_lose_no_message_and_repeat_only_cut_off_sends_by_message_id(  # noqa: E501
        outbox_world, smtp_server):
    started = time.monotonic()
    message_ids = outbox_world.add_messages(MESSAGES)
    smtp_server.recorder.delay = 0.03  # a batch takes a while: it has a middle to cut into
    # The server has received the 10th message but not yet answered when it goes down; the
    # worker is killed while the 35th waits for its answer.
    cut_by_stop = smtp_server.hold(at=10)
    cut_by_kill = smtp_server.hold(at=35)

    first_worker = outbox_world.start_worker("worker-1")
    assert cut_by_stop.received.wait(30), outbox_world.log("worker-1")
    smtp_server.stop()
    arrived_before_stop = len(smtp_server.arrivals)
    wait_until(lambda: sum(row.state == "pending" and row.last_error != ""
                           for row in outbox_world.rows()) >= 2,
               timeout=20, what="sends failing while the server is down",
               explain=outbox_world.report)
    smtp_server.start()

    assert cut_by_kill.received.wait(30), outbox_world.log("worker-1")
    outbox_world.kill(first_worker)
    cut_by_kill.release()
    outbox_world.start_worker("worker-2")
    outbox_world.until_all_sent(timeout=45)

    rows = outbox_world.rows()
    counts = smtp_server.counts()
    distinct, received = len(counts), sum(counts.values())
    repeated = {message_id: count for message_id, count in counts.items() if count > 1}
    failed_once = sum(row.attempts > 1 for row in rows)
    print(f"\nfault test: {MESSAGES} messages in the outbox; at the SMTP server "
          f"{received} received, {distinct} distinct Message-IDs, {received - distinct} repeats "
          f"(same Message-ID: {sorted(repeated)}); the server stopped after "
          f"{arrived_before_stop} arrivals; {failed_once} messages failed at least once while "
          f"it was down; {time.monotonic() - started:.1f} s")

    assert 0 < arrived_before_stop < MESSAGES  # the server stopped in the middle of the batch
    assert failed_once >= 2  # and the worker really met it down
    assert sorted(counts) == sorted(message_ids)  # every message arrived; no other Message-ID
    assert received == distinct + sum(count - 1 for count in repeated.values())
    # Only the two sends cut off after the server had the message went again, and under the
    # Message-ID the outbox had stored; every other message arrived exactly once.
    cut_off = (cut_by_stop.message_id, cut_by_kill.message_id)
    assert counts == {message_id: 1 + cut_off.count(message_id) for message_id in message_ids}
    for message_id in repeated:
        copies = [arrival.message for arrival in smtp_server.arrivals
                  if arrival.message_id == message_id]
        assert len({(copy["To"], copy["Subject"], copy.get_content()) for copy in copies}) == 1
    assert time.monotonic() - started < 60

"""Issue 15, several workers attacked: the seal may be run by two at once (a second run is
booked when a worker dies while another runs it; an operator's `ombud audit seal` beside the
nightly one). Each seal signs its predecessor's signature: two sealers that both read the same
latest seal both chain to it, and the chain of seals forks. One waits for the other."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.db import connection

from ombud.audit import keys, seal
from ombud.audit.models import Seal
from ombud.orgs.models import Organization


@pytest.mark.django_db(transaction=True)
def test_two_sealers_at_once_do_not_fork_the_chain_of_seals(answered, seal_key, monkeypatch):
    if connection.vendor != "postgresql":
        # pytest's SQLite is one shared in-memory database whose table locks do not wait; a
        # real SQLite file takes one writer at a time (IMMEDIATE), so it cannot fork there.
        pytest.skip("two sealers at once need PostgreSQL (or a SQLite file)")
    answered()
    organization = Organization.objects.get(slug="dnv")
    key = keys.load_private_key()
    both_read = threading.Barrier(2)
    read_latest = seal.latest_seal

    def latest_then_wait_for_the_other(*args, **kwargs):
        found = read_latest(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):  # the other waits on a lock
            both_read.wait(timeout=3)
        return found

    monkeypatch.setattr(seal, "latest_seal", latest_then_wait_for_the_other)
    errors = []

    def sealer():
        try:
            seal.seal_organization(organization, key)
        except Exception as error:  # noqa: BLE001 - reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sealer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    predecessors = list(Seal.objects.filter(organization=organization)
                        .values_list("previous", flat=True))
    assert len(predecessors) == len(set(predecessors)) == 1

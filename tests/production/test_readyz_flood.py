"""Issue 15, /readyz attacked: it passes the TLS proxy like any page, so anyone may ask it as
often as they like. Each answer asked the database and listed the object store's bucket (a
paid request) anew; now a process asks them at most once a second, whatever the rate."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.core.files.storage import InMemoryStorage
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from ombud.web import health


class CountedStore(InMemoryStorage):
    """Object storage as /readyz sees it: every listing counted."""

    listings = 0

    def listdir(self, path):
        CountedStore.listings += 1
        return super().listdir(path)


@pytest.mark.django_db
@override_settings(STORAGES={"default": {"BACKEND": f"{__name__}.CountedStore"}})
def test_a_flood_of_readyz_asks_the_database_and_the_store_once_a_second(monkeypatch):
    monkeypatch.setattr(health, "_last_checks", (float("-inf"), {}), raising=False)
    clock = [1000.0]
    monkeypatch.setattr(health, "time", SimpleNamespace(monotonic=lambda: clock[0]),
                        raising=False)
    CountedStore.listings = 0
    with CaptureQueriesContext(connection) as queries:
        answers = [health.readyz(RequestFactory().get("/readyz")) for _ in range(50)]
        assert (len(queries), CountedStore.listings) == (1, 1)
        clock[0] += getattr(health, "CHECKS_KEPT_SECONDS", 1.0)
        health.readyz(RequestFactory().get("/readyz"))
    assert (len(queries), CountedStore.listings) == (2, 2)
    assert {answer.status_code for answer in answers} == {200}
    assert json.loads(answers[-1].content) == {"status": "ok", "database": "ok",
                                               "storage": "ok"}

"""Wrong passwords sent in parallel, each a real request on its own database connection.

Used by the tests in-process (PostgreSQL), and run as a script against a SQLite file database
(``python parallel_sign_in.py <count>`` with OMBUD_DATABASE_URL set): the in-memory SQLite test
database shares one cache between threads and refuses parallel writers outright, which is not how
Ombud runs SQLite. The script prints the number of real password checks as JSON."""

from __future__ import annotations

import json
import os
import sys
import threading

RIGHT_PASSWORD = "correct horse battery staple"
HASHER = "counting_hasher.CountingHasher"


def sign_in(username: str, password: str, *, address: str):
    from django.test import Client

    client = Client(REMOTE_ADDR=address)
    client.cookies["django_language"] = "en"
    client.post("/login/", {"username": username, "password": password})
    return client


def in_parallel(attempt, count: int) -> list[str]:
    """Run ``attempt`` in ``count`` threads released together; the errors they raised."""
    from django.db import connections

    start = threading.Barrier(count)
    errors: list[str] = []

    def run():
        try:
            start.wait(timeout=30)
            attempt()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def wrong_passwords_at_once(username: str, count: int) -> list[str]:
    return in_parallel(lambda: sign_in(username, "wrong password", address="192.0.2.7"), count)


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
    django.setup()
    from counting_hasher import CountingHasher
    from django.contrib.auth import get_user_model
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()  # the test client's ALLOWED_HOSTS ("testserver")
    with override_settings(PASSWORD_HASHERS=[HASHER], DEMO_MODE=False):
        get_user_model().objects.create_user("ingrid", password=RIGHT_PASSWORD)
        results = {}
        for username in ("ingrid", "nobody-by-this-name"):
            CountingHasher.reset()
            errors = wrong_passwords_at_once(username, int(sys.argv[1]))
            results[username] = {"checks": CountingHasher.checks, "errors": errors[:3]}
    print(json.dumps(results))

"""A password hasher that counts how often a password is really checked, and takes as long as a
real one (50 ms), so that requests racing each other overlap as they would in production."""

from __future__ import annotations

import threading
import time

from django.contrib.auth.hashers import MD5PasswordHasher
from django.utils.crypto import constant_time_compare

HASHING_SECONDS = 0.05


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    checks = 0
    _lock = threading.Lock()

    @classmethod
    def reset(cls) -> None:
        with cls._lock:
            cls.checks = 0

    @classmethod
    def _count(cls) -> None:
        with cls._lock:
            cls.checks += 1
        time.sleep(HASHING_SECONDS)

    def encode(self, password, salt):
        # Django hashes the typed password for an unknown user too (equal timing): a check.
        self._count()
        return self._uncounted(password, salt)

    def verify(self, password, encoded):
        self._count()
        salt = encoded.split("$", 2)[1]
        return constant_time_compare(encoded, self._uncounted(password, salt))

    def _uncounted(self, password, salt):
        return super().encode(password, salt)

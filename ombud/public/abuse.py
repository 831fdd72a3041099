"""Keeping floods out without sending anyone's data elsewhere: proof of work (the ALTCHA scheme:
find the number whose SHA-256 with a signed salt gives the challenge), a honeypot field, and a
limit per address counted in the database, so that every web process sees the same count."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

CHALLENGE_LIFETIME_SECONDS = 2 * 3600  # a form left open for two hours can still be sent


def _sign(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def challenge(form_key: str) -> dict:
    """A puzzle bound to one form (its idempotency key): a solution opens one submission only."""
    expires = int(time.time()) + CHALLENGE_LIFETIME_SECONDS
    salt = f"{form_key}.{expires}.{secrets.token_hex(8)}"
    number = secrets.randbelow(settings.OMBUD_PROOF_OF_WORK_MAX)
    digest = hashlib.sha256(f"{salt}{number}".encode()).hexdigest()
    return {"algorithm": "SHA-256", "challenge": digest, "salt": salt,
            "signature": _sign(digest), "maxnumber": settings.OMBUD_PROOF_OF_WORK_MAX}


def solve(puzzle: dict) -> str:
    """What the browser's script does, in Python: for tests and the load benchmark."""
    for number in range(puzzle["maxnumber"] + 1):
        if hashlib.sha256(f"{puzzle['salt']}{number}".encode()).hexdigest() == puzzle[
                "challenge"]:
            return encode_solution(puzzle, number)
    raise ValueError("no solution")


def encode_solution(puzzle: dict, number: int) -> str:
    payload = {key: puzzle[key] for key in ("algorithm", "challenge", "salt", "signature")}
    return base64.b64encode(json.dumps({**payload, "number": number}).encode()).decode()


def verify(solution: str, form_key: str) -> bool:
    """True when ``solution`` solves a puzzle we issued for this form and it has not expired."""
    try:
        payload = json.loads(base64.b64decode(solution, validate=True))
        salt, digest, number = payload["salt"], payload["challenge"], int(payload["number"])
        signature = payload["signature"]
        key, expires, _ = salt.rsplit(".", 2)
        fresh = int(expires) >= time.time()
    except (ValueError, KeyError, TypeError):
        return False
    return (fresh and key == form_key and isinstance(signature, str)
            and hmac.compare_digest(signature, _sign(digest))
            and hashlib.sha256(f"{salt}{number}".encode()).hexdigest() == digest)


def client_of(request) -> str:
    """A keyed hash of the sender's address: enough to count, useless to anyone else."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.OMBUD_TRUSTED_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = forwarded.split(",")[-1].strip() or address
    return _sign(f"client:{address}")


def over_limit(client: str, *, proof_of_work: bool) -> bool:
    """Whether this address already sent its share in the last hour. Without proof of work (no
    JavaScript) the share is smaller."""
    from ombud.public.models import Submission
    from ombud.public.uploads import refused_recently

    recent = Submission.objects.filter(client=client,
                                       created_at__gte=timezone.now() - timedelta(hours=1))
    refused = refused_recently(client)  # a refused upload costs like a case sent (issue 9, 2)
    if recent.count() + refused.count() >= settings.OMBUD_PUBLIC_LIMIT_PER_HOUR:
        return True
    return (not proof_of_work and recent.filter(proof_of_work=False).count()
            + refused.filter(proof_of_work=False).count()
            >= settings.OMBUD_PUBLIC_LIMIT_WITHOUT_WORK)

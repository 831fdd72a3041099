"""Keeping floods out without sending anyone's data elsewhere: proof of work (the ALTCHA scheme:
find the number whose SHA-256 with a signed salt gives the challenge), a honeypot field, and a
limit per address counted in the database, so that every web process sees the same count."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
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


@functools.lru_cache(maxsize=256)  # a POST reads its proof up to three times: parsed once
def _payload(solution: str) -> dict | None:
    """The solution's fields when it is base64 JSON of the shape the browser's script sends:
    text where text belongs and a whole number in the puzzle's range; None for anything else
    (``salt: 1``, ``number: 1e400``, a non-ASCII signature: a robot's, never a browser's).
    Shared between its callers: read it, never change it."""
    try:
        payload = json.loads(base64.b64decode(solution, validate=True))
    except (ValueError, TypeError):
        return None
    if not isinstance(payload, dict):
        return None
    texts = [payload.get(key) for key in ("algorithm", "challenge", "salt", "signature")]
    number = payload.get("number")
    if not all(isinstance(text, str) and text.isascii() for text in texts):
        return None
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 10**12:
        return None
    return payload


def damaged(solution: str) -> bool:
    """Whether a proof was sent that no browser of ours would send; an empty one is a browser
    without JavaScript, not damage."""
    return bool(solution) and _payload(solution) is None


def verify(solution: str, form_key: str) -> bool:
    """True when ``solution`` solves a puzzle we issued for this form and it has not expired."""
    payload = _payload(solution)
    if payload is None:
        return False
    salt, digest, number = payload["salt"], payload["challenge"], payload["number"]
    try:
        key, expires, _ = salt.rsplit(".", 2)
        fresh = int(expires) >= time.time()
    except ValueError:
        return False
    return (fresh and key == form_key
            and _solved(salt, digest, number, payload["signature"], settings.SECRET_KEY))


@functools.lru_cache(maxsize=256)  # checked before the form's turn and again when filing
def _solved(salt: str, digest: str, number: int, signature: str, secret: str) -> bool:
    """Whether the puzzle was signed with ``secret`` and ``number`` solves it."""
    return (hmac.compare_digest(signature, hmac.new(secret.encode(), digest.encode(),
                                                    hashlib.sha256).hexdigest())
            and hashlib.sha256(f"{salt}{number}".encode()).hexdigest() == digest)


def over_limit(client: str, *, proof_of_work: bool, sent: tuple[int, int] | None = None) -> bool:
    """Whether this address already sent its share in the last hour. Without proof of work (no
    JavaScript) the share is smaller. A refused upload costs like a case sent (issue 9, 2).
    ``sent``: ``sent_recently``'s count, when the caller read it with the organization."""
    total, without_work = sent or sent_recently(client)
    if total >= settings.OMBUD_PUBLIC_LIMIT_PER_HOUR:
        return True
    return not proof_of_work and without_work >= settings.OMBUD_PUBLIC_LIMIT_WITHOUT_WORK


def sent_recently(client: str) -> tuple[int, int]:
    """What the address sent in the last hour, cases and refused uploads alike: (all, those
    without proof of work), in one query."""
    from ombud.public.models import Submission
    from ombud.public.uploads import refused_recently

    sent = Submission.objects.filter(client=client,
                                     created_at__gte=timezone.now() - timedelta(hours=1))
    by_work = [queryset.order_by().values("proof_of_work").annotate(count=Count("pk"))
               for queryset in (sent, refused_recently(client))]
    rows = list(by_work[0].union(by_work[1], all=True))
    return (sum(row["count"] for row in rows),
            sum(row["count"] for row in rows if not row["proof_of_work"]))


def resend_counted(client: str) -> bool:
    """Count one request for a new private link from ``client``; False, and nothing counted,
    when the address already made its share of them in the last hour."""
    from ombud.public.models import ResendRequest

    hour_ago = timezone.now() - timedelta(hours=1)
    ResendRequest.objects.filter(created_at__lt=hour_ago).delete()  # the table holds one hour
    recent = ResendRequest.objects.filter(client=client, created_at__gte=hour_ago)
    if recent.count() >= settings.OMBUD_RESEND_LIMIT_PER_HOUR:
        return False
    ResendRequest.objects.create(client=client)
    return True

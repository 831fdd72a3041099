"""The outbox as the layers below it see it: where the organizations and the cases put a message.

The outbox itself (``ombud.mail``) sits above the cases, for its rows point at a case and the
letter it carries. Yet the cases and the password reset write messages, each in its own
transaction (a letter exists exactly when its step does). So the mail app registers its
``enqueue`` here when Django starts (``MailConfig.ready``), and ``enqueue`` hands every message on
to it: the call goes up, the import does not. Without the mail app nothing can be sent, and
writing a message fails loudly rather than losing it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Enqueue = Callable[..., Any]
_enqueue: Enqueue | None = None


def enqueue_register(enqueue_message: Enqueue) -> None:
    global _enqueue
    _enqueue = enqueue_message


def enqueue(*, organization, to: str, subject: str, body: str, kind: str, case=None,
            letter=None, dedupe_key: str | None = None, link_id: int | None = None,
            body_after_link: str = "", attachment: tuple[str, bytes, str] | None = None,
            headers: dict[str, str] | None = None):
    """Add a message to the outbox in the caller's transaction (``ombud.mail.outbox.enqueue``
    says how): the message written, or None when ``dedupe_key`` was already used."""
    if _enqueue is None:
        raise RuntimeError("no outbox registered (is ombud.mail installed?)")
    return _enqueue(organization=organization, to=to, subject=subject, body=body, kind=kind,
                    case=case, letter=letter, dedupe_key=dedupe_key, link_id=link_id,
                    body_after_link=body_after_link, attachment=attachment, headers=headers)

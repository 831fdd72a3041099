"""What the apps above the cases plug into them. Each registers its part in its ready(), so the
cases import none of them (the layers in pyproject.toml):

- a part of the case page under the file's history: a template and the context it needs (the
  audit shows which seal covers the case, and its proof to download);
- the complainant's private links, which the staff stop or send anew from the case page: the
  public side owns them (their tokens, and the mail that carries one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CasePagePart:
    template: str
    # (case, the person's roles, the number of entries in the file) -> the template's context
    context: Callable[..., dict]


_page_parts: list[CasePagePart] = []


def case_page_part_register(part: CasePagePart) -> None:
    if part not in _page_parts:
        _page_parts.append(part)


def case_page_parts(case, roles, event_count: int) -> dict:
    """The registered parts' context, with their templates under ``page_parts``."""
    context: dict = {"page_parts": [part.template for part in _page_parts]}
    for part in _page_parts:
        context.update(part.context(case, roles, event_count))
    return context


@dataclass(frozen=True)
class PrivateLinks:
    revoke_all: Callable[..., int]  # (case) -> how many live links were stopped
    send: Callable[..., bool]  # (case, first=False) -> whether a link went out


_private_links: PrivateLinks | None = None


def private_links_register(links: PrivateLinks) -> None:
    global _private_links
    _private_links = links


def private_links() -> PrivateLinks:
    if _private_links is None:
        raise RuntimeError("no private links registered (is ombud.public installed?)")
    return _private_links


# (case, procedure, engine events, engine state) -> None: called in the caller's transaction
# each time the engine evaluates a case for its row (the reports keep their figures so).
_evaluated: list = []


def case_evaluated_register(receiver) -> None:
    if receiver not in _evaluated:
        _evaluated.append(receiver)


def case_evaluated(case, procedure, events, state) -> None:
    for receiver in _evaluated:
        receiver(case, procedure, events, state)


# Parts of the queue (the organization's start page) above its list: the reports' live
# overview. (organization, the cases the person reads, their roles, the person) -> the
# template's context.
_queue_parts: list[CasePagePart] = []


def queue_part_register(part: CasePagePart) -> None:
    if part not in _queue_parts:
        _queue_parts.append(part)


def queue_parts(organization, cases, roles, person) -> dict:
    context: dict = {"queue_parts": [part.template for part in _queue_parts]}
    for part in _queue_parts:
        context.update(part.context(organization, cases, roles, person))
    return context

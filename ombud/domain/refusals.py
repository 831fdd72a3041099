"""Refusals: the rule that forbids an event, why (a messages code) and the details, in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ombud.domain import messages as m
from ombud.domain.texts import word

Verdict = tuple[str, str, dict[str, Any]]  # rule, code, params


def no(rule: str, code: str, **params: Any) -> Verdict:
    """A refusal's content: the rule that forbids the event, why (a messages code), details."""
    return rule, code, params


@dataclass(frozen=True, slots=True)
class Refusal:
    index: int | None  # position of the refused event in the timeline; None for a probe
    type: str
    rule: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def reason(self, lang: str = m.DEFAULT_LANGUAGE) -> str:
        params = {key: _in_words(key, value, lang) for key, value in self.params.items()}
        code = self.code
        if "deadline" in self.params:
            # (procedure id, key): the bundle's name for the period, else Ombud's sentence
            procedure_id, key = self.params["deadline"]
            own = word(procedure_id, lang, "deadlines", key)
            if own:
                code, params["deadline"] = f"{code}_named", own
        return m.pick(m.REFUSALS[code], lang).format(**params)


def _in_words(key: str, value: Any, lang: str) -> str:
    """A refusal's parameter in the reader's language."""
    if isinstance(value, date):
        return m.format_date(value, lang)
    if key == "channel":
        return m.pick(m.CHANNEL_NAMES[value], lang)
    if key == "state":
        return m.pick(m.STATES[value], lang)
    if key == "limit":
        return m.amount_with_unit(*value, lang)
    return str(value)


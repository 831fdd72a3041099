"""The simulator's output: an evaluated case as the JSON object SIMULATE.md fixes."""

from __future__ import annotations

from typing import Any

from ombud.domain.engine import CaseState, Deadline, evaluate
from ombud.domain.timeline import Timeline


def simulate(timeline: Timeline) -> dict[str, Any]:
    state = evaluate(timeline.procedure, timeline.events, timeline.as_of, timeline.meetings)
    return case_state_as_json(state)


def case_state_as_json(state: CaseState, lang: str = "en") -> dict[str, Any]:
    return {
        "procedure": state.procedure.id,
        "version": state.procedure.version,
        "as_of": state.as_of.isoformat(),
        "state": state.state,
        "deadlines": [_deadline_as_json(deadline, lang) for deadline in state.deadlines],
        "allowed": list(state.allowed),
        "refused": [
            {"index": refusal.index, "type": refusal.type, "rule": refusal.rule,
             "reason": refusal.reason(lang)}
            for refusal in state.refused
        ],
        "fees": [
            {"item": fee.item, "rule": fee.rule, "excl_vat": f"{fee.excl_vat:.2f}",
             "vat": f"{fee.vat:.2f}", "incl_vat": f"{fee.incl_vat:.2f}"}
            for fee in state.fees
        ],
    }


def _deadline_as_json(deadline: Deadline, lang: str) -> dict[str, Any]:
    found = {
        "key": deadline.key,
        "rule": deadline.rule,
        "due": deadline.due.isoformat(),
        "status": deadline.status,
        "met_on": deadline.met_on.isoformat() if deadline.met_on else None,
        "owner": deadline.owner.value,
        "basis": deadline.basis(lang),
    }
    recorded = deadline.met_recorded_on
    if recorded is not None and recorded != deadline.met_on:  # only for steps dated back
        found["met_recorded_on"] = recorded.isoformat()
    return found

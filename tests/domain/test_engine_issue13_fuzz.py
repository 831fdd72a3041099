"""Fuzzing the issue-13 keys: timelines against the two test procedures that use them all (a
klage with forwarding and an appeal against a dismissal, a bezwaar with variants, terms in days,
posting dates, the court after a dismissal). Whatever arrives, the answer is the simulator's
output or one ``TimelineError`` line; never a traceback, never a deadline without its basis."""

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from issue13_procedures import AWB, FVL, RULES, load

from ombud.domain import toml_table
from ombud.domain.engine import Actor, Event, evaluate
from ombud.domain.procedure import CHANNELS, EVENT_TYPES
from ombud.domain.rules import Rule, rule_catalogue
from ombud.domain.simulate import case_state_as_json, simulate
from ombud.domain.timeline import TimelineError, parse_timeline

pytestmark = pytest.mark.slow  # fuzzing

with pytest.MonkeyPatch.context() as patch:
    _catalogue = {**rule_catalogue(), **{rule: Rule(rule, text, "") for rule, text in
                                         RULES.items()}}
    patch.setattr(toml_table, "rule_catalogue", lambda: _catalogue)
    PROCEDURES = (load(FVL), load(AWB))

TODAY = date(2027, 12, 31)
days = st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)).map(date.isoformat)
junk = st.one_of(st.none(), st.booleans(), st.integers(-3, 100), st.text(max_size=8),
                 st.just("2027-02-30"))
field_values = {
    "posted_on": days, "term_days": st.integers(0, 30), "term_weeks": st.integers(0, 8),
    "advisory_committee": st.booleans(), "weeks": st.integers(0, 12), "consent": st.booleans(),
    "ground": st.sampled_from(["late", "incomplete"]), "involved": st.booleans(),
    "outcome": st.sampled_from(["upheld", "not_upheld"]),
    "hearing_skipped": st.sampled_from(["manifestly_unfounded", "fully_granted"]),
}
LIKELY = ["declined", "appealed", "forwarded", "answered", "court_appealed", "court_decided",
          "incomplete", "remedied", "extended", "assigned", "hearing_invited", "hearing_held"]


@st.composite
def timelines(draw):
    start = draw(st.dates(min_value=date(2026, 6, 1), max_value=date(2027, 6, 1)))
    events, day = [], start
    for index in range(draw(st.integers(1, 10))):
        day = date.fromordinal(day.toordinal() + draw(st.integers(0, 30)))
        kind = "received" if index == 0 else draw(
            st.sampled_from(LIKELY) if draw(st.booleans()) else st.sampled_from(EVENT_TYPES))
        event = {"on": day.isoformat(), "type": kind}
        for name in draw(st.sets(st.sampled_from(sorted(field_values)), max_size=3)):
            event[name] = draw(st.one_of(field_values[name], junk) if draw(st.integers(0, 4)) == 0
                               else field_values[name])
        if index == 0:
            event["channel"] = draw(st.sampled_from(CHANNELS))
            event["decision_on"] = date.fromordinal(start.toordinal() - draw(
                st.integers(0, 60))).isoformat()
        events.append(event)
    procedure = draw(st.sampled_from(PROCEDURES))
    as_of = date.fromordinal(day.toordinal() + draw(st.integers(0, 120)))
    return procedure, {"procedure": procedure.id, "events": events, "as_of": as_of.isoformat()}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_fuzz_issue_13_timelines_give_output_or_a_timeline_error(drawn):
    procedure, timeline = drawn
    try:
        parsed = parse_timeline(json.dumps(timeline), today=TODAY, procedure=procedure)
    except TimelineError as error:
        assert "\n" not in str(error)
        return
    output = simulate(parsed)
    assert output["state"] in {"refused_intake", "open", "answered", "declined", "appealed",
                               "forwarded", "withdrawn"}
    for found in output["deadlines"]:
        assert found["status"] in {"open", "met", "missed", "cancelled", "expired"}
        assert found["basis"]
    state = evaluate(procedure, parsed.events, parsed.as_of, actor=Actor("1", involved=True))
    for lang in ("nb", "nl"):  # every deadline and refusal says why in each language
        words = case_state_as_json(state, lang)
        assert all(found["basis"] for found in words["deadlines"])
        assert all(refusal["reason"] for refusal in words["refused"])
    assert state.invites_appeal == ("appealed" in state.allowed)
    assert state.forwarded_on is None or any(e.type == "forwarded" for e in parsed.events)
    assert all(isinstance(e, Event) for e in parsed.events)

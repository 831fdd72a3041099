"""Fuzzing the simulator's input: whatever arrives, the answer is JSON (exit 0) or one line on
standard error (exit 2). Never a traceback."""

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ombud.cli import main
from ombud.domain.procedure import CHANNELS, EVENT_TYPES, SUBJECTS
from ombud.domain.simulate import simulate
from ombud.domain.timeline import TimelineError, parse_timeline

pytestmark = pytest.mark.slow  # fuzzing

PROCEDURES = ["ne/appeal", "ne/complaint", "av/complaint", "gl/complaint", "pp/complaint",
              "dnv/complaint", "dnv/objection", "dnv/inspection", "dnv/terms",
              "dnv/data_request", "xx/unknown", "dnv", ""]
TODAY = date(2026, 11, 22)

days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)).map(date.isoformat)
junk = st.one_of(st.none(), st.booleans(), st.integers(-3, 100), st.text(max_size=8),
                 st.just("2026-02-30"), st.lists(st.integers(), max_size=2))
field_values = {
    "channel": st.sampled_from(CHANNELS), "about": st.sampled_from(SUBJECTS),
    "exam_on": days, "decision_on": days, "result_on": days, "invoice": st.booleans(),
    "involved": st.booleans(), "handler": st.text(max_size=6), "term_weeks": st.integers(0, 8),
    "weeks": st.integers(0, 12), "months": st.integers(0, 4), "consent": st.booleans(),
    "ground": st.sampled_from(["late", "already_handled", "older_than_a_year", "court",
                               "insufficient_interest", "incomplete", "disproportionate"]),
    "outcome": st.sampled_from(["upheld", "partly_upheld", "not_upheld"]),
    "hearing_skipped": st.sampled_from(["manifestly_unfounded", "manifestly_inadmissible",
                                        "fully_granted"]),
}


@st.composite
def plausible_timelines(draw):
    """Mostly well-formed timelines, in date order, with now and then a broken part."""
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 6, 1)))
    events, day = [], start
    for index in range(draw(st.integers(1, 14))):
        day = date.fromordinal(day.toordinal() + draw(st.integers(0, 20)))
        kind = "received" if index == 0 else draw(st.sampled_from(EVENT_TYPES))
        event = {"on": day.isoformat(), "type": kind}
        for name in draw(st.sets(st.sampled_from(sorted(field_values)), max_size=3)):
            event[name] = draw(st.one_of(field_values[name], junk) if draw(st.booleans())
                               else field_values[name])
        if index == 0:
            event.setdefault("channel", draw(st.sampled_from(CHANNELS)))
            event.setdefault("decision_on", (start.replace(day=1)).isoformat())
            event.setdefault("result_on", start.isoformat())
        events.append(event)
    timeline = {"procedure": draw(st.sampled_from(PROCEDURES)), "events": events,
                "as_of": date.fromordinal(day.toordinal() + draw(st.integers(-3, 90))).isoformat(),
                "meetings": draw(st.lists(days, max_size=4))}
    if draw(st.integers(0, 9)) == 0:
        del timeline[draw(st.sampled_from(sorted(timeline)))]
    return timeline


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plausible_timelines())
def test_fuzz_plausible_timelines_give_output_or_a_timeline_error(timeline):
    try:
        parsed = parse_timeline(json.dumps(timeline), today=TODAY)
    except TimelineError as error:
        assert "\n" not in str(error)
        return
    output = simulate(parsed)
    assert output["state"] in {"refused_intake", "open", "answered", "declined", "appealed",
                               "withdrawn"}
    for deadline in output["deadlines"]:
        assert deadline["status"] in {"open", "met", "missed", "cancelled", "expired"}
        assert deadline["basis"]
    assert all(0 <= refusal["index"] < len(timeline["events"]) for refusal in output["refused"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=4),
    max_leaves=20).map(json.dumps)))
def test_fuzz_any_text_on_the_command_line_exits_0_or_2_with_one_line(text):
    import io
    import sys
    from contextlib import redirect_stderr, redirect_stdout

    out, err = io.StringIO(), io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            status = main(["procedure", "simulate", "-"])
    finally:
        sys.stdin = stdin
    if status == 0:
        json.loads(out.getvalue())
        assert err.getvalue() == ""
    else:
        assert status == 2
        assert out.getvalue() == ""
        assert err.getvalue().count("\n") == 1

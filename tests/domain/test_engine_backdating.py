"""X-07 and backdating (issue 9, finding 5): a step recorded after its deadline had passed, but
dated before it, does not turn the missed deadline into a met one. The engine is told each
event's recorded day beside its date (``recorded``; absent, it is the date itself)."""

from datetime import date

from ombud.domain import engine
from ombud.domain.loader import find_procedure
from tests.domain.timeline_helpers import deadline, ev, received, refusals, run

PP = "pp/complaint"


def test_x_07_the_reproduction_pp_acknowledgement_done_23_11_recorded_02_12_stays_missed():
    # PP-2026-0002: received 22.11, acknowledgement due 29.11 (PP-11), recorded on 02.12 as
    # done on 23.11. It was shown missed from 30.11 on: it stays missed, met late.
    output = run(PP, [received("2026-11-22"),
                      ev("2026-11-23", "acknowledged", recorded="2026-12-02")], "2026-12-02")
    acknowledge = deadline(output, "acknowledge")
    assert (acknowledge["rule"], acknowledge["due"], acknowledge["status"],
            acknowledge["met_on"]) == ("PP-11", "2026-11-29", "missed", "2026-11-23")
    assert acknowledge["met_recorded_on"] == "2026-12-02"
    assert "recorded on 2026-12-02" in acknowledge["basis"]
    assert "X-07" in acknowledge["basis"]


def test_x_07_a_backdated_step_recorded_by_the_due_day_meets_the_deadline():
    output = run(PP, [received("2026-11-22"),
                      ev("2026-11-23", "acknowledged", recorded="2026-11-29")], "2026-12-02")
    acknowledge = deadline(output, "acknowledge")
    assert (acknowledge["status"], acknowledge["met_on"]) == ("met", "2026-11-23")
    assert "recorded" not in acknowledge["basis"]


def test_x_07_without_a_recorded_day_the_output_is_as_before():
    output = run(PP, [received("2026-11-22"), ev("2026-11-23", "acknowledged")], "2026-12-02")
    acknowledge = deadline(output, "acknowledge")
    assert acknowledge["status"] == "met"
    assert "met_recorded_on" not in acknowledge  # SIMULATE.md output unchanged


def test_x_07_the_status_words_say_met_late_and_when_it_was_recorded_in_each_language():
    procedure = find_procedure(PP, on=date(2026, 11, 22))
    events = [engine.Event(date(2026, 11, 22), "received", {"channel": "letter"}),
              engine.Event(date(2026, 11, 23), "acknowledged", recorded=date(2026, 12, 2))]
    acknowledge = engine.evaluate(procedure, events, date(2026, 12, 3)).deadline("acknowledge")
    assert acknowledge.status == "missed"  # counts as missed in reports
    assert acknowledge.recorded_late
    assert acknowledge.status_note("en") == ("met late, recorded on 2026-12-02 "
                                             "(done 2026-11-23)")
    assert acknowledge.status_note("nb") == ("oppfylt for sent, registrert 02.12.2026 "
                                             "(utført 23.11.2026)")
    assert acknowledge.status_note("nl") == ("te laat voldaan, vastgelegd op 02-12-2026 "
                                             "(gedaan op 23-11-2026)")


def test_x_07_a_backdated_withdrawal_does_not_cancel_a_deadline_already_missed():
    output = run(PP, [received("2026-11-22"),
                      ev("2026-11-24", "withdrawn", recorded="2026-12-02")], "2026-12-02")
    assert deadline(output, "acknowledge")["status"] == "missed"
    assert deadline(output, "answer")["status"] == "cancelled"  # still open on 02.12


def test_x_07_a_backdated_extension_of_a_deadline_already_missed_is_refused():
    events = [received("2026-10-01", decision_on="2026-09-07"),
              ev("2026-11-27", "extended", weeks=6, recorded="2026-12-02")]  # due 30.11
    output = run("dnv/objection", events, "2026-12-02")
    assert refusals(output) == [(1, "X-07")]
    assert deadline(output, "answer")["status"] == "missed"


def test_x_07_a_filers_step_recorded_late_still_counts_on_its_own_day():
    # The filer remedied in time; our recording it later is not their lateness.
    events = [received("2026-10-01", decision_on="2026-09-07"),
              ev("2026-10-05", "incomplete", term_weeks=2),
              ev("2026-10-15", "remedied", recorded="2026-10-26")]
    output = run("dnv/objection", events, "2026-10-26")
    assert deadline(output, "remedy")["status"] == "met"


def test_x_07_a_recorded_day_before_the_event_or_after_as_of_is_an_input_error():
    import json

    import pytest

    from ombud.domain.timeline import TimelineError, parse_timeline

    for recorded, message in (("2026-11-22", "is before the event's day"),
                              ("2026-12-09", "is after as_of")):
        text = json.dumps({"procedure": PP, "as_of": "2026-12-02", "events": [
            received("2026-11-22"), ev("2026-11-23", "acknowledged", recorded=recorded)]})
        with pytest.raises(TimelineError, match=message):
            parse_timeline(text, today=date(2026, 12, 2))

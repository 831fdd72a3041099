"""The simulator's input contract (SIMULATE.md): a timeline that is not one is an input error,
exit status 2, one line on standard error naming the place, nothing on standard output; a good
timeline prints the JSON result and exits 0, from a file or from standard input ("-")."""

import io
import json
from datetime import date

import pytest

from ombud.cli import main
from ombud.domain.timeline import parse_timeline

RECEIVED = {"on": "2026-10-05", "type": "received", "channel": "web"}


def timeline(*events, **top) -> str:
    """A pp/complaint timeline's text; ``top`` replaces or adds top-level keys."""
    return json.dumps({"procedure": "pp/complaint", "as_of": "2026-10-20",
                       "events": list(events), **top})


def simulate_file(tmp_path, text: str) -> int:
    path = tmp_path / "timeline.json"
    path.write_text(text, encoding="utf-8")
    return main(["procedure", "simulate", str(path)])


BAD_TIMELINES = [  # id, timeline text, the place the message must name
    ("invalid_json", '{"procedure": "pp/complaint",', "JSON"),
    ("unknown_procedure", timeline(RECEIVED, procedure="xx/complaint"), "procedure"),
    ("unknown_case_type", timeline(RECEIVED, procedure="pp/objection"), "procedure"),
    ("unknown_event_type", timeline(RECEIVED, {"on": "2026-10-06", "type": "teleported"}),
     "events[1].type"),
    ("malformed_date", timeline({**RECEIVED, "on": "2026-13-01"}), "events[0].on"),
    ("malformed_date_later", timeline(RECEIVED, {"on": "2026-02-30", "type": "acknowledged"}),
     "events[1].on"),
    ("malformed_as_of", timeline(RECEIVED, as_of="2026-13-01"), "as_of"),
    ("malformed_meeting", timeline(RECEIVED, meetings=["2026-10-12", "12.10.2026"]),
     "meetings[1]"),
    ("out_of_order", timeline(RECEIVED, {"on": "2026-10-04", "type": "acknowledged"}),
     "events[1].on"),
    ("out_of_order_later", timeline(RECEIVED, {"on": "2026-10-07", "type": "acknowledged"},
                                    {"on": "2026-10-06", "type": "taken_up"}), "events[2].on"),
    ("after_as_of", timeline(RECEIVED, {"on": "2026-10-21", "type": "acknowledged"}),
     "events[1].on"),
    ("first_not_received", timeline({"on": "2026-10-05", "type": "acknowledged"}),
     "events[0].type"),
    ("objection_without_decision_on", timeline(RECEIVED, procedure="dnv/objection"),
     "events[0].decision_on"),
    ("objection_malformed_decision_on",
     timeline({**RECEIVED, "decision_on": "2026-13-01"}, procedure="dnv/objection"),
     "events[0].decision_on"),
    ("inspection_without_result_on", timeline(RECEIVED, procedure="dnv/inspection"),
     "events[0].result_on"),
    ("terms_without_result_on", timeline(RECEIVED, procedure="dnv/terms"),
     "events[0].result_on"),
    ("unknown_version", timeline(RECEIVED, version="99"), "version"),
]


@pytest.mark.parametrize(("text", "place"), [row[1:] for row in BAD_TIMELINES],
                         ids=[row[0] for row in BAD_TIMELINES])
def test_input_error_exits_2_with_one_line_naming_the_place(tmp_path, capsys, text, place):
    assert simulate_file(tmp_path, text) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and captured.err.endswith("\n")
    assert place in lines[0]


def test_input_error_from_standard_input_exits_2(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(timeline({**RECEIVED, "on": "2026-13-01"})))
    assert main(["procedure", "simulate", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "events[0].on" in captured.err


GOOD = timeline(RECEIVED, {"on": "2026-10-08", "type": "acknowledged"})
OUTPUT_KEYS = {"procedure", "version", "as_of", "state", "deadlines", "allowed", "refused",
               "fees"}
DEADLINE_KEYS = {"key", "rule", "due", "status", "met_on", "owner", "basis"}


def check_good_output(output: dict) -> None:
    assert set(output) >= OUTPUT_KEYS
    assert (output["procedure"], output["version"], output["as_of"], output["state"]) == (
        "pp/complaint", "1", "2026-10-20", "open")
    assert all(set(d) >= DEADLINE_KEYS for d in output["deadlines"])
    acknowledge = next(d for d in output["deadlines"] if d["key"] == "acknowledge")
    assert (acknowledge["due"], acknowledge["status"]) == ("2026-10-12", "met")  # 1 week


def test_simulate_a_file_exits_0_and_prints_json(tmp_path, capsys):
    assert simulate_file(tmp_path, GOOD) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    check_good_output(json.loads(captured.out))


def test_simulate_dash_reads_standard_input(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD))
    assert main(["procedure", "simulate", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    check_good_output(json.loads(captured.out))


def test_refused_event_is_not_an_input_error(tmp_path, capsys):
    text = timeline(RECEIVED, {"on": "2026-10-06", "type": "extended", "weeks": 2})
    assert simulate_file(tmp_path, text) == 0
    output = json.loads(capsys.readouterr().out)
    assert [(r["index"], r["rule"]) for r in output["refused"]] == [(1, "PP-14")]


def test_as_of_defaults_to_today():
    text = json.dumps({"procedure": "pp/complaint", "events": [RECEIVED]})
    assert parse_timeline(text, today=date(2026, 11, 22)).as_of == date(2026, 11, 22)

"""The command line: input errors are one line and exit status 2; the commands do their job."""

import io
import json

import pytest

from ombud.cli import main

GOOD = {"procedure": "pp/complaint", "as_of": "2026-10-20",
        "events": [{"on": "2026-10-05", "type": "received", "channel": "web"}]}


def with_events(*events, **top):
    return {**GOOD, **top, "events": list(events)}


RECEIVED = {"on": "2026-10-05", "type": "received", "channel": "web"}

BAD_INPUT = [
    ("not_json", "{", "not valid JSON"),
    ("unknown_procedure", json.dumps({**GOOD, "procedure": "xx/complaint"}),
     "procedure: unknown procedure 'xx/complaint'"),
    ("unknown_event_type", json.dumps(with_events(RECEIVED, {"on": "2026-10-06",
                                                             "type": "teleported"})),
     "events[1].type: unknown event type 'teleported'"),
    ("malformed_date", json.dumps(with_events({**RECEIVED, "on": "2026-13-01"})),
     "events[0].on: '2026-13-01' is not a date"),
    ("out_of_order", json.dumps(with_events(RECEIVED, {"on": "2026-10-04",
                                                       "type": "acknowledged"})),
     "events[1].on: 2026-10-04 is before the event above it"),
    ("after_as_of", json.dumps(with_events(RECEIVED, {"on": "2026-10-21",
                                                      "type": "acknowledged"})),
     "events[1].on: 2026-10-21 is after as_of"),
    ("first_not_received", json.dumps(with_events({"on": "2026-10-05",
                                                   "type": "acknowledged"})),
     "events[0].type: the first event must be \"received\""),
    ("objection_without_decision_date", json.dumps({**GOOD, "procedure": "dnv/objection"}),
     "events[0].decision_on: dnv/objection needs the date decision_on"),
    ("bad_field_value", json.dumps(with_events(RECEIVED, {"on": "2026-10-06",
                                                          "type": "extended", "weeks": "six"})),
     "events[1].weeks: expected a whole number"),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in BAD_INPUT],
                         ids=[name for name, _, _ in BAD_INPUT])
def test_simulate_input_error_exits_2_with_one_line_naming_the_place(tmp_path, capsys, text,
                                                                     expected):
    path = tmp_path / "timeline.json"
    path.write_text(text, encoding="utf-8")
    assert main(["procedure", "simulate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert expected in captured.err


def test_simulate_reads_standard_input(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(GOOD)))
    assert main(["procedure", "simulate", "-"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["procedure"] == "pp/complaint" and output["state"] == "open"


def test_simulate_a_missing_file_exits_2(capsys):
    assert main(["procedure", "simulate", "/nonexistent/timeline.json"]) == 2
    assert "cannot be read" in capsys.readouterr().err


@pytest.mark.parametrize(("lang", "words"), [
    ("nb", ["Hvem kan klage", "Frister", "PP-14", "PP-17"]),
    ("nl", ["Wie kan indienen", "Termijnen", "PP-14"]),
    ("en", ["Who may file", "Deadlines", "2 weeks after receipt in writing", "PP-17"]),
])
def test_explain_says_the_procedure_in_plain_words_in_each_language(capsys, lang, words):
    assert main(["procedure", "explain", "pp/complaint", "--lang", lang]) == 0
    text = capsys.readouterr().out
    for word in words:
        assert word in text


def test_explain_an_unknown_procedure_exits_2(capsys):
    assert main(["procedure", "explain", "pp/nothing"]) == 2


def test_coverage_lists_every_rule_of_every_bundle_and_leaves_none_of_the_package_uncovered(
        capsys):
    from ombud.domain.bundles import all_bundles
    from ombud.domain.rules import rule_catalogue

    assert main(["procedure", "coverage"]) == 0
    text = capsys.readouterr().out
    *groups, summary = text.split("\n\n")
    catalogues = {"ombud": rule_catalogue()} | {
        org: rule_catalogue(folder / "rules.md") for org, folder in all_bundles().items()}
    assert len(groups) == len(catalogues)
    for group in groups:
        heading, *rows, counts = group.splitlines()
        bundle = heading.split()[1].rstrip(":")
        assert [row.split()[0] for row in rows] == list(catalogues[bundle])
        assert counts.startswith(f"-- {bundle}: {len(catalogues[bundle])} rules: ")
        if bundle in ("ombud", "ne", "av", "gl", "pp", "dnv"):  # the package's own: all covered
            assert counts.endswith(" 0 NOT COVERED") and " NOT COVERED " not in group
    total, evidence = summary.splitlines()
    assert total.startswith(f"{sum(map(len, catalogues.values()))} rules: ")
    assert "DNV-K-11   engine" in text and "AV-04      planned" in text
    assert evidence.endswith(" 0 disagreements between claims and tests (--check names them)")


def test_coverage_plans_name_only_rules_of_their_own_catalogue():
    import tomllib

    from ombud.domain.bundles import all_bundles
    from ombud.domain.coverage import PLAN_FILE
    from ombud.domain.rules import rule_catalogue

    places = [(PLAN_FILE, rule_catalogue())] + [
        (folder / "coverage.toml", rule_catalogue(folder / "rules.md"))
        for folder in all_bundles().values() if (folder / "coverage.toml").is_file()]
    for plan_file, catalogue in places:
        plan = tomllib.loads(plan_file.read_text(encoding="utf-8"))
        named = set().union(*(plan.get(section, {}) for section in
                              ("engine", "application", "planned", "not_supported")))
        assert set(plan.get("application", {})).isdisjoint(plan.get("planned", {}))
        assert named - set(catalogue) == set(), plan_file

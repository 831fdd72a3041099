"""Golden outputs of `ombud procedure simulate`, one or more timelines per case type.

The expected files were checked by hand against rules.md when written; a change in them is a
change in behaviour and must be reviewed as one. Regenerate with:
    for f in examples/timelines/*.json; do
        .venv/bin/ombud procedure simulate $f > tests/golden/$(basename $f .json).out.json; done
"""

import json
from pathlib import Path

import pytest

from ombud.cli import main

ROOT = Path(__file__).resolve().parents[2]
TIMELINES = sorted((ROOT / "examples" / "timelines").glob("*.json"))
CASE_TYPES = ("ne/appeal", "ne/complaint", "av/complaint", "gl/complaint", "pp/complaint",
              "dnv/complaint", "dnv/objection", "dnv/inspection", "dnv/terms", "dnv/data_request")


def test_every_case_type_has_a_golden_timeline():
    covered = {json.loads(path.read_text())["procedure"] for path in TIMELINES}
    assert covered == set(CASE_TYPES)


@pytest.mark.parametrize("timeline", TIMELINES, ids=lambda path: path.stem)
def test_simulate_output_matches_golden(timeline, capsys):
    assert main(["procedure", "simulate", str(timeline)]) == 0
    printed = json.loads(capsys.readouterr().out)
    golden = json.loads((ROOT / "tests" / "golden" / f"{timeline.stem}.out.json").read_text())
    assert printed == golden

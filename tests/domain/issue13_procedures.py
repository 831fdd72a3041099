"""Shared by the issue-13 engine tests: two procedures that use the engine keys added in issue 13
(a Norwegian municipality's klage under the forvaltningsloven, a Dutch municipality's bezwaar
under the Awb), read with their own rule IDs beside the package's catalogue, and run through
the simulator's public path."""

import json
from pathlib import Path

import pytest
from timeline_helpers import TODAY

from ombud.domain.procedure_schema import parse_procedure
from ombud.domain.rules import Rule, rule_catalogue
from ombud.domain.simulate import simulate
from ombud.domain.timeline import parse_timeline

HERE = Path(__file__).resolve().parent / "issue13"
FVL = HERE / "fvl_klage.toml"
AWB = HERE / "awb_bezwaar.toml"

# The statutes' own words, shortened: the catalogue these two files name.
RULES = {
    "FVL-2": "fvl § 2(3): a decision to dismiss (avvise) a case is itself an individual decision",
    "FVL-28": "fvl § 28: individual decisions may be appealed to the next higher body",
    "FVL-29": "fvl § 29: the time limit for a klage is three weeks from notification",
    "FVL-30": "fvl § 30 b: a klage posted before the time limit ran out is in time",
    "DL-148": "domstolloven § 148 (fvl § 30): a time limit ending on a Saturday, Sunday or "
              "public holiday runs to the next working day",
    "FVL-31": "fvl § 31: a late klage is dismissed unless there is good cause",
    "FVL-32": "fvl § 32: the klage is written and sent to the first instance",
    "FVL-33": "fvl § 33: the first instance may reverse its decision; if not, it forwards the "
              "case to the appeal body",
    "FVL-34": "fvl § 34: the appeal body dismisses a klage that does not meet the conditions",
    "KOM-1": "the municipality's own target: a klage it does not reverse is forwarded within "
             "six weeks of receipt",
    "KOM-2": "the appeal body's stated target: a forwarded case is decided within three months",
    "AWB-6:5": "Awb 6:5: the objection is signed and states name, address, date, decision and "
               "grounds",
    "AWB-6:6": "Awb 6:6: an omission may lead to inadmissibility only after a term to remedy it",
    "AWB-6:7": "Awb 6:7: the objection term is six weeks",
    "AWB-6:9": "Awb 6:9: in time when received before the end of the term, or posted before it "
               "and received within a week after it",
    "AWB-7:1": "Awb 7:1: an objection must be made before appeal to the court",
    "AWB-7:2": "Awb 7:2: the interested parties are heard before the decision",
    "AWB-7:3": "Awb 7:3: hearing may be omitted in the cases listed",
    "AWB-7:5": "Awb 7:5: the hearing is held by someone not involved in preparing the contested "
               "decision",
    "AWB-7:10": "Awb 7:10: the decision on the objection within six weeks (twelve with an "
                "advisory committee) after the objection term, extendable by six weeks",
    "AWB-7:13": "Awb 7:13: an advisory committee hears and advises",
    "AWB-8:1": "Awb 8:1: an interested party may appeal to the administrative court",
}


def catalogue() -> dict[str, Rule]:
    """Ombud's own catalogue with the two files' rule IDs beside it, as a bundle's rules.md
    would give them."""
    return {**rule_catalogue(),
            **{rule: Rule(rule, text, "issue 13 tests") for rule, text in RULES.items()}}


@pytest.fixture
def issue13_rules():
    return catalogue()


def load(path: Path, replace: tuple[str, str] | None = None):
    """The procedure in ``path``; ``replace``: (old, new) text changed first."""
    text = path.read_text(encoding="utf-8")
    if replace is not None:
        assert replace[0] in text, replace[0]
        text = text.replace(*replace)
    return parse_procedure(text, path.name, rules=catalogue())


def run(procedure, events: list[dict], as_of: str) -> dict:
    """The public path: a timeline as JSON text, parsed against ``procedure``, simulated."""
    timeline = {"procedure": procedure.id, "as_of": as_of, "events": events}
    return simulate(parse_timeline(json.dumps(timeline), today=TODAY, procedure=procedure))

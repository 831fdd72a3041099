"""Issue 13, item 2: events and body kinds a bundle declares. Waterdal's adviescommissie
bezwaarschriften (examples/bundles/waterdal): the objection put before it (``advice_requested``,
WD-04) starts its four-week term, its advice (``advice_issued``, AWB-7:13) meets it; neither
closes, decides or answers the objection.

The count (WD-04, as ATW-1): four weeks after the day of the referral, the same weekday 28 days
on; a last day on a Saturday, Sunday or Atw day runs to the next working day. The Atw days of
2026 (ATW-3): Good Friday 3 Apr, Easter Monday 6 Apr, King's Day Mon 27 Apr, Tue 5 May,
Ascension Thu 14 May with Fri 15 May (equated by decree), Whit Monday 25 May, Christmas Fri 25
and Sat 26 Dec.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from ombud.cli import main
from ombud.domain.engine import evaluate
from ombud.domain.explain import explain
from ombud.domain.loader import ProcedureError, bundle_problems, find_procedure
from ombud.domain.simulate import simulate
from ombud.domain.timeline import TimelineError, parse_timeline

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"
BEZWAAR = "bezwaar/2026-01-01.toml"


@pytest.fixture(autouse=True)
def examples(monkeypatch):
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))


@pytest.fixture
def bundle(tmp_path, monkeypatch) -> Path:
    """A copy of Waterdal's bundle to edit, named by the setting."""
    root = tmp_path / "bundles"
    shutil.copytree(EXAMPLES / "waterdal", root / "waterdal")
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(root))
    return root / "waterdal"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def run(events: list[dict], as_of: str = "2027-01-31", procedure: str = "waterdal/bezwaar"
        ) -> dict:
    text = json.dumps({"procedure": procedure, "as_of": as_of, "events": events})
    return simulate(parse_timeline(text, today=date(2027, 1, 31)))


RECEIVED = {"on": "2026-03-02", "type": "received", "channel": "letter",
            "decision_on": "2026-02-20"}


def ev(on: str, kind: str, **more) -> dict:
    return {"on": on, "type": kind, **more}


def deadline(result: dict, key: str) -> dict | None:
    return next((d for d in result["deadlines"] if d["key"] == key), None)


# the day the objection was put before the committee, the committee's last day
ADVICE = [
    ("2026-04-13", "2026-05-11"),  # Mon 13 Apr + 28 = Mon 11 May, a working day
    ("2026-03-30", "2026-04-28"),  # Mon 27 Apr King's Day: Tue 28 Apr
    ("2026-04-07", "2026-05-06"),  # Tue 5 May, an Atw day every year: Wed 6 May
    ("2026-04-16", "2026-05-18"),  # Thu 14 May Ascension, Fri 15 equated, weekend: Mon 18 May
    ("2026-04-27", "2026-05-26"),  # Mon 25 May Whit Monday: Tue 26 May
    ("2026-11-27", "2026-12-28"),  # Fri 25 Dec, Sat 26 Dec, Sun 27: Mon 28 Dec
]


@pytest.mark.parametrize(("referred", "last_day"), ADVICE)
def test_wd_04_atw_1_atw_3_the_committee_advises_within_four_weeks_of_the_referral(
        referred, last_day):
    result = run([RECEIVED, ev(referred, "advice_requested")], as_of=referred)
    advice = deadline(result, "advice")
    assert (advice["due"], advice["status"], advice["owner"], advice["rule"]) == (
        last_day, "open", "organization", "WD-04")
    assert advice["basis"].startswith(
        f"4 weeks after the referral to the advisory committee on {referred}")
    assert result["refused"] == [] and "advice_issued" in result["allowed"]


def test_awb_7_13_wd_04_the_advice_meets_the_term_on_its_last_day_and_a_day_later_is_late():
    """Referred Thu 16 Apr; Thu 14 May Ascension, Fri 15 equated: the last day is Mon 18 May."""
    on_time = run([RECEIVED, ev("2026-04-16", "advice_requested"),
                   ev("2026-05-18", "advice_issued", text="ongegrond")], as_of="2026-05-20")
    assert deadline(on_time, "advice")["status"] == "met"
    assert "2026-05-14 is not a working day, so it ends on 2026-05-18" in deadline(
        on_time, "advice")["basis"]
    late = run([RECEIVED, ev("2026-04-16", "advice_requested"),
                ev("2026-05-19", "advice_issued", text="ongegrond")], as_of="2026-05-20")
    assert (deadline(late, "advice")["status"], deadline(late, "advice")["met_on"]) == (
        "missed", "2026-05-19")


def test_awb_7_13_the_advice_neither_closes_nor_decides_nor_meets_the_decision_term():
    """The college decides (7:13(7)): after the advice the case is open, the beslistermijn
    (Fri 20 Feb sent, period to object to Tue 7 Apr, Good Friday and Easter Monday; + 6 weeks
    = Tue 19 May) still runs, and the decision is still a step to take."""
    result = run([RECEIVED, ev("2026-04-16", "advice_requested"),
                  ev("2026-05-11", "advice_issued", text="ongegrond")], as_of="2026-05-11")
    answer = deadline(result, "answer")
    assert result["state"] == "open"
    assert (answer["due"], answer["status"], answer["met_on"]) == ("2026-05-19", "open", None)
    assert "answered" in result["allowed"] or "hearing_invited" in result["allowed"]


def test_awb_7_12_a_declared_step_after_the_decision_is_refused_and_its_term_cancelled():
    result = run([RECEIVED, ev("2026-04-16", "advice_requested"),
                  ev("2026-05-04", "answered", outcome="not_upheld",
                     hearing_skipped="manifestly_unfounded"),
                  ev("2026-05-06", "advice_issued", text="te laat")], as_of="2026-05-06")
    assert result["state"] == "answered"
    assert deadline(result, "advice")["status"] == "cancelled"
    assert [(r["index"], r["type"], r["rule"]) for r in result["refused"]] == [
        (3, "advice_issued", "AWB-7:12")]


def test_awb_7_13_a_timeline_refuses_an_event_nobody_declared_and_another_bundle_s_event():
    with pytest.raises(TimelineError, match=r"events\[1\]\.type: unknown event type "
                       r"'advies_klaar': not one of Ombud's, nor declared by waterdal/bezwaar "
                       r"\(its own: advice_requested, advice_issued\)"):
        run([RECEIVED, ev("2026-04-16", "advies_klaar")])
    fjellby = {"on": "2026-03-02", "type": "received", "channel": "letter",
               "decision_on": "2026-02-20"}
    with pytest.raises(TimelineError, match=r"'advice_issued': not one of Ombud's, nor "
                       r"declared by fjellby/klage \(its own: none\)"):
        run([fjellby, ev("2026-04-16", "advice_issued", text="x")], procedure="fjellby/klage")
    with pytest.raises(TimelineError, match=r"events\[1\]\.text: missing"):
        run([RECEIVED, ev("2026-04-16", "advice_issued")])
    with pytest.raises(TimelineError, match=r"events\[1\]\.type: unknown event type"):
        run([RECEIVED, ev("2026-04-16", "Advice Issued")])


def test_awb_7_13_only_the_roles_the_bundle_names_record_its_steps():
    access = find_procedure("waterdal/bezwaar").access
    assert access.roles_for("advice_issued") == frozenset({"handler", "manager"})
    assert not access.may_record(frozenset({"intake", "auditor"}), "advice_issued")
    assert access.roles_for("answered") == frozenset({"handler", "manager"})  # unchanged


def test_awb_7_13_the_engine_gives_a_declared_step_no_other_meaning():
    procedure = find_procedure("waterdal/bezwaar")
    from ombud.domain.engine import Event

    state = evaluate(procedure, [
        Event(date(2026, 3, 2), "received", {"channel": "letter",
                                             "decision_on": date(2026, 2, 20)}),
        Event(date(2026, 4, 16), "advice_issued", {"text": "<script>alert(1)</script>"})],
        date(2026, 4, 16))
    assert state.state == "open" and state.refused == ()
    assert [d.key for d in state.deadlines] == ["filing", "answer"]  # met nothing, opened none


# What validate refuses in a declared event, and why (the file's key, then the message)
REFUSED = [
    ('key = "advice_issued"', 'key = "answered"',
     "event[1].key: 'answered' is one of Ombud's own steps or history entries"),
    ('key = "advice_issued"', 'key = "note"',
     "event[1].key: 'note' is one of Ombud's own steps or history entries"),
    ('key = "advice_issued"', 'key = "deadline_missed"',
     "event[1].key: 'deadline_missed' is one of Ombud's own steps"),
    ('key = "advice_issued"', 'key = "Advice-Issued"',
     "event[1].key: 'Advice-Issued' is not a key"),
    ('key = "advice_issued"', 'key = "advice_requested"',
     "event[1].key: 'advice_requested' is declared twice"),
    ('record = ["handler", "manager"]\ndate = true\ntext = "required"',
     'record = ["handler", "admin"]\ndate = true\ntext = "required"',
     "event[1].record: 'admin' cannot record a step"),
    ('record = ["handler", "manager"]\ndate = true\ntext = "required"',
     'record = []\ndate = true\ntext = "required"', "event[1].record: must name at least one"),
    ('text = "required"', 'text = "maybe"',
     "event[1].text: 'maybe' is not one of required, optional, none"),
    ('rule = "AWB-7:13"\nrecord', 'rule = "AWB-7:99"\nrecord', "event[1].rule: rule 'AWB-7:99'"),
    ('met_by = ["answered", "declined"]', 'met_by = ["answered", "advice_issued"]',
     "deadline.answer: uses the declared event 'advice_issued', but 'answer' is one of "
     "Ombud's deadlines"),
    ('from = "event:advice_requested"', 'from = "event:advice_asked"',
     "deadline[4].from: 'event:advice_asked' is not a start"),
]


@pytest.mark.parametrize(("old", "new", "message"), REFUSED)
def test_awb_7_13_validate_refuses_a_declared_event_that_is_not_the_bundle_s_own(
        bundle, capsys, old, new, message):
    _edit(bundle / BEZWAAR, old, new)
    with pytest.raises(ProcedureError) as error:
        find_procedure("waterdal/bezwaar")
    assert message in str(error.value)
    assert main(["procedure", "validate", "--all"]) == 1
    assert message in capsys.readouterr().err


def test_awb_7_13_every_declared_step_and_body_kind_is_named_in_nb_nl_and_en(bundle, capsys):
    assert bundle_problems() == []
    _edit(bundle / "texts" / "en.toml", 'advice_issued = "the advisory committee\'s advice"\n',
          "")
    _edit(bundle / "texts" / "nb.toml", "[events]\n", '[events]\nadvise_issued = "råd"\n')
    _edit(bundle / "texts" / "nl.toml", "[body_kinds]\n", '[body_kinds]\nboard = "bestuur"\n')
    problems = "\n".join(bundle_problems())
    assert "en.toml: [events] advice_issued: missing" in problems
    assert "nb.toml: [events] advise_issued: no procedure of waterdal declares" in problems
    assert "[body_kinds] board: not a kind of the bundle's own" in problems
    assert "en.toml: [body_kinds] board: missing" in problems
    assert main(["procedure", "validate", "--all"]) == 1


def test_fvl_2_3_a_bundle_renames_only_ombud_s_own_steps(bundle):
    """[steps] labels one of Ombud's steps ("klage sendt" for ``appealed``); a key that is no
    step of Ombud's is refused by validate (a step of the bundle's own is an [[event]])."""
    from ombud.domain.texts import event_name

    _edit(bundle / "texts" / "nl.toml", "[events]\n",
          '[steps]\nappealed = "beroep ingesteld bij de raad"\nappeal = "beroep"\n\n[events]\n')
    problems = "\n".join(bundle_problems())
    assert "nl.toml: [steps] appeal: not one of Ombud's steps" in problems
    assert "appealed" not in problems
    assert event_name("waterdal/bezwaar", "appealed", "nl") == "beroep ingesteld bij de raad"
    assert event_name("waterdal/bezwaar", "appealed", "nb") == "anket"  # Ombud's, unrenamed


@pytest.mark.parametrize(("lang", "heading", "line"), [
    ("nl", "Eigen stappen (zij sluiten, beslissen of beantwoorden een zaak nooit):",
     "  - Advies van de adviescommissie (AWB-7:13): vastgelegd door behandelaar, manager; met "
     "de dag waarop het gebeurde; met een tekst; voldoet aan: adviestermijn"),
    ("nb", "Egne steg (de avslutter, avgjør eller besvarer aldri en sak):",
     "  - Framleggingen for den rådgivende nemnda (WD-04): registreres av saksbehandler, leder; "
     "med dagen det skjedde; tekst etter ønske; starter: frist for nemndas råd"),
    ("en", "Steps of its own (they never close, decide or answer a case):",
     "  - Period for the committee's advice (WD-04): 4 weeks after the referral to the "
     "advisory committee"),
])
def test_wd_04_explain_says_the_declared_steps_and_their_term(lang, heading, line):
    text = explain(find_procedure("waterdal/bezwaar"), lang)
    assert heading in text and line in text

"""A bundle written by following docs/authoring.md alone: Universitetet i Nordvik's klage on a
decision on recognition of education (examples/bundles/nordvik), under forvaltningsloven
chapter VI, read through OMBUD_PROCEDURE_DIRS. The dates are the law's, counted by hand: three
weeks from the day the decision reached the party (fvl § 29); a party's period ending on a
Saturday, Sunday, holiday, julaften or nyttårsaften runs out the next working day (NV-01,
domstolloven §§ 148-149); in time when posted before the end (fvl § 30); the university's own
targets fall as they fall (X-03). Holidays used: skjærtorsdag Thu 25 Mar, langfredag Fri 26 Mar,
2. påskedag Mon 29 Mar 2027; 1. mai Sat 1 May 2027; Kristi himmelfartsdag Thu 6 May 2027;
grunnlovsdag and 2. pinsedag Mon 17 May 2027; 1. and 2. juledag Fri 25 and Sat 26 Dec 2026,
1. nyttårsdag Fri 1 Jan 2027; julaften Thu 24 Dec and nyttårsaften Thu 31 Dec 2026."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ombud.domain.simulate import simulate
from ombud.domain.timeline import parse_timeline

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(autouse=True)
def nordvik(monkeypatch):
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES / "bundles"))


def run(events: list[dict], as_of: str = "2028-03-31") -> dict:
    text = json.dumps({"procedure": "nordvik/klage", "as_of": as_of, "events": events})
    return simulate(parse_timeline(text, today=date(2028, 3, 31)))


def received(on: str, decision_on: str, **more) -> dict:
    return {"on": on, "type": "received", "channel": "letter", "decision_on": decision_on,
            "about": "innpassing", **more}


def deadline(result: dict, key: str) -> dict:
    return next(d for d in result["deadlines"] if d["key"] == key)


@pytest.mark.parametrize(("reached", "last_day"), [
    ("2026-11-20", "2026-12-11"),  # Fri + 21 days: Fri 11 Dec, a working day
    ("2027-03-04", "2027-03-30"),  # Thu 25 Mar skjærtorsdag, 26 langfredag, 27-28, 29 2. påskedag
    ("2027-04-10", "2027-05-03"),  # Sat 1 May (1. mai), Sun 2: Monday 3 May
    ("2027-04-15", "2027-05-07"),  # Thu 6 May Kristi himmelfartsdag: Friday 7 May
    ("2027-04-26", "2027-05-18"),  # Mon 17 May grunnlovsdag and 2. pinsedag: Tuesday 18 May
    ("2026-12-03", "2026-12-28"),  # Thu 24 Dec julaften, 25, 26, Sun 27: Monday 28 Dec
])
def test_fvl_29_1_nv_01_three_weeks_from_when_the_decision_reached_the_party(reached, last_day):
    filing = deadline(run([received(last_day, reached)]), "filing")
    assert (filing["due"], filing["status"], filing["owner"]) == (last_day, "met", "filer")


def test_fvl_29_1_a_day_after_the_moved_end_is_late():
    """Reached Mon 26 Apr 2027: the period ends Tue 18 May (17 May a holiday); Wed 19 is late."""
    assert deadline(run([received("2027-05-19", "2027-04-26")]), "filing")["status"] == "missed"


@pytest.mark.parametrize(("posted", "status"), [("2027-03-30", "met"), ("2027-03-31", "missed")])
def test_fvl_30_1_posted_by_the_last_day_is_in_time(posted, status):
    """Reached Thu 4 Mar 2027, ends Tue 30 Mar (Easter); received Wed 31 Mar."""
    result = run([received("2027-03-31", "2027-03-04", posted_on=posted)])
    assert deadline(result, "filing")["status"] == status


def test_nv_04_fvl_11a_3_the_university_s_targets_fall_as_they_fall():
    """Received Sat 5 Dec 2026: forwarded within four weeks, Sat 2 Jan 2027, not moved (X-03);
    a preliminary answer within one month, Tue 5 Jan 2027."""
    result = run([received("2026-12-05", "2026-11-20")], as_of="2026-12-06")
    assert deadline(result, "forwarding")["due"] == "2027-01-02"
    assert deadline(result, "acknowledge")["due"] == "2027-01-05"


def test_fvl_11a_3_nv_02_one_month_from_31_march_is_30_april_and_forwarding_meets_it():
    result = run([received("2027-03-31", "2027-03-10"),
                  {"on": "2027-04-26", "type": "forwarded"}])
    acknowledge = deadline(result, "acknowledge")
    assert (acknowledge["due"], acknowledge["status"]) == ("2027-04-30", "met")


def test_nv_03_fvl_17_1_the_subject_group_s_statement_within_two_weeks_as_it_falls():
    """Asked Thu 22 Apr 2027: two weeks is Thu 6 May, Kristi himmelfartsdag, not moved (the
    university's own target, X-03); the statement on Fri 7 May is late."""
    result = run([received("2027-04-20", "2027-04-12"),
                  {"on": "2027-04-22", "type": "fagmiljo_requested", "text": "MAT-210"},
                  {"on": "2027-05-07", "type": "fagmiljo_statement", "text": "8 av 10 sp"}])
    statement = deadline(result, "fagmiljo")
    assert (statement["due"], statement["status"]) == ("2027-05-06", "missed")
    assert result["refused"] == []


def test_fvl_33_4_nv_05_forwarded_the_appeals_board_s_decision_within_two_months():
    """Forwarded Fri 31 Dec 2027: two months is 29 February 2028 (a leap year), a Tuesday."""
    result = run([received("2027-12-20", "2027-12-06"),
                  {"on": "2027-12-31", "type": "forwarded"},
                  {"on": "2028-02-15", "type": "answered", "outcome": "not_upheld"}])
    answer = deadline(result, "appeal_answer")
    assert (answer["due"], answer["status"]) == ("2028-02-29", "met")
    assert result["state"] == "answered" and result["refused"] == []


def test_fvl_2_3_nv_01_a_klage_on_the_dismissal_within_three_weeks_moved_past_new_year():
    """Dismissed Thu 10 Dec 2026: three weeks is Thu 31 Dec, nyttårsaften, then Fri 1 Jan 2027
    and the weekend: Monday 4 January 2027."""
    result = run([received("2026-12-01", "2026-11-02"),
                  {"on": "2026-12-10", "type": "declined", "ground": "late"},
                  {"on": "2027-01-04", "type": "appealed"}])
    appeal = deadline(result, "appeal")
    assert (appeal["due"], appeal["status"]) == ("2027-01-04", "met")


def test_the_example_timeline_gives_the_dates_counted_by_hand():
    """examples/nordvik-klage-timeline.json: reached Thu 4 Mar 2027, posted Tue 30 Mar (the
    period's moved end, Easter), received Wed 31 Mar; forwarded Mon 26 Apr."""
    result = simulate(parse_timeline((EXAMPLES / "nordvik-klage-timeline.json").read_text(),
                                     today=date(2028, 1, 1)))
    dates = {d["key"]: (d["due"], d["status"]) for d in result["deadlines"]}
    assert dates == {"filing": ("2027-03-30", "met"), "acknowledge": ("2027-04-30", "met"),
                     "forwarding": ("2027-04-28", "met"), "fagmiljo": ("2027-04-22", "met"),
                     "appeal_answer": ("2027-06-26", "met")}


@pytest.mark.parametrize(("language", "own", "ombud_s"), [
    ("nb", "frist for klager", "innsenderens frist"),
    ("en", "the appellant's term", "the filer's term"),
    ("nl", "termijn van de indiener", None),
])
def test_fvl_29_1_explain_names_whose_period_it_is_in_the_bundle_s_word(language, own, ombud_s,
                                                                        capsys):
    """The party's periods are the klager's ([parties] complainant), as on the case page; not
    Ombud's "innsenderens frist". Nordvik's Dutch words call the party "indiener"."""
    from ombud.cli import main

    assert main(["procedure", "explain", "nordvik/klage", "--lang", language]) == 0
    out = capsys.readouterr().out
    assert f"3 {'uker' if language == 'nb' else 'weken' if language == 'nl' else 'weeks'}" in out
    assert own in out
    if ombud_s:
        assert ombud_s not in out

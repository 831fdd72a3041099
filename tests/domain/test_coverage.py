"""Coverage from evidence: a rule claimed as enforced counts only when a test names its ID, and
``ombud procedure coverage --check`` fails where a claim and the tests disagree.

Most cases run on a small catalogue of their own (a plan file and a tests folder written here),
so that they do not change with the product's catalogue; the last ones run the real command."""

from __future__ import annotations

from pathlib import Path

import pytest

from ombud.cli import main
from ombud.domain import evidence
from ombud.domain.coverage import problems, rule_coverage

RULES = ["X-07", "AV-01", "AV-11", "DNV-K-11", "NE-N-01", "PP-06"]


def world(tmp_path: Path, plan: str, tests: dict[str, str]) -> list:
    """The coverage of ``RULES`` under ``plan`` with the test files ``tests`` (name -> text)."""
    (tmp_path / "coverage.toml").write_text(plan, encoding="utf-8")
    folder = tmp_path / "tests"
    for name, text in tests.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    folder.mkdir(exist_ok=True)
    return rule_coverage(tmp_path / "coverage.toml", folder, rules=RULES, procedures=[])


def by_rule(rows) -> dict:
    return {row.rule: row for row in rows}


CONSISTENT_PLAN = """
[engine]
"X-07" = "a missed deadline stays missed"
"DNV-K-11" = "acknowledge within five working days"
[application]
"PP-06" = "the form links the privacy statement"
[planned]
"NE-N-01" = "newsletter consent"
"""
CONSISTENT_TESTS = {
    "test_engine.py": "def test_x_07_missed_stays_missed():\n    pass\n\n"
                      "def test_dnv_k_11_x_07_acknowledged_late():\n    pass\n",
    "public/test_form.py": "class TestForm:\n    def test_pp_06_the_link(self):\n        pass\n",
}


def test_claims_and_tests_that_agree_are_no_problem(tmp_path):
    rows = world(tmp_path, CONSISTENT_PLAN, CONSISTENT_TESTS)
    assert problems(rows) == []
    found = by_rule(rows)
    assert found["X-07"].tests == ["test_engine.py::test_x_07_missed_stays_missed",
                                   "test_engine.py::test_dnv_k_11_x_07_acknowledged_late"]
    assert found["PP-06"].tests == ["public/test_form.py::test_pp_06_the_link"]
    assert (found["NE-N-01"].status, found["NE-N-01"].tests) == ("planned", [])
    assert (found["AV-01"].status, found["AV-01"].tests) == ("NOT COVERED", [])


def test_a_rule_claimed_as_enforced_without_a_test_naming_it_is_named(tmp_path):
    tests = {"test_engine.py": "def test_x_07_missed_stays_missed():\n    pass\n"}
    rows = world(tmp_path, CONSISTENT_PLAN, {**CONSISTENT_TESTS, **tests})
    assert problems(rows) == [
        "DNV-K-11: claimed as enforced (engine), but no test names it"]


def test_an_application_rule_without_a_test_is_named_too(tmp_path):
    rows = world(tmp_path, CONSISTENT_PLAN, {"test_engine.py": CONSISTENT_TESTS["test_engine.py"]})
    assert problems(rows) == ["PP-06: claimed as enforced (application), but no test names it"]


def test_a_planned_rule_that_a_test_names_is_named(tmp_path):
    tests = {"test_news.py": "async def test_ne_n_01_consent_is_recorded():\n    pass\n"}
    rows = world(tmp_path, CONSISTENT_PLAN, {**CONSISTENT_TESTS, **tests})
    assert problems(rows) == ["NE-N-01: called planned, but tests name it: "
                              "test_news.py::test_ne_n_01_consent_is_recorded"]


def test_a_rule_still_planned_beside_its_claim_is_named_once_tested(tmp_path):
    plan = CONSISTENT_PLAN + '"X-07" = "reports count missed deadlines"\n'
    rows = world(tmp_path, plan, CONSISTENT_TESTS)
    assert [line.split(":")[0] + ": " + line.split(": ")[1].split(",")[0]
            for line in problems(rows)] == ["X-07: called planned"]


def test_a_rule_nobody_claims_that_a_test_names_is_named(tmp_path):
    tests = {"test_intake.py": "def test_av_01_who_may_complain():\n    pass\n"}
    rows = world(tmp_path, CONSISTENT_PLAN, {**CONSISTENT_TESTS, **tests})
    assert problems(rows) == ["AV-01: called NOT COVERED, but tests name it: "
                              "test_intake.py::test_av_01_who_may_complain"]


@pytest.mark.parametrize(("name", "named"), [
    ("test_av_11_annual_report", {"AV-11"}),  # not AV-01
    ("test_av_01_who_may_complain", {"AV-01"}),
    ("test_the_rule_av_01", {"AV-01"}),  # at the end of the name
    ("test_av_1_is_no_rule", set()),  # AV-1 is neither AV-01 nor AV-11
    ("test_av_111_is_no_rule", set()),
    ("test_nav_01_alone", set()),  # "nav" is another word
    ("test_dnv_k_11_and_x_07", {"DNV-K-11", "X-07"}),
    ("test_k_11_alone", set()),
    ("test_max_07_alone", set()),
])
def test_a_test_names_a_rule_by_its_whole_id_in_snake_form(name, named):
    rules_by_snake = {evidence.snake_id(rule): rule for rule in RULES}
    assert evidence.rules_named(name, rules_by_snake) == named


@pytest.mark.parametrize(("name", "unknown"), [
    ("test_av_1_meant_av_11", {"AV-1"}),
    ("test_dnv_k_99_and_x_07", {"DNV-K-99"}),
    ("test_ne_n_1", {"NE-N-1"}),
    ("test_av_11_dnv_k_11", set()),
    ("test_journey_1_nav_2_max_3", set()),  # no rule's prefix
])
def test_an_id_with_a_rule_s_prefix_that_is_no_rule_is_found(name, unknown):
    rules_by_snake = {evidence.snake_id(rule): rule for rule in RULES}
    assert evidence.ids_of_no_rule(name, rules_by_snake) == unknown


def test_a_test_naming_an_id_no_rule_has_is_a_problem(tmp_path):
    tests = {"test_typo.py": "def test_dnv_k_1_acknowledged():\n    pass\n"}
    rows = world(tmp_path, CONSISTENT_PLAN, {**CONSISTENT_TESTS, **tests})
    assert problems(rows) == []  # the claims alone agree
    assert problems(rows, tmp_path / "tests") == [
        "test_typo.py::test_dnv_k_1_acknowledged: names DNV-K-1, which is not a rule of rules.md"]


def test_only_test_functions_in_files_pytest_collects_count(tmp_path):
    tests = {
        "helpers.py": "def test_av_11_in_a_helper():\n    pass\n",  # not a test file
        "audit/report_test.py": "def test_av_11_collected():\n    pass\n",
        "test_notes.py": "# def test_av_01_commented_out():\n"
                         "def helper_av_01():\n    pass\n"
                         "def test_av_11_named():\n    pass\n",
    }
    found = by_rule(world(tmp_path, CONSISTENT_PLAN, tests))
    assert found["AV-11"].tests == ["audit/report_test.py::test_av_11_collected",
                                    "test_notes.py::test_av_11_named"]
    assert found["AV-01"].tests == []


def test_a_plan_naming_a_rule_outside_the_catalogue_is_an_error(tmp_path):
    with pytest.raises(ValueError, match=r"\[planned\] names rules not in its rules.md: AV-99"):
        world(tmp_path, '[planned]\n"AV-99" = "nothing"\n', {})


# -- the command -----------------------------------------------------------------------------------

def copy_of_the_tests(tmp_path: Path, leave_out: str = "", add: str = "") -> Path:
    """A tests folder holding the real tests' names (bodies empty) with the rule ``leave_out``
    (snake form) struck from them, plus the test ``add``."""
    tests_dir = evidence.default_tests_dir()
    names = [test.rpartition("::")[2] for test in evidence.named_tests(tests_dir)]
    kept = [f"{name}_".replace(f"_{leave_out}_", "_").rstrip("_") if leave_out else name
            for name in names]
    kept += [add] if add else []
    folder = tmp_path / "tests"
    folder.mkdir()
    (folder / "test_copy.py").write_text(
        "".join(f"def {name}():\n    pass\n" for name in kept), encoding="utf-8")
    return folder


def test_the_product_s_claims_agree_with_its_tests(capsys):
    assert main(["procedure", "coverage", "--check"]) == 0
    assert capsys.readouterr().out.startswith("ok  ")


def test_check_names_a_rule_claimed_as_enforced_that_no_test_names_and_exits_1(tmp_path, capsys):
    folder = copy_of_the_tests(tmp_path, leave_out="dnv_k_11")
    assert main(["procedure", "coverage", "--check", "--tests", str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines()[0] == (
        "DNV-K-11: claimed as enforced (engine), but no test names it")
    assert captured.err.splitlines()[-1] == (
        "ombud: coverage: 1 places where the claims and the tests disagree")


def test_check_names_a_planned_rule_that_a_test_names_and_exits_1(tmp_path, capsys):
    folder = copy_of_the_tests(tmp_path, add="test_av_04_the_right_to_complain_is_stated")
    assert main(["procedure", "coverage", "--check", "--tests", str(folder)]) == 1
    assert capsys.readouterr().err.startswith(
        "AV-04: called planned, but tests name it: "
        "test_copy.py::test_av_04_the_right_to_complain_is_stated\n")


def test_check_reads_the_plan_it_is_given(tmp_path, capsys):
    plan = tmp_path / "coverage.toml"
    plan.write_text('[planned]\n"X-07" = "to be built"\n', encoding="utf-8")
    assert main(["procedure", "coverage", "--check", "--plan", str(plan)]) == 1
    err = capsys.readouterr().err
    assert "X-07: called planned, but tests name it: " in err
    assert "X-08: claimed as enforced" not in err and "X-08: called NOT COVERED" in err


def test_check_without_a_tests_folder_is_an_input_error(tmp_path, capsys, monkeypatch):
    assert main(["procedure", "coverage", "--check", "--tests", str(tmp_path / "none")]) == 2
    assert capsys.readouterr().err == f"ombud: {tmp_path / 'none'}: no such directory\n"
    monkeypatch.setattr(evidence, "default_tests_dir", lambda: None)
    assert main(["procedure", "coverage", "--check"]) == 2
    assert "give the test directory with --tests DIR" in capsys.readouterr().err
    assert main(["procedure", "coverage"]) == 0  # the claims alone, said to be without evidence
    out = capsys.readouterr().out
    assert "[0 tests]" not in out and out.rstrip().endswith("(--tests DIR)")


def test_the_product_s_data_names_no_issue_of_the_project():
    """Procedures, the catalogue and the coverage file are the product's: what the project's
    issues were is history, not data."""
    import re

    from ombud.domain.loader import PROCEDURES_DIR

    files = [path for path in PROCEDURES_DIR.rglob("*") if path.suffix in (".toml", ".md")]
    assert len(files) > 10
    found = [f"{path.name}: {line}" for path in files
             for line in path.read_text(encoding="utf-8").splitlines()
             if re.search(r"\bissues?\s*#?\d", line, re.IGNORECASE)]
    assert found == []

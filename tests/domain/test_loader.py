"""Procedure files: every bundled one is valid, and a broken one gets one clear line."""

import tomllib

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ombud.domain.loader import (
    PROCEDURES_DIR,
    ProcedureError,
    bundled_procedures,
    parse_procedure,
    procedure_files,
)
from ombud.domain.rules import RULE_ID, rule_catalogue

PP_FILE = PROCEDURES_DIR / "pp" / "complaint" / "1.toml"
PP_TEXT = PP_FILE.read_text(encoding="utf-8")
CASE_TYPES = {"ne/appeal", "ne/complaint", "av/complaint", "gl/complaint", "pp/complaint",
              "dnv/complaint", "dnv/objection", "dnv/inspection", "dnv/terms", "dnv/data_request"}


def test_the_package_ships_its_ten_case_types_and_every_one_found_has_versions():
    assert set(bundled_procedures(PROCEDURES_DIR)) == CASE_TYPES  # the package's own bundles
    procedures = bundled_procedures()  # and those of OMBUD_PROCEDURE_DIRS, if any
    assert set(procedures) >= CASE_TYPES
    for versions in procedures.values():
        assert versions
        for procedure in versions:
            assert procedure.version and procedure.valid_from


def test_each_bundle_has_its_own_catalogue_beside_ombud_s_interpretations():
    ours = rule_catalogue()
    assert {"X-01", "X-11", "X-21"} <= set(ours) and all(r.startswith("X-") for r in ours)
    dnv = rule_catalogue(PROCEDURES_DIR / "dnv" / "rules.md")
    assert {"DNV-I-09", "X-20"} <= set(dnv)  # X-20 interprets DNV's own document
    assert "PP-17" in rule_catalogue(PROCEDURES_DIR / "pp" / "rules.md")
    assert "PP-17" not in dnv and "DNV-I-09" not in ours
    for folder in PROCEDURES_DIR.iterdir():
        if folder.is_dir() and (folder / "rules.md").is_file():
            assert all(RULE_ID.match(rule) for rule in rule_catalogue(folder / "rules.md"))


def _with(old: str, new: str) -> str:
    assert old in PP_TEXT, old
    return PP_TEXT.replace(old, new, 1)


BROKEN = [
    ("missing_key", _with('answer_rule = "PP-14"\n', ""), "answer_rule: is required"),
    ("unknown_key", _with('answer_rule = "PP-14"', 'answer_rule = "PP-14"\nanswr_rule = "PP-14"'),
     "answr_rule: unknown key"),
    ("unknown_rule", _with('answer_rule = "PP-14"', 'answer_rule = "PP-99"'),
     "answer_rule: rule 'PP-99' is not in rules.md"),
    ("bad_unit", _with('unit = "weeks"', 'unit = "fortnights"'),
     "deadline[0].unit: 'fortnights' is not one of"),
    ("amount_not_number", _with("amount = 2\n", 'amount = "two"\n'),
     "deadline[2].amount: must be a whole number"),
    ("negative_amount", _with("amount = 2\n", "amount = -2\n"),
     "deadline[2].amount: must be at least 0"),
    ("bad_anchor", _with('from = "written"                    # X-05', 'from = "deadline:answer"'),
     "deadline[0].from: 'deadline:answer' is not a start"),
    ("missing_translation", _with('nl = "Klacht bij Personalpartner"\n', ""),
     "title.nl: is required"),
    ("bad_channel", _with('"web", "oral"]', '"web", "fax"]'),
     "intake.channels: 'fax' is not one of"),
    ("met_by_not_a_step", _with('"taken_up", ', ""),
     "deadline.management: uses 'taken_up', which is not in steps"),
    ("not_toml", PP_TEXT + "\n[[deadline\n", "not valid TOML"),
    ("bad_date", _with('valid_from = "2000-01-01"', 'valid_from = "2000-13-01"'),
     "valid_from: '2000-13-01' is not a date"),
    ("duplicate_deadline", _with('key = "management"', 'key = "acknowledge"'),
     "deadline[1].key: deadline 'acknowledge' is defined twice"),
    ("oral_without_written_rule", _with('written_rule = "PP-03"', ""),
     "intake.written_rule: is required when oral cases are accepted"),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in BROKEN],
                         ids=[name for name, _, _ in BROKEN])
def test_a_broken_procedure_file_names_file_key_and_problem(text, expected):
    with pytest.raises(ProcedureError) as raised:
        parse_procedure(text, "pp/complaint/broken.toml")
    message = str(raised.value)
    assert message.startswith("pp/complaint/broken.toml: ")
    assert "\n" not in message
    assert expected in message


def test_validate_reports_a_broken_file_and_exits_1(tmp_path, capsys):
    from ombud.cli import main

    broken = tmp_path / "broken.toml"
    broken.write_text(_with('answer_rule = "PP-14"', 'answer_rule = "PP-99"'), encoding="utf-8")
    assert main(["procedure", "validate", str(broken), str(PP_FILE)]) == 1
    captured = capsys.readouterr()
    assert "rule 'PP-99' is not in rules.md" in captured.err
    assert "ok  pp/complaint 1" in captured.out


def test_validate_all_accepts_every_bundled_file(capsys):
    from ombud.cli import main

    assert main(["procedure", "validate", "--all"]) == 0
    assert capsys.readouterr().out.count("ok  ") == len(procedure_files())


# -- fuzzing: no input makes the loader raise anything but ProcedureError ----------------------

@pytest.mark.slow  # fuzzing
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_fuzz_arbitrary_text_never_raises_anything_but_procedure_error(text):
    try:
        parse_procedure(text, "fuzz.toml")
    except ProcedureError as error:
        assert str(error).startswith("fuzz.toml")


def _paths(value, prefix=()):
    """Every path to a value in a nested TOML document."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


VALID = {path.relative_to(PROCEDURES_DIR).as_posix(): tomllib.loads(path.read_text("utf-8"))
         for path in procedure_files(PROCEDURES_DIR)}
REPLACEMENTS = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.text(max_size=12),
                         st.sampled_from(["PP-14", "X-99", "weeks", "event:answered", "deadline:x",
                                          "2026-02-30", "oral", ""]),
                         st.lists(st.text(max_size=5), max_size=3), st.just({}))


def _mutated(document, path, replacement):
    if not path:
        return replacement
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[path[0]] = _mutated(document[path[0]], path[1:], replacement)
    return copy


def _without_nones(value):
    if isinstance(value, dict):
        return {k: _without_nones(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nones(v) for v in value if v is not None]
    return value


@pytest.mark.slow  # fuzzing
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(VALID)), st.data())
def test_fuzz_one_mutated_value_in_a_real_file_gives_procedure_error_or_a_procedure(name, data):
    document = VALID[name]
    path = data.draw(st.sampled_from(list(_paths(document))[1:]))
    replacement = data.draw(REPLACEMENTS)
    mutated = _without_nones(_mutated(document, path, replacement))
    if not isinstance(mutated, dict):
        return
    text = tomli_w.dumps(mutated)
    try:
        parse_procedure(text, name)
    except ProcedureError as error:
        assert str(error).startswith(name)

"""The ``[access]`` section of a procedure: who reads its cases and its rows of the permission
table (issue 9, finding 8). A wrong role, action or a restriction without its rule is one clear
error for the author, like every other key."""

import pytest

from ombud.domain.access import DEFAULT_RECORD, ROLES
from ombud.domain.loader import PROCEDURES_DIR, ProcedureError, find_procedure, parse_procedure

DNV_TERMS = (PROCEDURES_DIR / "dnv" / "terms" / "2021-06-18.toml").read_text(encoding="utf-8")


def _with_access(section: str):
    return parse_procedure(DNV_TERMS + "\n" + section, "dnv/terms/test.toml")


def test_without_a_section_every_member_reads_and_the_default_table_applies():
    access = parse_procedure(DNV_TERMS, "dnv/terms/test.toml").access
    assert access.readers == frozenset(ROLES) and not access.restricted
    assert access.roles_for("answered") == DEFAULT_RECORD["answered"]


def test_a_procedure_overrides_one_row_and_keeps_the_others():
    access = _with_access('[access]\n[access.record]\nacknowledged = ["manager"]\n').access
    assert access.roles_for("acknowledged") == frozenset({"manager"})
    assert access.roles_for("answered") == DEFAULT_RECORD["answered"]


@pytest.mark.parametrize(("section", "expected"), [
    ('[access]\nreaders = ["boss"]\n', "access.readers: 'boss' is not one of"),
    ('[access]\nreaders = ["manager"]\n', "access.rule: is required when readers are restricted"),
    ('[access]\n[access.record]\nlaunch = ["manager"]\n',
     "access.record.launch: is not an event type or a file action"),
    ('[access]\n[access.record]\nanswered = ["janitor"]\n',
     "access.record.answered: 'janitor' is not one of"),
    ('[access]\nrule = "NOPE-1"\nreaders = ["manager"]\n', "rule 'NOPE-1' is not in rules.md"),
    ('[access]\nwho = 1\n', "access.who: unknown key"),
])
def test_a_wrong_access_section_names_the_key_and_the_problem(section, expected):
    with pytest.raises(ProcedureError) as error:
        _with_access(section)
    assert expected in str(error.value)


@pytest.mark.parametrize(("procedure_id", "rule"), [
    ("ne/complaint", "NE-C-05"), ("gl/complaint", "GL-11"), ("pp/complaint", "PP-15")])
def test_confidential_case_types_restrict_reading_with_their_rule(procedure_id, rule):
    access = find_procedure(procedure_id).access
    assert access.restricted and access.rule == rule
    assert {"assigned_handler", "manager", "auditor", "privacy"} <= access.readers
    assert not {"handler", "intake", "admin"} & access.readers


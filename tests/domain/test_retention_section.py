"""The ``[retention]`` section of a procedure (issue 14, item 2): how many years its closed cases
are kept and what happens then, as data; the day a case may go, computed in the domain."""

import re
from datetime import date

import pytest

from ombud.domain.loader import PROCEDURES_DIR, ProcedureError, bundled_procedures, parse_procedure
from ombud.domain.retention import Retention

DNV_TERMS = (PROCEDURES_DIR / "dnv" / "terms" / "2021-06-18.toml").read_text(encoding="utf-8")
WITHOUT = re.sub(r"\n\[retention\].*", "\n", DNV_TERMS, flags=re.S)
BASIS = 'basis = { nb = "a", nl = "b", en = "c" }\n'


def test_every_bundled_procedure_states_its_retention():
    for procedure in (p for versions in bundled_procedures().values() for p in versions):
        assert procedure.retention is not None, procedure.id
        assert procedure.retention.years >= 1 and set(procedure.retention.basis) == {
            "nb", "nl", "en"}


def test_a_section_is_read_as_written():
    procedure = parse_procedure(WITHOUT + f'[retention]\nyears = 3\nthen = "erase"\n{BASIS}', "t")
    assert procedure.retention == Retention(3, "erase", {"nb": "a", "nl": "b", "en": "c"})


@pytest.mark.parametrize(("section", "expected"), [
    (f'[retention]\nyears = 0\nthen = "erase"\n{BASIS}', "retention.years"),
    (f'[retention]\nyears = 2\nthen = "shred"\n{BASIS}', "retention.then: 'shred' is not one of"),
    ('[retention]\nyears = 2\nthen = "erase"\n', "retention.basis"),
    (f'[retention]\nyears = 2\nthen = "erase"\nforever = true\n{BASIS}',
     "retention.forever: unknown key"),
])
def test_a_wrong_retention_section_names_the_key_and_the_problem(section, expected):
    with pytest.raises(ProcedureError) as error:
        parse_procedure(WITHOUT + section, "t")
    assert expected in str(error.value)


def test_kept_whole_years_after_closing_then_due_the_day_after():
    kept = Retention(5, "anonymize", {})
    assert kept.kept_until(date(2020, 3, 14)) == date(2025, 3, 14)
    assert not kept.due(date(2020, 3, 14), date(2025, 3, 14))
    assert kept.due(date(2020, 3, 14), date(2025, 3, 15))
    assert kept.kept_until(date(2024, 2, 29)) == date(2029, 2, 28)  # no 29 February then


@pytest.mark.parametrize("today", [date(2026, 12, 4), date(2028, 2, 29), date(2027, 3, 1),
                                   date(2027, 2, 28), date(2026, 1, 1)])
@pytest.mark.parametrize("years", [1, 2, 5])
def test_the_last_closing_day_due_is_exactly_the_boundary(today, years):
    kept = Retention(years, "erase", {})
    last = kept.last_closing_due(today)
    assert kept.due(last, today)
    assert not kept.due(date.fromordinal(last.toordinal() + 1), today)

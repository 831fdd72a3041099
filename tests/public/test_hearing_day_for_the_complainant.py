"""Issue 11, defect 13: the day of the hearing the complainant is invited to was missing from
the "dates that concern you" of their private page (DNV-K-14, DNV-B-13). It stands there with
the invitation it comes from, marked done once the hearing was held; without a day in the
invitation there is no row."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from public_world import TODAY, main_text

from ombud.cases import services


def _dates_table(visitor, token: str) -> str:
    page = visitor.get(f"/track/{token}/").content.decode()
    found = re.search(r'<table class="deadlines">.*?</table>', page, re.S)
    assert found, "the page has no dates that concern the complainant"
    return main_text(f"<main>{found.group(0)}</main>")


def _step(case, event_type: str, actor, on=None, **data):
    return services.case_step(case=case, event_type=event_type, on=on or TODAY(), actor=actor,
                              data=data)


def _nl(day) -> str:
    return day.strftime("%d-%m-%Y")


@pytest.mark.parametrize("procedure_id", ["dnv/complaint", "dnv/objection"])
def test_dnv_k_14_dnv_b_13_the_hearing_day_is_among_the_dates_that_concern_the_complainant(
        procedure_id, people, filed, dnv_handler):
    case, token, visitor = filed(procedure_id, language="nl")
    hearing_on = TODAY() + timedelta(days=20)
    _step(case, "hearing_invited", dnv_handler, term_weeks=2, hearing_on=hearing_on)
    table = _dates_table(visitor, token)
    assert f"de hoorzitting {_nl(hearing_on)}" in table
    assert f"de dag in de uitnodiging om te worden gehoord van {_nl(TODAY())}" in table


def test_dnv_k_14_the_hearing_held_is_marked_done(people, filed, dnv_handler):
    case, token, visitor = filed("dnv/complaint", language="nb")
    _step(case, "hearing_invited", dnv_handler, term_weeks=2, hearing_on=TODAY())
    _step(case, "hearing_held", dnv_handler, report="Klageren ble hørt på video.")
    table = _dates_table(visitor, token)
    assert f"høringen {TODAY().strftime('%d.%m.%Y')} · utført" in table


def test_dnv_k_14_an_invitation_without_a_day_adds_no_hearing_row(people, filed, dnv_handler):
    case, token, visitor = filed("dnv/complaint", language="nl")
    _step(case, "hearing_invited", dnv_handler, term_weeks=2)
    assert "hoorzitting" not in _dates_table(visitor, token).lower()

"""Issue 13, point 2: the invitation to be heard asks a "term in weeks" only where the term to
answer it comes from the invitation (``hearing_reply`` with ``amount_from = "term_weeks"``,
AWB-7:3 in Waterdal's bundle). Where the procedure fixes the term, a number typed there would
count for nothing, so the form asks none."""

from __future__ import annotations

from pathlib import Path

from ombud.cases.forms.steps import HearingInviteForm
from ombud.domain.loader import load_procedure_file

WATERDAL = (Path(__file__).resolve().parents[2] / "examples" / "bundles" / "waterdal"
            / "bezwaar" / "2026-01-01.toml")


def test_awb_7_3_the_invitation_asks_the_term_where_it_sets_it():
    form = HearingInviteForm(procedure=load_procedure_file(WATERDAL))
    assert "term_weeks" in form.fields


def test_awb_7_3_a_fixed_term_to_answer_the_invitation_is_not_asked(tmp_path):
    fixed = tmp_path / "waterdal" / "bezwaar" / "2026-01-01.toml"
    fixed.parent.mkdir(parents=True)
    (tmp_path / "waterdal" / "rules.md").write_text(
        (WATERDAL.parents[1] / "rules.md").read_text(encoding="utf-8"), encoding="utf-8")
    text = WATERDAL.read_text(encoding="utf-8")
    assert 'amount_from = "term_weeks"' in text
    fixed.write_text(text.replace('amount_from = "term_weeks"', ""), encoding="utf-8")
    form = HearingInviteForm(procedure=load_procedure_file(fixed))
    assert "term_weeks" not in form.fields
    assert {"hearing_on", "place", "text"} <= set(form.fields)

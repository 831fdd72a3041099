"""What the managers of Gløde, Astafjord Vekst, Personalpartner and Norsk Energi (nb) and DNV's
auditor (nl) found reading the 2026 annual report in the demo (AV-11, GL-12, PP-16, NE-A-10):
each finding as the reader meets it in a summary or a table."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from ombud.reports import presentation, sections
from ombud.reports.selectors import Annual, DeadlineRow, Handling, Scope

AS_OF = date(2026, 12, 4)


def _annual(**figures) -> Annual:
    values = {"scope": Scope(1, 2026), "received": 0, "by_type": [], "by_about": [],
              "by_channel": [], "by_filer": [], "by_month": [], "outcomes": [],
              "handling": Handling(0, None, None, []), "deadlines": [], "appeals": [],
              "actions_opened": 0, "actions_done": 0}
    return Annual(**{**values, **figures})


def test_pp_16_a_share_of_exactly_half_a_percent_rounds_up_as_a_reader_rounds():
    # GL 2026: 9 of 40 cases (22.5 %) read "22 %" beside 11 of 40 (27.5 %) as "28 %"
    with translation.override("nb"):
        assert presentation.percent(0.225) == "23 %"
        assert presentation.percent(0.325) == "33 %"
        assert presentation.percent(0.275) == "28 %"
        assert presentation.percent(0.224) == "22 %"


def test_av_11_one_case_still_open_is_said_in_the_singular():
    # AV 2026: "Av de 40 sakene …; 1 er fortsatt åpne."
    report = _annual(received=41, outcomes=[("upheld", 40), ("open", 1)])
    with translation.override("nb"):
        now = sections._outcomes(report, AS_OF).summary
        ended = sections._outcomes(report, None).summary
    assert now.endswith("1 er fortsatt åpen."), now
    assert ended.endswith("1 var fortsatt åpen."), ended
    with translation.override("nl"):
        assert sections._outcomes(report, AS_OF).summary.endswith("1 is nog open.")


def test_ne_a_10_actions_done_so_far_in_a_year_not_yet_ended_and_named_as_the_heading():
    # NE 2026 on 4 December: "3 forbedringstiltak … 1 var gjennomført ved årets slutt."
    report = _annual(actions_opened=3, actions_done=1)
    with translation.override("nb"):
        section = sections._actions(report, AS_OF)
        assert section.summary == ("3 korrigerende tiltak ble åpnet på grunn av disse sakene; "
                                   "1 er gjennomført så langt.")
        ended = sections._actions(report, None).summary
        assert ended == ("3 korrigerende tiltak ble åpnet på grunn av disse sakene; 1 var "
                         "gjennomført ved årets slutt.")
        one = sections._actions(_annual(actions_opened=1, actions_done=0), None).summary
        assert one.startswith("1 korrigerende tiltak ble åpnet"), one


def test_av_11_the_note_on_late_days_is_a_rule_not_a_claim_and_only_where_one_was_missed():
    # AV 2026: "En frist oversittet i en sak som fortsatt er åpen: …" read as "one deadline was
    # missed on a case still open", under a table where the one miss was on a closed case
    missed = DeadlineRow("AV-08", "answer", 38, 1, 1, 4, "calendar_days")
    kept = DeadlineRow("AV-08", "answer", 39, 0, 1, 0, "calendar_days")
    labels = presentation.Labels([])
    with translation.override("nb"):
        table = sections._deadline_table(_annual(deadlines=[missed]), labels, "calendar_days",
                                         False, AS_OF)
        assert table.note == ("Er en frist oversittet i en sak som fortsatt er åpen, er "
                              "forsinkelsen talt til 4. desember 2026.")
        assert sections._deadline_table(_annual(deadlines=[kept]), labels, "calendar_days",
                                        False, AS_OF).note == ""


def test_pp_16_the_case_list_says_which_figure_it_checks(client, people, year):
    # every list was headed "Sakene bak tallet" alone: behind which of the report's 27 numbers?
    from tests.cast import sign_in

    sign_in(client, people["pp"]["manager"], "nb")
    page = client.get("/pp/reports/cases/?year=2026&procedure=&figure=channel&value=email")
    assert "Mottatt etter kanal: e-post · 2026 · alle sakstyper" in page.content.decode()
    page = client.get("/pp/reports/cases/?year=2026&procedure=&figure=missed&value=PP-14")
    assert "Frister oversittet: PP-14 · 2026" in page.content.decode()
    sign_in(client, people["dnv"]["auditor"], "nl")
    page = client.get("/dnv/reports/cases/?year=2026&procedure=&figure=outcome&value=open")
    assert "Zaken naar uitkomst: nog open · 2026 · alle zaaktypen" in page.content.decode()


def test_gl_12_one_case_received_is_said_in_the_singular():
    # journey 2's report, early in a year: "2026: 1 saker mottatt (ingen året før)."
    with translation.override("nb"):
        summary = sections._received(_annual(received=1), presentation.Labels([]), AS_OF).summary
    assert summary == "2026: 1 sak mottatt (ingen året før)."
    with translation.override("nl"):
        summary = sections._received(_annual(received=1), presentation.Labels([]), AS_OF).summary
    assert summary == "2026: 1 zaak ontvangen (geen het jaar ervoor)."

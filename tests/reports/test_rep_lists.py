"""The case lists behind the figures a walk found without one (issue 12: "the case list behind
every figure can be opened and exported"): the corrective actions opened and done (NE-A-10,
NE-C-08), the bands of the handling time distribution, and the missed deadlines with their
due day, day met and days late, so that "late in total" can be added up by hand (PP-16)."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

from ombud.cases.models import AccessKind, AccessLog
from ombud.orgs.models import Organization
from ombud.reports.models import DeadlineFigures
from tests.cast import sign_in


def _get(client, person, url, language="nb"):
    sign_in(client, person, language)
    return client.get(url)


def _csv(response, delimiter=";") -> list[list[str]]:
    """In nb the fields are separated by ";", in en by "," (as the report's own CSV)."""
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")),
                           delimiter=delimiter))


def _table(response, key):
    return next(table for table in response.context["report"].tables() if table.key == key)


def test_ne_a_10_each_corrective_action_count_opens_its_actions(client, people, year):
    manager = people["pp"]["manager"]
    report = _get(client, manager, "/pp/reports/?year=2026")
    actions = _table(report, "actions")
    assert [row[1] for row in actions.rows] == [2, 1]  # opened, done (the fixture's C and E)
    assert f'href="{actions.hrefs[0].replace("&", "&amp;")}"' in report.content.decode()
    opened = client.get(actions.hrefs[0])
    page = opened.content.decode()
    assert opened.status_code == 200
    assert year["C"].reference in page and year["E"].reference in page
    assert "Bedre rutine" in page and "31.12.2026" in page and "01.06.2026" in page
    done = client.get(actions.hrefs[1]).content.decode()
    assert year["C"].reference in done and year["E"].reference not in done


def test_ne_c_08_the_actions_list_exports_as_csv_and_each_case_notes_the_download(
        client, people, year):
    manager = people["pp"]["manager"]
    sign_in(client, manager, "nb")
    url = "/pp/reports/cases/?year=2026&procedure=&figure=actions&value=opened"
    rows = _csv(client.get(url + "&format=csv"))
    assert rows[0] == ["Saksnummer", "Korrigerende tiltak", "Siste dag", "Utført"]
    assert [row[0] for row in rows[1:]] == [year["C"].reference, year["E"].reference]
    assert rows[1][2:] == ["2026-12-31", "2026-06-01"] and rows[2][3] == ""
    # no owner's name: the lists hold no names (the owner is the manager here)
    assert manager.last_name not in str(rows)
    logged = AccessLog.objects.filter(person=manager, kind=AccessKind.DOWNLOAD)
    assert {entry.case_id for entry in logged} == {year["C"].pk, year["E"].pk}
    assert {entry.what for entry in logged} == {"pp-2026-actions.csv"}
    assert _get(client, manager, url.replace("opened", "bogus")).context["cases"] == []


def test_pp_16_each_band_of_the_handling_time_distribution_opens_its_cases(
        client, people, year):
    manager = people["pp"]["manager"]
    report = _get(client, manager, "/pp/reports/?year=2026", "en")
    bands = _table(report, "distribution")
    counts = {row[0]: row[1] for row in bands.rows}
    # by hand: A 5 and D 2 working days, B 9, C 19; E still open, F received in 2025
    expected = {"0–5": {"A", "D"}, "6–10": {"B"}, "11–20": {"C"}, "21–40": set(),
                "over 40": set()}
    for number, (band, _count) in enumerate(bands.rows):
        listed = client.get(bands.hrefs[number])
        references = {case.reference for case in listed.context["cases"]}
        assert references == {year[letter].reference for letter in expected[band]}, band
        assert len(references) == counts[band]
    assert parse_qs(urlparse(bands.hrefs[4]).query)["value"] == ["41-"]
    heading = client.get(bands.hrefs[0]).content.decode()
    assert "Handling time distribution (working days): 0–5" in heading
    exported = _csv(client.get(bands.hrefs[0] + "&format=csv"), ",")
    assert sorted(row[0] for row in exported[1:]) == sorted(
        [year["A"].reference, year["D"].reference])


def test_gl_12_a_band_that_is_not_one_lists_nothing(client, people, year):
    manager = people["pp"]["manager"]
    for value in ("", "5", "a-b", "-5", "²-3", "0-99999"):
        response = _get(client, manager,
                        f"/pp/reports/cases/?year=2026&figure=handling&value={value}")
        assert response.status_code == 200, value
        assert response.context["cases"] == [], value
    # "0-": every closed case from 0 working days up (a list made by hand, not a band)
    every = _get(client, manager, "/pp/reports/cases/?year=2026&figure=handling&value=0-")
    assert len(every.context["cases"]) == 4


def test_pp_16_the_missed_deadlines_list_shows_due_met_and_days_late(client, people, year):
    manager = people["pp"]["manager"]
    report = _get(client, manager, "/pp/reports/?year=2026", "en")
    table = next(t for t in report.context["report"].tables() if t.key.startswith("deadlines"))
    late_in_total = {}
    for number, rule in enumerate(table.values):
        if not table.hrefs or not table.rows[number][3]:
            continue
        listed = client.get(table.hrefs[number])
        rows = listed.context["cases"]
        assert len(rows) == table.rows[number][3]  # the missed count, one line each
        late_in_total[rule] = late_in_total.get(rule, 0) + sum(row.days_late for row in rows)
        page = listed.content.decode()
        assert year["C"].reference in page and "Due" in page and "Days late" in page
    # the fixture by hand: case C's PP-10 and PP-11 due 13 Apr, met 20 Apr: 7 days late;
    # PP-14 due 20 Apr, met 4 May: 14 days late
    assert late_in_total == {"PP-10": 7, "PP-11": 7, "PP-14": 14}
    for number, _rule in enumerate(table.values):
        assert table.rows[number][6] == late_in_total.get(table.values[number], 0)
    page = client.get("/pp/reports/cases/?year=2026&figure=missed&value=PP-14"
                      ).content.decode()
    assert "20/04/2026" in page or "04/20/2026" in page or "2026-04-20" in page, page
    exported = _csv(_get(client, manager,
                         "/pp/reports/cases/?year=2026&figure=missed&value=PP-11&format=csv"))
    assert exported[0] == ["Saksnummer", "Mottatt", "Frist", "Siste dag", "Oppfylt",
                           "For sent", "Regnet i"]
    assert exported[1][0] == year["C"].reference
    assert exported[1][3:6] == ["2026-04-13", "2026-04-20", "7"]


def test_pp_16_a_missed_deadline_not_yet_met_reads_still_open(client, people, year):
    """The engine's stored day met is empty while unmet: the list says the case is still
    open, never a day it did not happen (a missed deadline of case E, made so here)."""
    manager = people["pp"]["manager"]
    row = DeadlineFigures.objects.filter(case=year["C"], rule="PP-14").get()
    DeadlineFigures.objects.filter(pk=row.pk).update(case=year["E"], met_on=None)
    page = _get(client, manager, "/pp/reports/cases/?year=2026&figure=missed&value=PP-14",
                "en").content.decode()
    assert year["E"].reference in page and "still open" in page


def test_pp_16_a_handler_lists_only_their_own_actions_bands_and_deadlines(
        client, people, year):
    handler = people["pp"]["handler"]
    for figure, value in (("actions", "opened"), ("handling", "0-5"), ("missed", "PP-14")):
        response = _get(client, handler,
                        f"/pp/reports/cases/?year=2026&figure={figure}&value={value}")
        assert response.status_code == 200
        assert response.context["cases"] == [], figure
        exported = _csv(client.get(
            f"/pp/reports/cases/?year=2026&figure={figure}&value={value}&format=csv"))
        assert exported[1:] == [], figure


def test_gl_12_another_organization_gets_no_new_list(client, people, year):
    for figure, value in (("actions", "opened"), ("handling", "0-5"), ("missed", "PP-14")):
        url = f"/pp/reports/cases/?year=2026&figure={figure}&value={value}"
        assert _get(client, people["gl"]["manager"], url).status_code == 404
        assert client.get(url + "&format=csv").status_code == 404


def test_av_11_an_outside_report_offers_no_case_list(client, people, year):
    """Outside bodies get files, never links to cases: the new lists are not in them either."""
    Organization.objects.filter(slug="pp").update(suppress_small_cells=True)
    sign_in(client, people["pp"]["manager"], "en")
    response = client.get("/pp/reports/annual.csv?year=2026&outside=1")
    assert response.status_code == 200
    assert b"reports/cases" not in response.content and b"figure=" not in response.content


def test_ne_a_10_a_hostile_action_text_is_neither_a_formula_nor_markup(client, people, year):
    from ombud.cases.models import CorrectiveAction

    CorrectiveAction.objects.filter(case=year["E"]).update(
        description='=HYPERLINK("http://evil.example","x") <script>alert(1)</script>')
    manager = people["pp"]["manager"]
    url = "/pp/reports/cases/?year=2026&figure=actions&value=opened"
    page = _get(client, manager, url).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    rows = _csv(client.get(url + "&format=csv"))
    hostile = next(row for row in rows if row[0] == year["E"].reference)
    assert not hostile[1].startswith(("=", "+", "-", "@")), hostile

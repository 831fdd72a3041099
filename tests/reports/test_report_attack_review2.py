"""The reports' third attack review (issue 12; PP-16, GL-12, AV-11): hidden small counts given
back by figures of other tables (the cases closed, the key figures, the year before), a
handler shown every handler's figures on the start page, and the case list's CSV separated
unlike the report's."""

from __future__ import annotations

from datetime import date

from ombud.cases.models import Case
from ombud.orgs.models import Organization
from ombud.reports import annual
from ombud.reports.selectors import Scope
from tests.cast import sign_in
from tests.reports.conftest import _answer, _case


def _outside(year_number: int):
    Organization.objects.filter(slug="pp").update(suppress_small_cells=True)
    organization = Organization.objects.get(slug="pp")
    report = annual.annual_report(organization, Scope(organization.pk, year_number),
                                  suppress=True, language="en")
    return {table.key: table for table in report.tables()}


def _hidden(value) -> bool:
    return isinstance(value, str)


def test_pp_16_the_cases_closed_do_not_give_back_the_hidden_cases_still_open(organizations,
                                                                            year):
    tables = _outside(2026)
    received = sum(row[1] for row in tables["type"].rows)  # shown: 5 cases of one type
    outcomes = tables["outcome"]
    still_open = outcomes.rows[outcomes.values.index("open")][1]
    closed = tables["handling"].rows[0][0]
    assert _hidden(still_open)
    # received less the cases closed is the cases still open: the closed must not be shown
    assert _hidden(closed), f"still open = {received} - {closed}"
    bands = [row[1] for row in tables["distribution"].rows]
    assert sum(_hidden(band) for band in bands) != 1  # nor be the sum of the bands


def test_pp_16_the_key_figures_give_back_no_hidden_deadline_count(organizations, year):
    tables = _outside(2026)
    hidden_deadline = any(_hidden(cell) for cell in (
        value for table in tables.values() if table.key.startswith("deadlines")
        for row in table.rows for value in row[2:5]))
    assert hidden_deadline
    # 8 kept of 11: three deadlines missed, one on each rule: every "<3" of "Missed" is 1
    share_kept = tables["comparison"].rows[3][1]
    assert not isinstance(share_kept, float), share_kept
    median = tables["comparison"].rows[2][1]
    assert _hidden(tables["handling"].rows[0][0]) <= _hidden(median)


def test_pp_16_the_year_before_shows_no_count_its_own_outside_report_hides(organizations,
                                                                           people, year):
    """2025: five upheld, one withdrawn and three still open at its end; its own report for
    an outside body hides the withdrawn one ("<3") and the open ones ("x", the smallest other
    count): the key figures of 2026 must not print the 3 beside it."""
    for day in (3, 4, 5, 6, 7):
        _case(people, date(2025, 11, day), "web", "customer", "sales", [
            ("acknowledged", date(2025, 11, day), {}, "manager"),
            ("taken_up", date(2025, 11, day), {"decision": "d"}, "manager"),
            ("answered", date(2025, 11, day), _answer("upheld"), "manager")])
    _case(people, date(2025, 11, 10), "web", "customer", "sales", [
        ("withdrawn", date(2025, 11, 11), {}, "manager")])
    for day in (16, 17):
        _case(people, date(2025, 12, day), "web", "customer", "sales", [])
    before = _outside(2025)
    outcomes = before["outcome"]
    assert outcomes.rows[outcomes.values.index("open")][1] == "x"
    key_figures = _outside(2026)["comparison"].rows
    assert key_figures[1][2] == "x", key_figures[1]


def test_av_11_a_handler_sees_only_their_own_line_in_the_live_overview(client, people):
    """Astafjord Vekst's handlers read every case (no restricted procedure): the queue is
    theirs to read, but the reports' figures of other handlers are not (issue 12)."""
    from ombud.cases import services

    manager, handler = people["av"]["manager"], people["av"]["handler"]
    case = services.case_register(
        organization=manager.memberships.first().organization, procedure_id="av/complaint",
        channel="email", received_on=date(2026, 11, 2), title="Klage",
        complainant=services.PartyDetails("Kari Nordmann", email="kari@example.org"),
        actor=people["av"]["intake"], details={"text": "x"})
    Case.objects.filter(pk=case.pk).update(handler=manager)
    sign_in(client, handler, "en")
    response = client.get("/av/cases/")
    assert response.status_code == 200 and case.reference in response.content.decode()
    rows = response.context["overview"]
    assert {row.handler_id for row in rows} <= {handler.pk}, rows
    sign_in(client, manager, "en")
    rows = client.get("/av/cases/").context["overview"]
    assert manager.pk in {row.handler_id for row in rows}


def test_pp_16_the_case_list_csv_is_separated_as_the_reports_csv_in_norwegian(client, people,
                                                                             year):
    sign_in(client, people["pp"]["manager"], "nb")
    response = client.get("/pp/reports/cases/?year=2026&figure=received&format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].count(";") == 6 and lines[1].startswith("PP-2026-0001;2026-02-02;")
    # named as the page names them, not by the system's keys
    assert lines[1].split(";")[2:5] == ["Klage til Personalpartner", "nettskjema", "medhold"]


def test_gl_12_a_name_with_line_breaks_injects_no_header_into_the_january_mail(
        organizations, people, settings):
    """An administrator's organization name goes into the January mail's subject: a line
    break in it made a header of its own choosing, or (Python refuses it) a mail that never
    went, retried every night."""
    import sys
    from pathlib import Path

    from ombud.mail import outbox
    from ombud.mail.models import MessageState, OutboxMessage
    from ombud.reports.tasks import mail_annual_reports

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mail"))
    from mail_world import SmtpServer

    Organization.objects.filter(slug="gl").update(
        name="Gløde\r\nBcc: evil@example.org\r\nX-Evil: 1")
    manager = people["gl"]["manager"]
    manager.email = "leder@glode.example"
    manager.save()
    server = SmtpServer()
    server.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        assert mail_annual_reports(date(2027, 1, 2)) == 1
        outbox.deliver_due()
        message = OutboxMessage.objects.get(kind="annual_report")
        assert message.state == MessageState.SENT, message.last_error
        server.wait_for(1, timeout=30)
        [arrival] = server.arrivals
        assert arrival.recipients == ("leder@glode.example",)
        assert arrival.message["X-Evil"] is None
        assert "Bcc: evil" in arrival.message["Subject"]  # the name kept, on one line
    finally:
        server.close()


def test_dnv_an_outside_report_of_one_case_type_is_refused_where_the_whole_is_published(
        client, people, organizations, tmp_path):
    """DNV has five case types: an outside report of all of them shows "letter: 4", one of
    the complaints "letter: 3", one of the objections "letter: <3" — which is 1. A report for
    an outside body covers the whole organization, so only one exists per year."""
    from ombud.reports import commands

    Organization.objects.filter(slug="dnv").update(suppress_small_cells=True)
    sign_in(client, people["dnv"]["manager"], "nl")
    whole = client.get("/dnv/reports/annual.csv?year=2026&outside=1")
    assert whole.status_code == 200
    part = client.get("/dnv/reports/annual.csv?year=2026&procedure=dnv/objection&outside=1")
    assert part.status_code == 400 and part["Content-Type"].startswith("text/html")
    assert "omvat alle zaaktypen" in part.content.decode()
    page = client.get("/dnv/reports/?year=2026&procedure=dnv/objection").content.decode()
    assert "outside=1" not in page  # not offered either
    assert "outside=1" in client.get("/dnv/reports/?year=2026").content.decode()
    # nor to a handler, whose report counts only the cases they handle
    sign_in(client, people["dnv"]["handler"], "nl")
    assert client.get("/dnv/reports/annual.csv?year=2026&outside=1").status_code == 400
    import io
    err = io.StringIO()
    assert commands.annual("dnv", 2026, "dnv/objection", "csv", str(tmp_path / "r.csv"),
                           outside=True, err=err) == commands.EXIT_INPUT_ERROR
    assert not (tmp_path / "r.csv").exists() and "outside body" in err.getvalue()

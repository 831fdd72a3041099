"""The live overview above the queue (open, overdue, due this week per handler): who sees which
lines (issue 12: a handler sees their own, never a colleague's), and the counts it adds up
(``OpenCount``, kept by the database's triggers as cases change) always equal the open cases
counted anew, whatever wrote the case rows. On SQLite and on PostgreSQL alike (run with
OMBUD_DATABASE_URL=postgres://… for the second)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils import timezone

from ombud.cases.models import OPEN_STATES, Case, OpenCount
from ombud.reports.selectors import overview
from tests.cast import sign_in

pytestmark = pytest.mark.django_db


def _overview(response) -> str:
    found = re.search(r'<section class="overview".*?</section>', response.content.decode(),
                      re.S)
    return found.group(0) if found else ""


def _counted_anew() -> set[tuple]:
    return {(row["organization_id"], row["who"], row["next_due"], row["n"]) for row in
            Case.objects.filter(state__in=OPEN_STATES).order_by()
            .annotate(who=Coalesce("handler_id", 0))
            .values("organization_id", "who", "next_due").annotate(n=Count("id"))}


def _kept() -> set[tuple]:
    return set(OpenCount.objects.values_list("organization_id", "handler_id", "next_due",
                                             "cases"))


@pytest.fixture
def assigned(register, step, people):
    """Two DNV complaints, one appointed to each of DNV's handlers, and one with none yet."""
    dnv = people["dnv"]
    cases = {}
    for who in ("handler", "handler2"):
        case = register("dnv/complaint", title=f"Zaak van {who}")
        step(case, "acknowledged")
        step(case, "assigned", by=dnv["manager"], handler_id=dnv[who].pk,
             handler=dnv[who].get_full_name(), involved=False)
        cases[who] = case
    cases["nobody"] = register("dnv/complaint", title="Nog niemand")
    return cases


def test_issue_12_a_handlers_overview_holds_their_own_line_and_no_colleagues(
        client, people, assigned):
    dnv = people["dnv"]
    mine, colleague = dnv["handler"].get_full_name(), dnv["handler2"].get_full_name()
    assert mine and colleague and mine != colleague
    own = _overview(sign_in(client, dnv["handler"]).get("/dnv/cases/"))
    assert mine in own
    assert colleague not in own
    assert own.count('<th scope="row">') == 1  # their line, no "in all" of everyone's
    # the colleague's case stays in the queue they may read: only the overview is their own
    searched = _overview(sign_in(client, dnv["handler"]).get("/dnv/cases/", {"q": "Zaak"}))
    assert colleague not in searched


def test_issue_12_a_manager_sees_every_handlers_line(client, people, assigned):
    dnv = people["dnv"]
    seen = _overview(sign_in(client, dnv["manager"]).get("/dnv/cases/"))
    assert dnv["handler"].get_full_name() in seen
    assert dnv["handler2"].get_full_name() in seen
    rows = overview(assigned["nobody"].organization_id, timezone.localdate())
    assert [(row.handler_id, row.open) for row in rows][-1] == (None, 1)  # no handler: last
    assert sum(row.open for row in rows) == 3


def test_issue_11_open_counts_kept_by_the_database_equal_the_cases_counted_anew(
        people, register, step, assigned):
    dnv = people["dnv"]
    assert _kept() == _counted_anew()
    case = assigned["handler"]
    step(case, "assigned", by=dnv["manager"], handler_id=dnv["handler2"].pk,
         handler=dnv["handler2"].get_full_name(), involved=False)  # moved to a colleague
    step(assigned["nobody"], "withdrawn")  # closed: no longer counted
    assert _kept() == _counted_anew()
    # writes that bypass the services: a bulk update, a handler who leaves, a deletion
    Case.objects.filter(pk=case.pk).update(next_due=timezone.localdate() - timedelta(days=3))
    Case.objects.filter(pk=assigned["handler2"].pk).update(handler=None)
    dnv["handler2"].delete()
    Case.objects.filter(pk=register("dnv/complaint").pk).delete()
    assert _kept() == _counted_anew()
    assert not OpenCount.objects.filter(cases__lte=0).exists()  # emptied rows are removed


def test_issue_11_overdue_is_decided_by_the_day_asked_not_stored(people, assigned):
    case = assigned["handler"]
    case.refresh_from_db()
    due = case.next_due
    organization_id = case.organization_id
    handler_id = people["dnv"]["handler"].pk

    def line(today):
        return [(row.open, row.overdue, row.due_this_week)
                for row in overview(organization_id, today, handler_id)]

    assert line(due) == [(1, 0, 1)]
    assert line(due - timedelta(days=8)) == [(1, 0, 0)]
    assert line(due + timedelta(days=1)) == [(1, 1, 0)]


def test_issue_12_a_handler_without_open_cases_reads_that_they_have_none_not_the_organization(
        client, people, register):
    """A handler's overview holds their own line only: with no case of theirs open, it says
    "you have no open cases", never "no open cases" above a queue that lists the others'."""
    register("dnv/complaint", title="Nog niemand")
    signed_in = sign_in(client, people["dnv"]["handler"])
    signed_in.cookies["django_language"] = "nb"
    own = _overview(signed_in.get("/dnv/cases/"))
    assert "Du har ingen åpne saker." in own
    assert ">Ingen åpne saker." not in own

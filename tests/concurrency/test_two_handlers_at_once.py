"""Two handlers act on one case at the same moment, each on their own database connection: one
wins, the other gets a clear refusal, and the history stays one valid chain."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone, translation

from ombud.cases import services
from ombud.cases.history import first_broken_link
from ombud.cases.models import Case

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL: SQLite serializes writers at the file (CI runs both)")


@pytest.mark.django_db(transaction=True)
def test_two_handlers_acknowledging_one_case_at_once_one_wins_one_is_refused():
    from ombud.demo.seed import seed_organizations

    people = seed_organizations()["dnv"]
    organization = people["admin"].memberships.first().organization
    case = services.case_register(
        organization=organization, procedure_id="dnv/complaint", channel="email",
        received_on=timezone.localdate(), title="Gelijktijdig", actor=people["intake"],
        complainant=services.PartyDetails("Sanne Jansen"))
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act(person):
        try:
            start.wait(timeout=10)
            with translation.override("en"):
                services.case_step(case=case, event_type="acknowledged",
                                   on=timezone.localdate(), actor=person)
            outcomes.append("recorded")
        except services.Refused as refusal:
            outcomes.append(f"refused {refusal.rule}: {refusal.reason}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(people[role],))
               for role in ("handler", "handler2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes)[0] == "recorded"
    assert sorted(outcomes)[1].startswith("refused DNV-K-11: this was already done on")
    case = Case.objects.get(pk=case.pk)
    # The step and the archived letter it wrote (every document is in the chain): once.
    assert list(case.events.order_by("seq").values_list("type", flat=True)) == [
        "received", "acknowledged", "document_added"]
    assert case.event_count == 3
    assert first_broken_link(case.events.order_by("seq")) is None

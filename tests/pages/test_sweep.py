"""The nightly sweep: time alone changes a case, and the queue's row follows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ombud.cases import services
from ombud.cases.models import Case
from ombud.cases.tasks import sweep_deadlines


@pytest.mark.django_db
def test_dnv_b_11_sweep_puts_the_inadmissible_notice_on_the_row_once_the_remedy_term_ran_out():
    from ombud.demo.seed import seed_organizations

    people = seed_organizations()["dnv"]
    organization = people["admin"].memberships.first().organization
    today = timezone.localdate()
    received = today - timedelta(days=40)
    case = services.case_register(
        organization=organization, procedure_id="dnv/objection", channel="letter",
        received_on=received, title="Bezwaar", actor=people["intake"],
        complainant=services.PartyDetails("Fleur Smit"),
        details={"decision_on": received - timedelta(days=3)})
    services.case_step(case=case, event_type="acknowledged", on=received,
                       actor=people["handler"], recorded_on=received)
    services.case_step(case=case, event_type="incomplete", on=received,
                       data={"term_weeks": 2}, actor=people["handler"], recorded_on=received)
    # The row was last written when the remedy term still ran: make it as of that day.
    Case.objects.filter(pk=case.pk).update(next_due=received + timedelta(days=60),
                                           next_due_key="answer", next_due_rule="DNV-B-07")

    assert services.cases_refresh(today=today) == 1
    case.refresh_from_db()
    assert (case.next_due_key, case.next_due_rule) == ("inadmissible_notice", "DNV-B-11")
    assert services.cases_refresh(today=today) == 0  # nothing left to change
    assert sweep_deadlines.call()["refreshed"] == 0  # the task calls the service

"""Issue 11, defect 1: the management meeting's first decision of the day opens today's meeting
when the calendar has none. The night's seal signed the meetings held up to its day; a meeting
opened after it is no change to what it signed (and is signed by the next seal), while a sealed
meeting re-dated or removed still is."""

from __future__ import annotations

from datetime import timedelta

from audit_world import raw_sql
from django.utils import timezone

from ombud.audit.seal import seal_all
from ombud.cases import services
from ombud.cases.models import Meeting
from ombud.orgs.models import Organization
from tests.audit.test_verify import run_verify


def test_pp_12_a_meeting_opened_after_the_nights_seal_verifies(people, seal_key):
    pp = Organization.objects.get(slug="pp")
    today = timezone.localdate()
    Meeting.objects.filter(organization=pp, held_on=today).delete()
    case = services.case_register(
        organization=pp, procedure_id="pp/complaint", channel="letter",
        received_on=today - timedelta(days=1), title="Endring av vakter",
        complainant=services.PartyDetails("Kari Olsen"), actor=people["pp"]["intake"])
    seal_all()
    opened = services.meeting_decide(case=case, held_on=today, decision="Avdelingsleder.",
                                     actor=people["pp"]["manager"])
    assert opened.held_on == today and opened.opened_at is not None
    assert run_verify()[0] == 0
    seal_all()  # the next seal signs it
    raw_sql("DELETE FROM cases_meeting WHERE id = %s", opened.pk)
    status, lines, _ = run_verify()
    assert status == 1
    assert any(line.startswith("pp") and "management meetings" in line for line in lines), lines


def test_a_past_meeting_slipped_in_as_opened_after_the_seal_is_named(people, seal_key):
    """Only a meeting opened on its own day is left to the next seal: one inserted behind the
    application's back for a day before the seal, claiming to be opened afterwards, is not."""
    pp = Organization.objects.get(slug="pp")
    taken = set(Meeting.objects.filter(organization=pp).values_list("held_on", flat=True))
    past = next(day for day in (timezone.localdate() - timedelta(days=n) for n in range(1, 60))
                if day not in taken)
    seal_all()
    raw_sql("INSERT INTO cases_meeting (organization_id, held_on, minutes, opened_at) "
            "VALUES (%s, %s, %s, %s)", pp.pk, past, "", timezone.now() + timedelta(hours=1))
    status, lines, _ = run_verify()
    assert status == 1
    assert any(line.startswith("pp") and "management meetings" in line for line in lines), lines

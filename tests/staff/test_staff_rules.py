"""The rules staff case handling enforces outside the engine, one test per rule, each named by
its ID so that ``ombud procedure coverage --check`` finds the evidence: the management meeting's
agenda and decision, corrective actions, the hearing report, the file that keeps the case with its
result, and the contacts kept in it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ombud.cases.models import CaseEvent, CorrectiveAction, Document, DocumentKind, Meeting

TODAY = timezone.localdate


def _meeting_today(organization) -> Meeting:
    Meeting.objects.filter(organization=organization).delete()
    return Meeting.objects.create(organization=organization, held_on=TODAY())


def _types(case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("seq").values_list("type",
                                                                                  flat=True))


def test_av_12_complaints_are_a_standing_item_new_ones_first(people, organizations, register,
                                                             step, as_person):
    _meeting_today(organizations["av"])
    older = register("av/complaint", received_on=TODAY() - timedelta(days=9), title="Older")
    newer = register("av/complaint", received_on=TODAY() - timedelta(days=2), title="Newer")
    step(older, "taken_up")  # already on an earlier agenda: stays on it while open
    page = as_person(people["av"]["manager"]).get("/av/meetings/")
    assert page.status_code == 200
    text = page.content.decode()
    assert newer.reference in text and older.reference in text
    assert text.index(newer.reference) < text.index(older.reference)  # the new one first


@pytest.mark.parametrize("slug", ["gl", "pp"])
def test_gl_07_pp_12_the_management_meeting_decides_who_handles_the_complaint(
        slug, people, organizations, register, as_person):
    meeting = _meeting_today(organizations[slug])
    case = register(f"{slug}/complaint", received_on=TODAY() - timedelta(days=3),
                    )
    handler = people[slug]["handler"]
    response = as_person(people[slug]["manager"]).post(
        f"/{slug}/meetings/decide/{case.reference}/",
        {"decision": "Avdelingsleder behandler klagen.", "handler": handler.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.handler == handler
    taken_up = CaseEvent.objects.get(case=case, type="taken_up")
    assert (taken_up.on, taken_up.data["decision"]) == (meeting.held_on,
                                                        "Avdelingsleder behandler klagen.")
    assert "assigned" in _types(case)


@pytest.mark.parametrize("procedure_id", ["ne/appeal", "ne/complaint"])
def test_ne_a_10_ne_c_08_a_corrective_action_has_an_owner_a_due_date_and_a_follow_up(
        procedure_id, people, register, as_person):
    case = register(procedure_id)
    owner = people["ne"]["manager"]
    client = as_person(owner)
    due = TODAY() + timedelta(days=30)
    response = client.post(f"/ne/cases/{case.reference}/actions/",
                           {"description": "Endre eksamensrutinen.", "owner": owner.pk,
                            "due_on": due.isoformat()})
    assert response.status_code == 302
    action = CorrectiveAction.objects.get(case=case)
    assert (action.owner, action.due_on, action.done_on) == (owner, due, None)
    response = client.post(f"/ne/cases/{case.reference}/actions/{action.pk}/done/",
                           {"done_on": TODAY().isoformat(), "follow_up": "Rutinen er endret."})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.done_on, action.follow_up) == (TODAY(), "Rutinen er endret.")
    assert [kind for kind in _types(case) if kind.startswith("corrective_action")] == [
        "corrective_action", "corrective_action_done"]  # both kept in the file's history


@pytest.mark.parametrize("procedure_id", ["dnv/complaint", "dnv/objection"])
def test_dnv_k_16_dnv_b_19_the_report_of_a_hearing_is_kept_in_the_file(procedure_id, register,
                                                                        step):
    case = register(procedure_id)
    step(case, "hearing_invited")
    step(case, "hearing_held", report="Verslag: beide partijen gehoord, een deskundige ook.")
    report = Document.objects.get(case=case, kind=DocumentKind.HEARING_REPORT)
    assert b"een deskundige ook" in report.file.read()


def test_dnv_k_16_a_hearing_is_not_recorded_without_its_report(people, register, step,
                                                               as_person):
    case = register("dnv/complaint")
    step(case, "hearing_invited")
    response = as_person(people["dnv"]["handler"]).post(
        f"/dnv/cases/{case.reference}/steps/hearing_held/",
        {"hearing_held-on": TODAY().isoformat()})
    assert response.status_code == 400
    assert "hearing_held" not in _types(case)


@pytest.mark.parametrize("procedure_id", ["ne/appeal", "ne/complaint", "dnv/complaint"])
def test_ne_a_09_ne_c_07_dnv_k_20_the_case_is_registered_and_archived_with_its_result(
        procedure_id, register, step):
    case = register(procedure_id)
    if procedure_id == "dnv/complaint":
        step(case, "hearing_invited")
        step(case, "hearing_waived")
    step(case, "answered", outcome="upheld", reasons="Medhold.", letter="Svar på klagen.")
    case.refresh_from_db()
    assert case.reference and case.state == "answered"
    assert _types(case)[0] == "received" and "answered" in _types(case)
    assert Document.objects.filter(case=case, kind=DocumentKind.LETTER).exists()  # the answer

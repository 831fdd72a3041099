"""``ombud audit verify`` and ``seal`` on the configured database (run on SQLite and on
PostgreSQL): every event deleted or edited behind the application's back, every row that
disagrees with its chain, and a chain recomputed consistently after a seal is named, one line per
case, with exit status 1; a sound database gives 0 and a count."""

from __future__ import annotations

import io
import json

import pytest
from audit_world import dumps, json_param, raw_sql
from django.core.management import call_command

from ombud.audit import commands, keys
from ombud.audit.models import Seal
from ombud.audit.seal import seal_all
from ombud.cases.history import content_of, digest
from ombud.cases.models import Case, CaseEvent
from ombud.mail.models import OutboxMessage


def run_verify(organization=None) -> tuple[int, list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    status = commands.verify(organization, out, err)
    return status, out.getvalue().splitlines(), err.getvalue()


def _events(case) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case).order_by("seq"))


@pytest.fixture
def three(answered, seal_key):
    """Three answered cases, sealed."""
    cases = [answered(title=f"Inzage {n}") for n in range(3)]
    seal_all()
    return cases


def dnv_seal() -> Seal:
    return Seal.objects.filter(organization__slug="dnv").latest("sealed_at")


def test_a_sound_database_verifies_with_status_0_and_a_count(three):
    status, lines, _ = run_verify()
    assert status == 0
    events = CaseEvent.objects.count()
    assert lines == [lines[0]] and lines[0].startswith(f"ok: 3 cases, {events} entries verified")
    assert "dnv" in lines[0]


def test_finding_4_an_event_edited_with_raw_sql_is_named(three):
    case = three[1]
    answer = next(e for e in _events(case) if e.type == "answered")
    raw_sql(f"UPDATE cases_caseevent SET data = {json_param()} WHERE id = %s",
            dumps({**answer.data, "outcome": "not_upheld"}), answer.pk)

    status, lines, _ = run_verify()
    assert status == 1
    assert lines == [f"{case.reference}  altered: entry {answer.seq} does not match the chain"]


def test_finding_4_an_event_deleted_with_raw_sql_is_named(three):
    middle, last = three[0], three[2]
    raw_sql("DELETE FROM cases_caseevent WHERE case_id = %s AND seq = 2", middle.pk)
    raw_sql("DELETE FROM cases_caseevent WHERE case_id = %s AND seq = %s", last.pk,
            last.event_count)

    status, lines, _ = run_verify()
    assert status == 1
    assert lines == [
        f"{middle.reference}  altered: entry 3 does not match the chain",
        f"{last.reference}  truncated: the case row counts {last.event_count} entries, the "
        f"chain holds {last.event_count - 1}"]


def test_finding_4_a_tail_removed_with_the_row_made_to_agree_shows_against_the_seal(three):
    case = three[0]
    answer = next(e for e in _events(case) if e.type == "answered")
    raw_sql("DELETE FROM cases_caseevent WHERE case_id = %s AND seq >= %s", case.pk, answer.seq)
    kept = _events(case)
    raw_sql("UPDATE cases_case SET event_count = %s, last_hash = %s, state = 'open' "
            "WHERE id = %s", len(kept), kept[-1].hash, case.pk)

    status, lines, _ = run_verify()
    assert status == 1
    assert lines == [f"{case.reference}  truncated: the seal of "
                     f"{dnv_seal().sealed_at:%Y-%m-%d %H:%M} counts {case.event_count} "
                     f"entries, the chain holds {len(kept)}"]


def rehash(case, *, change) -> None:
    """What a careful forger does: change an entry, recompute every hash after it the way
    Ombud does, and make the case row agree. Only a seal can show it."""
    prev = ""
    for event in _events(case):
        change(event)
        event.prev_hash = prev
        event.hash = prev = digest(content_of(event, case.reference))
        CaseEvent.objects.filter(pk=event.pk).update(data=event.data, prev_hash=event.prev_hash,
                                                     hash=event.hash)
    Case.objects.filter(pk=case.pk).update(last_hash=prev)


def _soften(event) -> None:
    if event.type == "answered":
        event.data = {**event.data, "outcome": "not_upheld"}


def test_finding_4_a_chain_recomputed_after_the_seal_is_named_re_hashed(three):
    case = three[2]
    rehash(case, change=_soften)
    case.refresh_from_db()
    from ombud.cases.history import first_broken_link, row_disagreement
    assert first_broken_link(_events(case), case) is None  # consistent: the chain alone holds
    assert row_disagreement(case, _events(case)) is None

    status, lines, _ = run_verify()
    assert status == 1
    answer = next(e for e in _events(case) if e.type == "answered")
    assert lines == [f"{case.reference}  re-hashed: entry {case.event_count} differs from the "
                     f"seal of {dnv_seal().sealed_at:%Y-%m-%d %H:%M}: the chain was "
                     "recomputed"]
    assert answer.data["outcome"] == "not_upheld"


def test_the_seal_list_rewritten_to_match_a_recomputed_chain_is_named(three):
    case = three[2]
    rehash(case, change=_soften)
    case.refresh_from_db()
    seal = dnv_seal()
    heads = "\n".join(f"{ref} {count} {case.last_hash if ref == case.reference else head}"
                      for ref, count, head in seal.head_lines())
    Seal.objects.filter(pk=seal.pk).update(heads=heads)

    status, lines, _ = run_verify()
    assert status == 1
    assert lines == ["dnv  seal: the case list of the seal of "
                     f"{seal.sealed_at:%Y-%m-%d %H:%M} is not the one that was signed"]


def test_a_seal_made_again_with_another_key_is_named(three, tmp_path, settings):
    case = three[0]
    rehash(case, change=_soften)
    forger = tmp_path / "forger.pem"
    keys.generate(forger)
    seal_all(organization="dnv", key_file=str(forger))  # signed, not with the configured key

    status, lines, _ = run_verify()
    assert status == 1
    assert len(lines) == 1 and lines[0].startswith("dnv  seal: the seal of ")
    assert "not the configured key" in lines[0]


def test_a_case_sealed_and_then_removed_is_named(three):
    case = three[1]
    OutboxMessage.objects.filter(case=case).delete()
    Case.objects.filter(pk=case.pk).delete()
    status, lines, _ = run_verify()
    assert status == 1
    assert lines[-1].startswith(f"{case.reference}  missing: in the seal of ")


def test_the_subject_changed_in_the_row_only_is_named(three):
    case = three[0]
    raw_sql("UPDATE cases_case SET title = %s WHERE id = %s", "Iets anders", case.pk)
    status, lines, _ = run_verify()
    assert (status, lines) == (1, [f"{case.reference}  altered: the case row's subject or "
                                   "complainant differs from the chain"])


def test_verify_for_one_organization_and_an_unknown_one(three, answered):
    assert run_verify("pp")[0] == 0
    assert run_verify("pp")[1][0].startswith("ok: 0 cases")
    status, lines, err = run_verify("nope")
    assert (status, lines, err) == (2, [], "ombud: no organization 'nope'\n")


def test_sealing_twice_without_change_makes_no_second_seal_and_seals_chain(three, answered):
    first = dnv_seal()
    assert seal_all() == []  # nothing changed anywhere
    answered()
    [second] = seal_all()  # DNV's only
    assert json.loads(second.payload)["previous"] == second.previous != first.previous == ""
    assert (second.organization.slug, second.case_count) == ("dnv", 4)


def test_the_management_command_verifies_too(three):
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().startswith("ok: 3 cases")


def test_sealing_without_a_key_says_which_setting_is_missing(answered, settings):
    settings.OMBUD_SEAL_KEY = ""
    answered()
    err = io.StringIO()
    assert commands.seal(None, io.StringIO(), err) == 2
    assert "OMBUD_SEAL_KEY is not set" in err.getvalue()


def test_a_party_or_document_row_changed_behind_the_chain_is_named(three):
    first, second, third = three
    party = first.parties.get()
    raw_sql("UPDATE cases_party SET email = %s WHERE id = %s", "eve@example.org", party.pk)
    letter = second.documents.order_by("id").first()
    raw_sql("UPDATE cases_document SET sha256 = %s WHERE id = %s", "0" * 64, letter.pk)
    gone = third.documents.order_by("id").last()
    OutboxMessage.objects.filter(letter=gone).delete()
    raw_sql("DELETE FROM cases_document WHERE id = %s", gone.pk)

    status, lines, _ = run_verify()
    assert status == 1
    assert lines == [f"{first.reference}  altered: party {party.pk} differs from the chain",
                     f"{second.reference}  altered: document {letter.pk} differs from the chain",
                     f"{third.reference}  truncated: document {gone.pk} is in the chain but "
                     "gone from the file"]


def test_x_07_a_step_dated_back_verifies_and_its_reason_cannot_be_edited(people, seal_key):
    from datetime import timedelta

    from django.utils import timezone

    from ombud.cases import services
    from ombud.orgs.models import Organization

    today, dnv = timezone.localdate(), people["dnv"]
    case = services.case_register(
        organization=Organization.objects.get(slug="dnv"), procedure_id="dnv/inspection",
        channel="letter", received_on=today - timedelta(days=3), title="Inzage",
        complainant=services.PartyDetails("Femke de Vries", email="femke@example.org"),
        actor=dnv["intake"], details={"result_on": today - timedelta(days=3)})
    services.case_step(case=case, event_type="acknowledged", on=today - timedelta(days=2),
                       actor=dnv["handler"], backdate_reason="Sent by post on Monday.")
    seal_all()
    assert run_verify()[0] == 0

    acknowledged = CaseEvent.objects.get(case=case, type="acknowledged")
    assert acknowledged.hash == digest(content_of(acknowledged, case.reference))
    raw_sql("UPDATE cases_caseevent SET backdate_reason = %s WHERE id = %s",
            "Forgotten.", acknowledged.pk)
    status, lines, _ = run_verify()
    assert status == 1 and any(case.reference in line and "altered" in line for line in lines)


@pytest.mark.parametrize("change", ["re-dated", "removed", "minutes"])
def test_finding_4_a_meeting_held_before_the_seal_changed_afterwards_is_named(
        people, seal_key, change):
    """Found in review: meeting days move the deadlines of AV, GL and PP, and were in no
    chain and no seal."""
    from datetime import timedelta

    from django.utils import timezone

    from ombud.cases.models import Meeting
    from ombud.orgs.models import Organization

    pp = Organization.objects.get(slug="pp")
    taken = set(Meeting.objects.filter(organization=pp).values_list("held_on", flat=True))
    past_free = [day for day in (timezone.localdate() - timedelta(days=n) for n in range(1, 60))
                 if day not in taken]
    meeting = Meeting.objects.create(organization=pp, held_on=past_free[1],
                                     minutes="Klagene gjennomgått.")
    seal_all()
    assert run_verify()[0] == 0
    sql = {"re-dated": ("UPDATE cases_meeting SET held_on = %s WHERE id = %s", past_free[0],
                        meeting.pk),
           "removed": ("DELETE FROM cases_meeting WHERE id = %s", meeting.pk),
           "minutes": ("UPDATE cases_meeting SET minutes = %s WHERE id = %s", "Ingen klager.",
                       meeting.pk)}[change]
    raw_sql(*sql)

    status, lines, _ = run_verify()
    assert status == 1
    assert any(line.startswith("pp") and "management meetings" in line for line in lines), lines


def test_a_meeting_planned_after_the_seal_is_no_problem(people, seal_key):
    from datetime import timedelta

    from django.utils import timezone

    from ombud.cases.models import Meeting
    from ombud.orgs.models import Organization

    pp = Organization.objects.get(slug="pp")
    seal_all()
    taken = set(Meeting.objects.filter(organization=pp).values_list("held_on", flat=True))
    Meeting.objects.create(organization=pp, held_on=next(
        day for day in (timezone.localdate() + timedelta(days=n) for n in range(1, 90))
        if day not in taken))
    assert run_verify()[0] == 0

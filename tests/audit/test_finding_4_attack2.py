"""Finding 4, attacked with a hand on the database (attack2): an older seal re-dated to be the
latest, another organization's seal copied over, and a seal row made unreadable must each be
named by ``ombud audit verify``, never silently accepted and never a crash."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from ombud.audit import commands
from ombud.audit.models import Seal
from ombud.audit.seal import seal_all
from ombud.cases.history import content_of, digest
from ombud.cases.models import Case, CaseEvent


def run_verify() -> tuple[int, list[str]]:
    out = io.StringIO()
    status = commands.verify(None, out, io.StringIO())
    return status, out.getvalue().splitlines()


def rehash_soften(case) -> None:
    prev = ""
    for event in CaseEvent.objects.filter(case=case).order_by("seq"):
        if event.type == "answered":
            event.data = {**event.data, "outcome": "not_upheld"}
        event.prev_hash = prev
        event.hash = prev = digest(content_of(event, case.reference))
        CaseEvent.objects.filter(pk=event.pk).update(data=event.data, prev_hash=event.prev_hash,
                                                     hash=event.hash)
    Case.objects.filter(pk=case.pk).update(last_hash=prev)


@pytest.fixture
def early_seal_then_cases(answered, seal_key):
    """DNV sealed with one case; two more cases answered and sealed later."""
    answered(title="Eerste")
    [early] = seal_all(organization="dnv")
    later = [answered(title=f"Later {n}") for n in range(2)]
    [latest] = seal_all(organization="dnv")
    Seal.objects.filter(pk=early.pk).update(sealed_at=latest.sealed_at - timedelta(days=1))
    return early, latest, later


def test_finding_4_an_older_seal_re_dated_as_the_latest_is_named(early_seal_then_cases):
    early, latest, later = early_seal_then_cases
    rehash_soften(later[0])
    # The forger moves the old seal's date column past the real latest one: the signed
    # payload still says when it was really made.
    Seal.objects.filter(pk=early.pk).update(sealed_at=latest.sealed_at + timedelta(hours=1))

    status, lines = run_verify()
    assert status == 1
    assert any(line.startswith("dnv  seal:") for line in lines), lines


def test_finding_4_another_organizations_seal_copied_over_is_named(answered, seal_key, people):
    from ombud.orgs.models import Organization

    case = answered()
    seal_all()
    pp_seal = Seal.objects.get(organization__slug="pp")  # PP has no cases: an empty root
    rehash_soften(case)
    dnv_latest = Seal.objects.filter(organization__slug="dnv").latest("sealed_at")
    Seal.objects.create(**{
        **{f.name: getattr(pp_seal, f.name) for f in Seal._meta.fields if f.name != "id"},
        "organization": Organization.objects.get(slug="dnv"),
        "sealed_at": dnv_latest.sealed_at + timedelta(hours=1)})

    status, lines = run_verify()
    assert status == 1
    assert any(line.startswith("dnv  seal:") for line in lines), lines


@pytest.mark.parametrize("column, value", [
    ("public_key", "not hex at all"), ("payload", "[1, 2]"), ("payload", "{broken"),
    ("heads", "garbage-without-spaces"), ("signature", "zz")])
def test_finding_4_a_garbled_seal_is_reported_not_a_crash(answered, seal_key, column, value):
    answered()
    seal_all()
    seal = Seal.objects.filter(organization__slug="dnv").latest("sealed_at")
    Seal.objects.filter(pk=seal.pk).update(**{column: value})

    status, lines = run_verify()
    assert status == 1
    assert any(line.startswith("dnv  seal:") for line in lines), lines


def test_finding_4_a_party_removed_behind_the_applications_back_is_named(answered, seal_key,
                                                                        people):
    from audit_world import raw_sql

    from ombud.cases import services
    from ombud.cases.models import PartyRole

    case = answered()
    party = services.party_add(case=case, role=PartyRole.SUBJECT, details=services.PartyDetails(
        "Jan Jansen", email="jan@example.org"), actor=people["dnv"]["handler"])
    seal_all()
    raw_sql("DELETE FROM cases_party WHERE id = %s", party.pk)

    status, lines = run_verify()
    assert status == 1
    assert lines == [f"{case.reference}  truncated: party {party.pk} is in the chain but gone "
                     "from the file"], lines


@pytest.mark.parametrize("column, value", [
    ("procedure_id", "dnv/complaint"), ("received_on", "2020-01-02"), ("procedure_version", 999)])
def test_finding_4_the_procedure_or_received_day_changed_in_the_row_only_is_named(
        answered, seal_key, column, value):
    """Which procedure applies and the day received decide every deadline of the case."""
    from audit_world import raw_sql

    case = answered()
    seal_all()
    raw_sql(f"UPDATE cases_case SET {column} = %s WHERE id = %s", value, case.pk)

    status, lines = run_verify()
    assert status == 1
    assert lines == [f"{case.reference}  altered: the case row's procedure or day received "
                     "differs from the chain"], lines


@pytest.mark.parametrize("data", [[1, 2], "text", 7])
def test_finding_4_entry_data_that_is_no_object_is_reported_not_a_crash(answered, data):
    """A forger without the seal key re-hashes a chain whose entry data is no JSON object:
    verify must still answer (and not with a traceback)."""
    case = answered()
    first = CaseEvent.objects.filter(case=case).order_by("seq").first()
    CaseEvent.objects.filter(pk=first.pk).update(data=data)
    rehash_soften(Case.objects.get(pk=case.pk))

    status, lines = run_verify()
    assert (status, lines) == (1, [f"{case.reference}  altered: entry 1 does not match the "
                                   "chain"])

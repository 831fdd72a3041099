"""Issue 13: whether a letter invites an appeal is the engine's answer (``invites_appeal``),
not whether the procedure has an appeal body. Fjellby's klage (examples/bundles/fjellby): a
dismissal may itself be appealed (FVL-2-3), so its letter says to whom and by when; a klage the
first instance does not grant is forwarded (FVL-33-4), and that letter invites nothing. The
bundled organizations' letters keep what they said (test_letters.py: PP-17, NE-A-06)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pdf_text import pdf_text

from ombud.cases import services
from ombud.cases.models import Document, DocumentKind
from ombud.cli import main
from ombud.domain import engine
from ombud.domain import messages as m
from ombud.domain.periods import add_months
from ombud.letters import render
from ombud.orgs.models import Membership, Organization

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"
TODAY = timezone.localdate


@pytest.fixture
def fjellby(db, monkeypatch, capsys):
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    assert main(["org", "create", "fjellby", "--name", "Fjellby kommune", "--language", "nb",
                 "--procedures", "fjellby/klage"]) == 0
    for name, role in (("ida", "intake"), ("kari", "handler")):
        assert main(["user", "create", name, "--org", "fjellby", "--role", role,
                     "--email", f"{name}@fjellby.example"]) == 0
    capsys.readouterr()
    return Organization.objects.get(slug="fjellby")


def _klage(fjellby, language: str, reached_days_ago: int):
    people = {m.user.username: m.user for m in Membership.objects.filter(organization=fjellby)}
    case = services.case_register(
        organization=fjellby, procedure_id="fjellby/klage", channel="letter",
        received_on=TODAY(), title="Skoleplass",
        complainant=services.PartyDetails("Per Olsen", "per@example.org", "", "Fjellveien 2"),
        actor=people["ida"], details={"decision_on": TODAY() - timedelta(days=reached_days_ago)})
    case.language = language
    case.save(update_fields=["language"])
    return case, people["kari"]


def _last_letter(case) -> str:
    letter = Document.objects.filter(case=case, kind=DocumentKind.LETTER).order_by("id").last()
    return " ".join(pdf_text(letter).split())


@pytest.mark.parametrize(("language", "invitation", "body"), [
    ("nb", "Er du uenig i avgjørelsen, kan du bringe den inn for", "Statsforvalteren"),
    ("en", "If you disagree with this decision, you can appeal against it to",
     "the county governor (Statsforvalteren)"),
    ("nl", "dan kunt u daartegen in beroep gaan bij", "de Statsforvalter"),
])
def test_fvl_2_3_the_dismissal_says_to_whom_and_by_when_it_may_be_appealed(
        fjellby, language, invitation, body):
    case, kari = _klage(fjellby, language, reached_days_ago=60)  # far too late
    services.case_step(case=case, event_type="declined", on=TODAY(), actor=kari,
                       data={"ground": "late", "reasons": "Klagefristen var ute."})
    text = _last_letter(case)
    assert f"{invitation} {body}" in text
    # three weeks from today, moved to the next working day where it ends on one (FJ-01)
    state = engine.evaluate(services.procedure_of(case), services.engine_events(case), TODAY())
    due = state.deadline("appeal").due
    assert timedelta(weeks=3) <= due - TODAY() <= timedelta(weeks=3, days=4)
    assert m.format_date(due, language) in text


@pytest.mark.parametrize(("language", "subject", "invites"), [
    ("nb", "er sendt til Statsforvalteren", "kan du"),
    ("en", "has been sent to the county governor (Statsforvalteren)", "you can appeal"),
    ("nl", "is doorgestuurd naar de Statsforvalter", "in beroep gaan"),
])
def test_fvl_33_4_the_forwarding_letter_tells_where_the_case_went_and_invites_no_appeal(
        fjellby, language, subject, invites):
    case, kari = _klage(fjellby, language, reached_days_ago=5)
    services.case_step(case=case, event_type="forwarded", on=TODAY(), actor=kari,
                       data={"reasons": "Vedtaket er i tråd med forskriften."})
    text = _last_letter(case)
    assert f"{case.reference} {subject}" in text
    assert "Vedtaket er i tråd med forskriften." in text
    # when the appeal body's decision is expected: three months, as it falls (FJ-04)
    assert m.format_date(add_months(TODAY(), 3), language) in text
    assert invites not in text


@pytest.mark.parametrize("language", ["nb", "nl", "en"])
def test_ombud_s_own_answer_on_a_forwarded_case_is_the_appeal_body_s_and_final(language):
    """A bundle with forwarding but without an answer letter of its own gets Ombud's: the
    appeal body's decision, on the case as filed (not "your appeal"), final."""
    text = render._template_text("pp", "answer", language, {
        "decided_by": "Statsforvalteren", "forwarded_on": "07.04.2026", "final": True,
        "case_type": "klage", "reference": "X-1", "received_on": "02.03.2026", "title": "T"})
    assert "07.04.2026" in text and "Statsforvalteren" in text
    assert {"nb": "anken", "nl": "uw beroep", "en": "your appeal"}[language] not in text
    assert {"nb": "endelig", "nl": "definitief", "en": "final"}[language] in text


def test_fvl_33_4_the_appeal_body_s_decision_on_a_forwarded_klage_is_not_påklages_never_ankes():
    """Forwarding is the forvaltningsloven's (§ 33): the appeal body's decision on a klage
    cannot be appealed further (§ 28 third paragraph), in the Act's word, not "ankes"; a
    decision on an anke keeps its words."""
    facts = {"decided_by": "Statsforvalteren", "final": True, "case_type": "klage",
             "reference": "X-1", "received_on": "02.03.2026", "title": "T"}
    forwarded = render._template_text("pp", "answer", "nb", {**facts, "forwarded_on": "07.04"})
    assert "Avgjørelsen er endelig, og den kan ikke påklages (forvaltningsloven § 28 tredje " \
        "ledd)." in " ".join(forwarded.split())
    assert "ankes" not in forwarded
    on_appeal = render._template_text("pp", "answer", "nb", facts)
    assert "kan ikke ankes videre her" in on_appeal


@pytest.mark.parametrize(("language", "preliminary", "wrong"), [
    ("nb", "Har du ikke fått svar innen {day}, får du et foreløpig svar",
     "behandler saken innen"),
    ("nl", "Hebt u uiterlijk {day} nog geen antwoord, dan krijgt u een voorlopig bericht",
     "dat wij uw zaak behandelen"),
    ("en", "If you have had no answer by {day}, you will get a preliminary reply",
     "confirm that we are handling it"),
])
def test_fvl_11a_3_ombud_s_receipt_names_the_preliminary_answer_day_as_such(
        fjellby, language, preliminary, wrong):
    """Fjellby's klage has no answer deadline, only the month after which a preliminary
    answer is due (FVL-11a-3): Ombud's own receipt, letter and mail, says that of the day,
    never that the case is handled by it."""
    case, _ = _klage(fjellby, language, reached_days_ago=5)
    state = engine.evaluate(services.procedure_of(case), services.engine_events(case), TODAY())
    day = m.format_date(state.deadline("acknowledge").due, language)
    receipt = " ".join(render.compose(
        "receipt", procedure=services.procedure_of(case), state=state, data={},
        language=language, facts={"reference": case.reference, "name": "Per Olsen",
                                  "title": case.title,
                                  "received_on": m.format_date(TODAY(), language)}).text.split())
    assert preliminary.format(day=day) in receipt
    assert wrong not in receipt

"""Issue 13, forwarding through the web application: a Fjellby klage (examples/bundles/fjellby)
filed on the public form, which the first instance does not grant, is forwarded to the appeal
body with a step (fvl § 33, FVL-33-4); the appeal body's deadline opens (FJ-04), the case is
``forwarded`` in the queue and on the private page, and no letter of the first instance invites
an appeal; the appeal body's decision is final (fvl § 28 third paragraph)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from public_world import NAME, PublicClient, main_text
from worker import run_worker

from ombud.cases.models import Case, OpenCount
from ombud.cli import main
from ombud.domain import messages as m
from ombud.domain.periods import add_months
from ombud.mail.models import OutboxMessage
from ombud.orgs.models import Membership

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"


@pytest.fixture
def kari(db, monkeypatch, capsys, client):
    """Fjellby kommune as an operator sets it up, and its handler Kari signed in."""
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    assert main(["org", "create", "fjellby", "--name", "Fjellby kommune", "--language", "nb",
                 "--procedures", "fjellby/klage"]) == 0
    assert main(["user", "create", "kari", "--org", "fjellby", "--role", "handler",
                 "--email", "kari@fjellby.example"]) == 0
    capsys.readouterr()
    user = Membership.objects.get(organization__slug="fjellby").user
    client.force_login(user)
    client.cookies["django_language"] = "nb"
    return user


def _filed(reached_days_ago: int = 5) -> tuple[Case, str]:
    visitor = PublicClient("nb")
    reached = (timezone.localdate() - timedelta(days=reached_days_ago)).isoformat()
    response, _key = visitor.send("/fjellby/klage/new/", {
        "name": NAME, "email": "ola@example.org", "phone": "", "website": "",
        "address": "Storgata 1, 9000 Fjellby", "filer": "party", "about": "building",
        "decision_on": reached, "title": "Avslag på byggesøknad",
        "description": "Vedtak i byggesak 2026/12.", "reasons": "Garasjen er innenfor planen.",
        "signature": NAME, "signed": "on", "consent": "on",
        **({"late_confirmed": "on"} if reached_days_ago > 21 else {})})
    assert response.status_code == 302, main_text(response.content.decode())[:2000]
    run_worker()
    receipt = visitor.get(response["Location"]).content.decode()
    token = re.search(r"/track/([A-Za-z0-9_-]+)/", receipt).group(1)
    return Case.objects.get(procedure_id="fjellby/klage"), f"/track/{token}/"


def _step(client, case, step: str, **fields):
    data = {f"{step}-on": timezone.localdate().isoformat(),
            **{f"{step}-{name}": value for name, value in fields.items()}}
    return client.post(f"/fjellby/cases/{case.reference}/steps/{step}/", data)


def test_fvl_33_4_a_klage_not_granted_is_forwarded_and_the_appeal_body_decides(kari, client):
    case, track = _filed()
    page = main_text(client.get(f"/fjellby/cases/{case.reference}/").content.decode())
    assert "Send til klageinstansen" in page  # the step the procedure offers
    # The first instance does not reject the klage itself: it forwards what it does not grant.
    refused = _step(client, case, "answered", outcome="not_upheld", reasons="Nei.",
                    letter="Vi opprettholder vedtaket.")
    assert refused.status_code == 400 and "FVL-33-4" in main_text(refused.content.decode())
    assert not OutboxMessage.objects.filter(case=case, kind="answer").exists()

    response = _step(client, case, "forwarded",
                     reasons="Garasjen er 40 cm over byggegrensen i reguleringsplanen.")
    assert response.status_code == 302, main_text(response.content.decode())[:2000]
    case.refresh_from_db()
    assert case.state == "forwarded"
    # FJ-04: the appeal body's decision is expected three months after the forwarding
    expected = add_months(timezone.localdate(), 3)  # as it falls
    assert (case.next_due, case.next_due_key) == (expected, "appeal_answer")
    assert OpenCount.objects.get(organization=case.organization).cases == 1  # still open
    queue = main_text(client.get("/fjellby/cases/?state=forwarded").content.decode())
    assert case.reference in queue

    notice = OutboxMessage.objects.get(case=case, kind="forwarding_notice")
    assert notice.subject == f"Saken din {case.reference} er sendt til Statsforvalteren"
    body = " ".join(notice.body.split())
    assert "ikke funnet grunn til å endre vedtaket" in body
    assert "Garasjen er 40 cm over byggegrensen" in body
    assert f"innen {m.format_date(expected, 'nb')}" in body
    assert "kan du klage" not in body and "anke" not in body.lower()  # no appeal invited
    private = main_text(PublicClient("nb").get(track, follow=True).content.decode())
    assert "Sendt til klageinstansen, som avgjør saken." in private
    assert "Vi sendte saken din til Statsforvalteren" in private and "Anke" not in private

    decided = _step(client, case, "answered", outcome="not_upheld",
                    reasons="Tiltaket er i strid med planen.",
                    letter="Statsforvalteren stadfester kommunens vedtak.")
    assert decided.status_code == 302, main_text(decided.content.decode())[:2000]
    case.refresh_from_db()
    assert case.state == "answered"
    answer = OutboxMessage.objects.get(case=case, kind="answer")
    text = " ".join(answer.body.split())
    assert answer.subject.startswith("Avgjørelse fra Statsforvalteren i klagesaken din")
    assert "Statsforvalteren har avgjort klagen din" in text
    assert "klagen er ikke tatt til følge" in text.lower()
    assert "er endelig: den kan ikke påklages" in text
    private = main_text(PublicClient("nb").get(track, follow=True).content.decode())
    assert "Klageinstansen har avgjort saken" in private and "Anken" not in private
    assert "Statsforvalteren har avgjort saken" in private  # the appeal section, final
    assert "klage på innen tre uker" not in text and "anke" not in text.lower()


def test_fvl_30_1_a_klage_letter_posted_on_the_last_day_is_registered_in_time(kari, client,
                                                                            capsys):
    """Reached the party 22 days ago, the period ended yesterday or earlier; posted within the
    three weeks (today - 1 at the latest) and received today: the filing period is met by the
    posting date, as the staff's register form records it (fvl § 30)."""
    assert main(["user", "create", "ida", "--org", "fjellby", "--role", "intake",
                 "--email", "ida@fjellby.example"]) == 0
    capsys.readouterr()
    client.force_login(Membership.objects.get(user__username="ida").user)
    today = timezone.localdate()
    reached = today - timedelta(days=30)  # three weeks (and a weekend or holiday) ago at most
    form = client.get("/fjellby/cases/register/").content.decode()
    assert 'name="posted_on"' in form and "Poststempeldato" in form
    fields = {"procedure_id": "fjellby/klage", "channel": "letter",
              "received_on": today.isoformat(), "name": "Per Olsen", "title": "Klage på vedtak",
              "about": "school", "decision_on": reached.isoformat(),
              "account": "Jeg klager på skoleplassen.", "receiving_instance": "postmottak"}
    wrong = client.post("/fjellby/cases/register/", {**fields,
                                                    "posted_on": (today + timedelta(days=1))
                                                    .isoformat()})
    assert wrong.status_code == 400 and not Case.objects.exists()
    assert "Datoen kan ikke være fram i tid." in main_text(wrong.content.decode())
    posted = reached + timedelta(days=20)  # within the three weeks
    response = client.post("/fjellby/cases/register/", {**fields,
                                                       "posted_on": posted.isoformat()})
    assert response.status_code == 302, main_text(response.content.decode())[:2000]
    case = Case.objects.get(procedure_id="fjellby/klage")
    page = main_text(client.get(f"/fjellby/cases/{case.reference}/").content.decode())
    assert (f"mottatt {m.format_date(today, 'nb')}, men postlagt {m.format_date(posted, 'nb')}"
            ", før fristen gikk ut: i rett tid (FVL-30-1) overholdt") in page


@pytest.mark.parametrize(("language", "label", "wrong"), [
    ("nb", "Hvorfor du er uenig i avvisningen", "uenig i svaret"),
    ("nl", "Waarom u het niet eens bent met de niet-ontvankelijkverklaring",
     "eens bent met het antwoord"),
    ("en", "Why you disagree with the dismissal", "disagree with the answer"),
])
def test_fvl_2_3_the_appeal_form_after_a_dismissal_asks_about_the_dismissal(
        kari, client, language, label, wrong):
    """A dismissal (avvisning) is no answer: the klage against it asks why the party
    disagrees with the dismissal, on the page and when an empty one is sent back."""
    case, track = _filed(reached_days_ago=60)  # far too late
    case.language = language
    case.save(update_fields=["language"])
    response = _step(client, case, "declined", ground="late", reasons="Klagefristen var ute.")
    assert response.status_code == 302, main_text(response.content.decode())[:2000]
    visitor = PublicClient(language)
    page = main_text(visitor.get(track, follow=True).content.decode())
    assert label in page and wrong not in page
    refused = visitor.post(f"{track}appeal/", {"grounds": " "})
    assert refused.status_code == 400
    text = main_text(refused.content.decode())
    assert label in text and wrong not in text


@pytest.mark.parametrize(("language", "sentence", "wrong"), [
    ("nb", "Da du sendte klagen din, samtykket du til at Fjellby kommune oppbevarer", "klager"),
    ("nl", "Toen u uw bezwaar stuurde, gaf u Fjellby kommune toestemming", "klacht"),
    ("en", "When you sent your appeal you agreed that Fjellby kommune keeps", "complaint"),
])
def test_fvl_28_1_withdrawing_the_consent_names_the_klage_as_the_bundle_does(
        kari, language, sentence, wrong):
    """The private page's consent to keeping the case (given on the public form) is to keeping
    the klage, bezwaar or appeal, as Fjellby's texts name it, never "your complaint"."""
    case, track = _filed()
    case.language = language
    case.save(update_fields=["language"])
    page = main_text(PublicClient(language).get(track, follow=True).content.decode())
    assert sentence in page
    withdraw = page[page.index(sentence):][:400]
    assert wrong not in withdraw.casefold()


def test_fvl_2_3_a_klage_on_a_dismissal_is_recorded_as_klage_sendt_never_anket(kari, client):
    """Fjellby's texts rename Ombud's ``appealed`` step ([steps] appealed = "klage sendt"):
    the staff's message and the history say so; the step stays an appeal (its deadline met)."""
    case, _track = _filed(reached_days_ago=60)  # far too late
    assert _step(client, case, "declined", ground="late",
                 reasons="Klagefristen var ute.").status_code == 302
    response = _step(client, case, "appealed", grounds="Jeg fikk vedtaket for sent.")
    assert response.status_code == 302, main_text(response.content.decode())[:2000]
    case.refresh_from_db()
    assert case.state == "appealed"
    page = main_text(client.get(response["Location"]).content.decode())
    assert "Registrert: klage sendt." in page
    history = page[page.index("Saksdokumentasjon"):]
    assert "Klage sendt" in history and "anket" not in history.casefold()
    # the dismissal's ground as the procedure names it, not its key
    assert "Avvist · kari · klagen kom etter klagefristen" in history and "· late" not in history
    assert "anket" not in page.casefold()

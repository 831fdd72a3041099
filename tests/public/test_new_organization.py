"""Issue 13, done when: an organization that is not one of the five goes live with a bundle
folder (examples/bundles/fjellby, through OMBUD_PROCEDURE_DIRS), two commands and no change to
the package. Its public form files a case, staff handle it, the letters read right in its
language, and its dates are the law's (tests/domain/test_bundle_fjellby_klage.py). A misspelt
or broken procedure is refused where it is chosen and shows a clear page where it is used."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from public_world import NAME, PublicClient, main_text
from worker import run_worker

from ombud.cases.models import Case
from ombud.cli import main
from ombud.mail.models import OutboxMessage
from ombud.orgs.models import EnabledProcedure, Membership, Organization

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"


@pytest.fixture
def fjellby(db, monkeypatch, capsys):
    """Fjellby kommune, set up as an operator would: the bundle folder and two commands."""
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    assert main(["org", "create", "fjellby", "--name", "Fjellby kommune", "--language", "nb",
                 "--procedures", "fjellby/klage"]) == 0
    assert main(["user", "create", "kari", "--org", "fjellby", "--role", "handler",
                 "--email", "kari@fjellby.example"]) == 0
    capsys.readouterr()
    return Organization.objects.get(slug="fjellby")


def _file(language: str = "nb", **more) -> tuple[Case, PublicClient]:
    visitor = PublicClient(language)
    path = "/fjellby/klage/new/"
    reached = (timezone.localdate() - timedelta(days=5)).isoformat()
    response, key = visitor.send(path, {
        "name": NAME, "email": "ola@example.org", "phone": "", "website": "",
        "address": "Storgata 1, 9000 Fjellby", "filer": "party", "about": "social",
        "decision_on": reached, "title": "Avslag på støttekontakt",
        "description": "Vedtak 12. mars, sak 2026/44.", "reasons": "Behovet er ikke vurdert.",
        "signature": NAME, "signed": "on", "consent": "on", **more})
    assert response.status_code == 302, main_text(response.content.decode())[:2000]
    run_worker()  # the receipt's letter and mail, set by the worker moments after the filing
    return Case.objects.get(procedure_id="fjellby/klage"), visitor


def test_two_commands_set_up_the_organization_and_mail_the_person_a_link(fjellby):
    assert fjellby.language == "nb" and fjellby.calendar == "NO-DL"  # the procedure's (FJ-01)
    assert list(fjellby.procedures.values_list("procedure_id", flat=True)) == ["fjellby/klage"]
    membership = Membership.objects.get(organization=fjellby)
    assert (membership.user.username, membership.role) == ("kari", "handler")
    assert not membership.user.has_usable_password()
    mail = OutboxMessage.objects.get(to="kari@fjellby.example")
    assert mail.subject == "Din Ombud-konto: velg et passord"
    link = next(line for line in mail.body.splitlines()
                if line.startswith(settings.OMBUD_PUBLIC_URL)).removeprefix(
                    settings.OMBUD_PUBLIC_URL)
    page = PublicClient("nb").get(link, follow=True)
    assert b'name="new_password1"' in page.content


def test_the_public_form_speaks_the_bundle_s_words_and_files_a_case(fjellby):
    page = main_text(PublicClient("nb").get("/fjellby/klage/new/").content.decode())
    assert "Datoen vedtaket kom fram til deg" in page
    assert "Klagefristen er tre uker fra den dagen du fikk vedtaket" in page
    assert "En klage må være underskrevet" in page
    assert "innsigelse" not in page.lower() and "sendt til deg" not in page
    case, _visitor = _file()
    assert case.reference.startswith("FJELLBY-") and case.organization == fjellby
    receipt = OutboxMessage.objects.get(case=case, kind="receipt")
    assert receipt.subject.startswith("Vi har mottatt din klage (FJELLBY-")
    assert "innsigelse" not in receipt.body.lower()


def test_staff_handle_the_case_and_the_answer_says_klagen(fjellby, client):
    case, _visitor = _file()
    kari = Membership.objects.get(organization=fjellby).user
    client.force_login(kari)
    client.cookies["django_language"] = "nb"
    register = client.get("/fjellby/cases/register/").content.decode()
    assert 'value="social"' in register and "sosiale tjenester" in register  # its subjects
    assert 'value="exam_result"' not in register  # DNV's are not its
    assert "Datoen vedtaket kom fram til deg" in register and "innsigelse" not in register
    queue = client.get("/fjellby/cases/")
    assert queue.status_code == 200 and case.reference in queue.content.decode()
    detail = client.get(f"/fjellby/cases/{case.reference}/").content.decode()
    assert "Klagefrist FVL-29-1" in main_text(detail)  # the bundle's name for the deadline
    assert "vedtaket kom fram til parten" in main_text(detail)  # the law's start, not "sendt"
    response = client.post(f"/fjellby/cases/{case.reference}/steps/answered/", {
        "answered-on": timezone.localdate().isoformat(), "answered-outcome": "upheld",
        "answered-reasons": "Behovet er vurdert på nytt.",
        "answered-letter": "Kommunen har endret vedtaket."})
    assert response.status_code == 302, main_text(response.content.decode())[:2000]
    answer = OutboxMessage.objects.get(case=case, kind="answer")
    assert "klagen er tatt til følge" in answer.body.lower()
    assert "Vi har endret vedtaket slik du ba om" in answer.body  # the bundle's letter (fvl § 33)
    assert "innsigelse" not in answer.body.lower() and "anke" not in answer.body.lower()


def test_the_same_bundle_reads_as_an_appeal_in_english_and_a_bezwaar_in_dutch(fjellby):
    for language, label in (("en", "Date the decision reached you"),
                            ("nl", "Datum waarop het besluit u bereikte")):
        page = main_text(PublicClient(language).get("/fjellby/klage/new/").content.decode())
        assert label in page


def test_a_misspelt_procedure_is_refused_by_the_command_naming_those_installed(db, capsys,
                                                                              monkeypatch):
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    assert main(["org", "create", "fjellby", "--name", "Fjellby kommune", "--language", "nb",
                 "--procedures", "fjellby/klagee"]) == 2
    assert capsys.readouterr().err == (
        "ombud: No procedure fjellby/klagee is installed. Installed for fjellby: "
        "fjellby/klage.\n")
    assert main(["org", "create", "fjellby", "--name", "Fjellby kommune", "--language", "nb",
                 "--procedures", "pp/complaint"]) == 2
    assert "belongs to another organization's bundle" in capsys.readouterr().err
    assert not Organization.objects.filter(slug="fjellby").exists()


def test_an_enabled_procedure_that_cannot_be_read_shows_a_clear_page_not_a_500(fjellby, client):
    EnabledProcedure.objects.create(organization=fjellby, procedure_id="fjellby/klacht")
    fjellby.email = "post@fjellby.example"
    fjellby.save()
    public = PublicClient("nb").get("/fjellby/klacht/new/")
    assert public.status_code == 503
    text = main_text(public.content.decode())
    assert "Skjemaet til Fjellby kommune kan ikke brukes akkurat nå" in text
    assert "post@fjellby.example" in text and "klacht" not in text  # no detail for the public
    client.force_login(Membership.objects.get(organization=fjellby).user)
    client.cookies["django_language"] = "nb"
    register = client.get("/fjellby/cases/register/")
    assert register.status_code == 503
    text = main_text(register.content.decode())
    # what is wrong, for the members, in their language (not the loader's English)
    assert "Ingen prosedyre «fjellby/klacht» er installert" in text
    assert "unknown procedure" not in text
    assert "Administratoren retter prosedyrefilen" in text
    EnabledProcedure.objects.filter(procedure_id="fjellby/klacht").delete()
    assert client.get("/fjellby/cases/register/").status_code == 200  # mended: no restart


def test_a_letter_in_the_bundle_replaces_ombud_s_from_the_next_case_on(db, tmp_path,
                                                                       monkeypatch, capsys):
    import shutil

    shutil.copytree(EXAMPLES / "fjellby", tmp_path / "fjellby")
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(tmp_path))
    assert main(["org", "create", "fjellby", "--name", "Fjellby kommune", "--language", "nb",
                 "--procedures", "fjellby/klage"]) == 0
    letters = tmp_path / "fjellby" / "letters"
    letters.mkdir(exist_ok=True)
    (letters / "receipt.nb.txt").write_text(
        "Klagen din er mottatt ({{ reference }})\n\nHei {{ name }},\n\nFjellby kommune har "
        "mottatt {{ case_type }}n din {{ received_on }}.\n", encoding="utf-8")
    case, _visitor = _file()
    receipt = OutboxMessage.objects.get(case=case, kind="receipt")
    assert receipt.subject == f"Klagen din er mottatt ({case.reference})"
    assert "Fjellby kommune har mottatt klagen din" in receipt.body


def test_a_new_person_whose_link_ran_out_asks_for_another_one_who_had_access_taken_does_not(
        fjellby):
    from django.utils import timezone as tz

    from ombud.orgs import passwords

    assert passwords.password_reset_mail_accounts(email="kari@fjellby.example") == 1
    kari = Membership.objects.get(organization=fjellby).user
    kari.last_login = tz.now()  # signed in once; then the operator took her password away
    kari.set_unusable_password()
    kari.save()
    assert passwords.password_reset_mail_accounts(email="kari@fjellby.example") == 0

"""The bundle machinery attacked from the operator's and the administrator's side (issue 13):
hostile words in a bundle's texts and procedure, letter templates that try to run code or read
the settings, names that reach outside a bundle or onto Ombud's own addresses, a bundle edited
(or half written) while the server runs, and one organization's broken bundle beside another's
working one. Each test is the attack; it fails where the attack succeeds."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from public_world import PublicClient, main_text
from test_waterdal_bezwaar import EXAMPLES, file_bezwaar, waterdal_live

from ombud.cases.models import Case
from ombud.cli import main
from ombud.orgs.models import Membership

SCRIPT = "<script>alert('bundle')</script>"
IMAGE = '<img src=x onerror="alert(1)">'


@pytest.fixture
def bundles(tmp_path) -> Path:
    """A copy of the example bundles the test may spoil."""
    shutil.copytree(EXAMPLES, tmp_path / "bundles")
    return tmp_path / "bundles"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _staff(client, organization) -> None:
    client.force_login(Membership.objects.get(organization=organization).user)
    client.cookies["django_language"] = "nl"


def test_html_in_a_bundle_s_words_is_shown_as_text_on_every_page(db, bundles, monkeypatch,
                                                                 client, capsys):
    waterdal = bundles / "waterdal"
    _edit(waterdal / "texts" / "nl.toml", 'decision_on = "Verzenddatum van het besluit"',
          f'decision_on = "{SCRIPT}"')
    _edit(waterdal / "texts" / "nl.toml", 'filing = "bezwaartermijn"', f"filing = '{IMAGE}'")
    _edit(waterdal / "bezwaar" / "2026-01-01.toml", 'nl = "omgevingsvergunning"',
          f'nl = "{SCRIPT}"')
    _edit(waterdal / "bezwaar" / "2026-01-01.toml", 'nl = "Bezwaar tegen een besluit van de '
          'gemeente Waterdal"', f'nl = "{SCRIPT}"')
    organization = waterdal_live(monkeypatch, bundles)
    capsys.readouterr()
    form = PublicClient("nl").get("/waterdal/bezwaar/new/").content.decode()
    assert "<script>alert" not in form and "&lt;script&gt;alert" in form
    case, _visitor = file_bezwaar(timezone.localdate() - timedelta(days=5))
    _staff(client, organization)
    for path in (f"/waterdal/cases/{case.reference}/", "/waterdal/cases/",
                 "/waterdal/cases/register/"):
        page = client.get(path).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page, path


# A letter template the operator did not mean: tags that would read files or the settings,
# or are simply broken. None may run, leak or take the step down with a 500.
HOSTILE_LETTERS = [
    '{% include "/etc/passwd" %}',
    '{% include "../../../ombud/settings.py" %}',
    "{% load log %}{% get_admin_log 10 as log %}{{ log }}",
    "{{ settings.SECRET_KEY }}{{ request.META }}{% debug %}",
    "{{ name.__class__.__init__.__globals__ }}",
    "{% if %}",
    '{% include "answer.nl.txt" %}',  # itself, for ever
]


@pytest.mark.parametrize("hostile", HOSTILE_LETTERS)
def test_a_letter_template_cannot_read_files_or_settings_nor_break_the_step(
        db, bundles, monkeypatch, client, capsys, hostile):
    from django.conf import settings

    _edit(bundles / "waterdal" / "letters" / "answer.nl.txt", "{{ letter }}", hostile)
    organization = waterdal_live(monkeypatch, bundles)
    capsys.readouterr()
    case, _visitor = file_bezwaar(timezone.localdate() - timedelta(days=5))
    _staff(client, organization)
    response = client.post(f"/waterdal/cases/{case.reference}/steps/answered/", {
        "answered-on": timezone.localdate().isoformat(), "answered-outcome": "not_upheld",
        "answered-hearing_skipped": "manifestly_unfounded", "answered-reasons": "Geen gronden.",
        "answered-letter": "Heroverwogen."})
    assert response.status_code in (302, 400)
    page = main_text(response.content.decode()) if response.status_code == 400 else ""
    from ombud.mail.models import OutboxMessage

    for message in OutboxMessage.objects.filter(case=case):
        assert "root:" not in message.body and settings.SECRET_KEY not in message.body
        assert "SECRET_KEY" not in message.body and "<class" not in message.body
        assert "sys.modules" not in message.body and "ombud.settings" not in message.body
    if response.status_code == 400:  # refused: said so, and nothing recorded
        assert "De brief bij deze stap kan niet worden opgesteld" in page
        assert "letters/answer.nl.txt" in page
        assert not Case.objects.get(pk=case.pk).events.filter(type="answered").exists()


@pytest.mark.parametrize("slug", ["track", "admin", "login", "healthz", "static", "password",
                                  "metrics", "i18n"])
def test_an_organization_cannot_take_the_name_of_ombud_s_own_pages(db, bundles, monkeypatch,
                                                                   capsys, slug):
    """An organization ``track`` would find /track/cases/ answered as a private link, and
    ``admin`` its queue inside Django's admin: refused, even with a bundle of that name."""
    shutil.copytree(bundles / "waterdal", bundles / slug)
    for path in (bundles / slug).rglob("*.toml"):
        path.write_text(path.read_text(encoding="utf-8").replace("waterdal/bezwaar",
                                                                 f"{slug}/bezwaar"),
                        encoding="utf-8")
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(bundles))
    assert main(["org", "create", slug, "--name", "Gemeente Waterdal", "--language", "nl",
                 "--procedures", f"{slug}/bezwaar"]) == 2
    assert capsys.readouterr().err == (f"ombud: The short name {slug} is taken by Ombud's own "
                                       f"pages (/{slug}/): choose another.\n")
    from ombud.orgs.models import Organization

    assert not Organization.objects.filter(slug=slug).exists()


@pytest.mark.parametrize("slug", ["track", "Waterdal", "water_dal", "wäterdal", "a" * 21])
def test_the_admin_refuses_a_short_name_the_command_refuses(db, client, slug):
    from django.contrib.auth import get_user_model

    from ombud.orgs.models import Organization

    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(root)

    def add(short_name: str):
        return client.post("/admin/orgs/organization/add/", {
            "slug": short_name, "name": "Gemeente Waterdal", "language": "nl",
            "calendar": "NL-Atw", "reference_prefix": short_name[:8].upper(),
            **{f"{inline}-{count}_FORMS": 0 for inline in ("procedures", "bodies", "memberships")
               for count in ("TOTAL", "INITIAL")}})

    response = add(slug)
    assert response.status_code == 200  # the form again, with the message
    assert not Organization.objects.filter(slug=slug).exists()
    assert add("waterdal").status_code == 302  # the same form with a fine name is taken
    assert Organization.objects.filter(slug="waterdal").exists()


# A file of the bundle caught half written (an editor saving, a copy under way), while the
# server runs: never a 500, and Fjellby beside it goes on as if nothing happened.
HALF_WRITTEN = [
    ("bezwaar/2026-01-01.toml", lambda text: text[: len(text) // 2]),
    ("rules.md", lambda text: text[: len(text) // 3]),
    ("texts/nl.toml", lambda text: text[: len(text) // 2]),
    ("bezwaar/2026-01-01.toml", lambda text: ""),
    ("coverage.toml", lambda text: "[engine\n"),
]


@pytest.mark.parametrize(("name", "cut"), HALF_WRITTEN)
def test_a_bundle_half_written_while_the_server_runs_is_no_500_and_takes_no_one_else_down(
        db, bundles, monkeypatch, client, capsys, name, cut):
    waterdal = waterdal_live(monkeypatch, bundles)
    assert main(["org", "create", "fjellby", "--name", "Fjellby kommune", "--language", "nb",
                 "--procedures", "fjellby/klage"]) == 0
    assert main(["user", "create", "kari", "--org", "fjellby", "--role", "handler",
                 "--email", "kari@fjellby.example"]) == 0
    capsys.readouterr()
    case, _visitor = file_bezwaar(timezone.localdate() - timedelta(days=5))
    path = bundles / "waterdal" / name
    path.write_text(cut(path.read_text(encoding="utf-8")), encoding="utf-8")
    public = PublicClient("nl").get("/waterdal/bezwaar/new/")
    assert public.status_code in (200, 503)
    _staff(client, waterdal)
    for page in ("/waterdal/cases/", f"/waterdal/cases/{case.reference}/",
                 "/waterdal/cases/register/"):
        assert client.get(page).status_code in (200, 503), page
    fjellby = PublicClient("nb").get("/fjellby/klage/new/")
    assert fjellby.status_code == 200 and "Datoen vedtaket kom fram til deg" in \
        fjellby.content.decode()
    client.force_login(Membership.objects.get(organization__slug="fjellby").user)
    assert client.get("/fjellby/cases/").status_code == 200
    assert client.get("/fjellby/cases/register/").status_code == 200


def test_a_procedure_of_another_organization_s_bundle_cannot_be_enabled(db, monkeypatch, capsys,
                                                                        client):
    """Waterdal's administrator may not give Waterdal Fjellby's klage: its rules, texts and
    letters are Fjellby's (procedure_problem), in the command and the admin alike."""
    waterdal = waterdal_live(monkeypatch)
    capsys.readouterr()
    assert main(["org", "create", "waterdal2", "--name", "Waterdal", "--language", "nl",
                 "--procedures", "fjellby/klage"]) == 2
    assert "fjellby/klage belongs to another organization's bundle" in capsys.readouterr().err
    from django.contrib.auth import get_user_model

    from ombud.orgs.models import EnabledProcedure, Organization

    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(root)
    client.cookies["django_language"] = "en"
    inlines = {f"{inline}-{count}_FORMS": 0 for inline in ("bodies", "memberships")
               for count in ("TOTAL", "INITIAL")}
    fjellby_s = {"procedures-TOTAL_FORMS": 1, "procedures-INITIAL_FORMS": 0,
                 "procedures-0-procedure_id": "fjellby/klage", **inlines}
    added = client.post("/admin/orgs/organization/add/", {
        "slug": "waterdal2", "name": "Waterdal", "language": "nl", "calendar": "NL-Atw",
        "reference_prefix": "WD2", **fjellby_s})
    assert "belongs to another organization" in added.content.decode()
    assert not Organization.objects.filter(slug="waterdal2").exists()
    changed = client.post(f"/admin/orgs/organization/{waterdal.pk}/change/", {
        "slug": "waterdal", "name": "Gemeente Waterdal", "language": "nl",
        "calendar": "NL-Atw", "reference_prefix": waterdal.reference_prefix, **fjellby_s})
    assert "belongs to another organization" in changed.content.decode()
    assert not EnabledProcedure.objects.filter(procedure_id="fjellby/klage").exists()


@pytest.mark.parametrize("procedure_id", ["waterdal/../fjellby/klage", "../waterdal/bezwaar",
                                          "waterdal/bezwaar/../../fjellby/klage",
                                          "waterdal/letters", "waterdal/texts", "/etc/passwd"])
def test_a_procedure_name_cannot_reach_outside_its_bundle(db, monkeypatch, capsys,
                                                         procedure_id):
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    assert main(["org", "create", "waterdal", "--name", "Gemeente Waterdal", "--language", "nl",
                 "--procedures", procedure_id]) == 2
    assert "is installed" in capsys.readouterr().err


@pytest.mark.parametrize("path", ["/waterdal/..%2Ffjellby%2Fklage/new/",
                                  "/waterdal/bezwaar%2F..%2F..%2Ffjellby/new/",
                                  "/waterdal/letters/new/", "/waterdal/texts/new/"])
def test_a_public_address_cannot_reach_outside_the_bundle(db, monkeypatch, capsys, path):
    waterdal_live(monkeypatch)
    assert PublicClient("nl").get(path).status_code == 404


def test_validate_all_names_a_letter_template_that_cannot_be_used(bundles, monkeypatch,
                                                                  capsys):
    """The operator hears of a broken letter from ``validate --all``, before a step would."""
    letters = bundles / "waterdal" / "letters"
    _edit(letters / "answer.nl.txt", "{{ letter }}", "{% if %}")
    (letters / "decline.nl.txt").write_text('{% include "/etc/passwd" %}', encoding="utf-8")
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(bundles))
    assert main(["procedure", "validate", "--all"]) == 1
    err = capsys.readouterr().err
    assert f"{letters / 'answer.nl.txt'}: Unexpected end of expression in if tag." in err
    assert f"{letters / 'decline.nl.txt'}: no template /etc/passwd" in err
    assert "root:" not in err

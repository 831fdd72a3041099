"""Declared events, terms and the TOML of a bundle attacked by the administrator who writes it
(issue 13, the second round after test_attack_bundles): a step's key that passes the check with
a line break at its end, a term that runs past the year 9999, and a file made to keep Python's
TOML reader busy for minutes or to break out of its errors. Each is refused at ``validate``
with the file and the key, never a 500 or a page that hangs at runtime."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from public_world import PublicClient
from test_attack_bundles import _staff, bundles  # noqa: F401 (a fixture)
from test_waterdal_bezwaar import EXAMPLES, file_bezwaar, waterdal_live

from ombud.cli import main
from ombud.domain.bundles import catalogue_for
from ombud.domain.procedure_schema import parse_procedure
from ombud.domain.toml_table import ProcedureError
from ombud.orgs.models import Membership

WATERDAL = EXAMPLES / "waterdal"
BEZWAAR = (WATERDAL / "bezwaar" / "2026-01-01.toml").read_text(encoding="utf-8")
REFERRAL = 'key = "advice_requested"'
ADVICE_TERM = 'from = "event:advice_requested"\namount = 4\nunit = "weeks"'


def parsed(text: str):
    return parse_procedure(text, "waterdal/bezwaar/2026-01-01.toml", catalogue_for(WATERDAL))


def edited(*changes: tuple[str, str]) -> str:
    text = BEZWAAR
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(("old", "new"), [
    (REFERRAL, 'key = "note\\n"'),  # Ombud's own history entry, with a line break after it
    (REFERRAL, 'key = "answered\\n"'),
    (REFERRAL, f'key = "{"a" * 30}\\n"'),  # 31 characters: more than the history's column
    ('deadline_keys = ["advice"]', 'deadline_keys = ["answer\\n"]'),  # Ombud's decision term
])
def test_awb_7_13_a_declared_key_with_a_line_break_at_its_end_is_refused(old, new):
    """``$`` in a pattern also matches before a final line break: "note\\n" passed as a key
    of its own, neither Ombud's nor 30 characters long."""
    with pytest.raises(ProcedureError, match=r"is not a (new )?key"):
        parsed(edited((old, new)))


@pytest.mark.parametrize(("amount", "unit", "why"), [
    (10_000, "weeks", "at most 1000"),
    (120_000, "months", "at most 1000"),
    (1000, "months", "further than fifty years"),  # 1000 months: past the year 2100
])
def test_wd_04_a_term_that_runs_past_any_calendar_is_refused_at_validate(amount, unit, why):
    """Accepted before, the committee's term of 10,000 years counted to the year 12026 and the
    engine stopped with a ValueError on every page and timeline of the procedure."""
    with pytest.raises(ProcedureError, match=why):
        parsed(edited((ADVICE_TERM, f'from = "event:advice_requested"\namount = {amount}\n'
                                    f'unit = "{unit}"')))


def test_wd_04_a_chain_of_terms_that_together_run_too_far_is_refused():
    """Each term alone is short enough; one starting where the other ends reaches too far."""
    chained = edited(
        ('deadline_keys = ["advice"]', 'deadline_keys = ["advice", "later"]'),
        (ADVICE_TERM, 'from = "event:advice_requested"\namount = 500\nunit = "months"'))
    chained += ('\n[[deadline]]\nkey = "later"\nrule = "WD-04"\nfrom = "deadline:advice"\n'
                'amount = 500\nunit = "months"\nmet_by = ["advice_issued"]\n')
    with pytest.raises(ProcedureError, match=r"deadline\.later: reaches further"):
        parsed(chained)
    assert parsed(edited((ADVICE_TERM, ADVICE_TERM.replace("= 4", "= 0")))).deadlines


BOMBS = [
    ("bezwaar/2026-01-01.toml", "\nbomb = " + "[" * 600 + "]" * 600 + "\n",
     "nested too deeply"),
    ("texts/nl.toml", "\n[bomb]\nbomb = " + "{a=" * 600 + "1" + "}" * 600 + "\n",
     "nested too deeply"),
    ("texts/en.toml", "\n" + ".".join(["a"] * 20_000) + " = 1\n", "dotted parts"),
    ("bezwaar/2026-01-01.toml", "\n" + "# padding\n" * 60_000, "larger than"),
]


@pytest.mark.parametrize(("name", "tail", "why"), BOMBS)
def test_a_toml_bomb_in_a_bundle_is_refused_at_once_and_takes_no_page_down(
        db, bundles, monkeypatch, client, capsys, name, tail, why):  # noqa: F811
    """Nested 600 deep, Python's TOML reader raised RecursionError, which no one caught: a
    500 on the organization's pages. A key of 20,000 dotted parts took it twelve seconds, on
    every page, as a broken file was read again on every lookup."""
    waterdal = waterdal_live(monkeypatch, bundles)
    assert main(["org", "create", "fjellby", "--name", "Fjellby kommune", "--language", "nb",
                 "--procedures", "fjellby/klage"]) == 0
    assert main(["user", "create", "kari", "--org", "fjellby", "--role", "handler",
                 "--email", "kari@fjellby.example"]) == 0
    case, _visitor = file_bezwaar(timezone.localdate() - timedelta(days=5))
    path = bundles / "waterdal" / name
    path.write_text(path.read_text(encoding="utf-8") + tail, encoding="utf-8")
    capsys.readouterr()
    started = time.monotonic()
    assert main(["procedure", "validate", "--all"]) == 1
    said = capsys.readouterr()
    assert why in said.out + said.err
    _staff(client, waterdal)
    for page in ("/waterdal/cases/", f"/waterdal/cases/{case.reference}/",
                 "/waterdal/cases/register/"):
        assert client.get(page).status_code in (200, 503), page
    assert PublicClient("nl").get("/waterdal/bezwaar/new/").status_code in (200, 503)
    client.force_login(Membership.objects.get(organization__slug="fjellby").user)
    assert client.get("/fjellby/cases/").status_code == 200
    assert time.monotonic() - started < 10


def test_validate_all_and_simulate_keep_exit_2_for_an_undeclared_step(capsys, monkeypatch,
                                                                     tmp_path: Path):
    """SIMULATE.md: a timeline naming a step its procedure does not declare is exit 2."""
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    timeline = tmp_path / "t.json"
    timeline.write_text('{"procedure": "waterdal/bezwaar", "as_of": "2026-05-01", "events": ['
                        '{"on": "2026-03-02", "type": "received", "channel": "letter", '
                        '"decision_on": "2026-02-20"}, {"on": "2026-04-16", "type": '
                        '"advice_requested\\n"}]}', encoding="utf-8")
    assert main(["procedure", "simulate", str(timeline)]) == 2
    assert "unknown event type" in capsys.readouterr().err
    assert date(2026, 3, 2)  # the timeline's days are real days


def test_a_letter_linked_to_a_file_outside_the_bundle_is_never_read_nor_mailed(
        db, bundles, monkeypatch, capsys, tmp_path):  # noqa: F811
    """Django's template loader refuses ``../`` but follows a symbolic link: the receipt linked
    to the server's secrets was set as the letter and mailed to whoever filed a bezwaar."""
    from ombud.cases.models import Document
    from ombud.mail.models import OutboxMessage

    secret = tmp_path / "env"
    secret.write_text("Ontvangstbevestiging\n\nSECRET_KEY=do-not-mail-me\n", encoding="utf-8")
    receipt = bundles / "waterdal" / "letters" / "receipt.nl.txt"
    receipt.unlink()
    receipt.symlink_to(secret)
    waterdal_live(monkeypatch, bundles)
    capsys.readouterr()
    assert main(["procedure", "validate", "--all"]) == 1
    assert f"{receipt}: links outside the letters folder" in capsys.readouterr().err
    case, _visitor = file_bezwaar(timezone.localdate() - timedelta(days=5))
    mails = " ".join(message.body for message in OutboxMessage.objects.all())
    assert mails and "do-not-mail-me" not in mails
    for document in Document.objects.filter(case=case):
        with document.file.open("rb") as stream:
            assert b"do-not-mail-me" not in stream.read()


def test_awb_7_13_a_body_kind_that_is_no_key_of_the_bundle_s_own_is_never_offered(
        db, bundles, monkeypatch, capsys, client):  # noqa: F811
    """``validate`` named them, but the administration offered them: a key of 40 characters
    (the body's column holds 30: saving it was a 500 on PostgreSQL), "board\\n" beside Ombud's
    board, a key with a space. A kind removed from the texts while a body has it is shown by
    its key, and the body's page still opens."""
    from ombud.orgs.body_kinds import kind_choices, kind_label
    from ombud.orgs.models import Body

    for language in ("nb", "nl", "en"):
        texts = bundles / "waterdal" / "texts" / f"{language}.toml"
        text = texts.read_text(encoding="utf-8")
        texts.write_text(text.replace("[body_kinds]\n", f'[body_kinds]\n{"k" * 40} = "lang"\n'
                                      '"board\\n" = "<b>bestuur</b>"\n"two words" = "x"\n'),
                         encoding="utf-8")
    waterdal = waterdal_live(monkeypatch, bundles)
    capsys.readouterr()
    kinds = dict(kind_choices("waterdal"))
    assert "objections_committee" in kinds
    assert not [key for key in kinds if len(key) > 30 or not key.isidentifier()]
    body = Body.objects.create(organization=waterdal, kind="objections_committee", name="C")
    for language in ("nb", "nl", "en"):
        texts = bundles / "waterdal" / "texts" / f"{language}.toml"
        text = texts.read_text(encoding="utf-8")
        texts.write_text("\n".join(line for line in text.splitlines()
                                   if not line.startswith("objections_committee")) + "\n",
                         encoding="utf-8")
    assert kind_label("waterdal", body.kind) == "objections_committee"
    assert main(["user", "create", "beheer", "--org", "waterdal", "--role", "admin",
                 "--email", "beheer@waterdal.example"]) == 0
    client.force_login(Membership.objects.get(organization=waterdal, role="admin").user)
    for page in ("/admin/orgs/body/", f"/admin/orgs/body/{body.pk}/change/"):
        response = client.get(page)
        assert response.status_code == 200, page
        assert "<b>bestuur</b>" not in response.content.decode()


@pytest.mark.parametrize("name", ["Gemeente Waterdal\r\nBcc: iedereen@example.org",
                                  "Gemeente \u202eladretaW", "Gemeente\x1b[2J Waterdal",
                                  "Gemeente\tWaterdal"])
def test_an_organization_s_name_is_one_line_of_printable_text(db, monkeypatch, capsys, client,
                                                              name):
    """The name heads every letter and page and is the sender of every mail: a line break,
    an escape sequence or the mark that turns the text around (U+202E) was taken as it was,
    by the command and in the administration."""
    from ombud.orgs.models import Organization

    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    assert main(["org", "create", "waterdal", "--name", name, "--language", "nl",
                 "--procedures", "waterdal/bezwaar"]) == 2
    assert "on one line, without control characters" in capsys.readouterr().err
    assert not Organization.objects.exists()
    waterdal = waterdal_live(monkeypatch)
    assert main(["user", "create", "beheer", "--org", "waterdal", "--role", "admin",
                 "--email", "beheer@waterdal.example"]) == 0
    client.force_login(Membership.objects.get(organization=waterdal, role="admin").user)
    client.cookies["django_language"] = "en"
    page = f"/admin/orgs/organization/{waterdal.pk}/change/"
    form = client.get(page).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update({"name": name, "calendar": waterdal.calendar})
    for prefix in ("procedures", "bodies", "memberships"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(page, data)
    assert "on one line, without control characters" in response.content.decode()
    waterdal.refresh_from_db()
    assert waterdal.name == "Gemeente Waterdal"


@pytest.mark.parametrize("name", ["texts/nl.toml", "rules.md", "bezwaar/2026-01-01.toml"])
def test_a_bundle_file_linked_to_another_organization_s_is_not_read(
        bundles, monkeypatch, capsys, name):  # noqa: F811
    """A texts file, catalogue or procedure linked to Fjellby's (or to any file of the
    server): read as Waterdal's before, its words shown on Waterdal's pages."""
    from ombud.domain.texts import word

    target = {"texts/nl.toml": "texts/nb.toml", "rules.md": "rules.md",
              "bezwaar/2026-01-01.toml": "klage/2025-01-01.toml"}[name]
    linked = bundles / "waterdal" / name
    linked.unlink()
    linked.symlink_to(bundles / "fjellby" / target)
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(bundles))
    assert main(["procedure", "validate", "--all"]) == 1
    assert "links outside the bundle's folder" in capsys.readouterr().err
    assert word("waterdal/bezwaar", "nl", "form", "decision_on") != "Datoen vedtaket kom " \
                                                                     "fram til deg"

"""Procedure bundles outside the package (OMBUD_PROCEDURE_DIRS): read by validate, explain,
simulate and coverage from the same places as the bundled five, picked up when they change, and
refused with one clear line when broken."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from ombud.cli import main
from ombud.domain.loader import ProcedureError, bundle_problems, find_procedure

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"
FJELLBY = EXAMPLES / "fjellby"
KLAGE = "klage/2025-01-01.toml"


@pytest.fixture
def bundles(tmp_path, monkeypatch) -> Path:
    """A folder of bundles holding a copy of the Fjellby example, named by the setting."""
    root = tmp_path / "bundles"
    shutil.copytree(FJELLBY, root / "fjellby")
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", f"{tmp_path / 'nothing-here-yet'}:{root}")
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stat = path.stat()  # a later time, even where the clock's step is coarse
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_validate_all_reads_the_package_and_the_setting_s_folders(bundles, capsys):
    assert main(["procedure", "validate", "--all"]) == 1  # the folder named first is missing
    captured = capsys.readouterr()
    assert "ok  fjellby/klage 2025-01-01" in captured.out
    assert "ok  dnv/objection" in captured.out
    assert "nothing-here-yet: named in OMBUD_PROCEDURE_DIRS, but is not a folder" in captured.err
    (bundles.parent / "nothing-here-yet").mkdir()
    assert main(["procedure", "validate", "--all"]) == 0


def test_explain_and_simulate_read_a_bundle_of_the_setting(bundles, capsys):
    assert main(["procedure", "explain", "fjellby/klage", "--lang", "nb"]) == 0
    assert "Klage på vedtak fra Fjellby kommune" in capsys.readouterr().out
    timeline = bundles / "t.json"
    timeline.write_text(json.dumps({
        "procedure": "fjellby/klage", "as_of": "2026-06-01",
        "events": [{"on": "2026-05-20", "type": "received", "channel": "web",
                    "decision_on": "2026-05-04", "about": "social"}]}), encoding="utf-8")
    assert main(["procedure", "simulate", str(timeline)]) == 0
    out = json.loads(capsys.readouterr().out)
    # Wed 20 May: the klage's period Tue 26 May (Mon 25 May 2. pinsedag, FJ-01); the
    # municipality's own targets as they fall: a month is Sat 20 Jun, six weeks Wed 1 Jul
    assert [(d["key"], d["due"]) for d in out["deadlines"]] == [
        ("filing", "2026-05-26"), ("acknowledge", "2026-06-20"), ("forwarding", "2026-07-01")]


def test_an_edited_bundle_counts_from_the_next_lookup_without_a_restart(bundles):
    assert find_procedure("fjellby/klage").deadlines[0].amount == 3
    _edit(bundles / "fjellby" / KLAGE, "amount = 3\n", "amount = 4\n")
    assert find_procedure("fjellby/klage").deadlines[0].amount == 4
    newer = (bundles / "fjellby" / KLAGE).read_text(encoding="utf-8").replace(
        '"2025-01-01"', '"2026-01-01"')
    (bundles / "fjellby" / "klage" / "2026-01-01.toml").write_text(newer, encoding="utf-8")
    assert find_procedure("fjellby/klage").version == "2026-01-01"
    assert find_procedure("fjellby/klage", on=find_procedure(
        "fjellby/klage", version="2025-01-01").valid_from).version == "2025-01-01"


def test_a_page_looks_at_the_bundle_once_and_the_next_page_sees_the_edit(bundles,
                                                                         monkeypatch):
    """Within ``files_checked_once`` (one staff page) the files are looked at once, however
    often the page asks; an edit made meanwhile counts from the next page on."""
    from ombud.domain import checked_once, loader

    looked = []
    real = loader._versions
    monkeypatch.setattr(loader, "_versions", lambda *args: looked.append(args) or real(*args))
    with checked_once.files_checked_once():
        assert find_procedure("fjellby/klage").deadlines[0].amount == 3
        _edit(bundles / "fjellby" / KLAGE, "amount = 3\n", "amount = 4\n")
        assert find_procedure("fjellby/klage").deadlines[0].amount == 3
        assert "fjellby/klage" in loader.installed_procedure_ids()
        assert "fjellby/klage" in loader.installed_procedure_ids()
    assert len(looked) == 1
    assert find_procedure("fjellby/klage").deadlines[0].amount == 4


def test_a_rule_id_may_be_any_token_without_spaces(bundles):
    rules = bundles / "fjellby" / "rules.md"
    _edit(rules, "| FVL-6-1 |", "| AWB-7:10 | Beslissen binnen zes weken. |\n| FVL-6-1 |")
    _edit(bundles / "fjellby" / KLAGE, 'rule = "FVL-6-1"', 'rule = "AWB-7:10"')
    assert find_procedure("fjellby/klage").impartiality.rule == "AWB-7:10"


def test_a_rule_the_bundle_s_catalogue_lacks_is_named_with_its_file(bundles):
    _edit(bundles / "fjellby" / KLAGE, 'rule = "FVL-6-1"', 'rule = "FVL-6-9"')
    with pytest.raises(ProcedureError, match=r"impartiality.rule: rule 'FVL-6-9' is not in "):
        find_procedure("fjellby/klage")
    assert any("FVL-6-9" in problem for problem in bundle_problems())


def test_a_bundle_may_not_redefine_ombud_s_own_rules(bundles):
    _edit(bundles / "fjellby" / "rules.md", "| FVL-6-1 |", "| X-01 | Ours. |\n| FVL-6-1 |")
    with pytest.raises(ProcedureError, match="X-01 are Ombud's own rules"):
        find_procedure("fjellby/klage")


def test_a_bundle_without_rules_md_is_refused_with_its_name(bundles):
    (bundles / "fjellby" / "rules.md").unlink()
    with pytest.raises(ProcedureError, match=r"rules.md: cannot be read"):
        find_procedure("fjellby/klage")


def test_the_package_s_bundle_wins_over_one_of_the_same_organization(bundles, capsys):
    shutil.copytree(bundles / "fjellby", bundles / "pp")
    (bundles.parent / "nothing-here-yet").mkdir()
    assert find_procedure("pp/complaint").source.startswith("Rutinebeskrivelse")
    assert main(["procedure", "validate", "--all"]) == 1
    assert f"{bundles / 'pp'}: hidden by the bundle of the same organization found first" \
        in capsys.readouterr().err


def test_simulate_on_a_broken_bundle_is_one_line_and_exit_2(bundles, capsys):
    _edit(bundles / "fjellby" / KLAGE, "amount = 3\n", "amount = -3\n")
    timeline = bundles / "t.json"
    timeline.write_text(json.dumps({
        "procedure": "fjellby/klage", "as_of": "2026-06-01",
        "events": [{"on": "2026-05-20", "type": "received", "channel": "web",
                    "decision_on": "2026-05-04"}]}), encoding="utf-8")
    assert main(["procedure", "simulate", str(timeline)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "deadline[0].amount: must be at least 0" in err


def test_coverage_is_per_bundle_and_says_what_is_not_supported(bundles, capsys):
    (bundles.parent / "nothing-here-yet").mkdir()
    assert main(["procedure", "coverage", "--bundle", "fjellby"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("== fjellby: the rules of fjellby/rules.md\n")
    assert "FVL-28-2   not supported the appeal body is one per procedure" in out
    assert "FVL-30-1   engine        fjellby/klage: deadline filing met by the posting date" in out
    assert " 0 NOT COVERED" in out
    assert main(["procedure", "coverage", "--check"]) == 0  # its claims agree with these tests
    assert main(["procedure", "coverage", "--bundle", "nobody"]) == 2


def test_the_bundle_s_texts_name_its_deadlines_and_a_broken_texts_file_is_named(bundles,
                                                                                 capsys):
    (bundles.parent / "nothing-here-yet").mkdir()
    assert main(["procedure", "explain", "fjellby/klage", "--lang", "nb"]) == 0
    out = capsys.readouterr().out
    assert "klagefrist" in out.lower() and "vedtaket kom fram til parten" in out
    assert "Klageinstans: Statsforvalteren (FVL-2-3)" in out and "anke" not in out.lower()
    assert "flyttes til neste virkedag når den faller på en helg eller helligdag (FJ-01)" in out
    assert "julaften og nyttårsaften, slik domstolloven §§ 148-149 regner dem" in out
    assert "X-04" not in out
    (bundles / "fjellby" / "texts" / "nb.toml").write_text("[forms]\nx = 'y'\n", "utf-8")
    assert main(["procedure", "validate", "--all"]) == 1
    assert "nb.toml: [forms] is not one of case_types, form, starts, deadlines" in \
        capsys.readouterr().err
    assert main(["procedure", "explain", "fjellby/klage", "--lang", "nb"]) == 0  # defaults
    assert "vedtaket kom fram" not in capsys.readouterr().out


def test_a_deadline_key_the_procedure_declares_counts_and_is_named_by_its_texts(bundles):
    klage = bundles / "fjellby" / KLAGE
    _edit(klage, 'steps = [', 'deadline_keys = ["answer_first_instance"]\nsteps = [')
    klage.write_text(klage.read_text(encoding="utf-8") + (
        '\n[[deadline]]\nkey = "answer_first_instance"\nrule = "FVL-11a-1"\nfrom = "received"\n'
        'amount = 6\nunit = "weeks"\nmet_by = ["answered"]\n'), encoding="utf-8")
    texts = bundles / "fjellby" / "texts" / "nb.toml"
    texts.write_text(texts.read_text(encoding="utf-8").replace(
        "[deadlines]\n", '[deadlines]\nanswer_first_instance = "underinstansens svar"\n'),
        encoding="utf-8")
    procedure = find_procedure("fjellby/klage")
    assert procedure.deadline("answer_first_instance").amount == 6
    from ombud.domain.texts import deadline_name

    assert deadline_name("fjellby/klage", "answer_first_instance", "nb") == \
        "underinstansens svar"
    assert deadline_name("fjellby/klage", "answer_first_instance", "en") == \
        "answer_first_instance"  # no English text: its key, never an error
    _edit(klage, '"answer_first_instance"]', '"answer"]')
    with pytest.raises(ProcedureError, match="deadline_keys: 'answer' is not a new key"):
        find_procedure("fjellby/klage")


@pytest.mark.parametrize(("edit", "message"), [
    ('event_types = [{ key = "site_visit" }]\nsteps = [',
     "event_types: declare each event of your own as an [[event]] table"),
    ('body_kinds = ["klagenemnd"]\nsteps = [',
     "body_kinds: body kinds are the organization's, not one case type's: name them in the "
     "bundle's texts, [body_kinds]"),
    ('steps = ["site_visit", ',
     "steps: 'site_visit' is neither one of Ombud's event types nor an [[event]] of the file"),
])
def test_event_types_and_body_kinds_are_refused_by_name_with_the_reason(bundles, capsys,
                                                                        edit, message):
    """Issue 13, item 2: an event of the bundle's own is an [[event]] table, a body kind a
    word of its texts; the old keys and an undeclared step are refused with where to go,
    instead of "unknown key"."""
    (bundles.parent / "nothing-here-yet").mkdir()
    _edit(bundles / "fjellby" / KLAGE, "steps = [", edit)
    assert main(["procedure", "validate", "--all"]) == 1
    err = capsys.readouterr().err
    assert message in err and "docs/authoring.md, Declared events" in err


def test_the_bundle_s_texts_name_the_parties_a_case_type_s_own_word_first(bundles):
    from ombud.domain.texts import party_word

    texts = bundles / "fjellby" / "texts" / "nb.toml"
    assert party_word("fjellby/klage", "complainant", "nb") is None  # Ombud's word stands
    _edit(texts, "[deadlines]\n", '[parties]\ncomplainant = "part"\n\n[deadlines]\n')
    assert party_word("fjellby/klage", "complainant", "nb") == "part"
    assert party_word("fjellby/klage", "subject", "nb") is None
    _edit(texts, "[case_types.klage]\n", '[case_types.klage]\ncomplainant = "klager"\n')
    assert party_word("fjellby/klage", "complainant", "nb") == "klager"
    assert party_word("fjellby/annet", "complainant", "nb") == "part"

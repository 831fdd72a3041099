"""Issue 13, point 2: every label of the public form may come from the bundle's texts. At a
university "emne" is a course, so Universitetet i Nordvik (examples/bundles/nordvik) asks what
the klage is about in its own words ([form] title); where a bundle says nothing, Ombud's label
stands."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from ombud.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"


@pytest.fixture
def nordvik(db, monkeypatch, capsys):
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    assert main(["org", "create", "nordvik", "--name", "Universitetet i Nordvik",
                 "--language", "nb", "--procedures", "nordvik/klage"]) == 0
    capsys.readouterr()


def _form(language: str, path: str = "/nordvik/klage/new/") -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_fvl_32_1_the_form_asks_what_the_klage_is_about_in_the_bundle_s_words(nordvik):
    page = _form("nb")
    assert "Hva gjelder klagen, med noen få ord?" in page
    assert "Emne, med noen få ord" not in page
    assert "What your klage is about, in a few words" in _form("en")


def test_fvl_32_1_without_the_bundle_s_word_ombud_s_label_stands(nordvik):
    page = _form("nl")  # Nordvik's texts have no Dutch file
    assert "Hva gjelder klagen" not in page and "What your klage" not in page


def test_dnv_k_05_an_optional_date_is_labelled_in_the_bundle_s_words_when_it_gives_them(
        db, monkeypatch):
    """DNV's complaint asks the exam's day only for a complaint about an exam (DNV-K-05): Ombud
    says so in its own words, and a bundle whose optional date means something else says it in
    its own ([form] <date>_optional)."""
    from ombud.domain.loader import find_procedure
    from ombud.public import forms as public_forms

    procedure = find_procedure("dnv/complaint")
    assert "exam_on" not in procedure.intake.requires
    def exam_day_label() -> str:
        with translation.override("en"):
            form = public_forms.PublicForm(procedure=procedure, organization_name="DNV")
            return str(form.fields["exam_on"].label)

    label = exam_day_label()
    assert label.endswith("(only for a complaint about an exam)")
    own = {"exam_on_optional": "Day of the course (if the complaint is about one)"}
    monkeypatch.setattr(public_forms, "word",
                        lambda procedure_id, lang, section, key: own.get(key))
    # The fields are built once per texts file: new words come with a new file, here with none.
    monkeypatch.setattr(public_forms, "_BUILT", {})
    assert exam_day_label() == own["exam_on_optional"]


def test_fvl_32_1_an_edited_texts_file_and_a_renamed_organization_reach_the_next_form(
        db, tmp_path, monkeypatch):
    """The form's fields are built once and kept (issue 15, item 4): an edit of the bundle's
    texts, or the organization's new name, is on the next form all the same, without a
    restart; and one form's changes to its fields are not the next one's."""
    import os
    import shutil

    from ombud.domain.loader import find_procedure
    from ombud.public.forms import PublicForm

    root = tmp_path / "bundles"
    shutil.copytree(EXAMPLES / "nordvik", root / "nordvik")
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(root))
    procedure = find_procedure("nordvik/klage")

    def form(name: str = "Universitetet i Nordvik") -> PublicForm:
        with translation.override("nb"):
            return PublicForm(procedure=procedure, organization_name=name)

    assert str(form().fields["title"].label) == "Hva gjelder klagen, med noen få ord?"
    texts = root / "nordvik" / "texts" / "nb.toml"
    texts.write_text(texts.read_text(encoding="utf-8").replace(
        "Hva gjelder klagen, med noen få ord?", "Klagen gjelder, kort sagt"), encoding="utf-8")
    later = texts.stat().st_mtime_ns + 1_000_000_000  # where the clock's step is coarse
    os.utime(texts, ns=(later, later))
    first = form()
    assert str(first.fields["title"].label) == "Klagen gjelder, kort sagt"
    assert "Nordvik universitet" in str(form("Nordvik universitet").fields["consent"].label)

    first.fields["title"].widget.attrs["autofocus"] = True
    first.fields["title"].error_messages["required"] = "changed"
    second = form()
    assert "autofocus" not in second.fields["title"].widget.attrs
    assert second.fields["title"].error_messages["required"] != "changed"

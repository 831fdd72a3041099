"""Issue 13, point 2: every label of the public form may come from the bundle's texts. At a
university "emne" is a course, so Universitetet i Nordvik (examples/bundles/nordvik) asks what
the klage is about in its own words ([form] title); where a bundle says nothing, Ombud's label
stands."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

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

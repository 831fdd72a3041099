"""Every user-facing string of the staff application exists in Norwegian bokmål and Dutch."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

OMBUD = Path(__file__).resolve().parent.parent / "ombud"
LANGUAGES = ("nb", "nl")
TEMPLATE_STRING = re.compile(r"""\{%\s*translate\s+(["'])(.+?)\1""")
PYTHON_STRING = re.compile(r"""\b(?:_|gettext|gettext_lazy)\(\s*"((?:[^"\\]|\\.)+)"\s*[,)]""")


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(OMBUD / "locale" / lang / "LC_MESSAGES" / "django.po"))


def source_strings() -> set[str]:
    found = set()
    for path in OMBUD.rglob("*.html"):
        found.update(match[1] for match in TEMPLATE_STRING.findall(path.read_text("utf-8")))
    for path in OMBUD.rglob("*.py"):
        if "migrations" in path.parts or "domain" in path.parts or "locale" in path.parts:
            continue
        found.update(PYTHON_STRING.findall(path.read_text("utf-8")))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    po = catalogue(lang)
    assert [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogue_is_the_message_file(lang):
    po = catalogue(lang)
    mo = polib.mofile(str(OMBUD / "locale" / lang / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgid, e.msgstr or tuple(e.msgstr_plural.items())) for e in mo}
    expected = {(e.msgid, e.msgstr or tuple(e.msgstr_plural.items())) for e in po}
    assert compiled == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_in_templates_and_code_is_in_the_message_file(lang):
    known = {entry.msgid for entry in catalogue(lang)}
    assert source_strings() - known == set()


@pytest.mark.parametrize(("lang", "word"), [("nb", "Saksliste"), ("nl", "Werkvoorraad"),
                                            ("en", "Queue")])
def test_the_compiled_catalogues_are_the_ones_django_loads(lang, word):
    with translation.override(lang):
        assert translation.gettext("Queue") == word

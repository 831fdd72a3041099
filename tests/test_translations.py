"""Every user-facing string of the staff application exists in Norwegian bokmål and Dutch.

Checked without GNU gettext, which a fresh CI machine does not have: the message files are read
with polib, and the strings makemessages would extract are found by scanning the templates and
the Python code directly.
"""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy, ngettext

OMBUD = Path(__file__).resolve().parent.parent / "ombud"
LOCALE = OMBUD / "locale"
LANGUAGES = ("nb", "nl")

TRANSLATE_TAG = re.compile(r"""\{%\s*trans(?:late)?\s+(["'])(.*?)\1[^%]*%\}""")
BLOCK_TAG = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(?P<options>[^%]*)%\}(?P<body>.*?)"
    r"\{%\s*endblocktrans(?:late)?\s*%\}", re.DOTALL)
PLURAL_TAG = re.compile(r"\{%\s*plural\s*%\}")
VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ugettext", "ugettext_lazy"}
NGETTEXT = {"ngettext", "ngettext_lazy"}
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdifrx%])")

Message = tuple[str, str | None]  # (msgid, msgid_plural)


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


def compiled(lang: str) -> polib.MOFile:
    return polib.mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))


def block_message(text: str, trimmed: bool) -> str:
    """The msgid Django's templatize makes of a blocktranslate body."""
    if trimmed:
        text = re.sub(r"\s*\n\s*", " ", text.strip())
    return VARIABLE.sub(r"%(\1)s", text.replace("%", "%%"))


def template_messages(source: str) -> set[Message]:
    found: set[Message] = {(match[1], None) for match in TRANSLATE_TAG.findall(source)}
    for block in BLOCK_TAG.finditer(source):
        trimmed = "trimmed" in block["options"].split()
        parts = PLURAL_TAG.split(block["body"])
        singular = block_message(parts[0], trimmed)
        plural = block_message(parts[1], trimmed) if len(parts) > 1 else None
        found.add((singular, plural))
    return found


def python_messages(source: str) -> set[Message]:
    """Calls of the gettext functions with literal strings, as xgettext reads them."""
    found: set[Message] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        args = [arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                else None for arg in node.args]
        if name in GETTEXT and args and args[0] is not None:
            found.add((args[0], None))
        elif name in NGETTEXT and len(args) >= 2 and None not in args[:2]:
            found.add((args[0], args[1]))
    return found


def source_messages() -> set[Message]:
    found: set[Message] = set()
    for path in sorted(OMBUD.rglob("templates/**/*.html")):
        found |= template_messages(path.read_text("utf-8"))
    for path in sorted(OMBUD.rglob("*.py")):
        relative = path.relative_to(OMBUD).parts
        if "migrations" in relative or relative[0] == "domain":
            continue
        found |= python_messages(path.read_text("utf-8"))
    return found


def placeholders(text: str) -> list[str]:
    return sorted(name or kind for name, kind in PLACEHOLDER.findall(text) if kind != "%")


# (a) complete -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy_or_obsolete(lang):
    po = catalogue(lang)
    assert len(po) > 100
    assert [e.msgid for e in po if not e.translated()] == []
    assert [e.msgid for e in po if "fuzzy" in e.flags] == []
    assert [e.msgid for e in po if e.obsolete] == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == lang
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang):
    wrong = []
    for entry in catalogue(lang):
        if entry.msgid_plural:
            pairs = [(entry.msgid, entry.msgstr_plural[0]),
                     (entry.msgid_plural, entry.msgstr_plural[1])]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        wrong += [(source, text) for source, text in pairs
                  if placeholders(source) != placeholders(text)]
    assert wrong == []


# (b) compiled -----------------------------------------------------------------------------------

def as_mapping(entries) -> dict:
    return {e.msgid: (e.msgid_plural, e.msgstr, dict(e.msgstr_plural)) for e in entries}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogue_is_the_message_file(lang):
    po, mo = catalogue(lang), compiled(lang)
    assert as_mapping(mo) == as_mapping(po)
    assert mo.metadata["Plural-Forms"] == po.metadata["Plural-Forms"]
    assert mo.metadata["Content-Type"] == "text/plain; charset=UTF-8"


# (c) covers the code ----------------------------------------------------------------------------

def test_the_scanner_reads_strings_the_way_makemessages_does():
    page = """
        <p>{% translate "Queue" %}</p> <nav aria-label="{% trans 'Main' %}">
        {% translate "Title" as title %}
        {% blocktranslate with day=d|date:"SHORT_DATE_FORMAT" %}Next meeting: {{ day }}.{% endblocktranslate %}
        {% blocktranslate trimmed count counter=n %}
          {{ counter }} entry
          at 5%{% plural %}{{ counter }} entries{% endblocktranslate %}
    """  # noqa: E501
    assert template_messages(page) == {
        ("Queue", None), ("Main", None), ("Title", None),
        ("Next meeting: %(day)s.", None),
        ("%(counter)s entry at 5%%", "%(counter)s entries"),
    }
    code = '''
label = _("Put in writing")
error = gettext('It\\'s "quoted"')
joined = gettext_lazy("one line "
                      "split in two")
counted = ngettext("%(n)s day", "%(n)s days", n)
variable = _(name)
mixed = _(name, "not a message")
formatted = _("Case %(reference)s registered.") % {"reference": ref}
translation.gettext("Through the module")
'''
    assert python_messages(code) == {
        ("Put in writing", None), ('It\'s "quoted"', None), ("one line split in two", None),
        ("%(n)s day", "%(n)s days"), ("Case %(reference)s registered.", None),
        ("Through the module", None),
    }


def test_the_scanner_finds_the_applications_strings():
    found = source_messages()
    assert len(found) > 150
    assert {("Queue", None), ("Put in writing", None), ("management meeting", None),
            ("Agenda of the meeting of %(day)s", None),
            ("The history is intact: %(counter)s entry, hash-chained.",
             "The history is intact: %(counter)s entries, hash-chained.")} <= found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_in_templates_and_code_is_in_the_message_file(lang):
    known = {(entry.msgid, entry.msgid_plural or None) for entry in catalogue(lang)}
    assert sorted(source_messages() - known) == []


# (d) loaded -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "expected"), [
    ("nb", ["Saksliste", "sak", "Sak X-1 er registrert.", "ledermøte", "3 poster"]),
    ("nl", ["Werkvoorraad", "zaak", "Zaak X-1 geregistreerd.", "managementoverleg", "3 regels"]),
    ("en", ["Queue", "case", "Case X-1 registered.", "management meeting", "3 entries"]),
])
def test_django_loads_the_compiled_catalogues(lang, expected):
    from ombud.cases.models import Case

    with translation.override(lang):
        history = ngettext("The history is intact: %(counter)s entry, hash-chained.",
                           "The history is intact: %(counter)s entries, hash-chained.", 3)
        shown = [
            str(gettext_lazy("Queue")),
            str(Case._meta.verbose_name),
            str(gettext_lazy("Case %(reference)s registered.")) % {"reference": "X-1"},
            str(gettext_lazy("management meeting")),
            history % {"counter": 3},
        ]
    assert shown[:4] == expected[:4]
    assert expected[4] in shown[4]



@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_admin_names_every_application_in_the_persons_language(lang):
    """The admin's index lists the applications by their verbose names (it showed "CASES")."""
    from django.apps import apps

    ours = [config for config in apps.get_app_configs() if config.name.startswith("ombud.")]
    assert len(ours) >= 6
    with translation.override("en"):
        english = {config.name: str(config.verbose_name) for config in ours}
    with translation.override(lang):
        same = [config.name for config in ours if str(config.verbose_name) == english[config.name]]
    assert same == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_admin_names_the_fields_of_ombuds_models_in_the_persons_language(lang):
    """Column headers and filters of the admin's lists (they showed "USER", "ORGANIZATION").
    Fields an abstract model of another package declares (django-otp's devices) are its own."""
    from django.contrib import admin

    ours = [model for model in admin.site._registry
            if model.__module__.startswith("ombud.") and model._meta.app_label != "twofactor"]
    assert len(ours) >= 4
    fields = [(model, field) for model in ours for field in model._meta.get_fields()
              if getattr(field, "concrete", False) and field.name != "id"]
    with translation.override("en"):
        english = {(model, field.name): str(field.verbose_name) for model, field in fields}
    with translation.override(lang):
        same = [f"{model._meta.label}.{field.name}" for model, field in fields
                if str(field.verbose_name) == english[model, field.name]]
    assert same == []

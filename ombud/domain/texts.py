"""An organization's own words, from its bundle: ``<org>/texts/<nb|nl|en>.toml``.

Each file is optional and so is each key in it; where the bundle says nothing, Ombud's default
words stand. Sections and keys::

    [case_types.<case type>]  noun ("klage": "your klage"), definite ("klagen", for bokmål),
                              your ("klagen din": to the person), appeal (the remedy on
                              the private page: "klage"), appeals (the report's heading)
    [form]                    title, about, decision_on, decision_on_help, description,
                              reasons, signature_help, signed: the public form's labels and help;
                              <date>_optional: a date's label where it is not required
                              dismissal_grounds: the private page's klage on a dismissal
    [starts]                  decision_on, result_on, exam_on, received: what a period runs
                              from, in a deadline's basis ("vedtaket kom fram til deg")
    [deadlines]               <deadline key>: its name on the staff's pages ("klagefrist")
    [parties]                 complainant, subject, interested: what the parties are called
                              on the staff's pages ("bezwaarmaker"); a case type may name its
                              own in [case_types.<case type>]
    [explain]                 appeal_body ("Klageinstans: {body} ({rule})"), no_appeal,
                              calendar_next, calendar_as_falls: lines of ``procedure explain``
    [events]                  <declared event key>: the name of a step the bundle declares
                              (``[[event]]``: "advies van de adviescommissie")
    [body_kinds]              <key>: a kind of body of the organization's own, a word only
                              ("adviescommissie bezwaarschriften")
    [steps]                   <Ombud's step>: its name in the history and the staff's
                              messages ("klage sendt" for ``appealed``): the label only,
                              never what the step does

A file is read again when it changed on disk, like the procedures.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ombud.domain import bundle_toml
from ombud.domain.bundles import bundle_dir, outside
from ombud.domain.checked_once import once_per_block
from ombud.domain.declared_schema import BUILT_IN_BODY_KINDS, KEY

SECTIONS = ("case_types", "form", "starts", "deadlines", "parties", "explain", "events",
            "body_kinds", "steps")
_read: dict[Path, tuple[tuple[int, int], dict[str, Any] | TextsError]] = {}


class TextsError(ValueError):
    """A texts file that is not TOML or has a section Ombud does not know."""


def texts_file(organization: str, language: str) -> Path | None:
    folder = bundle_dir(organization)
    return None if folder is None else folder / "texts" / f"{language}.toml"


def bundle_texts(organization: str, language: str) -> dict[str, Any]:
    """The organization's texts in ``language``; empty when its bundle has none. Looked up on
    disk once within ``files_checked_once`` (a form asks for a dozen of its words)."""
    return once_per_block(("texts", organization, language),
                          lambda: _bundle_texts(organization, language))


def _bundle_texts(organization: str, language: str) -> dict[str, Any]:
    path = texts_file(organization, language)
    if path is None:
        return {}
    try:
        stat = path.stat()
    except OSError:
        return {}
    signature = (stat.st_mtime_ns, stat.st_size)
    known = _read.get(path)
    if known is None or known[0] != signature:
        try:
            known = (signature, read_texts(path))
        except TextsError as error:  # kept too: a page asks for its words many times
            known = (signature, error)
        _read[path] = known
    if isinstance(known[1], TextsError):
        raise known[1]
    return known[1]


def read_texts(path: Path) -> dict[str, Any]:
    """One texts file, checked: TOML, known sections, every value a non-empty string."""
    if outside(path.parent.parent, path):
        raise TextsError(f"{path}: links outside the bundle's folder")
    try:
        data = bundle_toml.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise TextsError(f"{path}: cannot be read: {error}") from None
    for section, values in data.items():
        if section not in SECTIONS:
            raise TextsError(f"{path}: [{section}] is not one of {', '.join(SECTIONS)}")
        if not isinstance(values, dict):
            raise TextsError(f"{path}: {section} must be a table")
        nested = values.values() if section == "case_types" else [values]
        for table in nested:
            if not isinstance(table, dict) or not all(
                    isinstance(text, str) and text.strip() for text in table.values()):
                raise TextsError(f"{path}: [{section}]: every text must be a non-empty string")
    return data


def word(procedure_id: str, language: str, section: str, key: str,
         default: str | None = None) -> str | None:
    """The bundle's text ``[section] key`` for the procedure's organization, else ``default``.
    ``case_types`` keys are ``<case type>.<noun|definite>``. A broken texts file gives the
    defaults (``ombud procedure validate --all`` names it)."""
    organization, _, case_type = procedure_id.partition("/")
    try:
        texts = bundle_texts(organization, language)
    except TextsError:
        return default
    table = texts.get(section, {})
    if section == "case_types":
        table = table.get(case_type, {})
    value = table.get(key)
    return value if isinstance(value, str) else default


def deadline_name(procedure_id: str, key: str, language: str) -> str:
    """A deadline's name: the bundle's (``[deadlines]``), else Ombud's, else its key."""
    from ombud.domain import messages as m

    return word(procedure_id, language, "deadlines", key) or m.pick(
        m.DEADLINE_NAMES.get(key, {"en": key}), language)


def event_name(procedure_id: str, event_type: str, language: str) -> str:
    """A step's name: Ombud's for its own steps (or the bundle's label for one, ``[steps]``),
    the bundle's (``[events]``) for one it declares,
    else the key in words (a declared event whose name the texts lack; ``validate`` says so)."""
    from ombud.domain import messages as m

    names = m.EVENT_NAMES.get(event_type)
    if names:  # Ombud's step, renamed by the bundle where it says so ([steps])
        return word(procedure_id, language, "steps", event_type) or m.pick(names, language)
    return (word(procedure_id, language, "events", event_type)
            or event_type.replace("_", " "))


def event_start_words(procedure_id: str, event_type: str, language: str) -> str:
    """An event as the start of a period ("6 weeks after {this}")."""
    from ombud.domain import messages as m

    if event_type in m.EVENT_NAMES:
        return m.event_start(event_type, language)
    return event_name(procedure_id, event_type, language)


def body_kinds(organization: str, language: str) -> dict[str, str]:
    """The organization's own body kinds, key -> its word in ``language`` (``[body_kinds]``);
    empty where the bundle has none or its texts are broken."""
    try:
        kinds = bundle_texts(organization, language).get("body_kinds", {})
    except TextsError:
        return {}
    # Only a key of the bundle's own, as ``validate`` asks: a longer one did not fit the
    # body's column (a 500 where the administrator saved it), "board\n" passed for Ombud's.
    return {key: text for key, text in kinds.items() if isinstance(text, str)
            and KEY.match(key) and key not in BUILT_IN_BODY_KINDS}


def start_words(procedure_id: str, anchor: str, language: str) -> str:
    """What a period runs from (``received``, ``decision_on``…): the bundle's words, else
    Ombud's."""
    from ombud.domain import messages as m

    return word(procedure_id, language, "starts", anchor) or m.pick(m.STARTS[anchor], language)


def party_word(procedure_id: str, role: str, language: str) -> str | None:
    """What the bundle calls a party of ``role`` (``complainant``, ``subject``,
    ``interested``) in the procedure's case type: ``[case_types.<case type>] <role>``, else
    ``[parties] <role>``, else None (Ombud's own word stands)."""
    return (word(procedure_id, language, "case_types", role)
            or word(procedure_id, language, "parties", role))

"""What staff pages call a case's parties: the bundle's word (its texts' ``[parties]`` or its
case type's own, ``ombud.domain.texts.party_word``), else Ombud's translated one. A bezwaar
under the Awb is filed by a "bezwaarmaker", a klage under the forvaltningsloven by a "klager"."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation
from django.utils.text import capfirst

from ombud.cases.models import PartyRole
from ombud.domain.texts import party_word, word


def _language() -> str:
    return (translation.get_language() or "en")[:2]


def own_party_word(procedure_id: str, role: str) -> str | None:
    """The bundle's word for a party of ``role`` in the active language (lower case), or None."""
    return party_word(procedure_id, role, _language())


def party_label(procedure_id: str, role: str) -> str:
    """A party's role as a label (capitalised), in the active language."""
    own = own_party_word(procedure_id, role)
    return capfirst(own) if own else capfirst(str(dict(PartyRole.choices).get(role, role)))


def complainant_column(procedure_ids: Iterable[str]) -> str:
    """The queue's (and its CSV's) column of the filing party, in the active language: the
    bundle's word when every procedure of the organization uses the same one, else Ombud's
    "Complainant" (a queue of several case types with different words keeps the neutral one)."""
    own = {party_word(procedure_id, PartyRole.COMPLAINANT.value, _language())
           for procedure_id in procedure_ids}
    if len(own) == 1 and None not in own:
        return capfirst(own.pop())
    return translation.gettext("Complainant")


def filer_phrases(procedure_id: str) -> dict[str, str]:
    """The staff pages' phrases that name the filing party, for one case type: the bundle's
    word put in (a bezwaar's "nieuw van de bezwaarmaker"), else Ombud's own phrases, which
    stay as they were. ``own`` is the bundle's word, or "" (a template's plural phrase)."""
    own = own_party_word(procedure_id, PartyRole.COMPLAINANT.value)
    _ = translation.gettext
    if not own:
        return {"own": "", "news": _("new from the complainant"),
                "news_heading": _("New from the complainant"),
                "from": _("from the complainant"),
                "new_link": _("Send the complainant a new link"),
                "owner": _("the filer's")}
    party = {"party": own}
    return {"own": own, "news": _("new from the %(party)s") % party,
            "news_heading": capfirst(_("new from the %(party)s") % party),
            "from": _("from the %(party)s") % party,
            "new_link": _("Send the %(party)s a new link") % party,
            "owner": _("the %(party)s's") % party}


def party_role_label(procedure_id: str, role: str) -> str:
    """A party's role within a sentence (lower case), as the bundle calls it."""
    own = own_party_word(procedure_id, role)
    return own or str(dict(PartyRole.choices).get(role, role))


def organization_filer_word(procedure_ids: Iterable[str]) -> str:
    """The filing party's word for a page about the whole organization (the privacy console's
    person): the bundle's when all its case types share it, else "" (Ombud's phrase stands)."""
    own = {party_word(procedure_id, PartyRole.COMPLAINANT.value, _language())
           for procedure_id in procedure_ids}
    if len(own) == 1 and None not in own:
        return own.pop()
    return ""


# "your case" built from the noun where the bundle gives no phrase of its own (texts
# [case_types.<case type>] your): Dutch and English put "uw"/"your" before any noun; bokmål's
# possessive follows the noun's gender ("klagen din", "kravet ditt"), so without the bundle's
# phrase it takes the definite form alone ("klagen"), or "saken" where none is known.
_YOUR = {"en": "your {noun}", "nl": "uw {noun}"}


def your_case(procedure_id: str, case_type: str) -> str:
    """How a sentence for the person who filed names their case, in the active language (lower
    case): the bundle's phrase, else one made of its noun, else of Ombud's for the case type."""
    from ombud.letters.render import CASE_NOUNS, DEFINITE_NB

    language = _language()
    own = word(procedure_id, language, "case_types", "your")
    if own:
        return own
    noun = word(procedure_id, language, "case_types", "noun")
    if language == "nb":
        definite = word(procedure_id, language, "case_types", "definite")
        return definite or ("saken" if noun else DEFINITE_NB.get(case_type, "saken"))
    noun = noun or CASE_NOUNS.get(case_type, CASE_NOUNS["complaint"])[language]
    return _YOUR.get(language, _YOUR["en"]).format(noun=noun)


# A state only a step leads to: the queue's filter offers it where a case type has the step.
_STATE_STEP = {"appealed": "appealed", "forwarded": "forwarded"}


def state_choices(procedure_ids: Iterable[str], choices) -> list[tuple[str, str]]:
    """The queue's states: without those none of the organization's case types reaches (a
    bezwaar has no internal appeal), and "appealed" in the bundles' word where all give the
    same (texts ``appeal``: "klage sendt", a klage on a dismissal is no "anke")."""
    from ombud.domain.loader import UnknownProcedure, procedure_versions
    from ombud.domain.toml_table import ProcedureError

    steps: set[str] = set()
    try:
        for procedure_id in procedure_ids:
            steps.update(step for version in procedure_versions(procedure_id)
                         for step in version.steps)
    except (ProcedureError, UnknownProcedure):  # a broken bundle (said above the queue)
        # hides no state
        steps = set(_STATE_STEP.values())
    own = {word(procedure_id, _language(), "case_types", "appeal")
           for procedure_id in procedure_ids}
    appealed = (translation.gettext("%(appeal)s sent") % {"appeal": own.pop()}
                if len(own) == 1 and None not in own else None)
    return [(value, appealed if value == "appealed" and appealed else label)
            for value, label in choices
            if value not in _STATE_STEP or _STATE_STEP[value] in steps]

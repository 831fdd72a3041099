"""What staff pages call a case's parties: the bundle's word (its texts' ``[parties]`` or its
case type's own, ``ombud.domain.texts.party_word``), else Ombud's translated one. A bezwaar
under the Awb is filed by a "bezwaarmaker", a klage under the forvaltningsloven by a "klager"."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation
from django.utils.text import capfirst

from ombud.cases.models import PartyRole
from ombud.domain.texts import party_word


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

"""How the file shows an erasure (GDPR art. 17): the entry that records it, and on each entry
whose content it removed, "erased on …, by …, ground …". The erasure itself is the privacy
officer's (``ombud.privacy.services``); the case page and the case-file PDF only say so."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ERASURE_EVENT = "personal_data_erased"
# The grounds of GDPR art. 17(1) an erasure is made on, and the end of the retention period.
GROUNDS = {
    "request": gettext_lazy("the person's request: no longer needed (GDPR art. 17(1)(a))"),
    "consent_withdrawn": gettext_lazy("consent withdrawn (GDPR art. 17(1)(b))"),
    "objection": gettext_lazy("objection to the processing (GDPR art. 17(1)(c))"),
    "unlawful": gettext_lazy("processed unlawfully (GDPR art. 17(1)(d))"),
    "retention": gettext_lazy("the retention period ended"),
}


def erasures_of(events) -> dict[int, object]:
    """The entries that record an erasure, by their place in the chain."""
    return {event.seq: event for event in events if event.type == ERASURE_EVENT}


def erasure_note(event, erasures: dict[int, object]) -> str:
    """"Erased on …, by …, ground …" for an entry whose content was erased, else ""."""
    if event.erased_seq is None:
        return ""
    erasure = erasures.get(event.erased_seq)
    if erasure is None:
        return _("Content erased (entry %(seq)s).") % {"seq": event.erased_seq}
    return _("Content erased on %(day)s, by %(who)s, ground: %(ground)s (entry %(seq)s).") % {
        "day": date_format(timezone.localtime(erasure.recorded_at), "SHORT_DATETIME_FORMAT"),
        "who": erasure.actor_name or erasure.actor_username,
        "ground": GROUNDS.get(erasure.data.get("erasure_ground"),
                              erasure.data.get("erasure_ground", "")),
        "seq": erasure.seq}

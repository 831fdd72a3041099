"""The only code that changes cases. Each service asks the engine first, refuses what the
procedure forbids (with the rule and a reason in the user's language), then records the event and
updates the case row in one transaction while holding the row lock.

Callers import this package (``from ombud.cases import services``); its modules, by concern:

- ``registration``: a case opened from what was received, or a contact recorded instead;
- ``contacts``: a recorded contact linked to the case the person files later;
- ``steps``: the procedure's steps, a take-over;
- ``meetings``: the management meeting's decision, at a meeting held (today's opened);
- ``case_file``: notes, parties, documents, corrective actions, a new subject;
- ``chain``: the hash-chained history and the case row kept in line with the engine;
- ``checks``: the refusals (``NotPermitted``, ``Refused``, ``Invalid``) and shared input checks.
"""

from ombud.cases.search import case_text_refresh
from ombud.cases.services.case_file import (
    FILE_EVENTS,
    MAX_ATTACHMENT_BYTES,
    case_note,
    case_title_change,
    complainant_news_mark,
    complainant_news_seen,
    corrective_action_add,
    corrective_action_done,
    document_attach,
    documents_record,
    last_document_id,
    party_add,
    party_change,
)
from ombud.cases.services.chain import (
    cases_refresh,
    engine_events,
    engine_events_of,
    meeting_days,
    procedure_of,
)
from ombud.cases.services.checks import HANDLING_ROLES, Invalid, NotPermitted, Refused
from ombud.cases.services.contacts import contact_link
from ombud.cases.services.meetings import meeting_decide
from ombud.cases.services.registration import (
    PartyDetails,
    case_register,
    case_register_web,
    case_registered_follow_up,
    contact_record,
    enabled,
    party_facts,
)
from ombud.cases.services.steps import case_record, case_step, case_take_over

__all__ = [
    "FILE_EVENTS", "HANDLING_ROLES", "MAX_ATTACHMENT_BYTES", "Invalid", "NotPermitted",
    "PartyDetails", "Refused", "case_note", "case_record", "case_register", "case_register_web",
    "case_registered_follow_up", "case_step",
    "case_take_over", "case_text_refresh", "case_title_change", "cases_refresh",
    "complainant_news_mark", "complainant_news_seen", "contact_link", "contact_record",
    "corrective_action_add", "corrective_action_done", "document_attach", "documents_record",
    "last_document_id",
    "enabled", "engine_events", "engine_events_of", "meeting_days", "meeting_decide",
    "party_add", "party_change", "party_facts", "procedure_of",
]

"""Staff pages: the queue, the case page with its next steps, and registering a complaint.

Views are thin: find the organization and the case through the scoped selectors, parse a form,
call one service, render. Who may do what is asked once, before a view runs, by the decorators
of ``access`` (``case_view("note")``), of the permission table (``ombud.cases.permissions``);
the services ask it again, whoever calls them. The modules, by concern: ``queue`` (the queue and
registering), ``case_page``, ``steps``, ``case_file`` (notes, parties, corrective actions,
documents, private links) and ``meetings``."""

from ombud.cases.views.access import case_view, org_view, refused
from ombud.cases.views.case_file import (
    case_note_add,
    complainant_news_seen,
    corrective_action_add,
    corrective_action_done,
    document_add,
    party_add,
    tracking_links,
)
from ombud.cases.views.case_page import case_detail, document_download
from ombud.cases.views.contacts import contact_link, contacts
from ombud.cases.views.meetings import meeting_decide, meetings
from ombud.cases.views.overview import corrective_actions, notification_list, notifications_read
from ombud.cases.views.privacy import sensitive_warnings
from ombud.cases.views.queue import case_register, queue, queue_export
from ombud.cases.views.steps import case_step, case_take_over

__all__ = [
    "case_detail", "case_note_add", "case_register", "case_step", "case_take_over", "case_view",
    "complainant_news_seen", "contact_link", "contacts", "sensitive_warnings",
    "corrective_action_add", "corrective_actions", "notification_list", "notifications_read",
    "corrective_action_done", "document_add", "document_download",
    "meeting_decide", "meetings", "org_view", "party_add", "queue", "queue_export", "refused",
    "tracking_links",
]

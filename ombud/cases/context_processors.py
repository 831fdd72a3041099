"""What the page header shows for the organization a staff page is about."""

from ombud.cases.notifications import unread_count
from ombud.cases.permissions import (
    may_read_access_log,
    may_read_sensitive_warnings,
    may_register,
)
from ombud.cases.selectors import meeting_procedures
from ombud.cases.views.access import readable_cases


def organization_menu(request) -> dict:
    organization = getattr(request, "organization", None)
    if organization is None:
        return {}
    return {"may_act_here": may_register(getattr(request, "roles", frozenset())),
            "has_meetings": bool(meeting_procedures(organization)),
            "unread_notifications": unread_count(request.user, organization,
                                                 getattr(request, "roles", frozenset()),
                                                 readable_cases(request)),
            "is_privacy_officer": may_read_sensitive_warnings(getattr(request, "roles",
                                                                      frozenset())),
            "may_read_reads": may_read_access_log(getattr(request, "roles", frozenset()))}

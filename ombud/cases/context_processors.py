"""What the page header shows for the organization a staff page is about."""

from ombud.cases.permissions import may_register


def organization_menu(request) -> dict:
    organization = getattr(request, "organization", None)
    if organization is None:
        return {}
    from ombud.cases.views import _meeting_procedures

    return {"may_act_here": may_register(getattr(request, "roles", frozenset())),
            "has_meetings": bool(_meeting_procedures(organization))}

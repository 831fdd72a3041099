"""What the page header shows for the organization a staff page is about."""

from ombud.orgs.selectors import may_act


def organization_menu(request) -> dict:
    organization = getattr(request, "organization", None)
    if organization is None:
        return {}
    from ombud.cases.views import _meeting_procedures

    return {"may_act_here": may_act(getattr(request, "roles", frozenset())),
            "has_meetings": bool(_meeting_procedures(organization))}

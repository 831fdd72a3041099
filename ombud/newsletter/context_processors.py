"""Whether the page header offers the newsletter's list: to those who keep it, in an
organization that has one."""

from ombud.newsletter.models import Newsletter
from ombud.newsletter.staff_views import may_keep


def newsletter_menu(request) -> dict:
    organization = getattr(request, "organization", None)
    if organization is None or not may_keep(getattr(request, "roles", frozenset())):
        return {}
    return {"has_newsletter": Newsletter.objects.filter(organization=organization).exists()}

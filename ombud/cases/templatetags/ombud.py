"""Words of the domain on staff pages, in the page's language."""

from django import template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ombud.domain import messages as words

register = template.Library()

STATUS = {"open": _("open"), "met": _("met"), "missed": _("missed"),
          "cancelled": _("cancelled"), "expired": _("expired")}
OWNERS = {"organization": _("ours"), "filer": _("the filer's"), "holder": _("the holder's")}


def _lang() -> str:
    return (translation.get_language() or "en")[:2]


@register.filter
def status_label(status: str) -> str:
    return STATUS.get(status, status)


@register.filter
def owner_label(owner: str) -> str:
    return OWNERS.get(owner, owner)


@register.filter
def event_label(event_type: str) -> str:
    names = words.EVENT_NAMES.get(event_type)
    return words.pick(names, _lang()) if names else event_type.replace("_", " ")


@register.filter
def state_label(state: str) -> str:
    names = words.STATES.get(state)
    return words.pick(names, _lang()) if names else state


@register.filter
def channel_label(channel: str) -> str:
    names = words.CHANNEL_NAMES.get(channel)
    return words.pick(names, _lang()) if names else channel

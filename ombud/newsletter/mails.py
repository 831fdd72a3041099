"""The newsletter's own mails, in the subscriber's language, through the outbox. Each carries
the one-click unsubscribe (RFC 2369 ``List-Unsubscribe`` with RFC 8058's
``List-Unsubscribe-Post``) and the same link in its text (NE-N-02). A name is only ever in the
text, never in a header: whatever a person types as their name cannot add a header.

Where the organization has a reply address, ``List-Unsubscribe`` offers a ``mailto:`` beside the
link (RFC 2369): ``<https://…>, <mailto:…?subject=unsubscribe>``. Ombud reads no inbound mail: a
message that arrives there is a withdrawal in writing, which staff register on the newsletter's
staff page (NE-N-02; docs/operating.md says so). An address that is not a plain ``local@domain``
is left out of the header rather than quoted into it."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ombud.newsletter import tokens
from ombud.newsletter.models import SubscriberState
from ombud.orgs import outbox


def _url(name: str, subscriber, token: str) -> str:
    slug = subscriber.newsletter.organization.slug
    return settings.OMBUD_PUBLIC_URL + reverse(f"newsletter:{name}", args=[slug, token])


def unsubscribe_url(subscriber) -> str:
    return _url("unsubscribe", subscriber, tokens.make(tokens.UNSUBSCRIBE, subscriber))


# A plain address: dot-atom local part, a domain of labels. Nothing in it can close the ``<…>``,
# separate a second URI (",") or start a header (a line break): anything else is not offered.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                            r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                            r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")


def unsubscribe_mailto(organization) -> str | None:
    """``mailto:`` URI that asks to unsubscribe by mail (RFC 6068), or None without a plain
    reply address. Characters with a meaning in a URI are percent-encoded (RFC 6068 §2)."""
    address = organization.email or ""
    if len(address) > 254 or not _PLAIN_ADDRESS.fullmatch(address):
        return None
    return f"mailto:{quote(address, safe='@')}?subject=unsubscribe"


def _headers(subscriber) -> dict[str, str]:
    organization = subscriber.newsletter.organization
    uris = [unsubscribe_url(subscriber), unsubscribe_mailto(organization)]
    return {"List-Unsubscribe": ", ".join(f"<{uri}>" for uri in uris if uri),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<newsletter.{organization.slug}.ombud>"}


def _greeting(subscriber) -> str:
    # By name only once the address confirmed it: before, the name is whatever the person who
    # filled in the form typed, and a stranger's mailbox must not receive their words (an
    # advertisement, a link) in our name.
    if subscriber.state != SubscriberState.SUBSCRIBED:
        return _("Hello,")
    # One line of printable text (the name was cleaned when stored; belt and braces here).
    name = " ".join("".join(c if c.isprintable() else " " for c in subscriber.name).split())
    return _("Hello %(name)s,") % {"name": name} if name else _("Hello,")


def _send(subscriber, kind: str, subject: str, lines: list[str]) -> None:
    newsletter = subscriber.newsletter
    footer = [_("No longer want mail from %(newsletter)s? Unsubscribe with one click:")
              % {"newsletter": newsletter.called}, unsubscribe_url(subscriber)]
    body = "\n\n".join([_greeting(subscriber), *lines, "\n".join(footer)]) + "\n"
    outbox.enqueue(organization=newsletter.organization, to=subscriber.email,
                   subject=subject, body=body, kind=kind, headers=_headers(subscriber))


def confirmation_request(subscriber) -> None:
    """Double opt-in: the link that turns the request into a subscription."""
    with translation.override(subscriber.language):
        newsletter = subscriber.newsletter
        link = _url("confirm", subscriber, tokens.make(tokens.CONFIRM, subscriber))
        _send(subscriber, "newsletter_confirm",
              _("Confirm your subscription to %(newsletter)s") % {"newsletter": newsletter.called},
              [_("Someone, we hope you, asked to receive %(newsletter)s at this address. To "
                 "confirm, open this link within 14 days:") % {"newsletter": newsletter.called}
               + "\n" + link,
               _("If it was not you, do nothing: without the confirmation you get nothing "
                 "more from us.")])


def already_subscribed(subscriber) -> None:
    """A second request for an address already on the list: told to the address only, so that
    the form says the same to whoever asks (no one learns who subscribes)."""
    with translation.override(subscriber.language):
        newsletter = subscriber.newsletter
        _send(subscriber, "newsletter_known",
              _("You already receive %(newsletter)s") % {"newsletter": newsletter.called},
              [_("Someone asked to subscribe this address to %(newsletter)s. It is already "
                 "subscribed: nothing has changed.") % {"newsletter": newsletter.called}])


def welcome(subscriber) -> None:
    with translation.override(subscriber.language):
        newsletter = subscriber.newsletter
        _send(subscriber, "newsletter_welcome",
              _("Welcome to %(newsletter)s") % {"newsletter": newsletter.called},
              [_("Your subscription is confirmed. The list of subscribers is kept by our "
                 "processor %(processor)s, which sends the newsletter on our behalf.")
               % {"processor": newsletter.processor}])


def withdraw_link(subscriber) -> None:
    """Asked for on the withdrawal page: the link that withdraws, to the address itself."""
    with translation.override(subscriber.language):
        newsletter = subscriber.newsletter
        _send(subscriber, "newsletter_withdraw",
              _("Unsubscribe from %(newsletter)s") % {"newsletter": newsletter.called},
              [_("You asked to stop receiving %(newsletter)s. Use the link below; it takes "
                 "effect at once.") % {"newsletter": newsletter.called}])

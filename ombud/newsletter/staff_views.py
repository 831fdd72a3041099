"""For the organization's staff: the newsletter's figures, what the processor has not yet taken,
one address's consent history (NE-N-01), and a withdrawal received in writing (NE-N-02)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ombud.cases.views.access import org_view, roles_allow
from ombud.newsletter import mails, selectors, services
from ombud.newsletter.forms import AddressForm, WrittenWithdrawalForm

# Who keeps the list: the privacy officer, the administrator, managers, and intake (who opens
# the letters a withdrawal comes in).
KEEPERS = frozenset({"privacy", "admin", "manager", "intake"})


def may_keep(roles: frozenset[str]) -> bool:
    return bool(roles & KEEPERS)


@org_view
@roles_allow(may_keep, gettext_lazy("Only the privacy officer, the administrator, managers and "
                                    "intake keep the newsletter's list."))
def subscribers(request, organization):
    newsletter = selectors.newsletter_of(organization)
    if newsletter is None:
        raise Http404
    # Both forms POST: an address in a URL would reach the access log, the browser's history
    # and the Referer (as in the privacy console). A registered withdrawal is answered with
    # the page itself, its history shown; posting it again records nothing new.
    posted = request.POST if request.method == "POST" else None
    form = WrittenWithdrawalForm(posted if posted and "withdrawal-email" in posted else None,
                                 prefix="withdrawal")
    lookup = AddressForm(posted if posted and "lookup-email" in posted else None,
                         prefix="lookup")
    address = ""
    if form.is_bound and form.is_valid():
        try:
            services.withdrawal_register(
                newsletter=newsletter, email=form.cleaned_data["email"],
                received_on=form.cleaned_data["received_on"],
                channel=form.cleaned_data["channel"], actor=request.user)
        except services.NotSubscribed:
            form.add_error("email", _("No one with this address is on the newsletter's list."))
        else:
            messages.success(request, _("The withdrawal is registered and took effect now."))
            address = form.cleaned_data["email"]
            form = WrittenWithdrawalForm(prefix="withdrawal")
    elif lookup.is_bound and lookup.is_valid():
        address = lookup.cleaned_data["email"]
    subscriber, history = (selectors.consent_history(newsletter, address) if address
                           else (None, []))
    return render(request, "newsletter/subscribers.html", {
        "organization": organization, "newsletter": newsletter, "form": form,
        "lookup": lookup, "subscriber": subscriber, "history": history, "looked_up": address,
        "states": selectors.state_counts(newsletter),
        "processor": selectors.processor_counts(newsletter),
        "refused": selectors.refused_changes(newsletter),
        "unsubscribe_mailto": mails.unsubscribe_mailto(organization),
    }, status=400 if form.errors or lookup.errors else 200)

"""Pages across cases for one person: their notifications, and the corrective actions of the
cases they may read (NE-A-10, NE-C-08)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ombud.cases import notifications, registers
from ombud.cases.views.access import org_view

SHOWN = 200  # the latest notifications the page lists


@org_view
def notification_list(request, organization):
    notifications.language_keep(request.user, (translation.get_language() or "")[:2])
    shown = list(notifications.visible(request.user, organization, request.roles)
                 .order_by("-created_at", "-id")[:SHOWN])
    return render(request, "cases/notifications.html", {
        "organization": organization, "notifications": shown,
        "unread": sum(1 for notification in shown if notification.read_at is None)})


@require_POST
@org_view
def notifications_read(request, organization):
    """Mark one notification read (``id``), or all of them."""
    ids = None  # the form's "all" sends no id
    if "id" in request.POST:
        wanted = request.POST["id"]
        # a number a database key can be, else none of hers: "²" is a digit to isdigit and
        # a ValueError to int(); 20 digits overflow the column (both were a 500)
        ids = [int(wanted)] if wanted.isascii() and wanted.isdigit() and len(wanted) <= 18 \
            else []
    marked = notifications.mark_read(person=request.user, organization=organization,
                                     roles=request.roles, ids=ids)
    messages.success(request, _("%(count)s marked as read.") % {"count": marked})
    return redirect("cases:notifications", organization.slug)


@org_view
def corrective_actions(request, organization):
    status = request.GET.get("status", "open")
    wanted = registers.ActionFilter(status=status if status in ("open", "done", "") else "open",
                                    mine=request.GET.get("mine") == "1")
    today = timezone.localdate()
    return render(request, "cases/actions.html", {
        "organization": organization, "wanted": wanted, "today": today,
        "actions": registers.corrective_actions(request.user, organization, request.roles,
                                                wanted, today)})

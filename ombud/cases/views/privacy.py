"""For the privacy officer: where the staff screens warned about likely special-category
personal data, and whether the text was saved anyway (PP-05)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy

from ombud.cases import permissions, registers
from ombud.cases.views.access import org_view, roles_allow


@org_view
@roles_allow(permissions.may_read_sensitive_warnings,
             gettext_lazy("Only the privacy officer reads this list."))
def sensitive_warnings(request, organization):
    return render(request, "cases/sensitive_warnings.html", {
        "organization": organization,
        "entries": registers.sensitive_warnings(organization),
    })

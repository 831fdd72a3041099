"""The auditor's side of a case page: which seal covers the case, and its proof to download."""

from __future__ import annotations

import json

from django.http import HttpResponse, HttpResponseForbidden
from django.utils.translation import gettext as _

from ombud.audit.case_file import case_file_pdf
from ombud.audit.proof import case_proof
from ombud.audit.selectors import may_download_proof
from ombud.cases import selectors
from ombud.cases.access_log import access_record
from ombud.cases.views import org_view


@org_view
def proof_download(request, organization, reference: str):
    case = selectors.case_for(request.user, organization, request.roles, reference)
    if not may_download_proof(request.roles):
        return HttpResponseForbidden(_("Your role may not download the proof of a history."))
    access_record(case=case, person=request.user, download=f"{case.reference}-proof.json")
    body = json.dumps(case_proof(case), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-proof.json"'
    response["Cache-Control"] = "no-store"
    return response


@org_view
def case_file_download(request, organization, reference: str):
    """The whole case file as one PDF (journey 7), recorded in the access log."""
    case = selectors.case_for(request.user, organization, request.roles, reference)
    if not may_download_proof(request.roles):
        return HttpResponseForbidden(_("Your role may not download the case file."))
    name = f"{case.reference}-case-file.pdf"
    access_record(case=case, person=request.user, download=name)
    response = HttpResponse(case_file_pdf(case, reader=request.user),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response

"""The privacy console (``/<org>/privacy/``): the privacy officer finds a person, sees every
place their data sits, exports it, corrects it and erases it; and the read log, for the privacy
officer and the auditor. Thin: each view parses a form and calls one selector or service.

A person's details never travel in a URL (they would reach the server's logs): the search is a
POST, and a person is named by the number of one of their party rows."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ombud.cases import access_log, permissions, wording
from ombud.cases.models import AccessLog, Party
from ombud.cases.permissions import NotPermitted
from ombud.cases.services import Invalid, Refused
from ombud.cases.views.access import org_view, refused, roles_allow
from ombud.privacy import export as exports
from ombud.privacy import mentions, selectors, services
from ombud.privacy.forms import EraseForm, FindForm, RectifyForm

ONLY_PRIVACY = gettext_lazy("Only the privacy officer uses the privacy console.")


def _console(view):
    return org_view(roles_allow(services.may_use_console, ONLY_PRIVACY)(view))


def _person(organization, party_id: int) -> list[Party]:
    try:
        return selectors.person_parties(organization, party_id)
    except Party.DoesNotExist:
        raise Http404 from None


@_console
def console(request, organization):
    form = FindForm(request.POST or None)
    matches = others = None
    if request.method == "POST" and form.is_valid():
        matches = selectors.person_find(organization, **form.cleaned_data)
        others = selectors.others_find(organization, matches, **form.cleaned_data)
    return render(request, "privacy/console.html", {
        "organization": organization, "form": form, "matches": matches, "others": others,
        "found": len(matches or ()) + len(others or ())})


def _someone(organization, key: str) -> tuple[list[Party], str]:
    try:
        return selectors.person_of_address(organization, key)
    except LookupError:
        raise Http404 from None


@_console
def someone(request, organization, key: str):
    """A person no case names (a newsletter's subscriber who never complained); one who is a
    party too is seen on that party's page."""
    parties, email = _someone(organization, key)
    if parties:
        return redirect("privacy:person", organization.slug, parties[0].pk)
    return _someone_page(request, organization, key, email)


def _someone_page(request, organization, key: str, email: str, *, erase_form=None,
                  status: int = 200):
    places = selectors.places_of(organization, [], [email])
    names = [row.get("name") for rows in places.extra.values() for row in rows]
    return render(request, "privacy/person.html", {
        "organization": organization, "places": places,
        "filer_word": _filer_word(organization),
        "name": next((name for name in names if name), email),
        "export_url": reverse("privacy:someone_export", args=[organization.slug, key]),
        "erase_url": reverse("privacy:someone_erase", args=[organization.slug, key]),
        "refusals": [], "mentions": [], "erase_form": erase_form or EraseForm(),
        "rectify_forms": [], "problem": ""}, status=status)


def _filer_word(organization) -> str:
    """The filing party as the organization's bundle calls it ("bezwaarmaker"), or ""."""
    return wording.organization_filer_word(
        organization.procedures.values_list("procedure_id", flat=True))


@_console
def person(request, organization, party_id: int):
    return _person_page(request, organization, party_id)


def _person_page(request, organization, party_id: int, *, erase_form=None, rectify=None,
                 problem: str = "", status: int = 200):
    parties = _person(organization, party_id)
    places = selectors.places_of(organization, parties)
    return render(request, "privacy/person.html", {
        "organization": organization, "party_id": party_id, "places": places,
        "filer_word": _filer_word(organization),
        "export_url": reverse("privacy:export", args=[organization.slug, party_id]),
        "erase_url": reverse("privacy:erase", args=[organization.slug, party_id]),
        "name": parties[0].name if parties else "",
        "refusals": services.erasure_refusals(places.cases),
        "mentions": mentions.mentions_of(organization, parties),
        "erase_form": erase_form or EraseForm(),
        "rectify_forms": [(party, rectify[1] if rectify and rectify[0] == party.pk else
                           RectifyForm(initial={"name": party.name, "email": party.email,
                                                "phone": party.phone,
                                                "address": party.address}))
                          for party in parties],
        "problem": problem, "erased": request.GET.get("erased") == "1",
    }, status=status)


@require_POST
@_console
def export(request, organization, party_id: int):
    parties = _person(organization, party_id)
    return _export_response(request, organization, selectors.places_of(organization, parties),
                            party_id)


def _export_response(request, organization, places, number) -> HttpResponse:
    data = exports.export_data(organization, places)
    # The export reads every file it holds: each case's read log says so.
    access_log.export_record(cases=places.cases, person=request.user,
                             download=f"personal data export ({number})")
    response = HttpResponse(exports.export_zip(data, places), content_type="application/zip")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="{organization.slug}-personal-data-{number}-{day}.zip"')
    return response


@require_POST
@_console
def someone_export(request, organization, key: str):
    parties, email = _someone(organization, key)
    places = selectors.places_of(organization, parties, [email])
    return _export_response(request, organization, places, key)


@require_POST
@_console
def someone_erase(request, organization, key: str):
    parties, email = _someone(organization, key)
    if parties:  # a party meanwhile: erased from the party's page, with their cases
        return redirect("privacy:person", organization.slug, parties[0].pk)
    form = EraseForm(request.POST)
    if not form.is_valid():
        return _someone_page(request, organization, key, email, erase_form=form, status=400)
    services.erase_person(organization=organization, parties=[], addresses=[email],
                          ground=form.cleaned_data["ground"], actor=request.user)
    messages.success(request, _("Personal data erased: the newsletter's subscription, its "
                                "messages and counters; the processor is asked to delete it."))
    return redirect("privacy:console", organization.slug)


@require_POST
@_console
def rectify(request, organization, party_id: int, target_id: int):
    parties = _person(organization, party_id)
    target = next((party for party in parties if party.pk == target_id), None)
    if target is None:
        raise Http404
    form = RectifyForm(request.POST)
    if not form.is_valid():
        return _person_page(request, organization, party_id,
                                  rectify=(target.pk, form), status=400)
    try:
        services.party_rectify(party=target, actor=request.user, **form.cleaned_data)
    except Invalid as problem:
        form.add_error(None, str(problem))
        return _person_page(request, organization, party_id,
                                  rectify=(target.pk, form), status=400)
    return redirect("privacy:person", organization.slug, target.pk)


@require_POST
@_console
def erase(request, organization, party_id: int):
    parties = _person(organization, party_id)
    form = EraseForm(request.POST)
    if not form.is_valid():
        return _person_page(request, organization, party_id, erase_form=form,
                                  status=400)
    try:
        services.erase_person(organization=organization, parties=parties,
                              ground=form.cleaned_data["ground"], actor=request.user)
    except Refused as refusal:
        return _person_page(request, organization, party_id, erase_form=form,
                                  problem=_("Erasure refused: %(reason)s") % {
                                      "reason": refusal.reason}, status=409)
    except NotPermitted as refusal:
        return refused(request, organization, refusal.reason)
    # Then back to the console (a reload must not post the erasure again), saying what was done.
    messages.success(request, _(
        "Personal data erased from %(cases)s. The cases' histories keep a digest of each "
        "erased entry, so they and their seals still verify; the reports keep their counts.")
        % {"cases": ", ".join(sorted({party.case.reference for party in parties}))})
    return redirect("privacy:console", organization.slug)


@org_view
@roles_allow(permissions.may_read_access_log,
             gettext_lazy("Only the auditor and the privacy officer read who read the files."))
def reads(request, organization):
    """Who opened which case file or downloaded which document: the cases' access log (the
    same rows the case page lists), over the whole organization, newest first."""
    rows = AccessLog.objects.filter(case__organization=organization).select_related(
        "case").order_by("-at", "-id")
    reference = request.GET.get("case", "").strip()[:30]
    if reference:
        rows = rows.filter(case__reference=reference)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "privacy/reads.html", {
        "organization": organization, "page": page, "reference": reference})

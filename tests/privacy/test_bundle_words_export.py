"""Issue 13, point 2, in the access export (GDPR art. 15): a step Waterdal's bundle declares is
named in the PDF's history as the bundle names it (texts ``[events]``: "advies van de
adviescommissie", AWB-7:13), not by its key in words; and "why it is kept" names the case as the
bundle does (a bezwaar, not a "klacht"), with Ombud's sentence where no bundle names it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from live_bundles import put_live
from pdf_text import pdf_bytes_text

from ombud.cases import services
from ombud.cases.models import PartyRole
from ombud.orgs.models import Membership
from ombud.privacy import export, selectors


@pytest.fixture
def waterdal(db, monkeypatch, capsys):
    return put_live(monkeypatch, capsys, "waterdal/bezwaar", "Gemeente Waterdal", "nl",
                    (("fatima", "handler"), ("ingrid", "intake")))


def _user(organization, role):
    return Membership.objects.get(organization=organization, role=role).user


def _advised_bezwaar(organization, client):
    today = timezone.localdate()
    case = services.case_register(
        organization=organization, procedure_id="waterdal/bezwaar", channel="letter",
        received_on=today, title="Weigering omgevingsvergunning dakkapel",
        complainant=services.PartyDetails("J. de Vries", email="j.devries@example.org"),
        actor=_user(organization, "intake"), details={"decision_on": today - timedelta(5)})
    client.force_login(_user(organization, "handler"))
    url = f"/waterdal/cases/{case.reference}/steps/"
    for step, text in (("advice_requested", ""), ("advice_issued", "Het bezwaar is ongegrond.")):
        response = client.post(url + f"{step}/", {f"{step}-on": today.isoformat(),
                                                  f"{step}-text": text})
        assert response.status_code == 302
    return case


def _export(case):
    party = case.parties.get(role=PartyRole.COMPLAINANT)
    parties = selectors.person_parties(case.organization, party.pk)
    data = export.export_data(case.organization, selectors.places_of(case.organization, parties))
    return data, " ".join(pdf_bytes_text(export.export_pdf(data)).split())


def test_awb_7_13_the_export_names_a_declared_step_as_the_bundle_does(waterdal, client):
    _data, pdf = _export(_advised_bezwaar(waterdal, client))
    assert "Advies van de adviescommissie" in pdf or "advies van de adviescommissie" in pdf
    assert "advice issued" not in pdf and "advice requested" not in pdf


def test_awb_6_4_why_it_is_kept_names_the_bezwaar_not_a_klacht(waterdal, client):
    data, pdf = _export(_advised_bezwaar(waterdal, client))
    assert "uw bezwaar" in data["purposes"] and "klacht" not in data["purposes"]
    assert "klacht" not in pdf.casefold()


def test_awb_6_4_the_consent_given_is_to_keeping_the_bezwaar_not_a_klacht(waterdal):
    """The form's consent, in the export's "your consents": to keeping the bezwaar as the
    bundle names it; the JSON says the same for a computer."""
    today = timezone.localdate()
    case = services.case_register(
        organization=waterdal, procedure_id="waterdal/bezwaar", channel="web",
        received_on=today, title="Weigering omgevingsvergunning dakkapel",
        complainant=services.PartyDetails("J. de Vries", email="j.devries@example.org"),
        actor=_user(waterdal, "intake"),
        details={"decision_on": today - timedelta(5), "consent": True})
    data, pdf = _export(case)
    assert data["consents"] and data["consents"][0]["consent"] is True
    assert data["consent_purpose"] == "Om uw bezwaar te bewaren voor de behandeling"
    assert "Om uw bezwaar te bewaren voor de behandeling" in pdf
    assert "klacht" not in pdf.casefold()

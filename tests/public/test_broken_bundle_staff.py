"""Issue 13, point 3 (the queue says nothing when a broken bundle hides its cases) and X-06
(each case is opened under the procedure version in force that day and keeps it).

A procedure of the organization that cannot be read hides its cases; the queue says so in the
staff's language (which procedure, that its cases are not shown, that an administrator mends
the bundle, and what ``ombud procedure validate`` says), the case page answers with the staff's
clear page (503), never a 500, and another organization's staff see nothing of it. A version
file edited after cases were opened under it counts as such a broken bundle, naming the
version, until the file is put back: the deadlines of its cases are never counted again by the
edited file, and ``ombud procedure validate`` says so."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from public_world import NAME, PublicClient
from test_waterdal_bezwaar import EXAMPLES, file_bezwaar, waterdal_live

from ombud.cases import services
from ombud.cases.models import Case
from ombud.cases.versions_in_use import VersionInUse
from ombud.cli import main
from ombud.orgs.models import Membership
from tests.cast import sign_in

VERSION = Path("waterdal") / "bezwaar" / "2026-01-01.toml"


@pytest.fixture
def bundles(db, tmp_path, monkeypatch, capsys):
    """Waterdal live from a copy of its bundle that the test may break, with one bezwaar."""
    shutil.copytree(EXAMPLES / "waterdal", tmp_path / "bundles" / "waterdal")
    organization = waterdal_live(monkeypatch, tmp_path / "bundles")
    capsys.readouterr()
    case, _visitor = file_bezwaar(timezone.localdate() - timedelta(days=5))
    return tmp_path / "bundles", organization, case


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_issue_13_point_3_the_queue_names_a_broken_procedure_whose_cases_it_hides(
        bundles, client, people):
    folder, waterdal, case = bundles
    version = folder / VERSION
    good = version.read_text(encoding="utf-8")
    version.write_text(good.replace('unit = "weeks"', 'unit = "fortnights"', 1),
                       encoding="utf-8")
    sign_in(client, Membership.objects.get(organization=waterdal).user, "nl")
    queue = client.get("/waterdal/cases/")
    assert queue.status_code == 200
    text = _text(queue)
    assert "De procedure “waterdal/bezwaar” kan niet worden gelezen" in text
    assert "de zaken worden hier niet getoond" in text
    assert "Een beheerder moet de bundel herstellen" in text
    assert "fortnights" in text and "2026-01-01.toml" in text  # the validate line
    assert case.reference not in text
    page = client.get(f"/waterdal/cases/{case.reference}/")
    assert page.status_code == 503 and "2026-01-01.toml" in _text(page)
    sign_in(client, people["dnv"]["handler"], "nl")  # another organization: untouched
    other = _text(client.get("/dnv/cases/"))
    assert "waterdal" not in other and "kan niet worden gelezen" not in other
    version.write_text(good, encoding="utf-8")  # mended: back at once, no restart
    sign_in(client, Membership.objects.get(organization=waterdal).user, "nl")
    text = _text(client.get("/waterdal/cases/"))
    assert case.reference in text and "kan niet worden gelezen" not in text


def test_x_06_a_version_edited_under_its_cases_stops_them_and_names_the_version(
        bundles, client, monkeypatch, capsys):
    folder, waterdal, case = bundles
    kept = VersionInUse.objects.get(procedure_id="waterdal/bezwaar")
    assert kept.version == "2026-01-01" and len(kept.sha256) == 64
    due_before = Case.objects.get(pk=case.pk).next_due
    version = folder / VERSION
    good = version.read_text(encoding="utf-8")
    # a valid file, but the decision's period is now 8 weeks: the running deadline would move
    edited = good.replace("from = \"deadline:filing\"\namount = 6",
                          "from = \"deadline:filing\"\namount = 8")
    assert edited != good
    version.write_text(edited, encoding="utf-8")
    assert main(["procedure", "validate", str(version)]) == 0  # the file alone is valid
    monkeypatch.setenv("OMBUD_DEMO", "1")  # given the server's settings, it compares
    capsys.readouterr()
    assert main(["procedure", "validate", "--all"]) == 1
    said = capsys.readouterr().err
    assert "'2026-01-01' of waterdal/bezwaar was changed after cases were opened under it" in said
    assert "publish the change as a new version" in said
    sign_in(client, Membership.objects.get(organization=waterdal).user, "nl")
    text = _text(client.get("/waterdal/cases/"))
    assert "Versie “2026-01-01” is gewijzigd nadat er zaken onder zijn geopend" in text
    assert case.reference not in text
    page = client.get(f"/waterdal/cases/{case.reference}/")
    assert page.status_code == 503
    assert "De versie “2026-01-01” van de procedure “waterdal/bezwaar”" in _text(page)
    services.cases_refresh(today=timezone.localdate() + timedelta(days=60))
    assert Case.objects.get(pk=case.pk).next_due == due_before  # never recounted
    # no new case is opened under the edited file: the public reads the polite notice
    response, _key = PublicClient("nl").send("/waterdal/bezwaar/new/", {
        "name": NAME, "email": "a@example.org", "phone": "", "website": "",
        "address": "Dorpsstraat 2, 9999 ZZ Waterdal", "filer": "party", "about": "permit",
        "decision_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "title": "Weigering", "description": "Besluit.", "reasons": "Onjuist.",
        "signature": NAME, "signed": "on", "consent": "on"})
    assert response.status_code == 503 and "2026-01-01" not in response.content.decode()
    assert Case.objects.count() == 1
    # a comment mended (what the file says is the same): its cases go on
    version.write_text(good + "\n# Gewijzigd: alleen dit commentaar.\n", encoding="utf-8")
    assert case.reference in _text(client.get("/waterdal/cases/"))
    version.write_text(good, encoding="utf-8")  # put back: all as before
    capsys.readouterr()
    assert main(["procedure", "validate", "--all"]) == 0, capsys.readouterr().err
    assert case.reference in _text(client.get("/waterdal/cases/"))

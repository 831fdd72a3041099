"""Issue 13, point 4: the annual report counts forwarded cases (fvl § 33, FVL-33-4). A klage the
first instance does not grant goes to the appeal body by itself: not a party's appeal, so the
report does not count it as "appealed", and says apart how many cases were forwarded, with
the list of those cases behind the number, in nb, nl and en; small counts are hidden for an
outside body as every other count is."""

from __future__ import annotations

import re

from django.utils import timezone
from pdf_text import pdf_bytes_text
from test_fjellby_forwarding import _filed, _step, kari  # noqa: F401 - the fixture

from ombud.cli import main
from ombud.orgs.models import Membership, Organization
from tests.cast import sign_in


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_fvl_33_4_the_annual_report_counts_the_forwarded_case_apart_from_appeals(
        kari, client, capsys):  # noqa: F811
    case, _track = _filed()
    assert _step(client, case, "forwarded", reasons="Vedtaket står.").status_code == 302
    assert main(["user", "create", "mona", "--org", "fjellby", "--role", "manager",
                 "--email", "mona@fjellby.example"]) == 0
    manager = Membership.objects.get(user__username="mona").user
    Organization.objects.filter(slug="fjellby").update(suppress_small_cells=True)
    year = timezone.localdate().year
    words = {"nb": ("1 sak ble sendt til klageinstansen.", "Sendt til klageinstansen"),
             "nl": ("1 zaak is doorgezonden naar de beroepsinstantie.",
                    "Doorgezonden naar de beroepsinstantie"),
             "en": ("1 case was forwarded to the appeal body.", "Forwarded to the appeal body")}
    for language, (summary, title) in words.items():
        sign_in(client, manager, language)
        page = client.get(f"/fjellby/reports/?year={year}")
        text = _text(page)
        assert summary in text and title in text
        html = page.content.decode()
        assert "figure=forwarded" in html  # the number opens its cases
    sign_in(client, manager, "en")
    # the bundle's word for its appeals (texts appeals): a klage on a dismissal
    assert "Appeals against a dismissal: 0." in _text(client.get(f"/fjellby/reports/?year={year}"))
    listed = _text(client.get("/fjellby/reports/cases/",
                              {"year": year, "figure": "forwarded", "value": "forwarded"}))
    assert case.reference in listed and "Forwarded to the appeal body" in listed
    exported = client.get("/fjellby/reports/annual.csv", {"year": year})
    assert "forwarded to the appeal body" in exported.content.decode("utf-8-sig")
    outside = client.get("/fjellby/reports/annual.csv", {"year": year, "outside": "1"})
    line = next(row for row in outside.content.decode("utf-8-sig").splitlines()
                if "forwarded to the appeal body" in row)
    assert "<3" in line  # one case: hidden for an outside body, as any count of 1 or 2


def test_fvl_33_4_a_procedure_that_does_not_forward_says_nothing_of_it(people, client):
    sign_in(client, people["pp"]["manager"], "en")
    text = _text(client.get(f"/pp/reports/?year={timezone.localdate().year}"))
    assert "forwarded to the appeal body" not in text.lower()


def test_fvl_28_1_the_annual_report_of_a_klage_or_bezwaar_is_not_titled_on_complaints(
        kari, client, capsys):  # noqa: F811
    """Fjellby's case is a klage in bokmål (klager, as Ombud's title says), a bezwaar in Dutch
    and an appeal in English: there the report's title is the neutral one."""
    assert main(["user", "create", "mona", "--org", "fjellby", "--role", "manager",
                 "--email", "mona@fjellby.example"]) == 0
    manager = Membership.objects.get(user__username="mona").user
    year = timezone.localdate().year
    titles = {"nb": (f"Årsrapport om klager {year}", "Årsrapport: saker"),
              "nl": (f"Jaarverslag: zaken {year}", "klachten"),
              "en": (f"Annual report: cases {year}", "on complaints")}
    for language, (title, wrong) in titles.items():
        sign_in(client, manager, language)
        text = _text(client.get(f"/fjellby/reports/?year={year}"))
        assert title in text and wrong not in text
        pdf = client.get("/fjellby/reports/annual.pdf", {"year": year})
        assert pdf.status_code == 200 and title in pdf_bytes_text(pdf.content)

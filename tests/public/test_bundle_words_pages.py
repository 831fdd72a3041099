"""Issue 13, point 2: the private page and the annual report name a Fjellby klage as the bundle
does. The request to complete it (fvl § 32 third paragraph) is "Fullfør klagen din", not an
"innsigelse"; the report's appeals (a klage on a dismissal, fvl § 2(3)) are "Klager på
avvisningsvedtak", not "Anker". Waterdal's bezwaar reads "Maak uw bezwaar compleet"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.utils import timezone
from public_world import PublicClient, main_text
from test_remedy_terms_and_posting import live, register, step, track_link  # noqa: F401

from ombud.cases.models import Case


def _private(case: Case, language: str) -> str:
    return main_text(PublicClient(language).get(track_link(case), follow=True).content.decode())


def test_fvl_32_3_the_private_page_asks_to_complete_the_klage_not_an_innsigelse(live):  # noqa: F811
    client = live("fjellby-intake")
    assert register(client, "fjellby", received_on=date(2026, 11, 2),
                    decision_on=date(2026, 10, 26)).status_code == 302
    case = Case.objects.get()
    client = live("fjellby-manager")
    assert step(client, case, "incomplete", date(2026, 11, 9), term="10",
                term_unit="calendar_days", text="Klagen er ikke underskrevet.").status_code == 302
    private = _private(case, "nb")
    assert "Fullfør klagen din" in private
    assert "innsigelse" not in private.casefold()


def test_awb_6_6_the_private_page_asks_to_complete_the_bezwaar(live):  # noqa: F811
    client = live("waterdal-intake")
    assert register(client, "waterdal", received_on=date(2026, 11, 2),
                    decision_on=date(2026, 10, 26)).status_code == 302
    case = Case.objects.get()
    client = live("waterdal-manager")
    assert step(client, case, "incomplete", date(2026, 11, 11), term="10",
                term_unit="calendar_days", text="Uw handtekening ontbreekt.").status_code == 302
    private = _private(case, "nl")
    assert "Maak uw bezwaar compleet" in private and "klacht" not in private.casefold()


def test_fvl_2_3_the_annual_report_calls_a_klage_on_a_dismissal_so_not_an_anke(live):  # noqa: F811
    client = live("fjellby-intake")
    assert register(client, "fjellby", received_on=date(2026, 10, 28),
                    decision_on=date(2026, 10, 5)).status_code == 302
    case = Case.objects.get()
    client = live("fjellby-manager")
    assert step(client, case, "declined", date(2026, 11, 2), ground="late",
                reasons="Klagen kom for sent.").status_code == 302
    assert step(client, case, "appealed", date(2026, 11, 20),
                grounds="Jeg var syk.").status_code == 302
    client.get("/fjellby/cases/")  # the steps' messages are shown there, not in the report
    page = client.get("/fjellby/reports/?year=2026")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "Klager på avvisningsvedtak" in text
    assert "Klager på avvisningsvedtak og utfallet av dem" in text
    assert "Klager på avvisningsvedtak: de som kom inn innen 31. desember." in text  # method
    assert "anke" not in text.casefold()


def test_fvl_2_3_the_private_page_offers_a_klage_on_the_dismissal_not_an_anke(live):  # noqa: F811
    """A klage received today on a decision that reached the party 40 days ago is dismissed as
    late today; the private page offers the klage on the dismissal in Fjellby's words."""
    today = timezone.localdate()
    client = live("fjellby-intake")
    assert register(client, "fjellby", received_on=today,
                    decision_on=today - timedelta(days=40)).status_code == 302
    case = Case.objects.get()
    client = live("fjellby-manager")
    assert step(client, case, "declined", today, ground="late",
                reasons="Klagen kom for sent.").status_code == 302
    visitor, link = PublicClient("nb"), track_link(case)
    private = main_text(visitor.get(link, follow=True).content.decode())
    assert "Klage til Statsforvalteren: skriv nedenfor hvorfor du er uenig." in private
    assert "anke" not in private.casefold()
    response = visitor.post(link + "appeal/", {"grounds": "Jeg var syk."}, follow=True)
    private = main_text(response.content.decode())
    assert "Takk: klage mottatt." in private and "Klage sendt" in private
    assert "anke" not in private.casefold()


def test_fvl_2_3_awb_8_1_the_queue_offers_the_states_the_case_types_reach_in_their_words(live):  # noqa: F811
    """Fjellby's klage on a dismissal is "klage sendt", not "anket"; Waterdal's bezwaar has no
    internal appeal (a court appeal, AWB-8:1) and is never forwarded: neither is offered."""
    def states(org: str, username: str) -> list[str]:
        html = live(username).get(f"/{org}/cases/").content.decode()
        select = re.search(r'<select[^>]*name="state".*?</select>', html, re.S).group(0)
        return re.findall(r"<option[^>]*>([^<]*)</option>", select)

    fjellby = states("fjellby", "fjellby-manager")
    assert "klage sendt" in fjellby and "anket" not in fjellby
    waterdal = states("waterdal", "waterdal-manager")
    assert "in beroep" not in waterdal and "doorgestuurd naar de beroepsinstantie" not in waterdal
    assert "beantwoord" in waterdal

"""PP-05 on the staff screen (issue 11, defect 6): text that likely holds special-category data
is not saved without a word. The form warns with the words found; the person removes them or
saves anyway; the case's history keeps that the warning was shown and what was done, and the
privacy officer finds where."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ombud.cases.models import Case, CaseEvent
from ombud.domain.sensitive import findings

TODAY = timezone.localdate
KARI = ("Kari har depresjon, diagnosen kom i høst. Hun er sykmeldt og går til psykolog; "
        "vaktene endres likevel på kort varsel.")


def register(client, **fields):
    data = {"procedure_id": "pp/complaint", "channel": "oral", "received_on": TODAY().isoformat(),
            "name": "Kari Nordmann", "title": "Vakter endres på kort varsel", "account": KARI,
            "receiving_instance": "arbeidsleder", "put_in_writing": "on", **fields}
    return client.post("/pp/cases/register/", data)


@pytest.mark.parametrize(("text", "words"), [
    (KARI, ["depresjon", "diagnosen", "sykmeldt", "psykolog"]),
    ("Hij heeft een burn-out en is ziekgemeld; zijn vakbond weet ervan.", ["burn-out", "vakbond"]),
    ("She is on sick leave after a diagnosis; a trade union rep helped.",
     ["sick leave", "diagnosis", "trade union"]),
    ("Vaktene endres på kort varsel. Sykkelen ble stjålet.", []),
])
def test_pp_05_the_words_are_found_by_their_stems_in_each_language(text, words):
    assert [finding.word for finding in findings(text)] == words


def test_pp_05_the_staff_screen_warns_before_saving_and_saves_nothing(as_person):
    client = as_person("pp-intake")
    response = register(client)
    assert response.status_code == 400
    assert not Case.objects.exists()
    page = response.text
    for word in ("depresjon", "diagnosen", "sykmeldt", "psykolog"):
        assert f"\u201c{word}\u201d" in page
    assert "health" in page and 'name="sensitive_confirmed"' in page
    assert 'name="sensitive_shown" value="health"' in page


def test_pp_05_the_person_removes_the_words_and_the_history_says_the_warning_was_shown(
        as_person):
    client = as_person("pp-intake")
    response = register(client, account="Vaktene endres på kort varsel.",
                        sensitive_shown="health")
    assert response.status_code == 302
    received = CaseEvent.objects.get(type="received")
    assert received.data["sensitive_warning"] == {"categories": ["health"], "fields": [],
                                                  "saved_anyway": False}
    assert "depresjon" not in str(received.data)
    page = as_person("pp-manager").get(f"/pp/cases/{received.case.reference}/").text
    assert "special-category data warned about (health): the text was changed" in page


def test_pp_05_saved_anyway_is_recorded_without_copying_the_words(as_person):
    client = as_person("pp-intake")
    response = register(client, sensitive_shown="health", sensitive_confirmed="on")
    assert response.status_code == 302
    received = CaseEvent.objects.get(type="received")
    assert received.data["sensitive_warning"] == {
        "categories": ["health"], "fields": ["account"], "saved_anyway": True}
    assert received.data["text"] == KARI  # the person decided the case needs it
    # A forged category is not recorded.
    response = register(client, account="Vaktene endres.", sensitive_shown="health,<b>x</b>")
    assert response.status_code == 302
    assert CaseEvent.objects.filter(type="received").order_by("-id").first().data[
        "sensitive_warning"]["categories"] == ["health"]


def test_pp_05_a_staff_text_step_and_a_note_warn_too(as_person, register, step, people):
    # the register fixture opens the case through the service (no screen)
    case = register("pp/complaint")
    step(case, "taken_up")
    step(case, "assigned", handler_id=people["pp"]["handler"].pk)
    client = as_person("pp-handler")
    url = f"/pp/cases/{case.reference}/steps/partner_contacted/"
    data = {"partner_contacted-on": TODAY().isoformat(), "partner_contacted-partner": "fastlegen",
            "partner_contacted-result": "Legen bekrefter at hun er sykmeldt."}
    response = client.post(url, data)
    assert response.status_code == 400 and "\u201csykmeldt\u201d" in response.text
    assert not case.events.filter(type="partner_contacted").exists()
    response = client.post(url, {**data, "partner_contacted-sensitive_shown": "health",
                                 "partner_contacted-sensitive_confirmed": "on"})
    assert response.status_code == 302
    event = case.events.get(type="partner_contacted")
    assert event.data["sensitive_warning"]["saved_anyway"] is True
    assert "sensitive_shown" not in event.data
    note = client.post(f"/pp/cases/{case.reference}/notes/", {"text": "Hun er muslim."})
    assert note.status_code == 400 and "\u201cmuslim\u201d" in note.text
    note = client.post(f"/pp/cases/{case.reference}/notes/",
                       {"text": "Snakket med henne.", "sensitive_shown": "religion"})
    assert note.status_code == 302
    assert case.events.get(type="note").data["sensitive_warning"]["saved_anyway"] is False


def test_pp_05_the_privacy_officer_lists_where_the_warning_was_shown(as_person):
    client = as_person("pp-intake")
    assert client.post("/pp/cases/register/", {
        "procedure_id": "pp/complaint", "channel": "oral", "received_on": TODAY().isoformat(),
        "name": "Kari Nordmann", "title": "Vakter", "account": KARI, "put_in_writing": "on",
        "sensitive_shown": "health", "sensitive_confirmed": "on"}).status_code == 302
    case = Case.objects.get()
    page = as_person("pp-privacy").get("/pp/privacy/warnings/")
    assert page.status_code == 200 and case.reference in page.text
    assert "saved anyway" in page.text and "depresjon" not in page.text
    assert as_person("pp-handler").get("/pp/privacy/warnings/").status_code == 403
    assert case.reference not in as_person("gl-privacy").get("/gl/privacy/warnings/").text


def test_pp_05_the_words_shown_back_are_text_not_markup(as_person):
    client = as_person("pp-intake")
    response = register(client, account='Hun er <b onmouseover="x()">sykmeldt</b>.',
                        title="<script>alert(1)</script>")
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.text
    assert '<b onmouseover="x()">' not in response.text
    assert "\u201csykmeldt\u201d" in response.text


@pytest.mark.parametrize("text", [
    "Kari har depre\u00adsjon.",  # a soft hyphen: shown as "depresjon" (or hyphenated)
    "Kari har depre\u200bsjon.",  # a zero-width space: invisible
    "Kari har de\u2060presjon og er syk\u200dmeldt.",  # word joiner, zero-width joiner
    "Kari har ｄｅｐｒｅｓｊｏｎ.",  # full-width letters
    "She is on sick\u00a0leave.",  # a no-break space between the words
])
def test_pp_05_invisible_or_look_alike_characters_do_not_hide_a_word(text):
    """Attack: an insider who does not want the warning recorded types the word with an
    invisible character inside it; it reads the same on every screen and letter."""
    assert findings(text), text

"""Staff pages say in words what the file stores as codes (issue 11, defect 5): outcomes, what a
submission left out, the hearing report's title, and no zero-day suspension."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import translation

from ombud.cases import services
from ombud.cases.forms.steps import step_form
from ombud.domain import messages as words
from tests.cast import sign_in
from tests.staff.conftest import today


def _page(client, person, case, language: str, step: str = "") -> str:
    sign_in(client, person, language)
    page = client.get(f"/{case.organization.slug}/cases/{case.reference}/",
                      {"step": step} if step else {})
    assert page.status_code == 200
    return re.sub(r"\s+", " ", page.content.decode())


def test_dnv_k_20_the_history_names_the_outcome_in_words(client, alice, register, step):
    case = register("dnv/complaint")
    step(case, "hearing_invited", term_weeks=2)
    step(case, "hearing_waived")
    step(case, "answered", outcome="partly_upheld", reasons="Redenen.", letter="Brief.")
    dutch = _page(client, alice, case, "nl")
    assert "· gedeeltelijk gegrond" in dutch and "partly_upheld" not in dutch
    assert "· delvis medhold" in _page(client, alice, case, "nb")


def test_dnv_k_07_what_a_submission_left_out_is_named_in_the_pages_language(
        client, alice, register):
    case = register("dnv/complaint", details={"missing": ["address", "signature"]})
    assert "ontbreekt: postadres, handtekening" in _page(client, alice, case, "nl")
    assert "mangler: postadresse, underskrift" in _page(client, alice, case, "nb")


def test_dnv_k_16_the_hearing_report_is_titled_in_words_with_its_local_date(
        client, alice, register, step):
    case = register("dnv/complaint")
    step(case, "hearing_invited", term_weeks=2)
    step(case, "hearing_requested")
    step(case, "hearing_held", report="Beide partijen gehoord.")
    page = _page(client, alice, case, "nl")
    day = words.format_date(today(), "nl")
    assert f"Verslag van het horen: hoorzitting gehouden {day}" in page
    assert ": hearing_held" not in page and f" {today().isoformat()}<" not in page


def test_dnv_b_08_a_remedy_on_the_day_it_was_asked_suspends_nothing_and_says_nothing(
        client, alice, register, step):
    case = register("dnv/objection", received_on=today() - timedelta(days=2))
    step(case, "incomplete", term_weeks=2, text="Handtekening ontbreekt.")
    step(case, "remedied")
    page = _page(client, alice, case, "nl")
    assert "0 dagen opgeschort" not in page and "opgeschort van" not in page


def test_dnv_k_15_a_complaints_hearing_forms_use_no_objection_wording(
        client, alice, register, step):
    heard = {case_type: register(case_type) for case_type in ("dnv/complaint", "dnv/objection")}
    for case in heard.values():
        step(case, "hearing_invited", term_weeks=2)
        step(case, "hearing_requested")

    def forms_of(case_type: str) -> str:
        """The hearing report's form on the case page and the answer's form, in Dutch."""
        page = _page(client, alice, heard[case_type], "nl", "hearing_held")
        assert 'name="hearing_held-report"' in page
        with translation.override("nl"):
            procedure = services.procedure_of(heard[case_type])
            answer = str(step_form("answered", procedure=procedure, prefix="answered"))
        return page + answer

    on_complaint = forms_of("dnv/complaint")
    assert "kennelijk ongegrond" in on_complaint  # the ground DNV-K-15 gives
    assert "bestreden besluit" not in on_complaint
    assert "kennelijk niet-ontvankelijk" not in on_complaint
    # DNV-B-13, DNV-B-15: the objection keeps its own
    on_objection = forms_of("dnv/objection")
    assert "bestreden besluit" in on_objection
    assert "kennelijk niet-ontvankelijk" in on_objection


def test_dnv_b_02_the_objector_is_the_indiener_and_the_queue_keeps_the_shared_word(
        client, alice, register):
    """DNV's objection procedure (4.1.1b, chapter 2) calls the objector "de indiener": its texts
    say so for the objection alone; a complaint keeps "Klager", and the queue, holding both case
    types, keeps Ombud's column name."""
    objection = register("dnv/objection", name="Els Bakker")
    complaint = register("dnv/complaint", name="Kees Jansen")
    assert "Indiener: Els Bakker" in _page(client, alice, objection, "nl")
    assert "Objector: Els Bakker" in _page(client, alice, objection, "en")
    assert "Klager: Els Bakker" in _page(client, alice, objection, "nb")  # Ombud's word
    assert "Klager: Kees Jansen" in _page(client, alice, complaint, "nl")
    queue = re.sub(r"\s+", " ", client.get("/dnv/cases/").content.decode())
    assert 'data-label="Klager"' in queue and "Indiener" not in queue


def test_dnv_i_02_the_candidate_who_asks_to_inspect_is_no_complainant(client, alice, register):
    """Pieter asks to inspect his failed exam (DNV-I-02) and the list of his wrong terms
    (DNV-I-08); a person asks for their own data (DNV-I-01): none of them complains, so the
    case page does not call them "Klager"."""
    inspection = register("dnv/inspection", name="Pieter de Vries")
    terms = register("dnv/terms", name="Pieter de Vries")
    data_request = register("dnv/data_request", name="Pieter de Vries")
    assert "Kandidaat: Pieter de Vries" in _page(client, alice, inspection, "nl")
    assert "Candidate: Pieter de Vries" in _page(client, alice, inspection, "en")
    assert "Kandidaat: Pieter de Vries" in _page(client, alice, terms, "nl")
    assert "Aanvrager: Pieter de Vries" in _page(client, alice, data_request, "nl")
    assert "Klager: Pieter de Vries" not in _page(client, alice, inspection, "nl")


def test_x_08_on_a_phone_each_message_sent_reads_as_a_card_with_its_labels(
        client, alice, register, step):
    """The auditor checks on a phone that each written answer went out (X-08): the messages
    table becomes cards, each cell named ("Til: kari@…"), as the queue's rows do."""
    case = register("dnv/complaint")
    step(case, "acknowledged")
    page = _page(client, alice, case, "nb")
    table = page[page.index('class="messages-sent"'):].split("</table>")[0]
    for label in ("Melding", "Til", "Status"):
        assert f'data-label="{label}"' in table, label


def test_pp_17_the_history_names_the_body_that_handles_the_appeal(client, register, step,
                                                                   people):
    """Journey 7: the auditor reads in the file that the board (styret) took Kari's appeal,
    not only which person was appointed (PP-17)."""
    case = register("pp/complaint")
    handler, board_handler = people["pp"]["handler"], people["pp"]["handler2"]
    step(case, "taken_up")
    step(case, "assigned", handler_id=handler.pk, handler=handler.get_full_name())
    step(case, "answered", by=handler, outcome="not_upheld", reasons="Nei.", letter="Svar.")
    step(case, "appealed", grounds="Uenig.")
    step(case, "assigned", handler_id=board_handler.pk, handler=board_handler.get_full_name(),
         body="Styret")
    history = _page(client, people["pp"]["auditor"], case, "nb").partition('class="history"')[2]
    assert f"{board_handler.get_full_name()} · Styret" in history, history[:3000]

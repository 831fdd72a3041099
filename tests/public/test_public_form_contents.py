"""What the public form asks, per procedure: who may file and about what, what the document must
contain, the dates a filing window needs (with a warning and a confirmation once it has passed),
the privacy consent and notices, the fees, and the language it speaks."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from pdf_text import pdf_text
from public_world import (
    PROCEDURES,
    TODAY,
    PublicClient,
    choices,
    elements,
    field_error,
    field_widgets,
    footprint,
    form_path,
    main_text,
    valid_fields,
)
from worker import run_worker

from ombud.cases import services
from ombud.domain import engine
from ombud.public.models import Submission
from tests.cast import sign_in


def page_of(procedure_id: str, language: str = "en") -> str:
    response = PublicClient(language).get(form_path(procedure_id))
    assert response.status_code == 200
    return response.content.decode()


def filed_case(key: str):
    return Submission.objects.get(key=key).case


# -- who may file, about what -----------------------------------------------------------------


@pytest.mark.parametrize(("procedure_id", "rule", "filers"), [
    ("av/complaint", "AV-03", ["participant", "customer", "buyer"]),
    ("gl/complaint", "GL-03", ["participant", "customer", "buyer"]),
    ("pp/complaint", "PP-07", ["participant", "customer", "buyer"]),
    ("dnv/complaint", "DNV-K-01", ["candidate", "holder", "employer"]),
    ("ne/appeal", "NE-A-01", ["applicant", "holder"]),
])
def test_av_03_gl_03_pp_07_dnv_k_01_ne_a_01_the_form_offers_exactly_who_may_file(
        people, procedure_id, rule, filers):
    page = page_of(procedure_id)
    assert choices(page, "filer") == filers
    assert rule not in main_text(page)  # the rule is for staff; the choices say who


def test_dnv_k_01_the_filer_choices_are_named_in_words(people):
    text = main_text(page_of("dnv/complaint"))
    for label in ("candidate", "certificate holder",
                  "employer or client of a candidate or certificate holder"):
        assert label in text


def test_a_filer_the_procedure_does_not_name_is_refused_and_nothing_is_filed(people):
    before = footprint()
    response, _ = PublicClient().send(form_path("ne/appeal"),
                                      {**valid_fields("ne/appeal"), "filer": "customer"})
    assert response.status_code == 400
    assert "Select a valid choice" in field_error(response.content.decode(), "filer")
    assert footprint() == before


@pytest.mark.parametrize(("procedure_id", "subjects"), [
    ("dnv/complaint", ["conduct", "dnv_itself", "exam", "holder_validity"]),  # DNV-K-04
    ("ne/complaint", ["premises", "course"]),  # NE-C-01
    ("av/complaint", ["rehabilitation", "sales"]),  # AV-01
])
def test_dnv_k_04_ne_c_01_av_01_the_form_offers_the_subjects_of_the_procedure(
        people, procedure_id, subjects):
    assert choices(page_of(procedure_id), "about") == subjects


def test_av_01_the_two_service_areas_are_named_in_bokmal(people):
    text = main_text(page_of("av/complaint", "nb"))
    assert "levering av attførings- og tilretteleggingstjenester" in text
    assert "levering av salg- og servicetjenester" in text


def test_dnv_k_03_the_complaint_form_points_an_exam_result_to_the_objection_form(people):
    page = page_of("dnv/complaint")
    assert elements(page, "a", href="/dnv/objection/new/")
    assert "To challenge an exam result, use the form for:" in main_text(page)
    assert "DNV-K-03" not in main_text(page)  # the rule is for staff, not for the filer


def test_the_chosen_filer_and_subject_are_recorded_with_the_case(people):
    response, key = PublicClient().send(form_path("av/complaint"), {
        **valid_fields("av/complaint"), "filer": "buyer", "about": "sales"})
    assert response.status_code == 302
    received = filed_case(key).events.get(type="received")
    assert (received.data["filer"], received.data["about"]) == ("buyer", "sales")


# -- what the document must contain (DNV-K-07, DNV-B-02) --------------------------------------


def test_dnv_k_07_the_complaint_form_asks_for_the_address_as_required(people):
    page = page_of("dnv/complaint")
    assert field_widgets(page, "address")
    text = main_text(page)
    assert "Postal address, postcode and town" in text and "Required." in text
    assert "DNV-K-07" not in text


def test_dnv_k_07_a_complaint_without_address_is_held_back_with_a_clear_question(people):
    visitor = PublicClient()
    before = footprint()
    response, key = visitor.send(form_path("dnv/complaint"),
                                 {**valid_fields("dnv/complaint"), "address": ""})
    assert response.status_code == 400
    page = response.content.decode()
    problem = field_error(page, "incomplete_confirmed")
    assert "Missing: postal address." in problem and "DNV-K-07" not in problem
    assert field_widgets(page, "incomplete_confirmed")  # the confirmation is now asked for
    assert footprint() == before

    sent = visitor.post(form_path("dnv/complaint"), {
        **valid_fields("dnv/complaint"), "address": "", "key": key,
        "incomplete_confirmed": "on"})
    assert sent.status_code == 302  # received all the same; the organization asks for the rest
    assert filed_case(key).events.get(type="received").data["missing"] == ["address"]


def test_dnv_k_07_a_complete_complaint_is_not_asked_to_confirm_anything(people):
    page = page_of("dnv/complaint")
    assert not field_widgets(page, "incomplete_confirmed")
    assert not field_widgets(page, "late_confirmed")
    response, key = PublicClient().send(form_path("dnv/complaint"), valid_fields("dnv/complaint"))
    assert response.status_code == 302
    assert "missing" not in filed_case(key).events.get(type="received").data


def test_dnv_b_02_objection_form_asks_for_a_signature(people):
    page = page_of("dnv/objection")
    assert field_widgets(page, "signature") and field_widgets(page, "signed")
    assert "An objection must be signed." in main_text(page)
    assert "DNV-B-02" not in main_text(page)


def test_dnv_b_02_other_forms_ask_for_no_signature(people):
    for procedure_id in ("dnv/complaint", "pp/complaint", "dnv/inspection"):
        assert not field_widgets(page_of(procedure_id), "signature"), procedure_id


def test_dnv_b_02_a_signature_that_is_not_the_name_is_refused_on_the_signature_field(people):
    before = footprint()
    response, _ = PublicClient().send(form_path("dnv/objection"), {
        **valid_fields("dnv/objection"), "signature": "Someone Else"})
    assert response.status_code == 400
    assert "Type your name exactly as in the field Full name." in field_error(
        response.content.decode(), "signature")
    assert footprint() == before


def test_dnv_b_02_the_signature_matches_the_name_whatever_the_case_and_spacing(people):
    response, key = PublicClient().send(form_path("dnv/objection"), {
        **valid_fields("dnv/objection"), "signature": "  sanne   DE vries "})
    assert response.status_code == 302
    received = filed_case(key).events.get(type="received").data
    assert "missing" not in received and received["signature"]


@pytest.mark.parametrize("unsigned", [{"signature": ""}, {"signed": ""}],
                         ids=["no-name-typed", "not-ticked"])
def test_dnv_b_02_an_unsigned_objection_is_received_only_after_confirmation(people, unsigned):
    visitor = PublicClient()
    before = footprint()
    fields = {**valid_fields("dnv/objection"), **unsigned}
    response, key = visitor.send(form_path("dnv/objection"), fields)
    assert response.status_code == 400
    problem = field_error(response.content.decode(), "incomplete_confirmed")
    assert "Missing: signature." in problem and "DNV-B-02" not in problem
    assert footprint() == before
    sent = visitor.post(form_path("dnv/objection"),
                        {**fields, "key": key, "incomplete_confirmed": "on"})
    assert sent.status_code == 302
    assert filed_case(key).events.get(type="received").data["missing"] == ["signature"]


# -- the dates a filing window needs ----------------------------------------------------------


def test_dnv_k_05_the_exam_date_is_required_when_the_complaint_is_about_an_exam(people):
    before = footprint()
    response, _ = PublicClient().send(form_path("dnv/complaint"), {
        **valid_fields("dnv/complaint"), "about": "exam", "exam_on": ""})
    assert response.status_code == 400
    problem = field_error(response.content.decode(), "exam_on")
    assert "Give this date: the period to file runs from it." in problem
    assert footprint() == before


def test_dnv_k_05_the_exam_date_is_not_asked_of_a_complaint_about_conduct(people):
    response, key = PublicClient().send(form_path("dnv/complaint"), {
        **valid_fields("dnv/complaint"), "about": "conduct", "exam_on": ""})
    assert response.status_code == 302
    assert "exam_on" not in filed_case(key).events.get(type="received").data


def test_dnv_k_05_the_exam_date_is_recorded_and_starts_the_filing_window(people):
    exam_on = TODAY() - timedelta(days=3)
    response, key = PublicClient().send(form_path("dnv/complaint"), {
        **valid_fields("dnv/complaint"), "about": "exam", "exam_on": exam_on.isoformat()})
    assert response.status_code == 302
    case = filed_case(key)
    filing = state_of(case).deadline("filing")
    assert (filing.rule, filing.start, filing.status) == ("DNV-K-05", exam_on, "met")


@pytest.mark.parametrize(("procedure_id", "field", "rule", "period"), [
    ("dnv/objection", "decision_on", "X-20", "6 weeks"),
    ("dnv/inspection", "result_on", "DNV-I-02", "5 days"),
    ("dnv/terms", "result_on", None, None),
])
def test_x_20_dnv_i_02_the_date_a_window_runs_from_is_required(people, procedure_id, field,
                                                               rule, period):
    page = page_of(procedure_id)
    [widget] = field_widgets(page, field)
    assert widget["type"] == "date" and "required" in widget
    if rule:
        assert f"The period to file: {period} after this date." in main_text(page)
        assert rule not in main_text(page)  # the rule is for staff
    before = footprint()
    response, _ = PublicClient().send(form_path(procedure_id),
                                      {**valid_fields(procedure_id), field: ""})
    assert response.status_code == 400
    assert field_error(response.content.decode(), field) == "This field is required."
    assert footprint() == before


def state_of(case) -> engine.CaseState:
    return engine.evaluate(services.procedure_of(case), services.engine_events(case), TODAY(),
                           services.meeting_days(case.organization))


LATE = [  # (procedure, the fields that put the filing after its window, the window's rule)
    ("dnv/objection", {"decision_on": (TODAY() - timedelta(days=60)).isoformat()}, "X-20"),
    ("dnv/complaint", {"about": "exam", "exam_on": (TODAY() - timedelta(days=40)).isoformat()},
     "DNV-K-05"),
    ("dnv/inspection", {"result_on": (TODAY() - timedelta(days=12)).isoformat()}, "DNV-I-02"),
]


@pytest.mark.parametrize(("procedure_id", "late", "rule"), LATE,
                         ids=[procedure_id for procedure_id, _, _ in LATE])
def test_x_20_dnv_k_05_dnv_i_02_a_passed_window_is_warned_about_and_confirmed_before_filing(
        people, procedure_id, late, rule):
    visitor = PublicClient()
    fields = {**valid_fields(procedure_id), **late}
    before = footprint()
    response, key = visitor.send(form_path(procedure_id), fields)
    assert response.status_code == 400
    page = response.content.decode()
    warning = elements(page, "p", class_="warning", role="alert")
    assert warning, "the warning is announced (role=alert)"
    text = main_text(page)
    assert "The period has passed." in text and "The period to file ended on" in text
    assert "after" in text.partition("The period to file ended on")[2]  # its basis, in words
    assert rule not in text  # the rule is for staff
    assert field_widgets(page, "late_confirmed")
    assert "Confirm that you want to send it after the period." in field_error(
        page, "late_confirmed")
    assert footprint() == before  # nothing filed until confirmed

    sent = visitor.post(form_path(procedure_id), {**fields, "key": key, "late_confirmed": "on"})
    assert sent.status_code == 302
    case = filed_case(key)
    filing = state_of(case).deadline("filing")
    assert (filing.rule, filing.status, filing.met_on) == (rule, "missed", TODAY())
    assert filing.due < TODAY()  # the late filing stays visible as late


def test_x_20_a_filing_within_the_window_is_not_warned_about(people):
    response, _ = PublicClient().send(form_path("dnv/objection"), valid_fields("dnv/objection"))
    assert response.status_code == 302


@pytest.mark.parametrize(("procedure_id", "field"), [
    ("dnv/objection", "decision_on"), ("dnv/inspection", "result_on"),
    ("dnv/complaint", "exam_on")])
def test_x_20_dnv_i_02_dnv_k_05_a_date_in_the_future_is_refused_on_its_field_alone(
        people, procedure_id, field):
    before = footprint()
    fields = {**valid_fields(procedure_id), "about": "exam" if field == "exam_on" else
              valid_fields(procedure_id)["about"],
              field: (TODAY() + timedelta(days=1)).isoformat()}
    response, _ = PublicClient().send(form_path(procedure_id), fields)
    assert response.status_code == 400
    problem = field_error(response.content.decode(), field)
    assert problem.startswith("The date cannot be in the future.")
    # the date was given: the person is not also told to give it
    assert "Give this date" not in problem, problem
    assert footprint() == before



@pytest.mark.parametrize(("procedure_id", "field"), [
    ("dnv/objection", "decision_on"), ("dnv/inspection", "result_on"),
    ("dnv/complaint", "exam_on")])
def test_x_20_a_date_before_2000_is_refused_on_its_field_alone(people, procedure_id, field):
    """As on the staff's forms: no procedure was in force then and the calendars hold no data.
    The public form took any date back to the year 1: an objection to a decision of 0001-01-01
    was filed (late, confirmed), and the organization's answer deadline, counted from it, went
    into its report as missed by 739,870 days (the deadline cell's sum, a 32-bit integer on
    PostgreSQL, overflowed after some 2,900 such filings: every later follow-up of that cell
    failed in the database)."""
    before = footprint()
    fields = {**valid_fields(procedure_id), "about": "exam" if field == "exam_on" else
              valid_fields(procedure_id)["about"], field: "0001-01-01",
              "late_confirmed": "on"}
    response, _ = PublicClient().send(form_path(procedure_id), fields)
    assert response.status_code == 400
    assert field_error(response.content.decode(), field).startswith(
        "Give a date from 1 January 2000 on.")
    assert footprint() == before

# -- privacy (PP-04, PP-05, PP-06) ------------------------------------------------------------


def test_pp_04_consent_is_required_before_sending(people):
    page = page_of("pp/complaint")
    [consent] = field_widgets(page, "consent")
    assert consent["type"] == "checkbox" and "required" in consent
    assert ("I consent to Personalpartner AS storing my contact details and what I write here "
            "to handle my case") in main_text(page)
    before = footprint()
    response, _ = PublicClient().send(form_path("pp/complaint"),
                                      {**valid_fields("pp/complaint"), "consent": ""})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "consent") == "This field is required."
    assert footprint() == before


def test_pp_04_the_consent_is_recorded_with_the_case(people):
    response, key = PublicClient().send(form_path("pp/complaint"), valid_fields("pp/complaint"))
    assert response.status_code == 302
    received = filed_case(key).events.get(type="received")
    assert received.data["consent"] is True
    # The exact words ticked and their language, kept in the chain with the moment (issue 14).
    assert received.data["consent_text"] == (
        "I consent to Personalpartner AS storing my contact details and what I write here to "
        "handle my case")
    assert received.data["consent_language"] == "en" and received.recorded_at is not None


@pytest.mark.parametrize("language", ["en", "nb"])
def test_pp_05_the_form_warns_against_sensitive_personal_data(people, language):
    page = page_of("pp/complaint", language)
    [notice] = elements(page, "p", id="sensitive-notice")
    assert notice is not None
    text = main_text(page)
    if language == "en":
        assert "Do not include sensitive personal data." in text
        assert "health, religion, ethnic origin" in text
    else:
        assert "Ikke ta med sensitive personopplysninger." in text


@pytest.mark.parametrize("slug", ["ne", "av", "gl", "pp", "dnv"])
def test_pp_06_the_form_links_the_privacy_statement_and_the_routine(organizations, slug):
    organization = organizations[slug]
    procedure_id = {"ne": "ne/complaint", "dnv": "dnv/complaint"}.get(slug, f"{slug}/complaint")
    page = page_of(procedure_id)
    assert organization.privacy_url and organization.routine_url
    assert elements(page, "a", href=organization.privacy_url)
    assert elements(page, "a", href=organization.routine_url)


def test_pp_06_an_organization_without_a_routine_url_shows_no_empty_link(organizations):
    organizations["pp"].routine_url = ""
    organizations["pp"].save()
    page = page_of("pp/complaint")
    assert elements(page, "a", href=organizations["pp"].privacy_url)
    assert "How your case is handled" not in main_text(page)
    assert not elements(page, "a", href="")


@pytest.mark.parametrize(("procedure_id", "language", "link_text"), [
    ("dnv/inspection", "nl", "Zo wordt uw zaak behandeld"),
    ("dnv/objection", "nl", "Zo wordt uw zaak behandeld"),
    ("ne/appeal", "nb", "Slik behandles saken din"),
    ("pp/complaint", "nb", "Slik behandles saken din")])
def test_pp_06_the_routine_link_names_no_complaint_on_a_form_for_something_else(
        organizations, procedure_id, language, link_text):
    """Pieter asks to inspect his exam (DNV-I-02), or objects (DNV-B-01): the link to the
    routine beside the privacy statement (PP-06) must not tell him it is about complaints."""
    routine_url = organizations[procedure_id.partition("/")[0]].routine_url
    [link] = re.findall(rf'<a href="{re.escape(routine_url)}">([^<]*)</a>',
                        page_of(procedure_id, language))
    assert link == link_text


# -- fees (DNV-I-07, DNV-I-08) ----------------------------------------------------------------


@pytest.mark.parametrize(("procedure_id", "incl_vat", "rule"), [
    ("dnv/inspection", "€90.75", "DNV-I-07"), ("dnv/terms", "€54.45", "DNV-I-08")])
def test_dnv_i_07_dnv_i_08_the_fee_is_shown_before_the_request_is_sent(people, procedure_id,
                                                                      incl_vat, rule):
    page = page_of(procedure_id)
    [fees] = elements(page, "div", id="fees")
    assert fees is not None
    text = main_text(page)
    assert f"{incl_vat} including VAT." in text and rule not in text
    assert "€60.50 including VAT" in text and "Only with an invoice." in text
    # the fee comes before the button that sends
    assert page.index('id="fees"') < page.index('type="submit">Send<')


@pytest.mark.parametrize("procedure_id", ["dnv/inspection", "dnv/terms"])
def test_dnv_i_07_dnv_i_08_the_fee_must_be_accepted_before_sending(people, procedure_id):
    before = footprint()
    response, _ = PublicClient().send(form_path(procedure_id),
                                      {**valid_fields(procedure_id), "fees_accepted": ""})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "fees_accepted") == "This field is required."
    assert footprint() == before


def test_dnv_i_07_the_wish_for_an_invoice_is_recorded_with_the_request(people):
    response, key = PublicClient().send(form_path("dnv/inspection"), {
        **valid_fields("dnv/inspection"), "invoice": "on"})
    assert response.status_code == 302
    assert filed_case(key).events.get(type="received").data["invoice"] is True


@pytest.mark.parametrize("procedure_id", ["dnv/complaint", "dnv/objection", "pp/complaint"])
def test_a_complaint_or_objection_form_shows_no_fee(people, procedure_id):
    page = page_of(procedure_id)
    assert not elements(page, "div", id="fees")
    assert not field_widgets(page, "fees_accepted")


# -- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "title", "legend", "button"), [
    ("nb", "Innsigelse mot en avgjørelse fra DNV", "Om deg", "Send"),
    ("nl", "Bezwaar tegen een besluit van DNV", "Over u", "Versturen"),
    ("en", "Objection to a DNV decision", "About you", "Send"),
])
def test_the_language_cookie_switches_the_form_between_bokmal_dutch_and_english(
        people, language, title, legend, button):
    page = page_of("dnv/objection", language)
    assert elements(page, "html", lang=language)
    text = main_text(page)
    assert title in text and legend in text
    assert f'type="submit">{button}<' in page


@pytest.mark.parametrize(("procedure_id", "language"), [("dnv/objection", "nl"),
                                                         ("pp/complaint", "nb")])
def test_without_a_cookie_the_form_speaks_the_organizations_language(people, procedure_id,
                                                                     language):
    from django.test import Client

    page = Client().get(form_path(procedure_id)).content.decode()
    assert elements(page, "html", lang=language)


def test_the_case_keeps_the_language_it_was_filed_in(people):
    response, key = PublicClient("en").send(form_path("pp/complaint"),
                                            valid_fields("pp/complaint"))
    assert response.status_code == 302
    assert filed_case(key).language == "en"


def test_field_errors_are_in_the_chosen_language(people):
    response, _ = PublicClient("nl").send(form_path("dnv/objection"), {
        **valid_fields("dnv/objection"), "signature": "Iemand Anders"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "signature") == (
        "Typ uw naam precies zoals in het veld Volledige naam.")


# -- case types an organization does not run --------------------------------------------------


@pytest.mark.parametrize("path", ["/av/objection/new/", "/ne/inspection/new/",
                                  "/dnv/appeal/new/", "/pp/data_request/new/",
                                  "/nobody/complaint/new/"])
def test_a_case_type_the_organization_does_not_run_is_not_found(people, path):
    visitor = PublicClient()
    assert visitor.get(path).status_code == 404
    before = footprint()
    response = visitor.post(path, {**valid_fields("pp/complaint"), "key": "k" * 30})
    assert response.status_code == 404
    assert footprint() == before


def test_a_case_type_switched_off_for_the_organization_is_not_found(organizations):
    organizations["dnv"].procedures.filter(procedure_id="dnv/terms").delete()
    assert PublicClient().get(form_path("dnv/terms")).status_code == 404
    assert PublicClient().get(form_path("dnv/inspection")).status_code == 200



@pytest.mark.parametrize("language", ["nb", "nl", "en"])
@pytest.mark.parametrize("procedure_id", PROCEDURES)
def test_no_form_shows_a_rule_id_to_the_person_filing(people, procedure_id, language):
    """GL-03, DNV-I-07, PP-17 and the like help staff; on a citizen's page they mean nothing."""
    text = main_text(page_of(procedure_id, language))
    assert not re.search(r"\b(?:[A-Z]{1,4}-)+\d{2}\b", text), text


def test_gl_03_an_adviser_files_on_behalf_of_a_participant_and_is_greeted_alone(people):
    """Journey 2: Ola Nordvik of NAV Salten writes for the participant Per Hansen."""
    page = page_of("gl/complaint", "nb")
    assert field_widgets(page, "on_behalf_of") and "På vegne av" in main_text(page)
    response, key = PublicClient("nb").send(form_path("gl/complaint"), {
        **valid_fields("gl/complaint"), "filer": "customer", "name": "Ola Nordvik (NAV Salten)",
        "on_behalf_of": "Per Hansen"})
    assert response.status_code == 302
    run_worker()  # the receipt's PDF
    case = filed_case(key)
    assert case.events.get(type="received").data["on_behalf_of"] == "Per Hansen"
    receipt = pdf_text(case.documents.get(kind="letter"))
    assert "Hei Ola Nordvik (NAV Salten)," in receipt and "– gjelder Per Hansen" in receipt
    assert "på vegne av" not in receipt.partition("Hei ")[2].partition(",")[0]
    # The handler at Gløde sees whom the complaint concerns beside the adviser who filed it.
    staff = sign_in(Client(), people["gl"]["manager"], "nb")
    text = main_text(staff.get(f"/gl/cases/{case.reference}/").content.decode())
    assert "Klager: Ola Nordvik (NAV Salten)" in text and "på vegne av Per Hansen" in text


def test_dnv_k_01_a_form_without_customers_asks_for_no_one_on_whose_behalf(people):
    assert not field_widgets(page_of("dnv/complaint"), "on_behalf_of")

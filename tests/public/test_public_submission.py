"""Nothing lost, nothing doubled: a valid submission makes exactly one case, whatever the retries
and however many arrive at once with the same key; the receipt reaches the person through the
outbox; bad input is refused on its own field, for screen readers too, and writes nothing."""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from pdf_text import pdf_text
from public_world import (
    PROCEDURES,
    TODAY,
    PublicClient,
    elements,
    field_error,
    field_widgets,
    footprint,
    form_path,
    main_text,
    valid_fields,
)
from worker import run_worker

from ombud.cases.models import Case, CaseNumber, Document, DocumentKind
from ombud.mail import outbox
from ombud.mail.models import OutboxMessage
from ombud.orgs.models import Organization
from ombud.public.models import Submission, TrackingLink


def token_on(page: str) -> str:
    return re.search(r"/track/([A-Za-z0-9_-]{40,})/", page).group(1)


# -- one valid submission ---------------------------------------------------------------------


@pytest.mark.parametrize("procedure_id", PROCEDURES)
def test_a_valid_submission_makes_one_case_and_shows_the_receipt_with_reference_and_link(
        people, procedure_id):
    visitor = PublicClient()
    before = footprint()
    response, key = visitor.send(form_path(procedure_id), valid_fields(procedure_id))

    assert response.status_code == 302
    slug, case_type = procedure_id.split("/")
    assert response["Location"] == f"/{slug}/{case_type}/received/{key}/"
    case = Case.objects.get()
    assert (case.procedure_id, case.channel, case.received_on) == (procedure_id, "web", TODAY())
    assert Submission.objects.get().case == case
    after = footprint()
    assert after["Case"] == before["Case"] + 1
    assert after["TrackingLink"] == before["TrackingLink"] + 1
    # The receipt's PDF and mail are the worker's: the complainant does not wait for them.
    assert after["OutboxMessage"] == before["OutboxMessage"]
    assert after["Document"] == before["Document"]
    run_worker()
    after = footprint()
    assert after["OutboxMessage"] == before["OutboxMessage"] + 1  # the receipt, not yet sent
    assert after["Document"] == before["Document"] + 1  # its PDF, in the file

    receipt = visitor.get(response["Location"])
    assert receipt.status_code == 200
    text = main_text(receipt.content.decode())
    assert f"Your reference is {case.reference}." in text
    token = token_on(receipt.content.decode())
    page = visitor.get(f"/track/{token}/")
    assert page.status_code == 200 and case.reference in main_text(page.content.decode())


def test_the_receipt_and_the_private_page_are_kept_out_of_caches_and_referrers(people):
    visitor = PublicClient()
    response, _ = visitor.send(form_path("pp/complaint"), valid_fields("pp/complaint"))
    receipt = visitor.get(response["Location"])
    page = visitor.get(f"/track/{token_on(receipt.content.decode())}/")
    for shown in (receipt, page):
        assert shown["Cache-Control"] == "no-store"
        # no other site ever sees the address (the page's own forms may)
        assert shown["Referrer-Policy"] in ("no-referrer", "same-origin")
        assert shown["X-Robots-Tag"] == "noindex"


def test_the_same_post_again_makes_no_second_case_and_lands_on_the_same_receipt(people):
    visitor = PublicClient()
    fields = valid_fields("dnv/objection")
    first, key = visitor.send(form_path("dnv/objection"), fields)
    assert first.status_code == 302
    after_first = footprint()
    first_receipt = visitor.get(first["Location"]).content.decode()

    again = visitor.post(form_path("dnv/objection"), {**fields, "key": key, "proof": ""})

    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert footprint() == after_first  # no case, link, mail or file more
    second_receipt = visitor.get(again["Location"]).content.decode()
    assert token_on(second_receipt) == token_on(first_receipt)


def test_a_retry_from_another_browser_finds_the_receipt_without_the_private_link(people):
    fields = valid_fields("pp/complaint")
    first, key = PublicClient().send(form_path("pp/complaint"), fields)
    after_first = footprint()
    other = PublicClient()
    again = other.post(form_path("pp/complaint"), {**fields, "key": key})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert footprint() == after_first
    receipt = other.get(again["Location"]).content.decode()
    assert Case.objects.get().reference in main_text(receipt)
    # the private link is shown only to the first browser (and sent by mail)
    assert not re.search(r"/track/[A-Za-z0-9_-]{40,}/", receipt)
    assert "was sent with your receipt by e-mail" in main_text(receipt)


def test_the_receipt_of_an_unknown_key_is_not_found(people):
    assert PublicClient().get("/pp/complaint/received/no-such-key-0000000000/").status_code == 404


def test_a_receipt_key_of_one_organization_does_not_open_at_another(people):
    response, key = PublicClient().send(form_path("pp/complaint"), valid_fields("pp/complaint"))
    assert response.status_code == 302
    assert PublicClient().get(f"/av/complaint/received/{key}/").status_code == 404


# -- many at once -----------------------------------------------------------------------------


def _sessions_waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT count(*) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0]


def _wait_until_waiting(sessions: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _sessions_waiting_on_a_lock() >= sessions:
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="concurrent writers need PostgreSQL: SQLite serializes them")
def test_two_posts_with_the_same_key_at_the_same_moment_make_exactly_one_case(people):
    """Two browsers send the same submission (a double click that left through two connections,
    a proxy's retry). The test holds the lock on the organization's case counter for the year,
    which every registration takes, until PostgreSQL reports both requests waiting on it: they
    truly overlap."""
    fields = valid_fields("dnv/complaint")
    visitors = [PublicClient(address="198.51.100.7"), PublicClient(address="198.51.100.7")]
    key, puzzle = visitors[0].open_form(form_path("dnv/complaint"))
    from ombud.public import abuse

    data = {**fields, "key": key, "proof": abuse.solve(puzzle)}
    start = threading.Barrier(len(visitors))
    outcomes: list = []

    def send(visitor):
        try:
            start.wait(timeout=10)
            response = visitor.post(form_path("dnv/complaint"), data)
            outcomes.append((response.status_code, response.get("Location")))
        except Exception as error:  # reported by the assertions below
            outcomes.append(("error", repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(visitor,)) for visitor in visitors]
    dnv = Organization.objects.get(slug="dnv")
    CaseNumber.objects.get_or_create(organization=dnv, year=TODAY().year, defaults={"last": 0})
    with transaction.atomic():
        CaseNumber.objects.select_for_update().get(organization=dnv, year=TODAY().year)
        for thread in threads:
            thread.start()
        both_waited = _wait_until_waiting(len(threads))
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request hung"

    assert both_waited, "the two requests never waited on the lock together"
    receipt = f"/dnv/complaint/received/{key}/"
    assert sorted(outcomes) == [(302, receipt), (302, receipt)], outcomes
    assert Case.objects.count() == 1
    assert Submission.objects.count() == 1
    assert TrackingLink.objects.count() == 1
    run_worker()  # the receipt's follow-up, owed once
    assert OutboxMessage.objects.filter(kind="receipt").count() == 1
    assert Document.objects.filter(kind=DocumentKind.LETTER).count() == 1
    assert Case.objects.get().reference == f"DNV-{TODAY().year}-0001"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="concurrent writers need PostgreSQL: SQLite serializes them")
def test_two_different_submissions_at_the_same_moment_both_become_cases(people):
    """Nothing lost: the lock that keeps one key to one case must not drop the other case."""
    visitors = [PublicClient(), PublicClient()]
    prepared = []
    for visitor in visitors:
        from ombud.public import abuse

        key, puzzle = visitor.open_form(form_path("dnv/complaint"))
        prepared.append((visitor, {**valid_fields("dnv/complaint"), "key": key,
                                   "proof": abuse.solve(puzzle)}))
    start = threading.Barrier(len(prepared))
    outcomes: list = []

    def send(visitor, data):
        try:
            start.wait(timeout=10)
            outcomes.append(visitor.post(form_path("dnv/complaint"), data).status_code)
        except Exception as error:  # reported by the assertions below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=pair) for pair in prepared]
    dnv = Organization.objects.get(slug="dnv")
    CaseNumber.objects.get_or_create(organization=dnv, year=TODAY().year, defaults={"last": 0})
    with transaction.atomic():
        CaseNumber.objects.select_for_update().get(organization=dnv, year=TODAY().year)
        for thread in threads:
            thread.start()
        _wait_until_waiting(len(threads))
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == [302, 302], outcomes
    assert sorted(Case.objects.values_list("number", flat=True)) == [1, 2]
    assert Submission.objects.count() == 2


# -- the receipt by e-mail --------------------------------------------------------------------


def test_the_receipt_mail_goes_through_the_outbox_with_the_private_link_and_the_pdf(
        people, mailoutbox):
    visitor = PublicClient()
    response, _ = visitor.send(form_path("dnv/objection"), {
        **valid_fields("dnv/objection"), "email": "pieter@example.nl"})
    assert response.status_code == 302
    case = Case.objects.get()
    run_worker()  # the follow-up writes it to the outbox; nothing is sent yet
    assert mailoutbox == []
    queued = OutboxMessage.objects.get()
    assert (queued.kind, queued.to, queued.state) == ("receipt", "pieter@example.nl", "pending")

    assert outbox.deliver_due() == (1, 0)

    [mail] = mailoutbox
    assert mail.to == ["pieter@example.nl"]
    assert case.reference in mail.subject
    link = re.search(r"http://testserver/track/([A-Za-z0-9_-]{40,})/", mail.body)
    assert link, mail.body
    assert visitor.get(f"/track/{link.group(1)}/").status_code == 200
    [(filename, content, mimetype)] = mail.attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    assert content.startswith(b"%PDF-")
    letter = Document.objects.get(case=case, kind=DocumentKind.LETTER)
    with letter.file.open("rb") as stored:
        assert stored.read() == content  # the PDF sent is the one archived
    assert case.reference in pdf_text(letter)
    assert link.group(1) not in pdf_text(letter)  # the archived letter never holds the link
    OutboxMessage.objects.get(pk=queued.pk, state="sent")
    assert outbox.deliver_due() == (0, 0)  # sent once


@pytest.mark.parametrize(("language", "subject"), [
    ("nb", "Vi har mottatt din"), ("nl", "Wij hebben uw"), ("en", "We have received your")])
def test_the_receipt_mail_is_in_the_language_the_case_was_filed_in(people, mailoutbox,
                                                                    language, subject):
    response, _ = PublicClient(language).send(form_path("pp/complaint"),
                                              valid_fields("pp/complaint"))
    assert response.status_code == 302
    assert Case.objects.get().language == language
    run_worker()
    outbox.deliver_due()
    [mail] = mailoutbox
    assert mail.subject.startswith(subject), mail.subject


# -- bad input --------------------------------------------------------------------------------

REQUIRED = {  # what each form must not be sent without, by the procedure's rules
    "ne/appeal": {"filer", "reasons"},
    "ne/complaint": {"filer", "about", "reasons"},
    "av/complaint": {"filer", "about", "reasons"},
    "gl/complaint": {"filer", "about", "reasons"},
    "pp/complaint": {"filer", "about", "reasons"},
    "dnv/complaint": {"filer", "about", "reasons"},
    "dnv/objection": {"filer", "about", "reasons", "decision_on"},
    "dnv/inspection": {"filer", "about", "result_on", "birth_on", "fees_accepted"},
    "dnv/terms": {"filer", "result_on", "birth_on", "fees_accepted"},
    "dnv/data_request": {"filer", "about"},
}
ALWAYS = {"name", "email", "title", "description", "consent"}


@pytest.mark.parametrize("procedure_id", PROCEDURES)
def test_the_form_marks_exactly_the_required_fields_as_required(people, procedure_id):
    page = PublicClient().get(form_path(procedure_id)).content.decode()
    marked = {attrs["name"] for tag in ("input", "textarea", "select")
              for attrs in elements(page, tag) if "required" in attrs and attrs.get("name")}
    assert marked == REQUIRED[procedure_id] | ALWAYS


def assert_tied_to_field(page: str, field: str) -> None:
    """The error is shown at the field, and the field tells screen readers so."""
    error_id = f"id_{field}_error"
    assert elements(page, "p", id=error_id), f"no error element for {field}"
    widgets = field_widgets(page, field)
    assert widgets, f"{field} is not on the page again"
    for widget in widgets:
        assert error_id in widget.get("aria-describedby", "").split(), widget
        assert widget.get("aria-invalid") == "true", widget
    assert elements(page, "div", role="alert", id="problems")


MISSING = [(procedure_id, field) for procedure_id in PROCEDURES
           for field in sorted(REQUIRED[procedure_id] | ALWAYS)]


@pytest.mark.parametrize(("procedure_id", "field"), MISSING,
                         ids=[f"{p}-{f}" for p, f in MISSING])
def test_each_required_field_left_out_gives_an_error_on_that_field_and_creates_nothing(
        people, procedure_id, field):
    before = footprint()
    fields = {**valid_fields(procedure_id), field: ""}
    response, _ = PublicClient().send(form_path(procedure_id), fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, field)
    assert_tied_to_field(page, field)
    assert footprint() == before


@pytest.mark.parametrize(("procedure_id", "field"), [
    ("pp/complaint", "filer"), ("pp/complaint", "about"), ("pp/complaint", "name"),
    ("dnv/objection", "decision_on"), ("pp/complaint", "consent")])
def test_the_error_summary_links_to_an_element_on_the_page(people, procedure_id, field):
    """Each entry of the summary at the top is a link to the field it is about: its target must
    exist, or keyboard and screen reader users land nowhere (radio groups too)."""
    response, _ = PublicClient().send(form_path(procedure_id),
                                      {**valid_fields(procedure_id), field: ""})
    page = response.content.decode()
    summary = page[page.index('id="problems"'):]
    summary = summary[:summary.index("</div>")]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets, "the summary names the problem"
    for target in targets:
        assert elements(page, id=target), f"the summary links to #{target}, which is not there"


def test_a_field_error_keeps_the_fields_help_text_described(people):
    """With an error, a screen reader still hears the help text (the rule behind the field)."""
    response, _ = PublicClient().send(form_path("dnv/objection"), {
        **valid_fields("dnv/objection"), "decision_on": ""})
    [widget] = field_widgets(response.content.decode(), "decision_on")
    described = widget.get("aria-describedby", "").split()
    assert "id_decision_on_error" in described
    assert "id_decision_on_helptext" in described, described


@pytest.mark.parametrize("email", ["not-an-address", "sanne@", "@example.org",
                                   "sanne@example", "sanne example.org"])
def test_a_bad_email_address_is_refused_on_the_email_field(people, email):
    before = footprint()
    response, _ = PublicClient().send(form_path("pp/complaint"),
                                      {**valid_fields("pp/complaint"), "email": email})
    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, "email") == "Enter a valid email address."
    assert_tied_to_field(page, "email")
    assert footprint() == before


def test_a_long_but_valid_email_address_files_the_case_or_is_refused_on_its_field(people):
    """An address the form accepts must fit where it is kept (the party, the outbox)."""
    email = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".org"
    assert len(email) > 254
    before = footprint()
    visitor = PublicClient()
    visitor.raise_request_exception = False
    response, _ = visitor.send(form_path("pp/complaint"),
                               {**valid_fields("pp/complaint"), "email": email})
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert field_error(response.content.decode(), "email")
        assert footprint() == before
    else:
        assert Case.objects.get().parties.get().email == email


def test_a_wrong_signature_is_an_error_on_the_signature_field_for_screen_readers(people):
    before = footprint()
    response, _ = PublicClient().send(form_path("dnv/objection"), {
        **valid_fields("dnv/objection"), "signature": "P. de Vries"})
    assert response.status_code == 400
    assert_tied_to_field(response.content.decode(), "signature")
    assert footprint() == before


@pytest.mark.parametrize(("procedure_id", "field"), [
    ("dnv/objection", "decision_on"), ("dnv/inspection", "result_on")])
def test_a_future_date_is_an_error_on_its_field_for_screen_readers(people, procedure_id, field):
    before = footprint()
    response, _ = PublicClient().send(form_path(procedure_id), {
        **valid_fields(procedure_id), field: (TODAY() + timedelta(days=30)).isoformat()})
    assert response.status_code == 400
    assert_tied_to_field(response.content.decode(), field)
    assert footprint() == before


@pytest.mark.parametrize(("field", "length"), [("name", 201), ("title", 201), ("phone", 41),
                                               ("address", 301), ("description", 10001)])
def test_a_value_longer_than_its_field_is_refused_on_that_field(people, field, length):
    before = footprint()
    response, _ = PublicClient().send(form_path("dnv/complaint"), {
        **valid_fields("dnv/complaint"), field: "x" * length})
    assert response.status_code == 400
    assert "at most" in field_error(response.content.decode(), field)
    assert footprint() == before


def test_what_was_typed_is_kept_when_the_form_comes_back(people):
    fields = {**valid_fields("dnv/objection"), "email": "bad"}
    response, _ = PublicClient().send(form_path("dnv/objection"), fields)
    page = response.content.decode()
    assert field_widgets(page, "name")[0]["value"] == fields["name"]
    assert fields["reasons"] in page
    assert field_widgets(page, "decision_on")[0]["value"] == fields["decision_on"]

"""The staff pages through the Django test client: the queue in deadline order with its filters
and keyset pages; bad input rejected at its field, changing nothing; read-only roles; sign-in
lockout and the demo password; and pages whose cost does not grow with the data."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ombud.cases import services
from ombud.cases.models import NO_DEADLINE, Case, CaseEvent, Document
from ombud.cases.selectors import PAGE_SIZE

TODAY = timezone.localdate

ROW = re.compile(r'<tr[^>]*><th scope="row"><a href="/dnv/cases/([^/"]+)/">.*?</tr>', re.S)
NEXT_PAGE = re.compile(r'<a class="next" href="\?([^"]*)">')


def _rows(response) -> list[str]:
    """The references the queue lists, in the order shown."""
    assert response.status_code == 200
    return ROW.findall(response.content.decode())


def _ordered(cases) -> list[str]:
    return [case.reference for case in sorted(
        (Case.objects.get(pk=case.pk) for case in cases), key=lambda c: (c.next_due, c.id))]


@pytest.fixture
def queue_cases(register, step, alice):
    """DNV cases of several kinds, states and deadlines."""
    today = TODAY()
    late_objection = register("dnv/objection", received_on=today - timedelta(days=20))
    new_complaint = register("dnv/complaint", received_on=today)
    acknowledged = register("dnv/complaint", received_on=today - timedelta(days=30))
    step(acknowledged, "acknowledged", on=today - timedelta(days=29))
    step(acknowledged, "assigned", on=today - timedelta(days=29), handler_id=alice.pk,
         handler="Alice", involved=False)
    answered = register("dnv/inspection", received_on=today - timedelta(days=3))
    step(answered, "answered", outcome="upheld", reasons="r", letter="Inzage op maandag.")
    data_request = register("dnv/data_request", received_on=today - timedelta(days=8))
    return {"late_objection": late_objection, "new_complaint": new_complaint,
            "acknowledged": acknowledged, "answered": answered, "data_request": data_request}


# -- the queue ------------------------------------------------------------------------------------


def test_the_queue_lists_the_cases_with_the_nearest_deadline_first(as_person, alice,
                                                                   queue_cases):
    response = as_person(alice).get("/dnv/cases/")

    shown = _rows(response)
    assert shown == _ordered(queue_cases.values())
    assert shown[-1] == queue_cases["answered"].reference  # nothing due: at the end
    # the deadlines column (the received column holds dates too)
    dates = re.findall(r'<time datetime="([\d-]+)">[^<]*</time> <span class="rule">',
                       response.content.decode())
    assert dates == sorted(dates) and len(dates) == len(shown) - 1


def test_the_queue_filters_by_case_type_state_handler_and_overdue(as_person, alice,
                                                                   queue_cases):
    client = as_person(alice)
    by_type = _rows(client.get("/dnv/cases/", {"type": "dnv/complaint"}))
    assert sorted(by_type) == sorted([queue_cases["new_complaint"].reference,
                                      queue_cases["acknowledged"].reference])
    assert _rows(client.get("/dnv/cases/", {"state": "answered"})) == [
        queue_cases["answered"].reference]
    assert _rows(client.get("/dnv/cases/", {"handler": alice.pk})) == [
        queue_cases["acknowledged"].reference]

    overdue = _rows(client.get("/dnv/cases/", {"overdue": "1"}))
    expected = [case.reference for case in Case.objects.filter(next_due__lt=TODAY())]
    assert overdue and sorted(overdue) == sorted(expected)
    assert queue_cases["new_complaint"].reference not in overdue
    both = _rows(client.get("/dnv/cases/", {"overdue": "1", "type": "dnv/objection"}))
    assert both == [queue_cases["late_objection"].reference]


def test_the_queue_finds_a_case_by_reference_or_the_start_of_a_name(as_person, alice,
                                                                     register):
    wanted = register("dnv/complaint", name="Fleur Visser")
    register("dnv/complaint", name="Daan Bos")
    client = as_person(alice)
    assert _rows(client.get("/dnv/cases/", {"q": wanted.reference.lower()})) == [
        wanted.reference]
    assert _rows(client.get("/dnv/cases/", {"q": "fleur"})) == [wanted.reference]


def _all_pages(client, first_query: dict) -> tuple[list[str], int]:
    """Follow the queue's "next page" links; returns the references in order and page count."""
    response = client.get("/dnv/cases/", first_query)
    shown, pages = _rows(response), 1
    while (link := NEXT_PAGE.search(response.content.decode())) is not None:
        response = client.get("/dnv/cases/?" + link.group(1).replace("&amp;", "&"))
        shown += _rows(response)
        pages += 1
        assert pages < 10, "the cursor does not move on"
    return shown, pages


def test_the_next_page_continues_after_the_last_row_without_repeats_or_gaps(
        as_person, alice, register):
    # Most cases share one deadline day: the cursor must break ties by id across the page end.
    cases = [register("dnv/complaint", received_on=TODAY() - timedelta(days=2))
             for _ in range(PAGE_SIZE + 8)]
    cases += [register("dnv/complaint", received_on=TODAY() - timedelta(days=day))
              for day in (0, 1, 4)]

    shown, pages = _all_pages(as_person(alice), {})

    assert pages == 2
    assert len(shown) == len(set(shown)) == len(cases)
    assert shown == _ordered(cases)


def test_the_next_page_keeps_the_filters(as_person, alice, register):
    complaints = [register("dnv/complaint", received_on=TODAY() - timedelta(days=day % 9))
                  for day in range(PAGE_SIZE + 3)]
    for _ in range(4):
        register("dnv/objection")

    shown, pages = _all_pages(as_person(alice), {"type": "dnv/complaint"})

    assert pages == 2
    assert shown == _ordered(complaints)


# -- bad input on a step --------------------------------------------------------------------------


@pytest.fixture
def complaint(register):
    """A DNV complaint received two days ago, nothing done yet."""
    return register("dnv/complaint", received_on=TODAY() - timedelta(days=2))


def _unchanged(case: Case):
    case.refresh_from_db()
    return (case.event_count, case.last_hash, case.state, case.next_due, case.handler_id,
            CaseEvent.objects.filter(case=case).count(),
            Document.objects.filter(case=case).count())


def _error_at_field(html: str, form: str, field: str) -> str | None:
    """The error text shown in the same paragraph as the field's input, or None."""
    paragraph = re.search(
        rf'<p class="field[^"]*">(?:(?!</p>).)*?name="{form}-{field}"(?:(?!</p>).)*?'
        rf'<span class="field-error" id="id_{form}-{field}_error"[^>]*>([^<]*)</span>', html,
        re.S)
    return paragraph.group(1) if paragraph else None


@pytest.mark.parametrize(("event_type", "fields", "field", "message"), [
    ("hearing_invited", {"term_weeks": "0"}, "term_weeks", "greater than or equal to 1"),
    ("hearing_invited", {"term_weeks": "many"}, "term_weeks", "Enter a whole number"),
    ("acknowledged", {"on": "tomorrow"}, "on", "cannot be in the future"),
    ("acknowledged", {"on": "not a date"}, "on", "Enter a valid date"),
    ("acknowledged", {"on": "twenty days ago"}, "on", "before the last step"),
    ("answered", {"outcome": "upheld", "reasons": "", "letter": "Brief"}, "reasons",
     "This field is required"),
    ("answered", {"outcome": "maybe", "reasons": "r", "letter": "Brief"}, "outcome",
     "Select a valid choice"),
    ("assigned", {"handler_id": "999999"}, "handler_id", "Select a valid choice"),
], ids=["term-zero", "term-text", "future", "not-a-date", "before-last-step", "no-reasons",
        "unknown-outcome", "unknown-handler"])
def test_a_step_with_bad_input_answers_400_with_the_error_at_its_field_and_changes_nothing(
        as_person, alice, complaint, event_type, fields, field, message):
    days = {"tomorrow": TODAY() + timedelta(days=1), "twenty days ago": TODAY() - timedelta(
        days=20)}
    fields = {name: days[value].isoformat() if value in days else value
              for name, value in fields.items()}
    data = {f"{event_type}-on": TODAY().isoformat(),
            **{f"{event_type}-{name}": value for name, value in fields.items()}}
    before = _unchanged(complaint)

    response = as_person(alice).post(f"/dnv/cases/{complaint.reference}/steps/{event_type}/",
                                     data)

    assert response.status_code == 400
    error = _error_at_field(response.content.decode(), event_type, field)
    assert error is not None, f"no error shown at {field}"
    assert message in error
    assert _unchanged(complaint) == before


def test_a_date_before_the_last_step_is_named_in_the_persons_own_date_format(
        as_person, alice, complaint):
    """Found walking the demo: the bokmål message named the day as 2026-12-03."""
    last = complaint.events.order_by("seq").last().on
    client = as_person(alice)
    client.cookies["django_language"] = "nb"
    response = client.post(f"/dnv/cases/{complaint.reference}/steps/acknowledged/", {
        "acknowledged-on": (last - timedelta(days=20)).isoformat()})
    error = _error_at_field(response.content.decode(), "acknowledged", "on")
    assert error is not None and last.strftime("%d.%m.%Y") in error, error


def test_a_step_the_procedure_forbids_is_refused_with_its_rule_and_changes_nothing(
        as_person, alice, complaint):
    before = _unchanged(complaint)
    response = as_person(alice).post(
        f"/dnv/cases/{complaint.reference}/steps/answered/",
        {"answered-on": TODAY().isoformat(), "answered-outcome": "upheld",
         "answered-reasons": "Gegrond.", "answered-letter": "Brief"})
    assert response.status_code == 400
    assert "<strong>Refused (DNV-K-14):</strong>" in response.content.decode()  # no hearing yet
    assert _unchanged(complaint) == before


def test_a_valid_step_is_recorded_and_leads_back_to_the_case(as_person, alice, complaint):
    """The control for the refusals above: the same URL does record good input."""
    response = as_person(alice).post(f"/dnv/cases/{complaint.reference}/steps/acknowledged/",
                                     {"acknowledged-on": TODAY().isoformat()})
    assert response.status_code == 302
    assert response["Location"] == f"/dnv/cases/{complaint.reference}/"
    complaint.refresh_from_db()
    assert complaint.events.exclude(type="document_added").order_by("seq").last().type \
        == "acknowledged"


# -- roles ----------------------------------------------------------------------------------------


def test_an_auditor_reads_the_case_file_but_may_not_take_a_step(as_person, people, complaint):
    client = as_person(people["dnv"]["auditor"])
    page = client.get(f"/dnv/cases/{complaint.reference}/")
    assert page.status_code == 200
    assert complaint.reference.encode() in page.content
    assert b"/steps/" not in page.content  # no step is offered
    before = _unchanged(complaint)
    for event_type, data in [("acknowledged", {}),
                             ("answered", {"outcome": "upheld", "reasons": "r", "letter": "l"})]:
        response = client.post(
            f"/dnv/cases/{complaint.reference}/steps/{event_type}/",
            {f"{event_type}-on": TODAY().isoformat(),
             **{f"{event_type}-{name}": value for name, value in data.items()}})
        assert response.status_code == 403, event_type
    assert _unchanged(complaint) == before


# -- signing in -----------------------------------------------------------------------------------


def _sign_in(client, username: str, password: str):
    client.cookies["django_language"] = "en"
    return client.post("/login/", {"username": username, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, people,
                                                                          settings):
    settings.DEMO_MODE = True
    for _ in range(5):
        response = _sign_in(client, "dnv-handler", "wrong password")
        assert response.status_code == 200 and not _signed_in(client)

    response = _sign_in(client, "dnv-handler", "ombud-demo")

    assert response.status_code == 200
    assert b"Too many failed sign-ins from this address. Try again in 15 minutes." in \
        response.content
    assert not _signed_in(client)


def test_the_lock_holds_one_account_only_and_starts_at_the_fifth_failure(client, people,
                                                                         settings):
    settings.DEMO_MODE = True
    for _ in range(5):
        _sign_in(client, "dnv-handler", "wrong password")
    assert _sign_in(client, "dnv-auditor", "ombud-demo").status_code == 302
    assert _signed_in(client)
    client.logout()

    for _ in range(4):
        _sign_in(client, "pp-handler", "wrong password")
    assert _sign_in(client, "pp-handler", "ombud-demo").status_code == 302
    assert _signed_in(client)


@pytest.mark.parametrize(("demo_mode", "accepted"), [(True, True), (False, False)],
                         ids=["demo-mode", "production"])
def test_the_demo_password_is_accepted_only_in_demo_mode(client, people, settings, demo_mode,
                                                         accepted):
    settings.DEMO_MODE = demo_mode
    response = _sign_in(client, "dnv-handler", "ombud-demo")
    assert _signed_in(client) is accepted
    if accepted:
        assert response.status_code == 302
    else:
        assert b"The demo password is accepted only in demo mode." in response.content


# -- pages cost a fixed number of queries ---------------------------------------------------------


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _shape(sql: str) -> str:
    """A query with its literal values taken out, to see which one repeats."""
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)


def _same_cost(small: list[str], large: list[str]) -> str:
    extra = Counter(map(_shape, large)) - Counter(map(_shape, small))
    return f"{len(small)} queries vs {len(large)}; repeated: {dict(extra)}"


def test_the_case_page_costs_the_same_queries_with_3_or_30_events(as_person, alice, people,
                                                                  complaint, step):
    dnv = people["dnv"]

    def attach(index: int):
        services.document_attach(
            case=complaint, title=f"Bijlage {index}", actor=alice,
            upload=SimpleUploadedFile(f"bijlage-{index}.txt", b"inhoud", "text/plain"))

    def action(index: int):
        services.corrective_action_add(
            case=complaint, description=f"Maatregel {index}", actor=alice,
            owner=[dnv["handler"], dnv["manager"], dnv["admin"]][index % 3],
            due_on=TODAY() + timedelta(days=30))

    attach(0)
    action(0)  # received, a document, an action: three events
    complaint.refresh_from_db()
    assert complaint.event_count == 3
    client = as_person(alice)
    small = _queries(client, f"/dnv/cases/{complaint.reference}/")

    step(complaint, "acknowledged")
    step(complaint, "assigned", handler_id=alice.pk, handler="Alice", involved=False)
    step(complaint, "hearing_invited", term_weeks=2)
    for index in range(1, 6):
        attach(index)
        action(index)
        services.party_add(case=complaint, role="interested", actor=alice,
                           details=services.PartyDetails(f"Partij {index}"))
    while Case.objects.get(pk=complaint.pk).event_count < 30:
        services.case_note(case=complaint, text="Notitie", actor=dnv["handler2"])
    complaint.refresh_from_db()
    assert complaint.event_count == 30
    large = _queries(client, f"/dnv/cases/{complaint.reference}/")

    print(f"case page: {_same_cost(small, large)}")
    assert len(small) == len(large), _same_cost(small, large)


def test_the_queue_costs_the_same_queries_with_5_or_60_cases(as_person, alice, people,
                                                             register, step):
    handlers = [people["dnv"]["handler"], people["dnv"]["handler2"], people["dnv"]["manager"]]
    kinds = ["dnv/complaint", "dnv/objection", "dnv/inspection", "dnv/data_request"]

    def add(index: int):
        case = register(kinds[index % 4], received_on=TODAY() - timedelta(days=index % 40))
        if index % 2:
            person = handlers[index % 3]
            step(case, "assigned", on=case.received_on, handler_id=person.pk,
                 handler=person.username, involved=False)

    for index in range(5):
        add(index)
    client = as_person(alice)
    small = _queries(client, "/dnv/cases/")
    for index in range(5, 60):
        add(index)
    large = _queries(client, "/dnv/cases/")

    assert Case.objects.exclude(next_due=NO_DEADLINE).count() > 5
    print(f"queue: {_same_cost(small, large)}")
    assert len(small) == len(large), _same_cost(small, large)


def test_every_id_a_staff_field_is_described_by_is_on_the_page():
    """Django points aria-describedby at the help text and the error: both must be drawn."""
    from django import forms as django_forms

    from ombud.cases.forms.rendering import StaffForm

    class Sample(StaffForm):
        day = django_forms.DateField(help_text="<b>as dd.mm.yyyy</b>")

    html = str(Sample({"day": "not a day"}))
    described = re.search(r'aria-describedby="([^"]+)"', html).group(1).split()
    assert len(described) == 2
    for element_id in described:
        assert f'id="{element_id}"' in html
    assert "&lt;b&gt;as dd.mm.yyyy&lt;/b&gt;" in html

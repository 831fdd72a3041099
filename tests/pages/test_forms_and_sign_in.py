"""Forms reject bad input field by field and change nothing; sign-in locks after repeated
failures; the demo password works only in demo mode; pages cost a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ombud.cases import services
from ombud.cases.models import Case

TODAY = timezone.localdate


def english(client, person):
    client.force_login(person)
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize(("event_type", "fields", "field", "message"), [
    ("hearing_invited", {"term_weeks": "0"}, "term_weeks", "greater than or equal to 1"),
    ("acknowledged", {"on": "2999-01-01"}, "on", "cannot be in the future"),
    ("acknowledged", {"on": "yesterday"}, "on", "Enter a valid date"),
    ("answered", {"outcome": "upheld", "reasons": "", "letter": "x"}, "reasons", "required"),
    ("answered", {"outcome": "maybe", "reasons": "r", "letter": "x"}, "outcome",
     "Select a valid choice"),
    ("extended", {"weeks": "", "months": "", "reason": "r"}, None, "in weeks or in months"),
    ("assigned", {"handler_id": "999999"}, "handler_id", "Select a valid choice"),
])
def test_a_step_with_invalid_input_is_rejected_field_by_field_and_changes_nothing(
        client, dnv, event_type, fields, field, message):
    people, _, case = dnv
    english(client, people["handler"])
    data = {f"{event_type}-on": TODAY().isoformat()}
    data.update({f"{event_type}-{name}": value for name, value in fields.items()})
    before = (case.event_count, case.last_hash)
    response = client.post(f"/dnv/cases/{case.reference}/steps/{event_type}/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    if field:
        assert f'id="id_{event_type}-{field}_error"' in text  # the error sits at its field
    case.refresh_from_db()
    assert (case.event_count, case.last_hash) == before


def test_registering_with_missing_fields_names_each_and_opens_no_case(client, dnv):
    people, _, _ = dnv
    english(client, people["intake"])
    response = client.post("/dnv/cases/register/", {"procedure_id": "dnv/objection",
                                                    "channel": "letter",
                                                    "received_on": TODAY().isoformat()})
    assert response.status_code == 400
    text = response.content.decode()
    for name in ("name", "title", "account", "decision_on"):
        assert f'id="id_{name}_error"' in text
    assert Case.objects.count() == 1


def test_an_auditor_reads_the_case_but_may_not_act(client, dnv):
    people, _, case = dnv
    english(client, people["auditor"])
    assert client.get(f"/dnv/cases/{case.reference}/").status_code == 200
    response = client.post(f"/dnv/cases/{case.reference}/steps/acknowledged/",
                           {"acknowledged-on": TODAY().isoformat()})
    assert response.status_code == 403


def test_five_failed_sign_ins_lock_the_account_even_for_the_right_password(client, dnv,
                                                                           settings):
    settings.DEMO_MODE = True
    for _ in range(5):
        response = client.post("/login/", {"username": "dnv-handler", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/login/", {"username": "dnv-handler", "password": "ombud-demo"})
    assert "For mange mislykkede innlogginger" in response.content.decode()  # the lockout's
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("demo_mode", "signed_in"), [(True, True), (False, False)])
def test_the_demo_password_works_only_in_demo_mode(client, dnv, settings, demo_mode,
                                                   signed_in):
    settings.DEMO_MODE = demo_mode
    client.post("/login/", {"username": "dnv-handler", "password": "ombud-demo"})
    assert ("_auth_user_id" in client.session) is signed_in


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queue_costs_the_same_queries_with_few_or_many_cases(client, dnv):
    people, organization, case = dnv
    english(client, people["handler"])
    few = _queries(client, "/dnv/cases/")
    for index in range(60):
        services.case_register(
            organization=organization, procedure_id="dnv/complaint", channel="email",
            received_on=TODAY() - timedelta(days=index % 30), title=f"Zaak {index}",
            actor=people["intake"], complainant=services.PartyDetails(f"Klager {index}"))
    many = _queries(client, "/dnv/cases/")
    assert few == many


def test_the_case_page_costs_the_same_queries_with_a_short_or_long_file(client, dnv):
    people, _, case = dnv
    english(client, people["handler"])
    short = _queries(client, f"/dnv/cases/{case.reference}/")
    for index in range(30):
        services.case_note(case=case, text=f"Notitie {index}", actor=people["handler"])
    services.case_step(case=case, event_type="acknowledged", on=TODAY(),
                       actor=people["handler"])
    long = _queries(client, f"/dnv/cases/{case.reference}/")
    assert short == long


@pytest.mark.parametrize(("path", "data", "field"), [
    ("notes/", {"text": ""}, "text"),
    ("parties/", {"role": "subject", "name": "", "email": "not-an-address"}, "name"),
    ("parties/", {"role": "judge", "name": "X"}, "role"),
    ("actions/", {"description": "Ny rutine", "owner": "", "due_on": "2026-12-01"}, "owner"),
    ("actions/", {"description": "Ny rutine", "due_on": "2000-01-01"}, "due_on"),
    ("documents/", {"title": "Brief"}, "file"),
])
def test_file_forms_reject_bad_input_at_the_field_and_change_nothing(client, dnv, path, data,
                                                                      field):
    people, _, case = dnv
    english(client, people["handler"])
    before = (case.event_count, case.last_hash, case.parties.count(), case.actions.count(),
              case.documents.count())
    response = client.post(f"/dnv/cases/{case.reference}/{path}", data)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    case.refresh_from_db()
    assert (case.event_count, case.last_hash, case.parties.count(), case.actions.count(),
            case.documents.count()) == before

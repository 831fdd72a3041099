"""Issue 9, finding 9 on the staff side: every query parameter and every date a staff form takes
is checked, and a value out of range gets a clear message in the reader's language, never a
server error (``/pp/cases/?handler=99999999999999999999999`` and registering a case received on
1900-01-01 both gave 500)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from ombud.cases.models import Case

today = timezone.localdate


def sign_in(client, person, language: str = "en"):
    client.force_login(person)
    client.cookies["django_language"] = language
    return client


NOT_UNDERSTOOD = "A filter in the address of this page was not understood and is left out."


@pytest.fixture
def pp_intake(client, people):
    client.raise_request_exception = False
    return sign_in(client, people["pp"]["intake"])


@pytest.fixture
def pp_manager(client, people):
    """Reads every PP case (PP-15 keeps the archive from the other roles)."""
    client.raise_request_exception = False
    return sign_in(client, people["pp"]["manager"])


@pytest.mark.parametrize("query", [
    {"handler": "99999999999999999999999"},
    {"handler": "²"},  # a digit to str.isdigit, not to int()
    {"handler": "-1"},
    {"handler": "1" * 5000},
    {"after": f"{today().isoformat()}_99999999999999999999999"},
    {"after": "9999-99-99_1"},
    {"q": "case", "after": "²"},  # searching by words: the rows shown, as "²" (was a 500)
    {"after": f"{today().isoformat()}_²"},  # was taken, and the queue started from its top
    {"q": "a\x00b"},
    {"type": "\x00"},
    {"state": "x" * 5000},
])
def test_a_queue_filter_out_of_range_is_left_out_with_a_message(pp_manager, register, query):
    register("pp/complaint")
    response = pp_manager.get("/pp/cases/", query)
    assert response.status_code == 400, response.status_code
    page = response.content.decode()
    assert NOT_UNDERSTOOD in page
    assert Case.objects.get().reference in page  # the queue itself is still there


def test_the_queue_filter_message_is_translated(client, people, register):
    client.raise_request_exception = False
    page = sign_in(client, people["pp"]["manager"], "nb").get(
        "/pp/cases/", {"handler": "99999999999999999999999"}).content.decode()
    assert NOT_UNDERSTOOD not in page and "adressen" in page


def test_a_valid_handler_of_another_organization_still_filters_to_nothing(pp_manager, people,
                                                                          register):
    register("pp/complaint")
    assert Case.objects.get().reference in pp_manager.get("/pp/cases/").content.decode()
    response = pp_manager.get("/pp/cases/", {"handler": people["dnv"]["handler"].pk})
    assert response.status_code == 200
    assert Case.objects.get().reference not in response.content.decode()


def _register(client, **changes):
    fields = {"procedure_id": "pp/complaint", "channel": "letter",
              "received_on": today().isoformat(), "name": "Kari Nordmann",
              "title": "Rude answer", "account": "What happened.", "about": "inclusion"}
    return client.post("/pp/cases/register/", {**fields, **changes})


@pytest.mark.parametrize("received_on", ["1900-01-01", "0001-01-01", "1999-12-31"])
def test_registering_a_case_received_long_ago_is_refused_with_a_message(pp_intake,
                                                                        received_on):
    response = _register(pp_intake, received_on=received_on)
    assert response.status_code == 400, response.status_code
    assert "Give a date from 1 January 2000" in response.content.decode()
    assert not Case.objects.exists()


def test_registering_before_the_procedure_was_in_force_names_that(pp_intake, monkeypatch):
    """A date within range, but before the first version of the case type's procedure."""
    from ombud.domain import loader

    real = loader.find_procedure

    def first_in_force_today(procedure_id, on=None):
        if on is not None and on < today():
            raise loader.UnknownProcedure(f"no version of {procedure_id!r} was in force on {on}")
        return real(procedure_id, on=on) if on is not None else real(procedure_id)

    monkeypatch.setattr(loader, "find_procedure", first_in_force_today)
    response = _register(pp_intake, received_on=(today() - timedelta(days=3)).isoformat())
    assert response.status_code == 400, response.status_code
    assert "No version of this case type's procedure was in force on that day." in \
        html.unescape(response.content.decode())
    assert not Case.objects.exists()


def test_a_step_dated_before_2000_is_refused_with_a_message(pp_manager, people, register):
    case = register("pp/complaint")
    response = pp_manager.post(f"/pp/cases/{case.reference}/steps/acknowledged/",
                           {"acknowledged-on": "1900-01-01"})
    assert response.status_code == 400
    assert "Give a date from 1 January 2000" in response.content.decode()
    assert not case.events.filter(type="acknowledged").exists()


@pytest.mark.parametrize("handler", ["²", "99999999999999999999999", "-3", "x"])
def test_a_meeting_decision_with_a_handler_out_of_range_is_refused_not_a_server_error(
        client, people, register, handler):
    client.raise_request_exception = False
    case = register("pp/complaint")
    manager = sign_in(client, people["pp"]["manager"])
    response = manager.post(f"/pp/meetings/decide/{case.reference}/",
                            {"decision": "Handled by the quality officer.", "handler": handler})
    assert response.status_code < 500
    assert not case.events.filter(type="taken_up").exists()


@pytest.mark.parametrize("reference", ["a\x00b", "A" * 5000, "💥"])
def test_a_case_reference_out_of_range_is_not_found(pp_intake, reference):
    from urllib.parse import quote

    assert pp_intake.get(f"/pp/cases/{quote(reference, safe='')}/").status_code == 404

"""Issue 9, finding 7: a staff session ends after OMBUD_SESSION_IDLE_MINUTES (default 30)
without a request; the next staff request leads to sign-in with a notice. Public pages neither
sign anyone out nor count as activity."""

from __future__ import annotations

import time

import pytest

from ombud.orgs.middleware import LAST_SEEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, ingrid):
    client.force_login(ingrid)
    client.cookies["django_language"] = "nb"
    assert client.get("/")["Location"] == "/pp/cases/"  # the first staff request starts the clock
    return client


def _idle_for(client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time() - minutes * 60)
    session.save()


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_finding_7_after_30_idle_minutes_a_staff_page_leads_to_sign_in_with_a_notice(signed_in):
    _idle_for(signed_in, 31)

    response = signed_in.get("/pp/cases/?state=open")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/pp/cases/%3Fstate%3Dopen"
    assert not _signed_in(signed_in)
    login_page = signed_in.get(response["Location"]).content.decode()
    assert "Du ble logget ut etter 30 minutter uten aktivitet." in login_page


def test_finding_7_a_request_within_the_idle_time_keeps_the_session(signed_in):
    _idle_for(signed_in, 29)

    assert signed_in.get("/")["Location"] == "/pp/cases/"
    assert _signed_in(signed_in)
    assert time.time() - signed_in.session[LAST_SEEN] < 5  # the clock started again


def test_finding_7_the_idle_time_is_a_setting(signed_in, settings):
    settings.OMBUD_SESSION_IDLE_MINUTES = 5
    _idle_for(signed_in, 6)

    assert signed_in.get("/")["Location"] == "/login/?next=/"


def test_finding_7_public_pages_neither_sign_out_nor_count_as_activity(signed_in):
    _idle_for(signed_in, 45)

    public = signed_in.get("/track/")

    assert public.status_code == 200
    assert _signed_in(signed_in)
    assert signed_in.get("/")["Location"] == "/login/?next=/"  # still idle for staff pages


def test_finding_7_a_form_sent_after_the_idle_time_is_not_acted_on_but_leads_to_sign_in(
        signed_in):
    _idle_for(signed_in, 31)

    # Still signed in, the register view would answer the empty form with 400 and its errors.
    response = signed_in.post("/pp/cases/register/", {})

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/pp/cases/register/"
    assert not _signed_in(signed_in)


def test_finding_7_the_admin_is_a_staff_page_too(client, ingrid):
    ingrid.is_staff = True
    ingrid.save()
    client.force_login(ingrid)
    client.get("/admin/")
    _idle_for(client, 31)

    assert client.get("/admin/")["Location"].startswith("/login/?next=/admin/")

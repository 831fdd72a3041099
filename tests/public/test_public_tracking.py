"""The private link: long, random, kept only as its SHA-256; an unknown or stopped link shows the
form for a new one; a new link goes only to the address on file, at most three times a day."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from public_world import PublicClient, elements, field_widgets, main_text

from ombud.mail import outbox
from ombud.mail.models import OutboxMessage
from ombud.public.limits import RESENDS_PER_DAY
from ombud.public.models import TrackingLink

NEW_LINK_MESSAGE = ("If the reference and the e-mail address match a case, a new link is on its "
                    "way to that address.")


def every_stored_text() -> list[tuple[str, str]]:
    """(table, value) for every text-like value of every row in the database, with the
    sessions' data decoded as Django reads it."""
    found = []
    for model in apps.get_models():
        for row in model.objects.all().values():
            for value in row.values():
                if value is not None and not isinstance(value, int | float | bool):
                    found.append((model._meta.db_table, str(value)))
    for session in Session.objects.all():
        found.append(("django_session (decoded)", str(session.get_decoded())))
    return found


# -- the token --------------------------------------------------------------------------------


def test_the_token_is_long_random_and_kept_only_as_its_sha256(people, filed):
    case, token, _ = filed("pp/complaint")
    _, other_token, _ = filed("pp/complaint")
    assert len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)  # 256 bits
    assert token != other_token
    link = TrackingLink.objects.get(case=case)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in link.token_hash


def test_the_token_is_never_stored_in_clear_anywhere_in_the_database(people, filed):
    """A copy of the database must not open anyone's case (TrackingLink's promise): the token
    may be in the person's mail and browser, not in any row (the outbox, the sessions)."""
    _, token, _ = filed("dnv/objection")
    outbox.deliver_due()
    holding = sorted({table for table, value in every_stored_text() if token in value})
    assert holding == [], f"the private link is stored in clear in: {holding}"


def test_a_new_link_sent_on_request_is_not_stored_in_clear_either(people, filed, mailoutbox):
    case, _, _ = filed("pp/complaint")
    PublicClient().post("/track/", {"reference": case.reference, "email": "sanne@example.org"})
    outbox.deliver_due()
    new_token = re.search(r"/track/([A-Za-z0-9_-]{40,})/", mailoutbox[-1].body).group(1)
    holding = sorted({table for table, value in every_stored_text() if new_token in value})
    assert holding == [], f"the private link is stored in clear in: {holding}"


@pytest.mark.parametrize("token", [
    "x" * 43, "short", "A" * 200, "-" * 50, "0000000000000000000000000000000000000000000"])
def test_an_unknown_token_gives_404_with_the_form_for_a_new_link(people, filed, token):
    filed("pp/complaint")
    response = PublicClient().get(f"/track/{token}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "This link does not work" in main_text(page)
    assert elements(page, "form", action="/track/")
    assert field_widgets(page, "reference") and field_widgets(page, "email")


def test_a_near_miss_of_a_real_token_does_not_open_the_case(people, filed):
    case, token, _ = filed("pp/complaint")
    swapped = "A" if token[-1] != "A" else "B"
    assert PublicClient().get(f"/track/{token[:-1]}{swapped}/").status_code == 404
    assert PublicClient().get(f"/track/{token[:-1]}/").status_code == 404
    assert PublicClient().get(f"/track/{token}x/").status_code == 404
    if token.swapcase() != token:  # tokens are case-sensitive
        assert PublicClient().get(f"/track/{token.swapcase()}/").status_code == 404


def test_an_unknown_token_gets_404_on_every_sub_page_and_changes_nothing(people, filed):
    case, _, _ = filed("dnv/objection")
    before = (case.events.count(), case.documents.count(), case.state)
    bogus = "b" * 43
    visitor = PublicClient()
    for path, data in (("upload/", {"title": "x"}), ("hearing/", {"wants_hearing": "yes"}),
                       ("consent/", {"given": "yes"}), ("withdraw/", {"confirm": "on"}),
                       ("revoke/", {})):
        assert visitor.post(f"/track/{bogus}/{path}", data).status_code == 404, path
    assert visitor.get(f"/track/{bogus}/documents/1/").status_code == 404
    case.refresh_from_db()
    assert (case.events.count(), case.documents.count(), case.state) == before


def test_the_unknown_link_page_is_kept_out_of_caches_and_search(people):
    response = PublicClient().get("/track/" + "c" * 43 + "/")
    assert response["Cache-Control"] == "no-store" and response["X-Robots-Tag"] == "noindex"


# -- stopping a link --------------------------------------------------------------------------


def test_revoke_stops_the_link_and_it_then_gives_404(people, filed):
    case, token, visitor = filed("pp/complaint")
    response = visitor.post(f"/track/{token}/revoke/")
    assert response.status_code == 302 and response["Location"].startswith("/track/")
    assert "This link no longer works." in main_text(
        visitor.get(response["Location"]).content.decode())
    assert TrackingLink.objects.get(case=case).revoked_at is not None
    stopped = visitor.get(f"/track/{token}/")
    assert stopped.status_code == 404
    assert elements(stopped.content.decode(), "form", action="/track/")
    assert visitor.post(f"/track/{token}/withdraw/", {"confirm": "on"}).status_code == 404
    case.refresh_from_db()
    assert case.state == "open"


def test_revoke_stops_only_that_link_not_a_newer_one(people, filed, mailoutbox):
    case, token, visitor = filed("pp/complaint")
    PublicClient().post("/track/", {"reference": case.reference, "email": "sanne@example.org"})
    outbox.deliver_due()
    new_token = re.search(r"/track/([A-Za-z0-9_-]{40,})/", mailoutbox[-1].body).group(1)
    visitor.post(f"/track/{token}/revoke/")
    assert visitor.get(f"/track/{token}/").status_code == 404
    assert visitor.get(f"/track/{new_token}/").status_code == 200


def test_revoke_must_be_posted(people, filed):
    case, token, visitor = filed("pp/complaint")
    assert visitor.get(f"/track/{token}/revoke/").status_code == 405
    assert visitor.get(f"/track/{token}/").status_code == 200


# -- a new link on request --------------------------------------------------------------------


def test_resend_with_matching_reference_and_email_sends_a_new_working_link(people, filed,
                                                                         mailoutbox):
    case, old_token, _ = filed("pp/complaint")
    outbox.deliver_due()
    mailoutbox.clear()
    stranger = PublicClient()
    response = stranger.post("/track/", {"reference": case.reference.lower(),
                                         "email": "  SANNE@example.org "})
    assert response.status_code == 302 and response["Location"].startswith("/track/")
    assert NEW_LINK_MESSAGE in main_text(stranger.get(response["Location"]).content.decode())
    assert mailoutbox == []  # through the outbox
    queued = OutboxMessage.objects.get(kind="tracking_link")
    assert (queued.case, queued.to) == (case, "sanne@example.org")
    assert outbox.deliver_due() == (1, 0)
    [mail] = mailoutbox
    assert mail.to == ["sanne@example.org"] and case.reference in mail.subject
    new_token = re.search(r"http://testserver/track/([A-Za-z0-9_-]{40,})/", mail.body).group(1)
    assert new_token != old_token
    page = PublicClient().get(f"/track/{new_token}/")
    assert page.status_code == 200 and case.reference in main_text(page.content.decode())
    assert TrackingLink.objects.filter(case=case).count() == 2


@pytest.mark.parametrize("asked", ["wrong-email", "unknown-reference", "other-case"])
def test_resend_that_does_not_match_says_the_same_and_sends_nothing(people, filed, mailoutbox,
                                                                   asked):
    case, _, _ = filed("pp/complaint", email="sanne@example.org")
    other, _, _ = filed("av/complaint", email="kari@example.org")
    outbox.deliver_due()
    mailoutbox.clear()
    links_before = TrackingLink.objects.count()
    fields = {
        "wrong-email": {"reference": case.reference, "email": "someone.else@example.org"},
        "unknown-reference": {"reference": "PP-1999-0001", "email": "sanne@example.org"},
        "other-case": {"reference": other.reference, "email": "sanne@example.org"},
    }[asked]
    stranger = PublicClient()
    response = stranger.post("/track/", fields)
    assert response.status_code == 302 and response["Location"].startswith("/track/")
    assert NEW_LINK_MESSAGE in main_text(stranger.get(response["Location"]).content.decode())
    assert not OutboxMessage.objects.filter(kind="tracking_link").exists()
    assert TrackingLink.objects.count() == links_before
    assert outbox.deliver_due() == (0, 0) and mailoutbox == []


def test_at_most_three_new_links_a_day_for_one_case(people, filed, mailoutbox):
    case, _, _ = filed("pp/complaint")
    assert RESENDS_PER_DAY == 3
    stranger = PublicClient()
    for _ in range(RESENDS_PER_DAY + 2):
        response = stranger.post("/track/", {"reference": case.reference,
                                             "email": "sanne@example.org"})
        assert response.status_code == 302
        assert NEW_LINK_MESSAGE in main_text(stranger.get("/track/").content.decode())
    assert OutboxMessage.objects.filter(kind="tracking_link", case=case).count() == 3
    assert TrackingLink.objects.filter(case=case).count() == 1 + 3


def test_the_daily_limit_of_one_case_does_not_hold_back_another(people, filed):
    case, _, _ = filed("pp/complaint")
    other, _, _ = filed("pp/complaint", email="kari@example.org")
    for _ in range(RESENDS_PER_DAY):
        PublicClient().post("/track/", {"reference": case.reference,
                                        "email": "sanne@example.org"})
    PublicClient().post("/track/", {"reference": other.reference, "email": "kari@example.org"})
    assert OutboxMessage.objects.filter(kind="tracking_link", case=other).count() == 1


@pytest.mark.parametrize("fields", [{"reference": "", "email": "a@example.org"},
                                    {"reference": "PP-2026-0001", "email": "not-an-address"}])
def test_the_resend_form_shows_field_errors_and_sends_nothing(people, fields):
    response = PublicClient().post("/track/", fields)
    assert response.status_code == 400
    assert not OutboxMessage.objects.exists()
    field = "reference" if not fields["reference"] else "email"
    [widget] = field_widgets(response.content.decode(), field)
    assert widget["aria-invalid"] == "true"

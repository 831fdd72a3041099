"""Issue 9, finding 9 on the public side: crafted proof-of-work values are refused cleanly, the
form's idempotency key is the server's own (signed, bound to the form, expiring), the new-link
form has a per-address limit, and the per-address limit counts an IPv6 network (/64) as one
address behind as many trusted proxies as the operator names."""

from __future__ import annotations

import base64
import json
import re

import pytest
from django.test import RequestFactory
from public_world import PublicClient, footprint, form_path, main_text, valid_fields
from worker import run_worker

from ombud.cases.models import Case
from ombud.mail.models import OutboxMessage
from ombud.public import abuse
from ombud.public.models import Submission
from ombud.web import clients

PATH = form_path("pp/complaint")
DAMAGED = "The check against automated sending came back damaged. Please send the form again."
RESENT = "If the reference and the e-mail address match a case, a new link is on its way"


def _keys():
    from ombud.public import form_keys

    return form_keys


def _fields() -> dict:
    return valid_fields("pp/complaint")


# -- crafted proof-of-work values (issue 9, finding 9) ----------------------------------------


def _crafted(visitor: PublicClient, change: str) -> tuple[str, str]:
    """(key, proof): the real solution of the form's puzzle with one value made hostile, as
    the raw JSON a robot would send (1e400 is not a number Python's json writes)."""
    key, puzzle = visitor.open_form(PATH)
    payload = json.loads(base64.b64decode(abuse.solve(puzzle)))
    raw = {
        "salt-number": lambda: json.dumps({**payload, "salt": 1}),
        "number-1e400": lambda: json.dumps({**payload, "number": 0}).replace(
            '"number": 0', '"number": 1e400'),
        "number-huge": lambda: json.dumps({**payload, "number": 0}).replace(
            '"number": 0', '"number": ' + "9" * 5000),
        "non-ascii-signature": lambda: json.dumps({**payload, "signature": "é" * 64}),
        "numeric-challenge": lambda: json.dumps({**payload, "challenge": 12345}),
        "list-payload": lambda: json.dumps([payload]),
        "null-salt": lambda: json.dumps({**payload, "salt": None}),
        "bool-number": lambda: json.dumps({**payload, "number": True}),
    }[change]()
    return key, base64.b64encode(raw.encode()).decode()


CRAFTED = ["salt-number", "number-1e400", "number-huge", "non-ascii-signature",
           "numeric-challenge", "list-payload", "null-salt", "bool-number"]


@pytest.mark.parametrize("change", CRAFTED)
def test_a_crafted_proof_of_work_is_refused_with_a_form_error_not_a_server_error(people, change):
    visitor = PublicClient()
    visitor.raise_request_exception = False
    key, proof = _crafted(visitor, change)
    before = footprint()
    response = visitor.post(PATH, {**_fields(), "key": key, "proof": proof})
    assert response.status_code == 400, response.status_code
    assert DAMAGED in main_text(response.content.decode())
    assert _fields()["description"] in response.content.decode()  # nothing typed is lost
    assert footprint() == before


@pytest.mark.parametrize("change", CRAFTED)
def test_a_crafted_proof_of_work_is_no_proof_to_the_checker(people, change):
    key, proof = _crafted(PublicClient(), change)
    assert abuse.verify(proof, f"pp:{key}") is False
    assert abuse.damaged(proof) is True


def test_a_crafted_proof_over_the_limit_is_the_plain_limit_page(people, settings):
    settings.OMBUD_PUBLIC_LIMIT_WITHOUT_WORK = 0
    visitor = PublicClient()
    visitor.raise_request_exception = False
    key, proof = _crafted(visitor, "non-ascii-signature")
    assert visitor.post(PATH, {**_fields(), "key": key, "proof": proof}).status_code == 429


def test_the_damaged_proof_message_is_translated(people):
    visitor = PublicClient("nb")
    key, proof = _crafted(visitor, "salt-number")
    page = main_text(visitor.post(PATH, {**_fields(), "key": key, "proof": proof})
                     .content.decode())
    assert DAMAGED not in page and "skjemaet" in page.lower()


def test_an_empty_proof_is_a_browser_without_javascript_not_damage(people):
    assert abuse.damaged("") is False
    response, key = PublicClient().send(PATH, _fields(), proof=False)
    assert response.status_code == 302
    assert Submission.objects.get(key=key).proof_of_work is False


# -- the idempotency key is the server's (issue 9, finding 9) ---------------------------------


def test_the_form_page_is_kept_out_of_caches(people):
    """A cached form page would give two people the same key."""
    response = PublicClient().get(PATH)
    assert response["Cache-Control"] == "no-store"


def test_the_key_on_the_form_is_signed_for_this_organization_and_form(people):
    key, _ = PublicClient().open_form(PATH)
    assert _keys().is_issued(key, organization="pp", case_type="complaint")
    assert not _keys().is_issued(key, organization="av", case_type="complaint")
    assert not _keys().is_issued(key, organization="dnv", case_type="objection")
    assert not _keys().is_issued(key[:-1] + ("A" if key[-1] != "A" else "B"),
                                   organization="pp", case_type="complaint")


def test_an_expired_key_is_not_the_servers(people, monkeypatch):
    key, _ = PublicClient().open_form(PATH)
    import time

    later = time.time() + _keys().MAX_AGE_SECONDS + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert not _keys().is_issued(key, organization="pp", case_type="complaint")


@pytest.mark.parametrize("key", ["fuzz-key-000000000000000", "k" * 30, "A" * 64])
def test_a_key_the_server_did_not_issue_files_nothing_and_gives_the_form_back_with_a_new_key(
        people, key):
    visitor = PublicClient()
    before = footprint()
    response = visitor.post(PATH, {**_fields(), "key": key})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please check what you wrote and send it again." in main_text(page)
    assert _fields()["description"] in page  # nothing typed is lost
    new_key = re.search(r'name="key" value="([^"]*)"', page).group(1)
    assert new_key != key and _keys().is_issued(new_key, organization="pp",
                                                  case_type="complaint")
    assert footprint() == before
    again = visitor.post(PATH, {**_fields(), "key": new_key})
    assert again.status_code == 302 and Case.objects.count() == 1


def test_a_key_of_another_organizations_form_is_not_accepted(people):
    visitor = PublicClient()
    key, _ = visitor.open_form(form_path("av/complaint"))
    before = footprint()
    response = visitor.post(PATH, {**_fields(), "key": key})
    assert response.status_code == 400 and footprint() == before


def test_two_people_posting_the_same_copied_key_both_file_and_see_only_their_own_receipt(
        people):
    """The finding: two browsers with one key (a cached page, a copied one): the second
    complaint vanished and its sender saw the first person's receipt."""
    first, second = PublicClient(), PublicClient()
    key, _ = first.open_form(PATH)
    mine = {**_fields(), "name": "Kari Nordmann", "email": "kari@example.org",
            "title": "Kari's complaint", "description": "What happened to Kari."}
    theirs = {**_fields(), "name": "Ola Hansen", "email": "ola@example.org",
              "title": "Ola's complaint", "description": "What happened to Ola."}
    one = first.post(PATH, {**mine, "key": key})
    other = second.post(PATH, {**theirs, "key": key})
    assert one.status_code == other.status_code == 302
    assert one["Location"] != other["Location"]
    assert Case.objects.count() == 2
    assert set(Case.objects.values_list("complainant_name", flat=True)) == {
        "Kari Nordmann", "Ola Hansen"}
    own = main_text(second.get(other["Location"]).content.decode())
    assert "ola@example.org" in own and "kari@example.org" not in own
    kari = Case.objects.get(complainant_name="Kari Nordmann").reference
    assert kari not in own
    # the receipt mail goes to each their own address
    run_worker()
    receipts = OutboxMessage.objects.filter(kind="receipt")
    assert sorted(receipts.values_list("to", flat=True)) == ["kari@example.org",
                                                            "ola@example.org"]


def test_the_second_person_retrying_with_the_copied_key_still_makes_one_case(people):
    """Nothing doubled: the second person's double click lands on their own receipt."""
    first, second = PublicClient(), PublicClient()
    key, _ = first.open_form(PATH)
    first.post(PATH, {**_fields(), "key": key})
    theirs = {**_fields(), "name": "Ola Hansen", "email": "ola@example.org"}
    one = second.post(PATH, {**theirs, "key": key})
    after = footprint()
    again = second.post(PATH, {**theirs, "key": key})
    assert again.status_code == 302 and again["Location"] == one["Location"]
    assert footprint() == after


def test_one_solved_puzzle_counts_once_even_under_a_copied_key(people):
    visitor = PublicClient()
    key, puzzle = visitor.open_form(PATH)
    proof = abuse.solve(puzzle)
    visitor.post(PATH, {**_fields(), "key": key, "proof": proof})
    visitor.post(PATH, {**_fields(), "key": key, "proof": proof, "title": "Another one"})
    assert Submission.objects.count() == 2
    assert Submission.objects.filter(proof_of_work=True).count() == 1


# -- the new-link form has a per-address limit (issue 9, finding 9) ---------------------------


def test_the_new_link_form_stops_sending_after_the_per_address_limit_and_says_the_same(
        people, filed, settings):
    settings.OMBUD_RESEND_LIMIT_PER_HOUR = 2
    case, _, _ = filed("pp/complaint")
    other, _, _ = filed("pp/complaint", email="kari@example.org")
    asker = PublicClient(address="203.0.113.44")
    sent_before = OutboxMessage.objects.filter(kind="tracking_link").count()
    asked = [(case.reference, "wrong@example.org"), (case.reference, "sanne@example.org"),
             (other.reference, "kari@example.org")]
    for reference, email in asked:
        response = asker.post("/track/", {"reference": reference, "email": email})
        assert response.status_code == 302
        assert RESENT in main_text(asker.get(response["Location"]).content.decode())
    # the first two asks were counted (one matched); the third, over the limit, sent nothing
    assert OutboxMessage.objects.filter(kind="tracking_link").count() == sent_before + 1
    assert not OutboxMessage.objects.filter(kind="tracking_link", case=other).exists()
    # another address is not held back
    PublicClient(address="203.0.113.45").post("/track/", {"reference": other.reference,
                                                          "email": "kari@example.org"})
    assert OutboxMessage.objects.filter(kind="tracking_link", case=other).count() == 1


def test_the_new_link_limit_keeps_only_a_keyed_hash_of_the_address(people, filed, settings):
    from ombud.public.models import ResendRequest

    case, _, _ = filed("pp/complaint")
    PublicClient(address="203.0.113.46").post("/track/", {"reference": case.reference,
                                                          "email": "sanne@example.org"})
    [asked] = ResendRequest.objects.all()
    assert "203.0.113.46" not in asked.client and len(asked.client) == 64


# -- counting addresses: IPv6 networks and trusted proxies (issue 9, finding 9) ---------------


def _client(remote: str, forwarded: str | None = None) -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return clients.client_of(RequestFactory().post("/", **meta))


def test_ipv6_addresses_of_one_64_network_count_as_one_sender(settings):
    settings.OMBUD_TRUSTED_PROXY = 0
    assert _client("2001:db8:1:2::1") == _client("2001:db8:1:2:ffff:ffff:ffff:ffff")
    assert _client("2001:db8:1:2::1") == _client("2001:DB8:1:2:0:0:0:99")
    assert _client("2001:db8:1:2::1") != _client("2001:db8:1:3::1")


def test_ipv4_addresses_still_count_one_by_one(settings):
    settings.OMBUD_TRUSTED_PROXY = 0
    assert _client("203.0.113.1") != _client("203.0.113.2")
    assert _client("::ffff:203.0.113.1") == _client("203.0.113.1")


def test_an_ipv6_network_over_the_limit_is_refused_from_any_of_its_addresses(people, settings):
    settings.OMBUD_PUBLIC_LIMIT_WITHOUT_WORK = 1
    settings.OMBUD_TRUSTED_PROXY = 0
    assert PublicClient(address="2001:db8:5:6::1").send(
        PATH, _fields(), proof=False)[0].status_code == 302
    before = footprint()
    response, _ = PublicClient(address="2001:db8:5:6:abcd::2").send(PATH, _fields(),
                                                                   proof=False)
    assert response.status_code == 429 and footprint() == before


@pytest.mark.parametrize("hops, forwarded, expected", [
    (0, "198.51.100.1, 198.51.100.2", "10.0.0.1"),  # no proxy trusted: the header is ignored
    (1, "198.51.100.1, 198.51.100.2", "198.51.100.2"),  # what our one proxy saw
    (2, "198.51.100.1, 198.51.100.2", "198.51.100.1"),  # two proxies: one entry further left
    (2, "6.6.6.6, 198.51.100.1, 198.51.100.2", "198.51.100.1"),  # a forged entry is skipped
    (3, "198.51.100.2", "198.51.100.2"),  # fewer entries than proxies: the leftmost one
    (1, "", "10.0.0.1"),  # no header: the connection's address
    (1, "not-an-address", "not-an-address"),
])
def test_the_trusted_proxy_setting_names_how_many_proxies_to_trust(settings, hops, forwarded,
                                                                  expected):
    settings.OMBUD_TRUSTED_PROXY = hops
    assert _client("10.0.0.1", forwarded) == _client(expected)


def test_true_and_false_still_mean_one_proxy_and_none(settings):
    settings.OMBUD_TRUSTED_PROXY = True
    assert _client("10.0.0.1", "6.6.6.6, 198.51.100.2") == _client("198.51.100.2")
    settings.OMBUD_TRUSTED_PROXY = False
    assert _client("10.0.0.1", "6.6.6.6, 198.51.100.2") == _client("10.0.0.1")


@pytest.mark.parametrize("value, hops", [("", 0), ("0", 0), ("2", 2), ("true", 1),
                                         ("false", 0), ("yes", 1), ("off", 0)])
def test_the_trusted_proxy_setting_is_read_as_a_count(monkeypatch, value, hops):
    from ombud.config.env import env_proxy_count

    monkeypatch.setenv("OMBUD_TRUSTED_PROXY", value)
    assert env_proxy_count("OMBUD_TRUSTED_PROXY") == hops


@pytest.mark.parametrize("value", ["-1", "many", "1.5"])
def test_a_bad_trusted_proxy_setting_fails_fast(monkeypatch, value):
    from ombud.config.env import ConfigurationError, env_proxy_count

    monkeypatch.setenv("OMBUD_TRUSTED_PROXY", value)
    with pytest.raises(ConfigurationError, match="OMBUD_TRUSTED_PROXY"):
        env_proxy_count("OMBUD_TRUSTED_PROXY")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(__import__("django.db").db.connection.vendor != "postgresql",
                    reason="concurrent writers need PostgreSQL: SQLite serializes them")
def test_two_people_posting_one_copied_key_at_the_same_moment_both_file(people):
    """The lock that keeps one key to one case must not turn the second person's different
    submission into a retry of the first (it lost the race for the key, not its case)."""
    import threading

    from django.db import connection, transaction
    from test_public_submission import _wait_until_waiting

    from ombud.orgs.models import Organization

    visitors = [PublicClient(), PublicClient()]
    key, _ = visitors[0].open_form(PATH)
    sent = [{**_fields(), "key": key, "name": name, "email": email} for name, email in (
        ("Kari Nordmann", "kari@example.org"), ("Ola Hansen", "ola@example.org"))]
    start = threading.Barrier(2)
    outcomes: list = []

    def send(visitor, data):
        try:
            start.wait(timeout=10)
            response = visitor.post(PATH, data)
            outcomes.append((response.status_code, response.get("Location")))
        except Exception as error:  # reported by the assertions below
            outcomes.append(("error", repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=pair)
               for pair in zip(visitors, sent, strict=True)]
    with transaction.atomic():
        Organization.objects.select_for_update().get(slug="pp")
        for thread in threads:
            thread.start()
        both_waited = _wait_until_waiting(2)
    for thread in threads:
        thread.join(timeout=60)
    assert both_waited, "the two requests never waited on the lock together"
    assert [status for status, _ in outcomes] == [302, 302], outcomes
    assert len({location for _, location in outcomes}) == 2
    assert set(Case.objects.values_list("complainant_name", flat=True)) == {
        "Kari Nordmann", "Ola Hansen"}


def test_the_new_link_counts_are_kept_for_an_hour_only(people, filed):
    from datetime import timedelta

    from django.utils import timezone

    from ombud.public.models import ResendRequest

    old = ResendRequest.objects.create(client="x" * 64)
    ResendRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=2))
    PublicClient().post("/track/", {"reference": "PP-2026-0001", "email": "a@example.org"})
    assert not ResendRequest.objects.filter(pk=old.pk).exists()
    assert ResendRequest.objects.count() == 1


def test_a_receipt_opened_by_another_browser_shows_nobodys_personal_data(people):
    """Whoever learns a receipt's address (a copied form's key makes it easy to guess) sees
    that the case was received, not the address, name or date of birth of its sender; the
    private link in the receipt mail shows them to the sender."""
    owner = PublicClient()
    response, _ = owner.send(form_path("dnv/inspection"), valid_fields("dnv/inspection"))
    assert response.status_code == 302
    own = main_text(owner.get(response["Location"]).content.decode())
    assert "sanne@example.org" in own and "Sanne de Vries" in own  # the sender sees it all
    other = main_text(PublicClient().get(response["Location"]).content.decode())
    assert Case.objects.get().reference in other
    for personal in ("sanne@example.org", "Sanne de Vries", "1990-05-17"):
        assert personal not in other, personal


# -- a POST that carries no fields (attack on issue 10) ---------------------------------------


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data"])
def test_a_post_with_no_fields_is_the_form_again_not_a_server_error(people, content_type):
    """A robot's POST with an empty body (or one the form parser does not read) was taken for
    a GET by ``request.POST or None``: the unbound form was then given an error (500)."""
    visitor = PublicClient()
    if content_type == "text/plain":
        response = visitor.post(PATH, data="anything", content_type=content_type)
    else:
        response = visitor.post(PATH, {})
    assert response.status_code == 400
    assert "This form was open for very long" in main_text(response.content.decode())
    assert not Case.objects.exists()

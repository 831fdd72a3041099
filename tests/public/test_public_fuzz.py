"""Whatever arrives from the internet, the public side answers with a page, never a server error
or a traceback: random text, bytes and unicode in every field of every public form, random
files, and random private-link URLs and their sub-pages."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from public_world import PROCEDURES, PublicClient, file_valid, form_path, valid_fields

pytestmark = pytest.mark.slow  # fuzzing

# No shrinking: a failure is reported as generated (the message names the fields it changed),
# which keeps a failing run as short as a passing one.
FUZZ = settings(max_examples=100, deadline=None, database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
FORM_FUZZ = settings(FUZZ, max_examples=60)  # per case type: ten of them

FIELDS = ["key", "proof", "website", "filer", "name", "email", "phone", "address", "about",
          "exam_on", "decision_on", "result_on", "birth_on", "title", "description", "reasons",
          "invoice", "fees_accepted", "signature", "signed", "consent", "late_confirmed",
          "incomplete_confirmed"]

LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".org"  # valid, 260 characters
TRICKY = ["", " ", "\x00", "a\x00b", "on", "yes", "\r\n", "\u202e\u200b", "💥" * 60,
          "<script>alert(1)</script>", "' OR 1=1 --", "%00", "%s%s%(name)s{0}{{ x }}",
          "../../../../etc/passwd", "0001-01-01", "9999-12-31", "2024-02-30", "1900-01-01",
          "-1", "1e309", "NaN", "x" * 10_001, "a@b.c", LONG_EMAIL,
          "\x7f\x1b[31m", "\ufeff", "İstanbul ß ﬁ", "null", "[]", "{}", "true"]

text = st.one_of(
    st.text(max_size=200),
    st.sampled_from(TRICKY),
    st.binary(max_size=80).map(lambda raw: raw.decode("latin-1")),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
)
value = st.one_of(text, st.lists(text, min_size=2, max_size=3))

files = st.lists(st.builds(
    lambda name, content: SimpleUploadedFile(name or "file", content),
    # Names Django's own test client refuses to send ("." and "..") are not the server's to see.
    st.one_of(st.text(min_size=1, max_size=60).filter(
        lambda name: "/" not in name and name not in (".", "..")),
              st.sampled_from(["a.pdf", "../../x.pdf", "a\x00.pdf", "ø.txt", "." * 200])),
    st.one_of(st.binary(max_size=600), st.sampled_from([
        b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04garbage", b"RIFF\x00\x00\x00\x00WEBP",
        b"GIF89a", b"\xff\xd8\xff", b"<html>", b"plain text \xc3\xa6"]))),
    max_size=3)


def assert_answered(response, what: str) -> None:
    body = response.content.decode("utf-8", "replace") if not response.streaming else ""
    problem = getattr(response, "exc_info", None)
    assert response.status_code < 500, f"{what}: HTTP {response.status_code} {problem!r}"
    assert "Traceback" not in body, what


@pytest.fixture
def visitor(people) -> PublicClient:
    client = PublicClient("en")
    client.raise_request_exception = False  # a server error is a status here, not an exception
    return client


@pytest.mark.parametrize("procedure_id", PROCEDURES)
def test_random_input_in_every_field_of_the_public_form_never_gives_a_server_error(
        visitor, settings, procedure_id):
    settings.OMBUD_PUBLIC_LIMIT_PER_HOUR = 10_000  # keep the fuzz past the limit, not at it
    settings.OMBUD_PUBLIC_LIMIT_WITHOUT_WORK = 10_000
    path = form_path(procedure_id)

    @FORM_FUZZ
    @given(changed=st.dictionaries(st.sampled_from(FIELDS), value, max_size=8),
           dropped=st.sets(st.sampled_from(FIELDS), max_size=4), attachments=files,
           fresh_key=st.booleans())
    # always tried besides the random ones (the NUL key and the long address, found by this
    # fuzz, have their own tests: test_a_nul_character_in_the_form_key_..., and in
    # test_public_submission test_a_long_but_valid_email_address_...)
    @example(changed={name: "0001-01-01" for name in ("exam_on", "decision_on", "result_on")}
             | {"late_confirmed": "on", "about": "exam"}, dropped=set(), attachments=[],
             fresh_key=True)
    def post_random(changed, dropped, attachments, fresh_key):
        data = {**valid_fields(procedure_id),
                "key": visitor.open_form(path)[0] if fresh_key else "fuzz-key-000000000000000"}
        data.update(changed)
        for name in dropped:
            data.pop(name, None)
        if attachments:
            data["attachments"] = attachments
        assert_answered(visitor.post(path, data), f"POST {path} {changed!r}"[:2000])

    post_random()


@pytest.fixture
def tracked(people):
    """A real case with its private link, for sub-pages reached with a valid token."""
    owner = PublicClient()
    owner.raise_request_exception = False
    case, token = file_valid(owner, "dnv/objection")
    return case, token, owner


segment = st.one_of(st.text(min_size=1, max_size=80), st.sampled_from(TRICKY[1:]),
                    st.from_regex(r"[A-Za-z0-9_-]{40,64}", fullmatch=True))


def test_random_private_link_urls_never_give_a_server_error(tracked):
    case, token, owner = tracked
    stranger = PublicClient()
    stranger.raise_request_exception = False

    @FUZZ
    @given(token_part=st.one_of(segment, st.just(token)), sub=st.sampled_from(
        ["", "upload/", "hearing/", "consent/", "withdraw/", "revoke/", "documents/{n}/",
         "documents/{n}", "documents/x/", "{s}/", "documents/{n}/{s}/"]),
        number=st.one_of(st.integers(min_value=0, max_value=10**30), st.sampled_from([0, 1, 2])),
        extra=segment, method=st.sampled_from(["get", "post"]),
        data=st.dictionaries(st.sampled_from(["title", "wants_hearing", "given", "text",
                                              "confirm", "reason", "document"]), value,
                             max_size=4))
    @example(token_part=token, sub="documents/{n}/", number=10**30, extra="x", method="get",
             data={})
    @example(token_part="a\x00b" * 15, sub="", number=0, extra="x", method="get", data={})
    def visit(token_part, sub, number, extra, method, data):
        if token_part == token and sub in ("revoke/", "withdraw/"):
            sub = ""  # keep the one real link alive for the next examples
        path = f"/track/{quote(token_part, safe='')}/" + sub.format(n=number,
                                                                     s=quote(extra, safe=""))
        client = owner if token_part == token else stranger
        response = client.get(path) if method == "get" else client.post(path, data)
        assert_answered(response, f"{method.upper()} {path!r}")

    visit()


def test_random_receipt_urls_never_give_a_server_error(people):
    stranger = PublicClient()
    stranger.raise_request_exception = False

    @FUZZ
    @given(procedure_id=st.sampled_from(PROCEDURES + ["av/objection", "zz/complaint"]),
           key=segment)
    def visit(procedure_id, key):
        path = f"/{procedure_id}/received/{quote(key, safe='')}/"
        assert_answered(stranger.get(path), f"GET {path!r}")

    visit()


def test_random_input_in_the_new_link_form_never_gives_a_server_error(tracked):
    case, _, _ = tracked
    stranger = PublicClient()
    stranger.raise_request_exception = False

    @FUZZ
    @given(reference=st.one_of(value, st.just(case.reference)),
           email=st.one_of(value, st.just("sanne@example.org")))
    @example(reference="PP-2026-\x00", email="a@example.org")
    def ask(reference, email):
        assert_answered(stranger.post("/track/", {"reference": reference, "email": email}),
                        "POST /track/")

    ask()


@pytest.mark.parametrize("key", ["abc\x00def-000000000000000", "\x00" * 30])
def test_a_nul_character_in_the_form_key_is_answered_not_a_server_error(visitor, key):
    """Found by the fuzz on PostgreSQL: text columns cannot hold NUL, so the key must be
    refused before it reaches a query."""
    response = visitor.post(form_path("pp/complaint"), {**valid_fields("pp/complaint"),
                                                        "key": key})
    assert_answered(response, "POST with a NUL in the key")


def test_a_nul_character_in_a_receipt_url_is_answered_not_a_server_error(visitor):
    assert_answered(visitor.get("/pp/complaint/received/ab%00cd/"), "GET receipt with NUL")


@pytest.mark.parametrize("key", ["aaaaaaaaaaaaaaaaaaaa/b", "/" * 30, "receipt/../../../../x/y"])
def test_a_slash_in_the_form_key_is_answered_not_a_server_error(visitor, key):
    """Found by probing the key: the receipt's URL is built from the key, and a key with "/"
    has no URL. Either the key is refused and nothing is filed, or the case is filed and its
    receipt opens: never a case filed behind a server error (the retry would fail the same)."""
    from ombud.cases.models import Case

    response = visitor.post(form_path("pp/complaint"), {**valid_fields("pp/complaint"),
                                                        "key": key})
    assert_answered(response, f"POST with the key {key!r}")
    if response.status_code == 302:
        assert visitor.get(response["Location"]).status_code == 200
    else:
        assert not Case.objects.exists()

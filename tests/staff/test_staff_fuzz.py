"""Whatever a signed-in staff member sends, the staff side answers with a page, never a server
error (issue 9: "Hypothesis fuzzing covers every staff form and URL parameter too").

The URLs come from Django's URL resolver, not from a hand list: every staff route (all but the
public side, which test_public_fuzz covers, and Django's own admin), with its path parameters
filled with real values (an organization, a case, a step, a document) or hostile ones (huge
numbers, unicode, NUL, slashes, very long text), as every role of an organization, by GET with
random query parameters and by POST with random values in the fields of every staff form."""

from __future__ import annotations

import re
import traceback
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ombud.cases import forms as staff_forms
from ombud.domain.loader import find_procedure
from ombud.orgs.models import Role

pytestmark = pytest.mark.slow

FUZZ = settings(max_examples=80, deadline=None, database=None, print_blob=True,
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

SKIPPED_NAMESPACES = {"admin", "public"}  # Django's own; the public side has its own fuzz
SKIPPED_NAMES = {"logout"}  # signs the fuzzing person out: every later example would be a 302


def staff_routes() -> list[tuple[str, str]]:
    """(route, name) of every staff URL, e.g. ("<slug:org>/cases/<str:reference>/", "case")."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in SKIPPED_NAMESPACES:
                    walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name not in SKIPPED_NAMES:
                found.append((prefix + str(pattern.pattern), pattern.name or ""))

    walk(get_resolver().url_patterns, "")
    return found


TODAY = timezone.localdate

HOSTILE = ["", " ", "\x00", "a\x00b", "%00", "💥" * 40, "\u202e\u200b", "x" * 5000,
           "../../etc/passwd", "a/b", "<script>alert(1)</script>", "' OR 1=1 --",
           "%s%(name)s{0}{{ x }}", "9" * 25, "-1", "0", "²", "1e400", "NaN", "1.5",
           "0001-01-01", "1900-01-01", "9999-12-31", "2024-02-30", "İstanbul ß ﬁ", "null",
           "[]", "on", "true"]
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60),
                         st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")))
hostile_number = st.one_of(st.integers(min_value=0, max_value=10**30).map(str),
                           st.sampled_from(["9" * 25, "0", "²", "00000000000000000001"]))


def _field_names() -> list[str]:
    """The names of every field of every staff form, as the pages send them (step forms carry
    their event type as prefix), and the hand-made fields of the meeting and link forms."""
    procedure = find_procedure("dnv/objection")
    names = set()
    for event_type in staff_forms.STEP_LABELS:
        form = staff_forms.step_form(event_type, procedure=procedure, staff=[], bodies=[],
                                     prefix=event_type)
        names.update(form.add_prefix(name) for name in form.fields)
    from django.contrib.auth import get_user_model

    for form in (staff_forms.RegisterForm(procedures=[("dnv/objection", "x")]),
                 staff_forms.NoteForm(), staff_forms.PartyForm(), staff_forms.ActionDoneForm(),
                 staff_forms.DocumentForm(),
                 staff_forms.CorrectiveActionForm(owners=get_user_model().objects.none())):
        names.update(form.fields)
    return sorted(names | {"decision", "handler", "action", "record_contact"})


QUERY_NAMES = ["type", "state", "handler", "overdue", "week", "q", "after", "step", "add",
               "next"]


def _plausible(name: str, world: dict) -> str:
    """A value the field would accept, so that a random change reaches past the first check."""
    field = name.rpartition("-")[2]
    if field in ("on", "received_on", "decision_on", "result_on", "exam_on", "done_on"):
        return (TODAY() - timedelta(days=1)).isoformat()
    if field in ("due_on", "hearing_on"):
        return (TODAY() + timedelta(days=14)).isoformat()
    if field in ("handler_id", "owner", "handler"):
        return str(world["staff_id"])
    return {"procedure_id": world["procedure_id"], "channel": "letter", "outcome": "upheld",
            "role": "subject", "term_weeks": "2", "weeks": "2", "email": "a@example.org",
            "action": "send", "ground": "late"}.get(field, "x")


@pytest.fixture
def world(people, register, step):
    """Per organization: a case of each enabled type, one with a corrective action and a
    document; and the ids the path parameters may take."""
    cases = {"dnv": [register("dnv/objection"), register("dnv/complaint")],
             "pp": [register("pp/complaint")]}
    found = {}
    for slug, opened in cases.items():
        case = opened[0]
        from ombud.cases import services

        action = services.corrective_action_add(
            case=case, description="Train the staff", owner=people[slug]["handler"],
            due_on=TODAY() + timedelta(days=30), actor=people[slug]["handler"])
        step(case, "acknowledged")
        document = case.documents.first()
        found[slug] = {"references": [c.reference for c in opened],
                       "action_ids": [action.pk],
                       "document_ids": [document.pk] if document else [],
                       "staff_id": people[slug]["handler"].pk,
                       "procedure_id": opened[0].procedure_id}
    return found


def _real_values(name: str, slug: str, world: dict, *, own: bool) -> list[str]:
    """Real values of the path parameter ``name``: of organization ``slug`` or of the other."""
    found = world[slug if own else ("pp" if slug == "dnv" else "dnv")]
    return {
        "org": [slug if own else ("pp" if slug == "dnv" else "dnv")],
        "reference": found["references"],
        "event_type": list(staff_forms.STEP_LABELS),
        "action_id": [str(i) for i in found["action_ids"]],
        "document_id": [str(i) for i in found["document_ids"]],
    }.get(name, ["x"])


def _path_parameters(data, route: str, slug: str, world: dict) -> dict[str, str]:
    """Mostly real values of the person's own organization, so that the request reaches the
    form; else one hostile value, or the values of the other organization."""
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    mode = data.draw(st.sampled_from(["own", "own", "own", "hostile", "other"]), label="mode")
    values = {name: data.draw(st.sampled_from(_real_values(name, slug, world,
                                                           own=mode != "other")), label=name)
              for name in names}
    if mode == "hostile" and names:
        name = data.draw(st.sampled_from(names), label="hostile parameter")
        values[name] = data.draw(hostile_number if name.endswith("_id") else hostile_text,
                                 label=f"hostile {name}")
    return values


def _fill(route: str, values: dict[str, str]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: quote(values[match.group(1)],
                                                                 safe=""), route)


def _answered(response, what: str) -> None:
    if response.status_code >= 500:
        problem = getattr(response, "exc_info", None)
        detail = "".join(traceback.format_exception(*problem)) if problem else ""
        pytest.fail(f"{what}: HTTP {response.status_code}\n{detail}"[:6000])


ROLES = [(slug, role) for slug in ("dnv", "pp") for role in Role.values]


@pytest.mark.parametrize(("slug", "role"), ROLES, ids=[f"{s}-{r}" for s, r in ROLES])
def test_random_requests_to_every_staff_url_never_give_a_server_error(client, people, world,
                                                                      slug, role):
    client.force_login(people[slug][role])
    client.cookies["django_language"] = "en"
    client.raise_request_exception = False
    routes = staff_routes()
    names = _field_names()
    assert any(name == "step" for _, name in routes)  # the walk found the case steps

    @FUZZ
    @given(data=st.data())
    def request(data):
        route, _name = data.draw(st.sampled_from(routes), label="route")
        path = _fill(route, _path_parameters(data, route, slug, world))
        if data.draw(st.booleans(), label="post"):
            fields = {name: _plausible(name, world[slug]) for name in data.draw(
                st.sets(st.sampled_from(names), max_size=12), label="plausible")}
            fields.update(data.draw(st.dictionaries(st.sampled_from(names), hostile_text,
                                                    max_size=5), label="hostile"))
            if data.draw(st.booleans(), label="file"):
                fields["file"] = SimpleUploadedFile(
                    data.draw(st.sampled_from(["a.pdf", "a\x00.html", "." * 300, "ø.txt"])),
                    data.draw(st.sampled_from([b"%PDF-1.4\n", b"<html><script>", b"",
                                               b"PK\x03\x04x"])))
            _answered(client.post(path, fields), f"POST {path!r} {fields!r}")
        else:
            query = data.draw(st.dictionaries(st.sampled_from(QUERY_NAMES), hostile_text,
                                              max_size=4), label="query")
            _answered(client.get(path, query), f"GET {path!r} {query!r}")

    request()


def test_the_walk_finds_every_staff_route():
    """The fuzz covers what the resolver serves: a new staff URL is fuzzed without a list to
    update (and none of the routes below may go missing from the walk)."""
    names = {name for _, name in staff_routes()}
    assert {"home", "login", "queue", "register", "meetings", "meeting_decide", "case", "step",
            "note", "party", "action", "action_done", "document", "links",
            "document_download"} <= names


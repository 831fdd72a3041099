"""One organization never sees another's data (DESIGN.md non-negotiables; issue 9, finding 8):
every staff URL, generated from the URL resolver, tried by every role of the organization and by
every person of every other organization; and what no URL list shows: the queue's search and
filters, and the staff a case can be handed to, for every pair of organizations.

No hand list: the URLs come from ``django.urls.get_resolver()``, their arguments from the seeded
world (the organization, its case, every step type, the case's real document and corrective
action). A new staff URL enters the matrix by itself, and fails it until ``ACTION_OF`` says which
action of the permission table it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ombud.audit.selectors import may_download_proof
from ombud.cases import permissions, selectors, services
from ombud.cases.forms import STEP_LABELS
from ombud.cases.models import (
    AccessLog,
    Case,
    CaseEvent,
    Contact,
    CorrectiveAction,
    Document,
    Party,
)
from ombud.newsletter.staff_views import may_keep
from ombud.privacy.services import may_use_console
from ombud.reports.annual import reach as reports_reach

SLUGS = ["av", "dnv", "gl", "ne", "pp"]  # the five organizations of the world (conftest)

# URL name -> the action of the permission table it performs; None: it only reads. The step URL
# performs the step named in it.
ACTION_OF = {
    "cases:queue": None, "cases:queue_export": None, "cases:meetings": None, "cases:case": None,
    "cases:document_download": None, "cases:register": "received",
    "cases:step": "<event_type>", "cases:note": "note", "cases:party": "party_added",
    "cases:action": "corrective_action", "cases:action_done": "corrective_action",
    "cases:document": "document_added", "cases:links": "tracking_links",
    "cases:take_over": "taken_over", "cases:meeting_decide": "taken_up",
    "audit:proof": None, "audit:case_file": None,
    "cases:notifications": None, "cases:actions": None,
    "cases:notifications_read": "<own notifications>",  # not of the table: one's own, read
    "cases:contacts": None, "cases:contact_link": "contact_recorded",
    "cases:sensitive_warnings": None,
    "cases:seen": "note",  # the complainant's news looked at
    "reports:annual": None, "reports:cases": None, "reports:export": None,
    # the privacy officer's console (GDPR art. 15-17) and the read log; none of the table's
    "privacy:console": None, "privacy:person": None, "privacy:export": "<privacy>",
    "privacy:rectify": "<privacy>", "privacy:erase": "<privacy>", "privacy:reads": None,
    # a person no case names: a newsletter's subscriber (only Norsk Energi has a newsletter)
    "privacy:someone": None, "privacy:someone_export": "<privacy>",
    "privacy:someone_erase": "<privacy>",
    "newsletter:subscribers": None,  # NE-N-02: who keeps the list (a withdrawal by letter)
}


@dataclass(frozen=True)
class StaffUrl:
    name: str
    url: str
    kwargs: dict

    @property
    def action(self) -> str | None:
        action = ACTION_OF[self.name]
        return self.kwargs["event_type"] if action == "<event_type>" else action


def _patterns(resolvers=None, namespace: str = ""):
    """(qualified name, converters) of every named URL pattern, through every include."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", set(entry.pattern.converters)


# The complainant's and the newsletter's public pages: open by design, tested in tests/public
# and tests/newsletter.
PUBLIC = "public:"
NEWSLETTER_PUBLIC = {"newsletter:subscribe", "newsletter:sent", "newsletter:confirm",
                     "newsletter:unsubscribe", "newsletter:withdraw"}


def staff_patterns() -> list[tuple[str, set[str]]]:
    """Every URL about one organization (it has an ``org`` argument) but the public ones."""
    return [(name, arguments) for name, arguments in _patterns()
            if "org" in arguments and not name.startswith(PUBLIC)
            and name not in NEWSLETTER_PUBLIC]


def _complainant(case: Case) -> int:
    return Party.objects.filter(case=case, role="complainant").first().pk


def _subscriber_key(case: Case) -> str:
    """The privacy console's key of the organization's newsletter subscriber (the world gives
    Norsk Energi one); elsewhere a key no one holds."""
    from ombud.newsletter.models import Subscriber

    subscriber = Subscriber.objects.filter(newsletter__organization=case.organization).first()
    return f"newsletter-{subscriber.pk if subscriber else 0}"


def staff_urls(case: Case, *, as_org: str | None = None) -> list[StaffUrl]:
    """Every staff URL with real arguments from ``case`` (under ``as_org`` if given)."""
    values = {"org": [as_org or case.organization.slug], "reference": [case.reference],
              "event_type": list(STEP_LABELS),
              "action_id": [CorrectiveAction.objects.filter(case=case).first().pk],
              "document_id": [Document.objects.filter(case=case, kind="attachment").first().pk],
              "contact_id": [Contact.objects.filter(organization=case.organization).first().pk],
              "fmt": ["csv", "xlsx", "pdf"],
              # the person found in the privacy console: the case's complainant
              "party_id": [_complainant(case)], "target_id": [_complainant(case)],
              "key": [_subscriber_key(case)]}
    urls = []
    for name, arguments in staff_patterns():
        unknown = arguments - set(values)
        assert not unknown, f"{name}: the matrix has no real value for {unknown}"
        assert name in ACTION_OF, f"{name}: say in ACTION_OF which action this URL performs"
        combos = [{}]
        for argument in sorted(arguments):
            combos = [{**combo, argument: value} for combo in combos
                      for value in values[argument]]
        urls += [StaffUrl(name, reverse(name, kwargs=combo), combo) for combo in combos]
    return urls


def _payload(staff_url: StaffUrl, case: Case, owner_id: int) -> dict:
    """Input the organization's own staff could submit successfully, so that an unscoped view
    would change something rather than fail on a form error."""
    today = timezone.localdate().isoformat()
    if staff_url.name == "cases:step":
        event_type = staff_url.kwargs["event_type"]
        fields = {"on": today, "term_weeks": "2", "term": "2", "weeks": "1", "reason": "r",
                  "outcome": "upheld", "reasons": "r", "letter": "l", "report": "r",
                  "decision": "d", "ground": "late", "hearing_skipped": "manifestly_unfounded",
                  "handler_id": str(owner_id)}
        return {f"{event_type}-{field}": value for field, value in fields.items()}
    return {
        "cases:register": {"procedure_id": case.procedure_id, "channel": "letter",
                           "received_on": today, "name": "Intruder", "title": "Planted",
                           "account": "Planted.", "decision_on": today},
        "cases:note": {"text": "planted"},
        "cases:party": {"role": "interested", "name": "Planted"},
        "cases:action": {"description": "planted", "owner": str(owner_id), "due_on": today},
        "cases:action_done": {"done_on": today, "follow_up": "planted"},
        "cases:document": {"title": "planted",
                           "file": SimpleUploadedFile("p.txt", b"planted", "text/plain")},
        "cases:links": {"action": "revoke"},
        "cases:meeting_decide": {"decision": "planted"},
        "cases:contact_link": {"reference": case.reference},
    }.get(staff_url.name, {})


def _footprint() -> tuple[int, ...]:
    """Everything a staff request could have written (the access log aside: reads write it):
    the rows of each table and the corrective actions done, counted in one query (the role
    matrix asks after each of its requests, which cost seven ORM counts each time)."""
    quote = connection.ops.quote_name
    counts = [f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})"
              for model in (Case, CaseEvent, Document, Party, Contact, CorrectiveAction)]
    done_on = quote(CorrectiveAction._meta.get_field("done_on").column)
    counts.append(f"(SELECT COUNT(*) FROM {quote(CorrectiveAction._meta.db_table)} "
                  f"WHERE {done_on} IS NOT NULL)")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(counts)}")
        return tuple(cursor.fetchone())


def _ask(client, method: str, staff_url: StaffUrl, case: Case, owner_id: int):
    """One request, rolled back afterwards: every cell of the matrix starts from the same
    case."""
    with transaction.atomic():
        response = getattr(client, method)(staff_url.url, _payload(staff_url, case, owner_id))
        transaction.set_rollback(True)
    return response


def test_the_matrix_covers_every_staff_url_including_the_links(world):
    names = {url.name for url in staff_urls(world["dnv"])}
    assert names == set(ACTION_OF)  # a URL without an entry fails staff_urls itself
    assert "cases:links" in names and "cases:take_over" in names


# -- isolation: every other organization, every role, every URL -------------------------------

# One test per pair of organizations (and one for the person of none), so that the matrix
# spreads over the test workers.
VISITS = [(owner, visitor) for owner in SLUGS for visitor in [*SLUGS, None] if visitor != owner]


@pytest.mark.slow  # every person of another organization at every URL
@pytest.mark.parametrize(("owner", "visitor_org"), VISITS)
def test_no_person_of_another_organization_reaches_any_staff_url(client, people, charlie, world,
                                                                owner, visitor_org):
    case = world[owner]
    owner_handler = people[owner]["handler"].pk
    visitors = people[visitor_org].values() if visitor_org else [charlie]
    before = _footprint()
    urls = staff_urls(case)  # the same for every visitor: no request here may change anything
    wrong = []
    for visitor in visitors:
        client.force_login(visitor)
        for staff_url in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(staff_url.url,
                                                   _payload(staff_url, case, owner_handler))
                # 405: a POST-only URL refuses GET before anything is looked up.
                if response.status_code != 404 and not (method == "get"
                                                        and response.status_code == 405):
                    wrong.append(f"{visitor.username} {method} {staff_url.url} "
                                 f"-> {response.status_code}")
    assert wrong == []
    assert _footprint() == before
    assert not AccessLog.objects.filter(case=case).exists()  # nobody read it


@pytest.mark.parametrize("owner", SLUGS)
def test_nor_a_member_of_another_organization_under_their_own_slug(client, people, world,
                                                                  owner):
    """The other organization's case reference under one's own organization's URLs."""
    case = world[owner]
    before = _footprint()
    signed_in = None  # signed in once per person, as the visitors above
    for slug in SLUGS:
        if slug == owner:
            continue
        for staff_url in staff_urls(case, as_org=slug):
            if "reference" not in staff_url.kwargs and "party_id" not in staff_url.kwargs:
                continue
            # who may use such a URL in their own organization: the manager reads every case
            # of their own, the privacy officer finds every person of their own
            role = "privacy" if staff_url.name.startswith("privacy:") else "manager"
            if signed_in != (slug, role):
                client.force_login(people[slug][role])
                signed_in = (slug, role)
            response = client.post(staff_url.url, _payload(staff_url, case, 0))
            assert response.status_code == 404, (slug, staff_url.url)
            if staff_url.action is None:
                assert client.get(staff_url.url).status_code == 404, (slug, staff_url.url)
    assert _footprint() == before


def test_anonymous_visitors_are_sent_to_sign_in_at_every_staff_url(client, world):
    for staff_url in staff_urls(world["dnv"]):
        response = client.post(staff_url.url, {})
        assert response.status_code == 302, staff_url.url
        assert response["Location"].startswith("/login/?next=")


# -- roles: every role of the organization, every URL ------------------------------------------

def _method(client, staff_url: StaffUrl) -> str:
    return "post" if staff_url.action is not None else "get"


def _expected(person, roles, case: Case, staff_url: StaffUrl, *, reads_case: bool) -> set[int]:
    """What the permission table and the reading rules say this person gets. ``reads_case``:
    whether the reading rules let the person read ``case`` (``_reads``)."""
    organization = case.organization
    if staff_url.name == "cases:meetings":
        from ombud.cases.selectors import meeting_procedures

        return {200} if meeting_procedures(organization) else {404}
    if "reference" in staff_url.kwargs and not reads_case:
        return {404}  # a case one may not read does not exist for them
    action = staff_url.action
    if staff_url.name == "cases:sensitive_warnings":  # PP-05: the privacy officer's list
        return {200} if permissions.may_read_sensitive_warnings(roles) else {403}
    if staff_url.name in ("cases:contacts", "cases:contact_link"):  # AV-05: who registers
        if not permissions.may_register(roles):
            return {403}
        return {200} if action is None else {302, 400, 403}
    if staff_url.name in ("audit:proof", "audit:case_file"):  # for those who check the file
        return {200} if may_download_proof(roles) else {403}
    if staff_url.name == "cases:notifications_read":  # a member marks their own read
        return {302}
    if staff_url.name.startswith("privacy:"):  # GDPR art. 15-17: the privacy officer's console
        if staff_url.name == "privacy:reads":  # the read log: the auditor too
            return {200} if permissions.may_read_access_log(roles) else {403}
        if not may_use_console(roles):
            return {403}
        if staff_url.name.startswith("privacy:someone") and case.organization.slug != "ne":
            return {404}  # no newsletter, so no subscriber: the key names no one
        return {200} if action is None else {200, 302, 400}
    if staff_url.name == "newsletter:subscribers":  # NE-N-02: only Norsk Energi has a list
        if not may_keep(roles):
            return {403}
        return {200} if case.organization.slug == "ne" else {404}
    if staff_url.name.startswith("reports:"):  # AV-11, GL-12, PP-16: who reads the reports
        if reports_reach(roles) is None:
            return {403}
        return {404} if staff_url.name == "reports:cases" else {200}  # no figure asked
    if action is None:
        return {200}
    if staff_url.name == "cases:register":
        allowed = permissions.may_register(roles)
        return {200, 302, 400} if allowed else {403}
    if permissions.refusal(person=person, case=case, action=action, roles=roles):
        return {403}
    return {200, 302, 400}  # done, or the procedure's or the form's own refusal


def _reads(person, roles, case: Case) -> bool:
    """Whether the reading rules let ``person`` read ``case``: asked once per person, not at
    each of the sixty URLs about the case (each asking read every procedure's rules again)."""
    return selectors.cases_for(person, case.organization, roles).filter(pk=case.pk).exists()


# Every role the cast gives each organization (the first test holds this list to the cast).
ROLES = ["admin", "auditor", "handler", "handler2", "intake", "manager", "privacy"]


def test_the_role_matrix_takes_every_role_of_the_cast(people):
    assert all(sorted(people[slug]) == ROLES for slug in SLUGS)


@pytest.mark.slow  # every role at every URL
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", SLUGS)
def test_every_role_gets_at_every_staff_url_what_the_permission_table_says(client, people, world,
                                                                          owner, role):
    case = world[owner]
    owner_handler = people[owner]["handler"].pk
    person = people[owner][role]
    roles = permissions.roles_of(person, case.organization_id)
    reads_case = _reads(person, roles, case)
    client.force_login(person)
    wrong = []
    # Every request is rolled back, so the footprint after each one is the one before the first
    # (the same check as against the one just before it, at half the queries).
    before = _footprint()
    for staff_url in staff_urls(case):
        response = _ask(client, _method(client, staff_url), staff_url, case, owner_handler)
        expected = _expected(person, roles, case, staff_url, reads_case=reads_case)
        if response.status_code not in expected:
            wrong.append(f"{staff_url.url} -> {response.status_code}, "
                         f"expected {sorted(expected)}")
        assert _footprint() == before, staff_url.url
    assert wrong == []


def test_the_role_matrix_is_not_empty_on_either_side(people, world):
    """The control: in each organization some role may, and some may not, do each kind of
    thing; otherwise the matrix above would pass on a table that allows or refuses all."""
    ne_case, dnv_case = world["ne"], world["dnv"]
    ne = people["ne"]
    assert permissions.refusal(person=ne["handler"], case=ne_case, action="answered") is None
    assert permissions.refusal(person=ne["handler2"], case=ne_case, action="answered")
    assert permissions.refusal(person=ne["intake"], case=ne_case, action="assigned")
    assert permissions.refusal(person=ne["intake"], case=ne_case, action="withdrawn")
    assert permissions.refusal(person=ne["manager"], case=ne_case, action="taken_over") is None
    dnv = people["dnv"]
    assert permissions.refusal(person=dnv["intake"], case=dnv_case, action="note") is None
    assert permissions.refusal(person=dnv["auditor"], case=dnv_case, action="note")


def test_an_administrator_sees_only_their_own_organization_in_the_admin(client, people, world):
    client.force_login(people["dnv"]["admin"])
    listing = client.get("/admin/orgs/organization/")
    assert listing.status_code == 200
    assert b"DNV Business Assurance" in listing.content
    assert b"Personalpartner" not in listing.content
    pp = people["pp"]["admin"].memberships.first().organization
    assert client.get(f"/admin/orgs/organization/{pp.pk}/change/").status_code in (302, 404)


# -- lists: the queue's search and filters, the staff a case can be handed to ------------------

def test_bob_of_personalpartner_never_sees_alices_dnv_case_but_sees_his_own(client, alice, bob,
                                                                            world):
    # PP complaints are kept in the management archive (PP-15): Bob reads the ones he handles
    # (the world appoints each organization's handler to its case).
    client.force_login(bob)
    dnv_case, pp_case = world["dnv"], world["pp"]
    assert pp_case.handler == bob and dnv_case.handler == alice
    assert client.get(f"/dnv/cases/{dnv_case.reference}/").status_code == 404
    assert client.get(f"/pp/cases/{dnv_case.reference}/").status_code == 404
    assert client.get(f"/pp/cases/{pp_case.reference}/").status_code == 200
    client.force_login(alice)
    assert client.get(f"/pp/cases/{pp_case.reference}/").status_code == 404
    assert client.get(f"/dnv/cases/{dnv_case.reference}/").status_code == 200


def _listed(page, slug: str) -> list[str]:
    """The references the queue lists as rows (the search box may echo the term)."""
    return re.findall(rf'<th scope="row"><a href="/{slug}/cases/([^/"]+)/">',
                      page.content.decode())


def _register_own(people, like: Case, name: str) -> Case:
    """One more case of ``like``'s type in its organization, registered by its intake."""
    today = timezone.localdate()
    details = {"decision_on": today} if like.procedure_id == "dnv/objection" else {}
    return services.case_register(
        organization=like.organization, procedure_id=like.procedure_id, channel="letter",
        received_on=today, title=f"A {like.procedure_id} case",
        complainant=services.PartyDetails(name, email="own@example.org"),
        actor=people[like.organization.slug]["intake"], details=details)


@pytest.mark.parametrize(("owner", "member_of"),
                         [(a, b) for a in SLUGS for b in SLUGS if a != b])
def test_one_organization_never_finds_anothers_cases_in_its_queue(client, people, world, owner,
                                                                  member_of):
    # Both organizations have a complainant whose name starts the same way.
    own = _register_own(people, world[member_of], name=f"Kari Own-{member_of}")
    foreign = world[owner]
    client.force_login(people[member_of]["manager"])  # reads every case of their own
    queue = f"/{member_of}/cases/"

    assert foreign.reference not in _listed(client.get(queue), member_of)
    assert _listed(client.get(queue, {"q": foreign.reference}), member_of) == []
    assert _listed(client.get(queue, {"q": foreign.reference.lower()}), member_of) == []
    assert _listed(client.get(queue, {"q": foreign.complainant_name}), member_of) == []
    by_prefix = _listed(client.get(queue, {"q": "Kari"}), member_of)
    assert foreign.reference not in by_prefix and own.reference in by_prefix
    assert _listed(client.get(queue, {"type": foreign.procedure_id}), member_of) == []
    assert _listed(client.get(queue, {"handler": people[owner]["handler"].pk}), member_of) == []
    assert b"Secret of " + owner.encode() not in client.get(queue, {"q": "Kari"}).content


def test_one_organization_never_lists_or_appoints_anothers_staff(client, alice, bob, world):
    dnv_case = world["dnv"]
    client.force_login(alice)
    queue = client.get("/dnv/cases/").content.decode()
    assert f'<option value="{alice.pk}"' in queue  # the control: own staff are offered
    assert f'<option value="{bob.pk}"' not in queue
    form = client.get(f"/dnv/cases/{dnv_case.reference}/", {"step": "assigned"}).content.decode()
    assert f'<option value="{alice.pk}"' in form and f'<option value="{bob.pk}"' not in form

    before = _footprint()
    response = client.post(f"/dnv/cases/{dnv_case.reference}/steps/assigned/",
                           {"assigned-on": timezone.localdate().isoformat(),
                            "assigned-handler_id": str(bob.pk)})
    assert response.status_code == 400
    assert 'id="id_assigned-handler_id_error"' in response.content.decode()
    assert _footprint() == before

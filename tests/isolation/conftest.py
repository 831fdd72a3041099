"""The world of the URL matrix: the five organizations as the demo sets them up, each with one
case that has a history, a document and a corrective action to protect.

The world is built once per test module (``_module_world``), inside a transaction that is rolled
back when the module ends, as Django's ``TestCase.setUpTestData`` does: each test runs in a
savepoint of it (pytest-django's ``db``), rolled back to the world after the test, and gets its
own copies of the people and cases (``people``, ``world``). Building it for every test cost about
0.2 s each, for 92 tests. The world's documents are copied into each test's own ``tmp_path``."""

from __future__ import annotations

import copy
import shutil
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ombud.cases import services

# One case type per organization; NE, GL and PP restrict reading (NE-C-05, GL-11, PP-15).
CASE_TYPES = {"ne": "ne/complaint", "av": "av/complaint", "gl": "gl/complaint",
              "pp": "pp/complaint", "dnv": "dnv/objection"}
SLUGS = sorted(CASE_TYPES)


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """``(people, world, files)`` built once for the module, in a transaction rolled back at
    its end; ``files``: the folder of the world's documents."""
    from django.db import connection, transaction
    from django.test.utils import override_settings

    from ombud.cases import versions_in_use
    from ombud.demo.seed import seed_meetings, seed_organizations

    files = tmp_path_factory.mktemp("world") / "files"
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(MEDIA_ROOT=files):
                people = seed_organizations()
                seed_meetings()
                cases = _build_world(people)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield people, cases, files
    finally:
        with django_db_blocker.unblock():
            assert connection.in_atomic_block, "a test ended the world's transaction"
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        versions_in_use._confirmed.clear()  # they named rows of the rolled-back world


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path, _module_world):
    """The test's own folder of files (the root conftest's rule), holding the world's
    documents."""
    settings.MEDIA_ROOT = tmp_path / "files"
    shutil.copytree(_module_world[2], settings.MEDIA_ROOT)


@pytest.fixture
def people(db, _module_world):
    """``{slug: {role: user}}`` of the module's world (the root conftest's ``people``), the
    test's own copies."""
    return copy.deepcopy(_module_world[0])


@pytest.fixture
def world(db, _module_world):
    """``{slug: case}``: in each organization a case received a week ago, acknowledged,
    appointed to its handler by a manager, with a document and a corrective action (the test's
    own copies)."""
    return copy.deepcopy(_module_world[1])


def _build_world(people) -> dict:
    from ombud.orgs.models import Organization

    today = timezone.localdate()
    cases = {}
    for slug, procedure_id in CASE_TYPES.items():
        staff = people[slug]
        received = today - timedelta(days=7)
        details = {"decision_on": received - timedelta(days=7)} if slug == "dnv" else {}
        case = services.case_register(
            organization=Organization.objects.get(slug=slug), procedure_id=procedure_id,
            channel="letter", received_on=received, title=f"Secret of {slug}",
            complainant=services.PartyDetails(f"Kari Secret-{slug}",
                                              email=f"kari@{slug}.example"),
            actor=staff["intake"], details=details)
        services.case_step(case=case, event_type="acknowledged", on=received,
                           actor=staff["handler"], recorded_on=received)  # kept day by day
        services.case_step(case=case, event_type="assigned", on=received, actor=staff["manager"],
                           data={"handler_id": staff["handler"].pk, "handler": "H",
                                 "involved": False}, recorded_on=received)
        services.document_attach(case=case, title=f"Evidence of {slug}", actor=staff["handler"],
                                 upload=SimpleUploadedFile("e.txt", b"evidence", "text/plain"))
        services.corrective_action_add(case=case, description="Fix it", owner=staff["handler"],
                                       due_on=today + timedelta(days=30), actor=staff["handler"])
        # A phone contact (AV-05) no case is linked to yet: the contacts pages have one.
        services.contact_record(organization=case.organization, procedure_id=procedure_id,
                                channel="oral", received_on=received,
                                person=services.PartyDetails(f"Caller of {slug}"),
                                summary=f"Call to {slug}", actor=staff["intake"])
        case.refresh_from_db()
        cases[slug] = case
    # A subscriber of Norsk Energi's newsletter whom no case names (the privacy console's
    # "someone" pages).
    from ombud.newsletter.models import Newsletter, Subscriber

    for newsletter in Newsletter.objects.all():
        Subscriber.objects.create(newsletter=newsletter, email="secret-subscriber@example.org",
                                  name="Sigrid Secret-Subscriber", language="nb")
    return cases

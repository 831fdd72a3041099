"""The data migration that recomputes existing histories in the second chain format
(cases.0005): after it, a database written by the earlier code verifies, the subject and the
complainant are on the first entry, a letter the chain did not name is added to it, and a deleted
user's entries keep the name they were recorded with."""

from __future__ import annotations

import pytest
from audit_world import json_param, raw_sql
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ombud.audit.verify import verify
from ombud.cases.models import CaseEvent

BEFORE = [("cases", "0003_case_language_document_from_complainant_and_more")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_histories_of_the_first_format_are_rechained_and_verify(answered, people):
    case = answered()
    handler = people["dnv"]["handler"]
    letter_event = CaseEvent.objects.filter(case=case).order_by("seq").last()
    assert letter_event.type == "document_added"
    get_user_model().objects.filter(pk=handler.pk).delete()

    migrate(BEFORE)
    # As the first format left them: no subject nor complainant on the first entry, the last
    # letter not in the chain, and hashes of another format.
    raw_sql(f"UPDATE cases_caseevent SET data = {json_param()} WHERE case_id = %s AND seq = 1",
            '{"channel": "letter", "result_on": "2026-01-01"}', case.pk)
    raw_sql("DELETE FROM cases_caseevent WHERE id = %s", letter_event.pk)
    raw_sql("UPDATE cases_caseevent SET hash = 'old', prev_hash = 'old' WHERE case_id = %s",
            case.pk)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    report = verify()
    assert (report.problems, report.cases) == ([], 1)
    events = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    assert (events[0].data["title"], events[0].data["complainant"]["name"]) == (
        case.title, case.complainant_name)
    assert events[-1].type == "document_added"
    assert events[-1].data["document_id"] == letter_event.data["document_id"]
    answer = next(event for event in events if event.type == "answered")
    assert (answer.actor_user_id, answer.actor_name) == (None, handler.get_full_name())

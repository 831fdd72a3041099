"""Issue 9, finding 4: the chain covers every fact the file shows, the acting person as they were
then (so deleting or renaming a user breaks nothing), and a case row that disagrees with its
chain shows."""

from __future__ import annotations

from audit_world import raw_sql
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from ombud.cases import services
from ombud.cases.history import first_broken_link, row_disagreement
from ombud.cases.models import CaseEvent


def _chain(case):
    return list(CaseEvent.objects.filter(case=case).order_by("seq"))


def test_finding_4_deleting_a_staff_user_leaves_every_chain_intact(people, answered):
    cases = [answered() for _ in range(3)]
    get_user_model().objects.filter(pk=people["dnv"]["handler"].pk).delete()

    assert [first_broken_link(_chain(case), case) for case in cases] == [None, None, None]
    shown = [event.actor_name for event in _chain(cases[0]) if event.type == "answered"]
    assert shown == [people["dnv"]["handler"].get_full_name()]  # who it was, still shown


def test_finding_4_renaming_a_user_keeps_the_chain_and_the_name_they_had(people, answered):
    case = answered()
    handler = people["dnv"]["handler"]
    was = handler.get_full_name()
    handler.first_name, handler.username = "Someone", "someone-else"
    handler.save()

    assert first_broken_link(_chain(case), case) is None
    answer = next(event for event in _chain(case) if event.type == "answered")
    assert (answer.actor_name, answer.actor_username) == (was, "dnv-handler")


def test_finding_4_a_forged_actor_name_breaks_the_chain(answered):
    case = answered()
    answer = next(event for event in _chain(case) if event.type == "answered")
    raw_sql("UPDATE cases_caseevent SET actor_name = %s WHERE id = %s", "The Director", answer.pk)
    assert first_broken_link(_chain(case), case) == answer.seq


def test_finding_4_subject_parties_and_documents_are_in_the_chain(people, answered):
    case = answered(title="Inzage theorie-examen")
    handler = people["dnv"]["handler"]
    services.party_add(case=case, role="interested", actor=handler,
                       details=services.PartyDetails("Jan Bos", email="jan@example.org"))
    document = services.document_attach(
        case=case, upload=SimpleUploadedFile("verklaring.pdf", b"%PDF-1.4 verklaring",
                                             content_type="application/pdf"),
        title="Verklaring", actor=handler)
    services.case_title_change(case=case, title="Inzage theorie- en praktijkexamen",
                               actor=handler)

    events = _chain(case)
    received = events[0].data
    assert (received["title"], received["complainant"]["name"],
            received["complainant"]["email"]) == ("Inzage theorie-examen", "Femke de Vries",
                                                  "femke@example.org")
    party = next(e.data for e in events if e.type == "party_added")
    assert (party["name"], party["email"], party["role"]) == ("Jan Bos", "jan@example.org",
                                                              "interested")
    documents = {e.data["document_id"]: e.data["sha256"] for e in events
                 if e.type == "document_added"}
    assert {d.pk: d.sha256 for d in case.documents.all()} == documents  # letters included
    assert documents[document.pk] == document.sha256
    assert events[-1].type == "title_changed"
    assert events[-1].data == {"title": "Inzage theorie- en praktijkexamen",
                               "previous": "Inzage theorie-examen"}
    case.refresh_from_db()
    assert first_broken_link(events, case) is None and row_disagreement(case, events) is None


def test_finding_4_deleting_the_final_answer_shows_the_history_cut_short(people, answered,
                                                                          client):
    case = answered()
    raw_sql("DELETE FROM cases_caseevent WHERE case_id = %s AND seq >= %s", case.pk,
            next(e.seq for e in _chain(case) if e.type == "answered"))
    events = _chain(case)
    assert first_broken_link(events, case) is None  # what is left is a valid chain...
    assert row_disagreement(case, events) == "count"  # ...shorter than the row says

    client.force_login(people["dnv"]["auditor"])
    client.cookies["django_language"] = "en"
    page = client.get(f"/dnv/cases/{case.reference}/").content.decode()
    assert "The history was cut short" in page and "is intact" not in page


def test_finding_4_a_row_saying_answered_without_the_answer_in_its_chain_shows(answered, people,
                                                                               client):
    case = answered()
    answer = next(e for e in _chain(case) if e.type == "answered")
    # Remove the answer and its letter and make the row's count and hash agree: only the
    # row's state is left to tell.
    raw_sql("DELETE FROM cases_caseevent WHERE case_id = %s AND seq >= %s", case.pk, answer.seq)
    events = _chain(case)
    raw_sql("UPDATE cases_case SET event_count = %s, last_hash = %s WHERE id = %s",
            len(events), events[-1].hash, case.pk)
    case.refresh_from_db()
    assert case.state == "answered"
    assert row_disagreement(case, events) == "state"
    client.force_login(people["dnv"]["auditor"])
    client.cookies["django_language"] = "en"
    page = client.get(f"/dnv/cases/{case.reference}/").content.decode()
    assert "The history was cut short: the case says answered, but its chain holds no such " \
        "step." in page

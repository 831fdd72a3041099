"""Issue 11, what handlers need every day: notifications in the app (a case assigned to them, a
document or a reply from the complainant, a deadline of theirs near), with the unread count in
the header and marking read; and the corrective actions across cases (NE-A-10, NE-C-08), with
owner and due date, overdue first, filtered, scoped to the cases the person may read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ombud.cases import services
from ombud.cases.models import Notification
from ombud.cases.reminders import remind_and_flag
from ombud.public.services import complainant_consent, complainant_withdraw
from tests.cast import sign_in

TODAY = timezone.localdate


def _appoint(case, manager, handler):
    services.case_record(case=case, event_type="assigned", on=case.received_on, actor=manager,
                         data={"handler_id": handler.pk, "handler": handler.get_full_name(),
                               "involved": False})


def _kinds(user, case) -> list[str]:
    return sorted(Notification.objects.filter(user=user, case=case)
                  .values_list("kind", flat=True))


def test_ne_a_04_the_appointed_handler_is_notified_and_reads_it_in_the_app(client, people,
                                                                            register):
    ne = people["ne"]
    case = register("ne/appeal", title='<script>alert("x")</script>')
    _appoint(case, ne["manager"], ne["handler"])
    assert _kinds(ne["handler"], case) == ["assigned"]
    assert _kinds(ne["manager"], case) == []  # who appointed knows it already

    handler = sign_in(client, ne["handler"], "nb")
    queue = handler.get("/ne/cases/").content.decode()
    assert "Varsler <span class=\"badge\">1 ulest</span>" in queue
    page = handler.get("/ne/notifications/").content.decode()
    assert "En sak ble tildelt deg" in page and case.reference in page
    assert "<script>" not in page

    [notification] = Notification.objects.filter(user=ne["handler"])
    assert handler.post("/ne/notifications/read/", {"id": notification.pk}).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "badge" not in handler.get("/ne/cases/").content.decode()


def test_dnv_k_18_a_document_and_a_reply_from_the_complainant_notify_the_handler(
        people, register):
    dnv = people["dnv"]
    case = register("dnv/complaint")
    _appoint(case, dnv["manager"], dnv["handler"])
    for event_type, data in (("acknowledged", {}), ("extended", {
            "weeks": 4, "reason": "Wij wachten op de examinator."})):
        services.case_step(case=case, event_type=event_type, on=TODAY(), actor=dnv["handler"],
                           data=data)
    complainant_consent(case=case, given=False, text="Nee, ik wil geen verder uitstel.")
    complainant_withdraw(case=case, reason="Opgelost.")
    assert _kinds(dnv["handler"], case) == ["assigned", "reply", "reply"]
    texts = set(Notification.objects.filter(user=dnv["handler"], kind="reply")
                .values_list("text", flat=True))
    assert texts == {"Nee, ik wil geen verder uitstel.", "ingetrokken"}


def test_x_03_a_deadline_near_notifies_once_however_often_the_sweep_runs(
        people, register, settings):
    settings.OMBUD_REMINDER_WORKING_DAYS = 2
    # Received a month ago less a day: the answer (one month, NE-A-05) falls tomorrow.
    received = TODAY() - timedelta(days=30)
    case = register("ne/appeal", received_on=received)
    case.refresh_from_db()
    assert case.next_due <= TODAY() + timedelta(days=4)
    remind_and_flag(today=TODAY())
    remind_and_flag(today=TODAY())
    managers = Notification.objects.filter(case=case, kind="deadline")
    # No handler yet: the managers answer for it.
    assert [n.user for n in managers] == [people["ne"]["manager"]]
    assert "NE-A-05" in managers[0].text


def test_ne_c_05_notifications_of_a_case_she_may_no_longer_read_are_not_shown(
        client, people, register):
    ne = people["ne"]
    case = register("ne/complaint")
    _appoint(case, ne["manager"], ne["handler"])
    _appoint(case, ne["manager"], ne["handler2"])
    assert _kinds(ne["handler"], case) == ["assigned"]
    handler = sign_in(client, ne["handler"], "en")
    page = handler.get("/ne/notifications/").content.decode()
    assert case.reference not in page and "No notifications." in page
    assert "badge" not in page
    # Marking "all" read leaves a case she cannot read alone.
    handler.post("/ne/notifications/read/")
    assert Notification.objects.get(user=ne["handler"], case=case).read_at is None


def test_notifications_of_another_organization_are_not_reachable(client, people, register):
    ne = people["ne"]
    case = register("ne/appeal")
    _appoint(case, ne["manager"], ne["handler"])
    [notification] = Notification.objects.filter(user=ne["handler"])
    outsider = sign_in(client, people["dnv"]["handler"], "en")
    assert outsider.get("/ne/notifications/").status_code == 404
    assert outsider.post("/ne/notifications/read/", {"id": notification.pk}).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.fixture
def actions(people, register):
    """Three corrective actions on NE cases: one overdue (the handler's), one due later (the
    manager's), one done; and one on an NE complaint the handler may not read (NE-C-05)."""
    ne = people["ne"]
    today = TODAY()
    appeal = register("ne/appeal", title="Anke på eksamen")
    later = register("ne/appeal", title="Anke på teori")
    secret = register("ne/complaint", title="Klage på kurs")
    overdue = services.corrective_action_add(
        case=appeal, description="Endre eksamensrutinen", owner=ne["handler"],
        due_on=today - timedelta(days=3), actor=ne["manager"])
    upcoming = services.corrective_action_add(
        case=later, description="Oppdatere sensorveiledningen", owner=ne["manager"],
        due_on=today + timedelta(days=10), actor=ne["manager"])
    done = services.corrective_action_add(
        case=later, description="Informere sensorene", owner=ne["handler"],
        due_on=today - timedelta(days=1), actor=ne["manager"])
    services.corrective_action_done(action=done, done_on=today, follow_up="Sendt ut.",
                                    actor=ne["manager"])
    hidden = services.corrective_action_add(
        case=secret, description="Skjult tiltak", owner=ne["handler"],
        due_on=today - timedelta(days=30), actor=ne["manager"])
    return {"overdue": overdue, "upcoming": upcoming, "done": done, "hidden": hidden}


def _order(page: str, *texts: str) -> list[int]:
    return [page.index(text) for text in texts]


def test_ne_a_10_corrective_actions_overview_lists_overdue_first_with_owner_and_due_date(
        client, people, actions):
    manager = sign_in(client, people["ne"]["manager"], "nb")
    page = manager.get("/ne/actions/").content.decode()
    positions = _order(page, "Skjult tiltak", "Endre eksamensrutinen",
                       "Oppdatere sensorveiledningen")
    assert positions == sorted(positions)  # overdue (the oldest first), then the upcoming
    assert "Informere sensorene" not in page  # done: not under "open"
    assert "forfalt for 3 dager siden" in page
    assert actions["overdue"].case.reference in page
    due = actions["upcoming"].due_on
    assert f"{due:%d.%m.%Y}" in page
    done = manager.get("/ne/actions/?status=done").content.decode()
    assert "Informere sensorene" in done and "Endre eksamensrutinen" not in done
    assert "utført" in done and "Sendt ut." in done


def test_ne_c_08_mine_filter_and_role_scope_of_the_corrective_actions(client, people,
                                                                        actions):
    handler = sign_in(client, people["ne"]["handler"], "en")
    page = handler.get("/ne/actions/?status=&mine=1").content.decode()
    assert "Endre eksamensrutinen" in page and "Informere sensorene" in page
    assert "Oppdatere sensorveiledningen" not in page  # the manager's
    assert "Skjult tiltak" not in page  # an NE complaint she does not handle (NE-C-05)
    outsider = sign_in(client, people["dnv"]["manager"], "en")
    assert outsider.get("/ne/actions/").status_code == 404


def test_the_digest_day_is_booked_in_the_morning():
    from ombud import schedule

    moment = timezone.make_aware(timezone.datetime(2026, 12, 3, 8, 0))
    assert schedule.next_digest_at(moment).date() == date(2026, 12, 4)
    assert timezone.localtime(schedule.next_digest_at(moment)).hour == 7


def test_opening_the_case_marks_what_she_was_told_of_it_read(client, people, register):
    ne = people["ne"]
    case = register("ne/appeal")
    other = register("ne/appeal")
    _appoint(case, ne["manager"], ne["handler"])
    _appoint(other, ne["manager"], ne["handler"])
    handler = sign_in(client, ne["handler"], "en")
    page = handler.get(f"/ne/cases/{case.reference}/").content.decode()
    assert '<span class="badge">1 unread</span>' in page  # the other case's, still unread
    assert Notification.objects.get(user=ne["handler"], case=case).read_at is not None
    assert Notification.objects.get(user=ne["handler"], case=other).read_at is None


def test_x_03_a_handler_who_left_gets_no_reminder_and_the_managers_are_told_instead(
        people, register, settings):
    """Attack (an account closed when its holder left): the reminder mail, with the case's
    subject, still went to the former handler's mailbox, and nobody in the organization was
    notified of the deadline at all."""
    from ombud.mail.models import OutboxMessage

    settings.OMBUD_REMINDER_WORKING_DAYS = 2
    ne = people["ne"]
    case = register("ne/appeal", received_on=TODAY() - timedelta(days=30))
    services.case_record(case=case, event_type="assigned", on=TODAY(), actor=ne["manager"],
                         data={"handler_id": ne["handler"].pk, "involved": False})
    case.refresh_from_db()
    assert case.handler == ne["handler"]
    for role in ("handler", "manager"):
        ne[role].email = f"{role}@ne.example"
        ne[role].save(update_fields=["email"])
    ne["handler"].is_active = False
    ne["handler"].save(update_fields=["is_active"])
    remind_and_flag(today=TODAY())
    reminders = OutboxMessage.objects.filter(case=case, kind="reminder")
    assert ne["handler"].email not in {message.to for message in reminders}
    assert ne["manager"].email in {message.to for message in reminders}
    told = Notification.objects.filter(case=case, kind="deadline")
    assert [n.user for n in told] == [ne["manager"]]


@pytest.mark.parametrize("wanted", ["²", "9" * 20, "abc", ""])
def test_issue_11_a_mangled_notification_id_marks_nothing_and_is_no_server_error(
        client, people, register, wanted):
    """``id=²`` (a digit to str.isdigit, a ValueError to int) and twenty digits (beyond the
    key's column) were a 500; a value that names no notification of hers marks none read,
    rather than all of them."""
    ne = people["ne"]
    case = register("ne/appeal")
    _appoint(case, ne["manager"], ne["handler"])
    handler = sign_in(client, ne["handler"], "en")
    client.raise_request_exception = False
    assert handler.post("/ne/notifications/read/", {"id": wanted}).status_code == 302
    assert Notification.objects.get(user=ne["handler"], case=case).read_at is None


def test_issue_11_a_colleague_neither_sees_nor_marks_her_notifications(client, people,
                                                                       register):
    """The same organization, the same case readable to both: a notification is its
    person's alone, on the page, in the count and when marked read by its id."""
    ne = people["ne"]
    case = register("ne/appeal", title="Anke på eksamen")  # every NE member reads appeals
    _appoint(case, ne["manager"], ne["handler"])
    [notification] = Notification.objects.filter(user=ne["handler"])
    colleague = sign_in(client, ne["handler2"], "en")
    page = colleague.get("/ne/notifications/").content.decode()
    assert case.reference not in page
    assert colleague.post("/ne/notifications/read/", {"id": notification.pk}).status_code == 302
    colleague.post("/ne/notifications/read/")  # "mark all": hers only
    notification.refresh_from_db()
    assert notification.read_at is None

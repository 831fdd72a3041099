"""Issue 11, defect 13: marking a corrective action done logged a second "Korrigerende tiltak"
in the file, so the history could not tell the action from its follow-up (NE-A-10, NE-C-08)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ombud.cases.models import CorrectiveAction
from tests.cast import sign_in


def test_ne_a_10_marking_a_corrective_action_done_is_logged_as_done_not_as_a_second_action(
        client, people, register):
    case = register("ne/appeal")
    owner = people["ne"]["manager"]
    manager = sign_in(client, owner, "nb")
    due = timezone.localdate() + timedelta(days=30)
    assert manager.post(f"/ne/cases/{case.reference}/actions/", {
        "description": "Endre eksamensrutinen.", "owner": owner.pk,
        "due_on": due.isoformat()}).status_code == 302
    action = CorrectiveAction.objects.get(case=case)
    assert manager.post(f"/ne/cases/{case.reference}/actions/{action.pk}/done/", {
        "done_on": timezone.localdate().isoformat(),
        "follow_up": "Rutinen er endret og sendt ut."}).status_code == 302
    types = list(case.events.order_by("seq").values_list("type", flat=True))
    assert types.count("corrective_action") == 1
    assert types.count("corrective_action_done") == 1
    done = case.events.get(type="corrective_action_done")
    assert (done.data["action_id"], done.data["done_on"], done.data["text"]) == (
        action.pk, timezone.localdate().isoformat(), "Rutinen er endret og sendt ut.")
    page = manager.get(f"/ne/cases/{case.reference}/").content.decode()
    history = page[page.index('id="history-h"'):]
    assert history.count("<strong>Korrigerende tiltak</strong>") == 1
    assert history.count("<strong>Korrigerende tiltak utført</strong>") == 1

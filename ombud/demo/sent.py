"""The seeded past's mail as it was sent: each letter of a step taken months ago went out that
day, not on the day the demo was started (issue 11, defect 12: the auditor read "sent
02.12.2026" under cases answered in September)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from ombud.cases.models import CaseEvent
from ombud.mail.models import MessageState, OutboxMessage

OFFICE_OPENS = time(8, 30)
OFFICE_MINUTES = 7 * 60  # the letters of a day go out between 8:30 and 15:30


def seeded_mail_sent() -> int:
    """Mark the seeded letters sent on the day of the step that wrote them (the letter's entry
    in the file holds that day), at a time in office hours, written a minute before. Today's
    stay waiting: the worker sends them as the demo starts. Returns how many were dated."""
    today = timezone.localdate()
    written_on = {
        data["document_id"]: on for data, on in CaseEvent.objects.filter(
            type="document_added", on__lt=today).values_list("data", "on")
        if isinstance(data, dict) and data.get("document_id")}
    messages = list(OutboxMessage.objects.filter(state=MessageState.PENDING,
                                                 letter_id__in=list(written_on)))
    zone = timezone.get_current_timezone()
    for message in messages:
        minutes = (message.pk * 37) % OFFICE_MINUTES  # spread over the day, the same each seed
        sent = datetime.combine(written_on[message.letter_id], OFFICE_OPENS, zone) + timedelta(
            minutes=minutes)
        message.state, message.attempts = MessageState.SENT, 1
        message.created_at = message.next_attempt_at = sent - timedelta(minutes=1)
        message.sent_at = sent
    OutboxMessage.objects.bulk_update(
        messages, ["state", "attempts", "created_at", "next_attempt_at", "sent_at"],
        batch_size=500)
    return len(messages)

"""The demo's past reads as a real one (issue 11, defect 12 and the demo): a letter seeded for a
step taken months ago was sent that day, not the day the demo started (X-08: the letter and its
message belong to the step); its text is what a handler would have written for that case type
and outcome, in the organization's language, around the product's own letter."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from ombud.cases import services
from ombud.cases.models import Case
from ombud.demo import seed
from ombud.demo.sent import seeded_mail_sent
from ombud.demo.texts import ANSWERS, BOARD_ANSWERS, answer_texts
from ombud.mail.models import MessageState, OutboxMessage
from ombud.orgs.models import Organization

PLACEHOLDERS = ("Svar på klagen din.", "Begrunnelse for avgjørelsen.", "Beslissing op uw zaak.",
                "Motivering van de beslissing.", "Answer to your case.")


def _seeded(people, slug: str, procedure_id: str, days_ago: int, seed_number: int) -> Case:
    received = timezone.localdate() - timedelta(days=days_ago)
    return seed.seed_case(random.Random(seed_number), Organization.objects.get(slug=slug),
                          procedure_id, people[slug], received)


def _letter_days(case: Case) -> dict[int, object]:
    return {event.data["document_id"]: event.on
            for event in case.events.filter(type="document_added")}


def test_x_08_seeded_letters_were_sent_on_their_steps_day(people):
    cases = [_seeded(people, "dnv", "dnv/complaint", 120, 7),
             _seeded(people, "pp", "pp/complaint", 150, 3)]
    today_case = _seeded(people, "dnv", "dnv/complaint", 0, 5)  # steps of today: not yet sent
    if not today_case.events.filter(type="acknowledged").exists():
        services.case_step(case=today_case, event_type="acknowledged",
                           on=timezone.localdate(), actor=people["dnv"]["handler"])

    dated = seeded_mail_sent()

    assert dated > 0
    for case in cases:
        letters = _letter_days(case)
        messages = list(case.messages.all())
        assert messages, case.reference
        for message in messages:
            assert message.state == MessageState.SENT
            sent = timezone.localtime(message.sent_at)
            assert sent.date() == letters[message.letter_id] < timezone.localdate()
            assert 8 <= sent.hour < 16  # office hours
            assert message.created_at < message.sent_at
    waiting = OutboxMessage.objects.filter(case=today_case)
    assert waiting.exists()
    assert all(message.state == MessageState.PENDING for message in waiting)
    assert seeded_mail_sent() == 0  # nothing dated twice


def test_seeded_answers_carry_a_handlers_words_in_the_organizations_language(people):
    dutch = _seeded(people, "dnv", "dnv/complaint", 120, 7)
    norwegian = _seeded(people, "pp", "pp/complaint", 150, 3)
    for case, language in ((dutch, "nl"), (norwegian, "nb")):
        answered = case.events.get(type="answered")
        letter, reasons = answer_texts(language, case.procedure_id, answered.data["outcome"])
        assert (answered.data["letter"], answered.data["reasons"]) == (letter, reasons)
        answer = case.messages.get(kind="answer")
        assert letter in answer.body and reasons in answer.body
        assert not any(placeholder in answer.body for placeholder in PLACEHOLDERS)
        received = case.events.get(type="received")
        assert received.data["text"] != case.title  # the complaint itself, not its subject
    assert "Geachte" in dutch.messages.get(kind="answer").body
    assert "Hei" in norwegian.messages.get(kind="answer").body


def test_every_seeded_answer_text_is_in_its_own_language():
    """No Dutch sentence in a Norwegian letter, nor the other way round ("Svar på klagen /
    beslissing op bezwaar", defect 5)."""
    dutch_words, norwegian_words = {"wij", "uw", "het", "niet"}, {"vi", "du", "ikke", "og"}
    for language, families in ANSWERS.items():
        for family in families.values():
            for letter, reasons in family.values():
                words = set(f"{letter} {reasons}".lower().replace(".", " ").split())
                if language == "nb":
                    assert not words & dutch_words, letter
                if language == "nl":
                    assert not words & norwegian_words, letter
    for letter, reasons in BOARD_ANSWERS.values():
        assert not set(f"{letter} {reasons}".lower().split()) & dutch_words

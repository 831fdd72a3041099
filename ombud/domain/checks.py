"""Check, then do: whether an event may happen now, or the rule that forbids it.

``Checks`` is the reading half of the engine's replay (``replay.Replay``): it looks at the case as
it stands and never changes it. One ``_check_<event type>`` method per step that has conditions of
its own; ``verdict`` applies the conditions every event shares first.
"""

from __future__ import annotations

from datetime import date

from ombud.domain.deadlines import Deadline, posted_on
from ombud.domain.events import (
    CLOSED_STATES,
    DECIDING_EVENTS,
    ROLE_OF,
    Actor,
    Event,
    extension_amount,
)
from ombud.domain.periods import add_period
from ombud.domain.procedure import Procedure
from ombud.domain.refusals import Refusal, Verdict, no


class Checks:
    """The checks of a replay. Reads ``procedure``, ``state``, ``done``, ``by_key`` and the other
    attributes ``replay.Replay`` sets; changes nothing."""

    procedure: Procedure
    actor: Actor | None
    state: str | None
    closed_on: date | None
    received: Event | None
    written_on: date | None
    done: dict[str, date]
    by_key: dict[str, Deadline]
    first_deciders: frozenset[str]
    decision_makers: frozenset[str]
    separate_hearing: bool
    last_hearing_on: date | None
    new_facts: tuple[date, date] | None
    heard_on_new_facts: bool

    # -- looking things up --------------------------------------------------------------------

    def latest(self, key: str) -> Deadline | None:
        return self.by_key.get(key)

    def _about(self) -> str | None:
        return self.received.get("about") if self.received else None

    def _impartiality_applies(self, role: str | None = None) -> bool:
        """Whether an involved person is barred, here from ``role`` (Awb 7:5: only the
        hearer); with no role, from any of those the procedure names."""
        rules = self.procedure.impartiality
        return (rules is not None and self._about() not in rules.exempt_about
                and (role is None or role in rules.roles))

    def _remedy_ran_out(self, day: date) -> bool:
        remedy = self.latest("remedy")
        return remedy is not None and remedy.met_on is None and day > remedy.due

    # -- checking -----------------------------------------------------------------------------

    def check(self, event: Event, index: int | None = None) -> Refusal | None:
        """Why ``event`` may not happen now, or None when it may."""
        verdict = self.verdict(event)
        return None if verdict is None else Refusal(index, event.type, *verdict)

    def verdict(self, event: Event) -> Verdict | None:
        """(rule, code, params) when ``event`` is refused now; None when it is allowed."""
        procedure = self.procedure
        if self.state == "refused_intake":  # a later complaint is a new case
            return no(procedure.intake.channels_rule, "nothing_opened")
        if event.type == "received":
            if self.state is not None:
                return no(procedure.intake.channels_rule, "already_received",
                           on=self.received.on)
            return self._check_intake(event)
        if event.type not in procedure.steps:
            return self._not_a_step(event)
        if self.state in CLOSED_STATES and not self._allowed_after_close(event):
            if event.type == "appealed" and self.state == "answered":
                return no(procedure.appeal.rule, "final_decision")
            return no(procedure.answer_rule, "closed", on=self.closed_on, state=self.state)
        if self.state in ("appealed", "forwarded"):  # before the appeal body
            if self.state == "appealed" and event.type not in (
                    "answered", "withdrawn", "assigned", "forwarded"):
                return no(procedure.appeal.rule, "under_appeal")
            first = self._first_decider_on_appeal(event)
            if first is not None:
                return first
        if (self.actor and event.type in DECIDING_EVENTS
                and self._impartiality_applies(ROLE_OF[event.type])
                and (self.actor.involved or self.actor.id in self.decision_makers)):
            return no(procedure.impartiality.rule, "actor_involved")
        checker = CHECKERS.get(event.type)
        return checker(self, event) if checker else None

    def _allowed_after_close(self, event: Event) -> bool:
        """An appeal and the court lie against the decisions the procedure names: the answer,
        and where it says so a dismissal (fvl § 2(3), Awb 8:1)."""
        appeal = self.procedure.appeal
        if event.type in ("court_appealed", "court_decided"):
            return self.state in appeal.court_against
        return (event.type == "appealed" and appeal.body is not None
                and self.state in appeal.against and "appealed" not in self.done)

    def _not_a_step(self, event: Event) -> Verdict:
        procedure = self.procedure
        if event.type == "extended":
            return no(procedure.extension_rule, "no_extension")
        if event.type == "appealed":
            return no(procedure.appeal.rule, "no_internal_appeal")
        if event.type == "declined":
            return no(procedure.decline.rule, "no_decline")
        return no(procedure.scope_rule, "not_a_step", event=event.type)

    def _check_intake(self, event: Event) -> Verdict | None:
        intake = self.procedure.intake
        for refused in intake.refused_subjects:
            if event.get("about") == refused.about:
                return no(refused.rule, "subject_redirected", redirect=refused.redirect)
        channel = event.get("channel")
        if channel not in intake.channels:
            return no(intake.channels_rule, "channel_not_accepted",
                          channel=channel)
        return None

    def _once(self, event: Event, rule: str) -> Verdict | None:
        if event.type in self.done:
            return no(rule, "already_done", on=self.done[event.type])
        return None

    def _rule_of(self, key: str) -> str:
        spec = self.procedure.deadline(key)
        return spec.rule if spec else self.procedure.scope_rule

    def _check_put_in_writing(self, event):
        if self.written_on is not None:
            rule = self.procedure.intake.written_rule or self.procedure.intake.channels_rule
            return no(rule, "already_written", on=self.written_on)
        return None

    def _check_acknowledged(self, event):
        return self._once(event, self._rule_of("acknowledge"))

    def _check_taken_up(self, event):
        return self._once(event, self.procedure.management_rule or self._rule_of(
            "management"))

    def _check_assigned(self, event):
        if event.get("involved") and self._impartiality_applies("handler"):
            return no(self.procedure.impartiality.rule, "involved_handler")
        if (str(event.get("handler_id")) in self.decision_makers
                and self._impartiality_applies("handler")):  # DNV-B-04: the decision's own maker
            return no(self.procedure.impartiality.rule, "decision_maker_handler",
                      name=event.get("handler") or event.get("handler_id"))
        return None

    def _check_decision_makers_named(self, event):
        if self.procedure.impartiality is None:
            return no(self.procedure.scope_rule, "not_a_step", event=event.type)
        return None

    def _check_payment_received(self, event):
        return self._once(event, self.procedure.payment.rule if self.procedure.payment
                          else self.procedure.scope_rule)

    def _check_slot_booked(self, event):
        booking = self.procedure.booking
        if booking is None:
            return no(self.procedure.scope_rule, "not_a_step", event=event.type)
        if booking.after not in self.done:
            return no(booking.rule, "booking_too_early")
        return None

    def _check_parties_informed(self, event):
        rule = self.procedure.hearing.separate_rule if self.procedure.hearing else None
        if rule is None or not self.separate_hearing:
            return no(rule or self.procedure.scope_rule, "not_heard_separately")
        return None

    def _check_new_facts(self, event):
        rule = self.procedure.hearing.new_facts_rule if self.procedure.hearing else None
        if rule is None or self.last_hearing_on is None:
            return no(rule or self.procedure.scope_rule, "no_hearing_yet")
        return None

    def _check_court_decided(self, event):
        rule = self.procedure.court_outcome_rule or self._rule_of("court_appeal")
        if "court_appealed" not in self.done:
            return no(rule, "no_court_appeal")
        return self._once(event, rule)

    def _check_holder_notified(self, event):
        return self._once(event, self._rule_of("holder_response"))

    def _check_holder_responded(self, event):
        if "holder_notified" not in self.done:
            return no(self._rule_of("holder_response"), "holder_not_notified")
        return self._once(event, self._rule_of("holder_response"))

    def _check_incomplete(self, event):
        return self._once(event, self._rule_of("remedy"))

    def _check_remedied(self, event):
        if "incomplete" not in self.done:
            return no(self._rule_of("remedy"), "nothing_to_remedy")
        return self._once(event, self._rule_of("remedy"))

    def _check_extended(self, event):
        spec = self.procedure.extendable
        if spec is None:
            return no(self.procedure.extension_rule, "no_extension")
        deadline = self.latest(spec.key)
        if deadline is None:
            return no(spec.extension.rule, "no_deadline_yet")
        if event.recorded_on > deadline.due:  # dated back or not, it came after the deadline
            return no("X-07", "extension_too_late", due=deadline.due)
        rules, consent = spec.extension, bool(event.get("consent"))
        if deadline.extensions:
            if not consent:
                return no(rules.consent_rule, "extension_needs_consent")
            return None
        amount, unit = extension_amount(event)
        base, calendar = deadline.unrounded(), self.procedure.calendar
        too_long = add_period(base, amount, unit, calendar) > add_period(
            base, rules.first_at_most, rules.unit, calendar)
        if too_long and not consent:
            return no(rules.rule, "extension_too_long",
                          limit=(rules.first_at_most, rules.unit))
        return None

    def _check_hearing_invited(self, event):
        hearing = self.procedure.hearing
        hearing_on = event.get("hearing_on")
        if hearing.file_rule and isinstance(hearing_on, date) and (
                (hearing_on - event.on).days < hearing.file_days_before):
            # DNV-B-17: the file lies open a week before the hearing; the invitation says so
            return no(hearing.file_rule, "file_not_open_long_enough",
                      days=hearing.file_days_before)
        if self.new_facts and "hearing_invited" in self.done:
            return None  # heard again on new facts (DNV-B-21)
        return self._once(event, hearing.rule)

    def _check_hearing_reply(self, event):
        if "hearing_invited" not in self.done:
            return no(self.procedure.hearing.rule, "not_invited")
        for reply in ("hearing_requested", "hearing_waived"):
            if reply in self.done:
                return no(self.procedure.hearing.rule, "already_done", on=self.done[reply])
        return None

    _check_hearing_requested = _check_hearing_reply
    _check_hearing_waived = _check_hearing_reply

    def _check_hearing_held(self, event):
        impartiality = self.procedure.impartiality
        if impartiality and self._impartiality_applies("hearer"):
            rule = impartiality.hearing_rule
            if impartiality.roles != frozenset(ROLE_OF.values()):
                rule = rule or impartiality.rule  # bars the hearer alone: its own rule says so
            if rule and (event.get("involved") or event.by in self.decision_makers):
                return no(rule, "involved_hearer")
        joint_rule = self.procedure.hearing.joint_rule
        if joint_rule and event.get("joint") == "separate" and not event.get("separate_reason"):
            return no(joint_rule, "separate_without_reason")
        if "hearing_invited" not in self.done:
            return no(self.procedure.hearing.rule, "not_invited")
        return None

    def _check_declined(self, event):
        decline = self.procedure.decline
        names = ", ".join(ground.key for ground in decline.grounds)
        if not decline.grounds:
            return no(decline.rule, "no_decline")
        ground_key = event.get("ground")
        if ground_key is None:
            return no(decline.rule, "ground_required", grounds=names)
        ground = decline.ground(ground_key)
        if ground is None:
            return no(decline.rule, "ground_not_in_procedure", ground=ground_key, grounds=names)
        if ground_key == "late":
            filing = self.latest("filing")
            if filing is None or filing.timely(filing.met_on, filing.posted_on):
                return no(ground.rule, "filed_in_time", due=filing.due if filing else "-")
        if ground_key == "incomplete":
            remedy = self.latest("remedy")
            if remedy is None:
                return no(ground.rule, "nothing_to_remedy")
            if not self._remedy_ran_out(event.on):
                return no(ground.rule, "remedy_pending", due=remedy.due)
        return None

    def _check_answered(self, event):
        forwarding = self.procedure.forwarding
        if (forwarding and self.state in ("open", "appealed") and self.procedure.answer_outcome
                and event.get("outcome") not in (None, "upheld")):
            # fvl § 33: the first instance grants the klage or sends it up; it does not reject it
            return no(forwarding.rule, "forward_instead")
        hearing = self.procedure.hearing
        if hearing is None or self.state == "appealed":
            return None
        if self.new_facts and hearing.new_facts_rule:
            until = self.new_facts[1]
            # DNV-B-21: the parties can be heard on them until the term ends
            if not self.heard_on_new_facts and event.on <= until:
                return no(hearing.new_facts_rule, "new_facts_pending", due=until)
        skipped = event.get("hearing_skipped")
        if skipped is not None:
            if skipped not in hearing.skip_grounds:
                return no(hearing.skip_rule, "skip_ground_not_allowed", ground=skipped)
            return None
        if "hearing_held" in self.done or "hearing_waived" in self.done:
            return None
        if "hearing_requested" in self.done:
            return no(hearing.rule, "hearing_pending")
        reply = self.latest("hearing_reply")
        if reply is not None and event.on > reply.due:
            return None  # the invitation went unanswered (DNV-K-15, DNV-B-14)
        return no(hearing.rule, "hearing_not_offered")

    def _check_appealed(self, event):
        appeal = self.procedure.appeal
        if appeal.body is None:
            return no(appeal.rule, "no_internal_appeal")
        if self.state not in appeal.against:
            return no(appeal.rule, "not_answered_yet")
        period = self.latest("appeal")
        if period is not None and not period.timely(event.on, posted_on(event)):
            # named as the bundle names this period ("klagefrist", not "anke": FVL-2-3)
            return no(period.rule, "appeal_too_late", due=period.due,
                      deadline=(self.procedure.id, "appeal"))
        return None

    def _first_decider_on_appeal(self, event) -> Verdict | None:
        """Who answered first, or handled the case then, neither handles nor decides the
        appeal (PP-17): the appeal goes to another body."""
        rule = self.procedure.appeal.impartiality_rule
        if rule is None or not self.first_deciders:
            return None
        if event.type == "assigned" and str(event.get("handler_id")) in self.first_deciders:
            return no(rule, "first_decider_appointed")
        if event.type == "answered" and self.actor and self.actor.id in self.first_deciders:
            return no(rule, "first_decider_on_appeal")
        return None

    def _check_court_appealed(self, event):
        if self.state not in self.procedure.appeal.court_against:
            return no(self._rule_of("court_appeal"), "not_answered_yet")
        return self._once(event, self._rule_of("court_appeal"))

    def _check_forwarded(self, event):
        """fvl § 33: only a case still before the first instance is forwarded, once."""
        rule = self.procedure.forwarding.rule
        if self.state not in ("open", "appealed"):
            return no(rule, "not_forwardable", state=self.state)
        return self._once(event, rule)



CHECKERS = {name.removeprefix("_check_"): method for name, method in vars(Checks).items()
            if name.startswith("_check_") and name != "_check_intake"}

"""The reports' fixture year: Personalpartner's complaints of 2026 (and one of 2025), each
recorded through the real services as if day by day, so that every figure can be counted by
hand. What each case is, with its working days (Norway's calendar: Easter Monday 6 April and
1 May are holidays):

- A, 2 Feb, web, participant, inclusion: acknowledged 3 Feb, taken up 9 Feb, upheld 9 Feb
  (5 working days). Every deadline kept.
- B, 2 Mar, e-mail, customer, sales: acknowledged 3 Mar, taken up 9 Mar, partly upheld 13 Mar
  (9 working days). Every deadline kept.
- C, 6 Apr, letter, buyer, inclusion: acknowledged 20 Apr (PP-11 due 13 Apr: 7 days late),
  taken up 20 Apr (PP-10 due 13 Apr: 7 days late), not upheld 4 May (PP-14 due 20 Apr: 14 days
  late; 19 working days); appealed 11 May, the board upheld it 25 May. One corrective action,
  done.
- D, 1 Jun, oral (put in writing), participant: withdrawn 3 Jun (2 working days).
- E, 30 Nov, web, customer: acknowledged 1 Dec, taken up 30 Nov; still open. One corrective
  action, not done.
- F, 15 Dec 2025, web, customer: taken up and acknowledged 15 Dec, upheld 5 Jan 2026: open at
  the end of 2025 (the year before).
"""

from __future__ import annotations

from datetime import date

import pytest

from ombud.cases import services

D = date


def _case(people, received_on, channel, filer, about, steps, title="Klage"):
    manager = people["pp"]["manager"]
    case = services.case_register(
        organization=manager.memberships.first().organization, procedure_id="pp/complaint",
        channel=channel, received_on=received_on, title=title,
        complainant=services.PartyDetails("Kari Nordmann", email="kari@example.org"),
        actor=people["pp"]["intake"], details={"filer": filer, "about": about, "text": "x"},
        put_in_writing=channel == "oral")
    for event_type, on, data, actor in steps:
        services.case_step(case=case, event_type=event_type, on=on, data=data,
                           actor=people["pp"][actor], recorded_on=on)
    case.refresh_from_db()
    return case


def _answer(outcome):
    return {"outcome": outcome, "reasons": "Begrunnelse.", "letter": "Svar."}


@pytest.fixture
def year(people):
    """``{letter: case}``: the fixture year above."""
    manager = people["pp"]["manager"]
    cases = {
        "A": _case(people, D(2026, 2, 2), "web", "participant", "inclusion", [
            ("acknowledged", D(2026, 2, 3), {}, "manager"),
            ("taken_up", D(2026, 2, 9), {"decision": "d"}, "manager"),
            ("answered", D(2026, 2, 9), _answer("upheld"), "manager")]),
        "B": _case(people, D(2026, 3, 2), "email", "customer", "sales", [
            ("acknowledged", D(2026, 3, 3), {}, "manager"),
            ("taken_up", D(2026, 3, 9), {"decision": "d"}, "manager"),
            ("answered", D(2026, 3, 13), _answer("partly_upheld"), "manager")]),
        "C": _case(people, D(2026, 4, 6), "letter", "buyer", "inclusion", [
            ("acknowledged", D(2026, 4, 20), {}, "manager"),
            ("taken_up", D(2026, 4, 20), {"decision": "d"}, "manager"),
            ("answered", D(2026, 5, 4), _answer("not_upheld"), "manager"),
            ("appealed", D(2026, 5, 11), {"grounds": "g"}, "manager"),
            ("answered", D(2026, 5, 25), _answer("upheld"), "handler")]),
        "D": _case(people, D(2026, 6, 1), "oral", "participant", "sales", [
            ("withdrawn", D(2026, 6, 3), {}, "manager")]),
        "E": _case(people, D(2026, 11, 30), "web", "customer", "sales", [
            ("taken_up", D(2026, 11, 30), {"decision": "d"}, "manager"),
            ("acknowledged", D(2026, 12, 1), {}, "manager")]),
        "F": _case(people, D(2025, 12, 15), "web", "customer", "sales", [
            ("taken_up", D(2025, 12, 15), {"decision": "d"}, "manager"),
            ("acknowledged", D(2025, 12, 15), {}, "manager"),
            ("answered", D(2026, 1, 5), _answer("upheld"), "manager")]),
    }
    for letter, done_on in (("C", D(2026, 6, 1)), ("E", None)):
        action = services.corrective_action_add(
            case=cases[letter], description="Bedre rutine", owner=manager,
            due_on=D(2026, 12, 31), actor=manager)
        if done_on:
            services.corrective_action_done(action=action, done_on=done_on, follow_up="ok",
                                            actor=manager)
    return cases

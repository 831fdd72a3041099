"""Realistic case histories for the engine benchmarks: a 20-event DNV complaint and a generator
of varied cases across every case type, shaped like a real queue (most cases short, some long)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ombud.domain.engine import Event
from ombud.domain.loader import find_procedure

TWENTY_EVENTS = [
    ("2026-09-01", "received", {"channel": "oral", "about": "conduct"}),
    ("2026-09-02", "put_in_writing", {}),
    ("2026-09-04", "acknowledged", {}),
    ("2026-09-07", "assigned", {"handler": "examiner", "involved": True}),
    ("2026-09-07", "assigned", {"handler": "quality officer"}),
    ("2026-09-08", "holder_notified", {}),
    ("2026-09-10", "hearing_invited", {"term_weeks": 2}),
    ("2026-09-11", "answered", {"outcome": "upheld"}),
    ("2026-09-14", "hearing_requested", {}),
    ("2026-09-15", "holder_notified", {}),
    ("2026-09-30", "holder_responded", {}),
    ("2026-10-06", "extended", {"weeks": 6}),
    ("2026-10-06", "extended", {"weeks": 4}),
    ("2026-10-09", "declined", {"ground": "late"}),
    ("2026-10-13", "answered", {"outcome": "upheld"}),
    ("2026-10-20", "hearing_held", {}),
    ("2026-11-02", "extended", {"weeks": 2}),
    ("2026-11-03", "extended", {"weeks": 2, "consent": True}),
    ("2026-11-04", "assigned", {"handler": "quality officer 2"}),
    ("2026-11-20", "answered", {"outcome": "partly_upheld"}),
]


def twenty_event_case():
    events = [Event(date.fromisoformat(on), kind, data) for on, kind, data in TWENTY_EVENTS]
    return find_procedure("dnv/complaint", on=events[0].on), events, date(2026, 12, 31)


# Event scripts per case type: the steps a case takes, in order; a case stops at a random step.
SCRIPTS = {
    "ne/appeal": [("received", {"channel": "letter"}), ("acknowledged", {}),
                  ("assigned", {"handler": "md"}), ("answered", {"outcome": "not_upheld"})],
    "ne/complaint": [("received", {"channel": "email"}), ("assigned", {"handler": "cm"}),
                     ("answered", {"outcome": "upheld"})],
    "av/complaint": [("received", {"channel": "web"}), ("taken_up", {}),
                     ("assigned", {"handler": "dm"}), ("answered", {"outcome": "partly_upheld"})],
    "gl/complaint": [("received", {"channel": "web"}), ("taken_up", {}),
                     ("assigned", {"handler": "wl"}), ("answered", {"outcome": "upheld"})],
    "pp/complaint": [("received", {"channel": "oral"}), ("put_in_writing", {}),
                     ("acknowledged", {}), ("taken_up", {}), ("assigned", {"handler": "dm"}),
                     ("answered", {"outcome": "not_upheld"}), ("appealed", {}),
                     ("answered", {"outcome": "upheld"})],
    "dnv/complaint": [("received", {"channel": "email", "about": "conduct"}),
                      ("acknowledged", {}), ("assigned", {"handler": "qo"}),
                      ("holder_notified", {}), ("hearing_invited", {}),
                      ("hearing_requested", {}), ("holder_responded", {}),
                      ("extended", {"weeks": 4}), ("hearing_held", {}),
                      ("answered", {"outcome": "not_upheld"})],
    "dnv/objection": [("received", {"channel": "web", "decision_on": None}),
                      ("acknowledged", {}), ("incomplete", {"term_weeks": 2}),
                      ("remedied", {}), ("assigned", {"handler": "ind"}),
                      ("hearing_invited", {}), ("hearing_waived", {}),
                      ("extended", {"weeks": 6}), ("answered", {"outcome": "upheld"})],
    "dnv/inspection": [("received", {"channel": "email", "result_on": None, "invoice": True}),
                       ("acknowledged", {}), ("answered", {})],
    "dnv/terms": [("received", {"channel": "email", "result_on": None}), ("answered", {})],
    "dnv/data_request": [("received", {"channel": "email"}), ("acknowledged", {}),
                         ("extended", {"months": 2}), ("answered", {})],
}


def generated_cases(count: int, seed: int = 42):
    """``count`` cases as (procedure, events, meetings), received over 2024-2026."""
    rng = random.Random(seed)
    kinds = sorted(SCRIPTS)
    procedures = {kind: find_procedure(kind) for kind in kinds}
    meetings = [date(2024, 1, 1) + timedelta(days=14 * n) for n in range(80)]
    cases = []
    for _ in range(count):
        kind = rng.choice(kinds)
        script = SCRIPTS[kind]
        length = rng.randint(1, len(script))
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 1000))
        events = []
        for event_type, data in script[:length]:
            data = dict(data)
            for field in ("decision_on", "result_on"):
                if field in data:
                    data[field] = day - timedelta(days=rng.randint(1, 20))
            events.append(Event(day, event_type, data))
            day += timedelta(days=rng.randint(0, 9))
        cases.append((procedures[kind], events, meetings))
    return cases

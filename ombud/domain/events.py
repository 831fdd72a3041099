"""What happens in a case: the events the engine replays, the person acting, and the states.

Pure Python, no Django. The engine (``ombud.domain.engine``) is the entry point; this module holds
the vocabulary its parts share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, NamedTuple

from ombud.domain.periods import Unit

CLOSED_STATES = frozenset({"answered", "declined", "withdrawn"})
ENDING_EVENTS = frozenset({"answered", "declined", "withdrawn"})
DECIDING_EVENTS = frozenset({"answered", "declined", "hearing_held"})
# The role an event gives its actor in the case ([impartiality] roles, issue 13)
ROLE_OF = {"answered": "decider", "declined": "decider", "hearing_held": "hearer",
           "assigned": "handler"}
# see Checks._allowed_after_close
AFTER_CLOSE_EVENTS = frozenset({"appealed", "court_appealed", "court_decided"})


class Event(NamedTuple):
    """One thing that happened in a case. A named tuple: cheap to make, and immutable.

    ``on`` is the day it happened; ``recorded`` the day it was entered in the file, when that was
    later (a step dated back). Until it was recorded nobody could see it: a deadline that had
    passed in between was shown missed, and stays missed (X-07). ``by``: who recorded it (the
    same id as ``Actor.id``), where known: an appeal is not decided by who decided first."""

    on: date
    type: str
    data: Mapping[str, Any] = MappingProxyType({})
    recorded: date | None = None
    by: str | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def recorded_on(self) -> date:
        return self.recorded if self.recorded is not None else self.on


@dataclass(frozen=True, slots=True)
class Actor:
    """The person about to act: one involved in the matter may not decide it (impartiality)."""

    id: str
    involved: bool = False



def extension_amount(event: Event) -> tuple[int, Unit]:
    """The length an ``extended`` event asks for: months when given, else weeks."""
    if event.get("months"):
        return int(event.get("months")), Unit.MONTHS
    return int(event.get("weeks") or 0), Unit.WEEKS

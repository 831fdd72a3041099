"""The appointments a procedure offers (DNV-I-06: 45 minutes at the Barendrecht office), as
data: the weekly times on working days of the procedure's calendar, less those already taken.
Pure Python, no Django."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta

from ombud.domain.procedure import Booking, Procedure


def slot_times(booking: Booking) -> list[time]:
    return [time(int(hour), int(minute)) for hour, minute in
            (value.split(":") for value in booking.times)]


def free_slots(procedure: Procedure, today: date, taken: Collection[datetime]) -> list[datetime]:
    """The appointments still free from ``first_after`` days after ``today``, for ``days``
    days, on the booking's weekdays that are working days (X-04 for DNV)."""
    booking = procedure.booking
    if booking is None:
        return []
    found = []
    for offset in range(booking.first_after, booking.first_after + booking.days):
        day = today + timedelta(days=offset)
        if day.isoweekday() not in booking.weekdays or not procedure.calendar.is_working_day(day):
            continue
        found += [slot for slot in (datetime.combine(day, at) for at in slot_times(booking))
                  if slot not in taken]
    return found


def is_offered(procedure: Procedure, slot: datetime, today: date,
               taken: Collection[datetime]) -> bool:
    return slot in free_slots(procedure, today, taken)

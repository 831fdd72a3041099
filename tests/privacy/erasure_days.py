"""The days the privacy tests erase on: a DNV inspection closed today is kept as long as its
procedure file's [retention] says, and may be erased the day after."""

from datetime import date, timedelta

from django.utils import timezone

from ombud.domain.loader import find_procedure


def kept_until() -> date:
    today = timezone.localdate()
    return find_procedure("dnv/inspection", on=today).retention.kept_until(today)


def past_retention() -> date:
    return kept_until() + timedelta(days=1)


def months_kept() -> int:
    return find_procedure("dnv/inspection", on=timezone.localdate()).retention.years * 12

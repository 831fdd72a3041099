"""The days a staff form takes: a browser date picker, and fields that refuse days no
procedure or calendar covers."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DayInput(forms.DateInput):
    """A browser date picker. Its value is always ISO (YYYY-MM-DD), whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# The days a staff form takes: the service records nothing before 2000 (no procedure was in
# force then, and the calendars hold no data), and plans nothing further ahead than ten years.
EARLIEST_DAY = date(2000, 1, 1)
FURTHEST_YEARS_AHEAD = 10


def not_before_2000(day: date) -> None:
    if day < EARLIEST_DAY:
        raise forms.ValidationError(_("Give a date from 1 January 2000 on."))


def within_ten_years(day: date) -> None:
    if day > timezone.localdate() + timedelta(days=365 * FURTHEST_YEARS_AHEAD):
        raise forms.ValidationError(_("Give a date within ten years from today."))


class DayField(forms.DateField):
    """A day in the past: what happened (its form refuses the future with its own words)."""

    default_validators = [not_before_2000]


class PlannedDayField(forms.DateField):
    """A day that may lie ahead: a hearing, a due date."""

    default_validators = [not_before_2000, within_ten_years]

"""Cases are changed only through their services; the admin shows meetings, which the
administrator schedules, and nothing of a case's file (that would bypass the history)."""

from django.contrib import admin

from ombud.cases.models import Meeting
from ombud.orgs.admin import ScopedAdmin


@admin.register(Meeting)
class MeetingAdmin(ScopedAdmin):
    list_display = ["organization", "held_on"]
    date_hierarchy = "held_on"

"""Cases are changed only through their services; the admin shows meetings, which the
administrator schedules, and nothing of a case's file (that would bypass the history)."""

from django.contrib import admin

from ombud.cases.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["organization", "held_on"]
    list_filter = ["organization"]
    date_hierarchy = "held_on"

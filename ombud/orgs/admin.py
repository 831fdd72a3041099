"""Django's admin for what an organization administrator sets up: the organization, its enabled
procedures, its bodies, and who holds which role."""

from django.contrib import admin

from ombud.orgs.models import Body, EnabledProcedure, Membership, Organization


class EnabledProcedureInline(admin.TabularInline):
    model = EnabledProcedure
    extra = 0


class BodyInline(admin.TabularInline):
    model = Body
    extra = 0
    filter_horizontal = ["members"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "language", "calendar", "reference_prefix"]
    search_fields = ["slug", "name"]
    inlines = [EnabledProcedureInline, BodyInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["organization", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organization"]
    list_filter = ["organization", "kind"]
    filter_horizontal = ["members"]

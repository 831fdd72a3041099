"""Django's admin for what an organization administrator sets up: the organization, its enabled
procedures, its bodies, its meetings and who holds which role.

An administrator sees and changes only the organizations where they hold the administrator
role, and picks people only among their members; a superuser (the platform operator) sees all.
Creating user accounts stays with the operator: an account may belong to several
organizations."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from ombud.orgs.models import Body, EnabledProcedure, Membership, Organization, Role


def administered(user):
    """The organizations ``user`` may administer."""
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user,
                                       memberships__role=Role.ADMINISTRATOR)


NOT_ONESELF = _("You cannot change your own roles or bodies: another administrator or the "
                "operator does that.")


def not_oneself(form_class, person):
    """``form_class`` refusing a change that gives ``person`` (an organization administrator,
    not the operator) a role or a seat in a body: that would let them read the cases their own
    role does not (NE-C-05, GL-11, PP-15) and record steps the table gives others."""
    if person.is_superuser:
        return form_class

    class NotOneself(form_class):
        def clean(self):
            cleaned = super().clean()
            if self.has_changed() and (self._about_oneself(cleaned) or self._joins(cleaned)):
                raise forms.ValidationError(NOT_ONESELF)
            return cleaned

        def _about_oneself(self, cleaned) -> bool:  # a membership of theirs, new or changed
            if "user" not in self.fields:
                return False
            user = cleaned.get("user") or getattr(self.instance, "user", None)
            return user is not None and user.pk == person.pk

        def _joins(self, cleaned) -> bool:  # a body they were not a member of
            members = cleaned.get("members")
            if members is None or not any(member.pk == person.pk for member in members):
                return False
            return not (self.instance.pk and self.instance.members.filter(pk=person.pk).exists())

    return NotOneself


def members_administered(user):
    """The people ``user`` may pick in a form: members of the organizations they administer
    (everyone, for the operator). Accounts are made by the operator, who adds a person's first
    membership; an administrator then gives their own people further roles and bodies."""
    people = get_user_model().objects.all()
    if user.is_superuser:
        return people
    return people.filter(memberships__organization__in=administered(user)).distinct()


class ScopedChoices:
    """Every organization or person a form offers (and accepts) is one the user administers."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Organization:
            kwargs["queryset"] = administered(request.user)
        elif db_field.related_model is get_user_model():
            kwargs["queryset"] = members_administered(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is get_user_model():
            kwargs["queryset"] = members_administered(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdmin(ScopedChoices, admin.ModelAdmin):
    """Rows of the organizations the user administers; ``organization_path`` leads to them."""

    organization_path = "organization"

    def _allowed(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and \
            administered(request.user).exists()

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(**{f"{self.organization_path}__in": administered(request.user)})

    def get_form(self, request, obj=None, **kwargs):
        return not_oneself(super().get_form(request, obj, **kwargs), request.user)


class ScopedInline(ScopedChoices, admin.TabularInline):
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = not_oneself(formset.form, request.user)
        return formset

    def has_view_permission(self, request, obj=None):
        return True

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


class EnabledProcedureInline(ScopedInline):
    model = EnabledProcedure


class BodyInline(ScopedInline):
    model = Body
    filter_horizontal = ["members"]


class MembershipInline(ScopedInline):
    model = Membership
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin):
    organization_path = "pk"
    list_display = ["slug", "name", "language", "calendar", "reference_prefix"]
    search_fields = ["slug", "name"]
    inlines = [EnabledProcedureInline, BodyInline, MembershipInline]

    def has_add_permission(self, request):
        return request.user.is_superuser  # new customers are set up by the operator

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(Body)
class BodyAdmin(ScopedAdmin):
    list_display = ["name", "kind", "organization"]
    list_filter = ["kind"]
    filter_horizontal = ["members"]

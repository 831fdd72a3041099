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

from ombud.orgs.body_kinds import BodyForm, KindFilter
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
        # Django's admin asks each model's admin and each inline for its permissions, several
        # times a page (56 on an organization's): the answer holds for the whole request.
        allowed = getattr(request, "_ombud_administers", None)
        if allowed is None:
            allowed = request.user.is_active and request.user.is_staff and \
                administered(request.user).exists()
            request._ombud_administers = allowed
        return allowed

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


def procedure_choices(slug: str | None, current: str | None = None) -> list[tuple[str, str]]:
    """The procedures the drop-down offers an organization: those installed in its own bundle
    (bundles are per organization; the package's five are the demo's). A new organization
    whose short name is not typed yet is offered those of bundles no organization uses. The
    row's current procedure stays listed (a removed one too), so that the page shows it."""
    from ombud.domain.loader import installed_procedure_ids
    from ombud.orgs.setup import installed_for

    if slug:
        offered = installed_for(slug)
    else:
        taken = set(Organization.objects.values_list("slug", flat=True))
        offered = [procedure_id for procedure_id in installed_procedure_ids()
                   if procedure_id.partition("/")[0] not in taken]
    if current and current not in offered:
        offered = [current, *offered]
    return [("", "---------")] + [(procedure_id, procedure_id) for procedure_id in offered]


class ProcedureChoiceField(forms.ChoiceField):
    """A drop-down whose value ``clean_procedure_id`` checks, so that a value posted from
    outside the list (another organization's, a misspelt one) gets its specific reason, not
    Django's "Select a valid choice"."""

    def valid_value(self, value) -> bool:
        return True


class EnabledProcedureForm(forms.ModelForm):
    """The procedure is picked among those installed for the organization (its own bundle in
    the package or in OMBUD_PROCEDURE_DIRS), and refused when it is another organization's or
    cannot be read."""

    organization_slug: str | None = None  # set per request by the inline

    procedure_id = ProcedureChoiceField(label=_("procedure"))

    class Meta:
        model = EnabledProcedure
        fields = ["procedure_id"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.procedure_id if self.instance.pk else None
        self.fields["procedure_id"].choices = procedure_choices(self.organization_slug, current)

    def clean_procedure_id(self):
        from ombud.orgs.setup import procedure_problem

        procedure_id = self.cleaned_data["procedure_id"]
        slug = self.organization_slug or procedure_id.partition("/")[0]
        if problem := procedure_problem(procedure_id, slug):
            raise forms.ValidationError(problem)
        return procedure_id


class EnabledProcedureInline(ScopedInline):
    model = EnabledProcedure
    form = EnabledProcedureForm

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A new organization's procedures belong to the short name typed above them: without
        # it, any organization's procedure passed as its own bundle's.
        slug = obj.slug if obj else str(request.POST.get("slug", "")) or None
        formset.form = type("EnabledProcedureFormFor", (formset.form,),
                            {"organization_slug": slug})
        return formset


class BodyInline(ScopedInline):
    model = Body
    form = BodyForm
    filter_horizontal = ["members"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The kinds offered are Ombud's and those of the organization's own bundle
        formset.form = type("BodyFormFor", (formset.form,), {"organization_slug": obj.slug if obj
                                                             else None})
        return formset


class MembershipInline(ScopedInline):
    model = Membership
    raw_id_fields = ["user"]


class AddPersonForm(forms.Form):
    username = forms.CharField(label=_("user name"), max_length=150)
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    email = forms.EmailField(label=_("e-mail address"))


class OrganizationForm(forms.ModelForm):
    """The short name as ``ombud org create`` takes it: a bundle's folder name, none of Ombud's
    own addresses (``/track/``, ``/admin/``)."""

    def clean_slug(self):
        from ombud.orgs.setup import slug_problem

        slug = self.cleaned_data["slug"]
        if slug != self.initial.get("slug") and (problem := slug_problem(slug)):
            raise forms.ValidationError(problem)
        return slug

    def clean_name(self):
        from ombud.orgs.setup import name_problem

        name = self.cleaned_data["name"]
        if problem := name_problem(name):
            raise forms.ValidationError(problem)
        return name


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin):
    form = OrganizationForm
    organization_path = "pk"
    list_display = ["slug", "name", "language", "calendar", "reference_prefix", "add_person"]
    search_fields = ["slug", "name"]
    inlines = [EnabledProcedureInline, BodyInline, MembershipInline]

    @admin.display(description=_("people"))
    def add_person(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html('<a href="{}">{}</a>', reverse("admin:orgs_add_person", args=[obj.pk]),
                           _("Add a person"))

    def get_urls(self):
        from django.urls import path

        return [path("<int:pk>/add-person/", self.admin_site.admin_view(self.add_person_view),
                     name="orgs_add_person"), *super().get_urls()]

    def add_person_view(self, request, pk: int):
        """``ombud user create`` in the admin: a new person with a role here, who gets a mail
        to choose a password. For the operator and the organization's administrators."""
        from django.contrib import messages
        from django.http import Http404
        from django.shortcuts import redirect
        from django.template.response import TemplateResponse

        from ombud.orgs.setup import SetupError, create_user

        organization = administered(request.user).filter(pk=pk).first()
        if organization is None:
            raise Http404
        form = AddPersonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                user = create_user(organization=organization, **form.cleaned_data)
            except SetupError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("%(username)s was added; a link to choose a "
                                            "password was mailed to %(email)s.")
                                 % {"username": user.get_username(), "email": user.email})
                return redirect("admin:orgs_organization_change", organization.pk)
        return TemplateResponse(request, "admin/orgs/add_person.html", {
            **self.admin_site.each_context(request), "form": form,
            "organization": organization, "opts": self.model._meta,
            "title": _("Add a person to %(organization)s") % {"organization": organization}})

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
    form = BodyForm
    list_display = ["name", "kind_shown", "organization"]
    list_filter = [KindFilter]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_shown(self, obj):
        return obj.kind_label
    filter_horizontal = ["members"]

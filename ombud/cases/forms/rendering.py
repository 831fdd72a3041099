"""How Ombud's forms are drawn: Django 5.2's own field rendering, with our markup.

Django ties each field to its help text and its errors for screen readers (``aria-describedby``
to ``<id>_helptext`` and ``<id>_error``, ``aria-invalid`` on a field in error) and draws a field
with a template (``BoundField.as_field_group``). The renderers below only name our templates.

Kept by hand, because Django does not do it: a group of choices (radio buttons) is described on
its ``<fieldset>`` only, and not every screen reader reads a fieldset's description when a
button gets the focus. Each button also carries the group's description, so the error of a
group left unanswered is heard on every one of its choices."""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


class ChoiceGroupBoundField(BoundField):
    """Django's bound field, with a group's description on each of its choices too."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.use_fieldset and not attrs.get("aria-describedby") and self.aria_describedby:
            attrs["aria-describedby"] = self.aria_describedby
        return attrs


class OmbudRenderer(DjangoTemplates):
    """Django's template renderer (app templates and Django's widgets), with the bound field
    above. Subclasses name their form and field templates."""

    bound_field_class = ChoiceGroupBoundField


class StaffRenderer(OmbudRenderer):
    form_template_name = "cases/forms/form.html"
    field_template_name = "cases/forms/field.html"


# One instance: a renderer keeps its template engine, so forms share the loaded templates.
STAFF_RENDERER = StaffRenderer()


class StaffForm(forms.Form):
    """A form of the staff pages: ``{{ form }}`` draws its errors and fields."""

    default_renderer = STAFF_RENDERER

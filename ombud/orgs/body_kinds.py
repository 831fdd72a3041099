"""A body's kind: one of Ombud's (``BodyKind``) or one its organization's bundle names in its
texts (``[body_kinds]``, issue 13: Waterdal's "adviescommissie bezwaarschriften"). A kind is a
word only: it sorts the administration's list and names the body where a body is chosen or
shown; no step, deadline or letter reads it."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ombud.domain.bundles import all_bundles
from ombud.domain.procedure import LANGUAGES
from ombud.domain.texts import body_kinds
from ombud.orgs.models import Body, BodyKind


def _bundle_kinds(slug: str | None) -> dict[str, str]:
    """The bundle's kinds with their word in the page's language (another where it lacks
    one; ``validate`` names the gap); every bundle's where the organization is not known yet."""
    language = (translation.get_language() or "en")[:2]
    found: dict[str, str] = {}
    for organization in [slug] if slug else list(all_bundles()):
        for lang in (language, *LANGUAGES):
            for key, word in body_kinds(organization, lang).items():
                found.setdefault(key, word)
    return {key: word for key, word in found.items() if key not in BodyKind.values}


def kind_choices(slug: str | None) -> list[tuple[str, str]]:
    return [*BodyKind.choices, *sorted(_bundle_kinds(slug).items(), key=lambda kv: kv[1])]


def kind_label(slug: str, kind: str) -> str:
    """The kind in words: Ombud's label, else the bundle's word, else the key itself."""
    if kind in BodyKind.values:
        return str(BodyKind(kind).label)
    return _bundle_kinds(slug).get(kind, kind)


class BodyForm(forms.ModelForm):
    """A body with its kind chosen among Ombud's and its organization's bundle's."""

    organization_slug: str | None = None  # set per request by the inline

    kind = forms.ChoiceField(label=_("kind"))

    class Meta:
        model = Body
        fields = ["organization", "kind", "name", "members"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices(self._slug())

    def _slug(self, organization=None) -> str | None:
        if organization is not None:
            return organization.slug
        if self.organization_slug:
            return self.organization_slug
        return self.instance.organization.slug if self.instance.organization_id else None

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        slug = self._slug(cleaned.get("organization"))
        if kind and slug and kind not in dict(kind_choices(slug)):
            self.add_error("kind", _("This organization's bundle names no such kind of body."))
        return cleaned


class KindFilter(admin.SimpleListFilter):
    """The administration's filter by kind, each kind in words (the column holds keys)."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        rows = model_admin.get_queryset(request).values_list("organization__slug", "kind")
        return sorted({(kind, kind_label(slug, kind)) for slug, kind in rows.distinct()},
                      key=lambda choice: str(choice[1]))

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset

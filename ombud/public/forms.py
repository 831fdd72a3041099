"""The public form, built from the procedure: who may file and about what, the dates a filing
window needs, what the document must contain (a signature for an objection, DNV-B-02), the fees
(DNV-I-07, DNV-I-08) and the privacy consent (PP-04)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ombud.cases.forms import DayInput
from ombud.cases.forms.days import not_before_2000
from ombud.cases.forms.rendering import OmbudRenderer
from ombud.domain.procedure import Procedure
from ombud.domain.texts import TextsError, bundle_texts, word

# The shape of the idempotency key the server issues (form_keys.issue: nonce.time.signature; a
# second submission under a copied key gets copy.<hash>; keys before December 2026 had no dots).
# Whether it is one we issued is form_keys.is_issued's to say.
KEY_PATTERN = r"^[A-Za-z0-9_.-]{20,64}\Z"

DATE_LABELS = {
    "exam_on": _("Date of the exam"),
    "decision_on": _("Date the decision was sent to you"),
    "result_on": _("Date you received the exam result"),
}
DESCRIPTION_LABELS = {
    "complaint": _("What happened? Describe what you complain about"),
    "objection": _("Which decision do you object to?"),
    "appeal": _("Which decision do you appeal?"),
}
DEFAULT_DESCRIPTION_LABEL = _("What do you ask for?")
REASONS_LABELS = {
    "complaint": _("Why do you complain, and what would you like to happen?"),
    "objection": _("The grounds of your objection: why is the decision wrong?"),
    "appeal": _("Why do you appeal?"),
}


# (procedure id, version, language, organization name, attachment limits) -> the procedure and
# texts its fields were built from, and the fields (``PublicForm._procedure_fields``).
_BUILT: dict[tuple, tuple[Procedure, object, dict[str, forms.Field]]] = {}


def _texts_of(procedure_id: str, language: str) -> object:
    """The bundle's texts the form's words come from: the same object until the file changes
    (None when it has none)."""
    try:
        return bundle_texts(procedure_id.partition("/")[0], language) or None
    except TextsError as error:
        return error


def _copied(field: forms.Field) -> forms.Field:
    """The form's own copy of a built field: what Django's ``Field.__deepcopy__`` copies (the
    widget with its attributes, the messages, the validators), but a choice field's choices,
    pairs of strings no form changes, are shared. A third of the time of ``copy.deepcopy``."""
    copied = _shallow(field)
    copied.widget = _widget_copied(field.widget)
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    return copied


def _widget_copied(widget: forms.Widget) -> forms.Widget:
    copied = _shallow(widget)
    copied.attrs = widget.attrs.copy()
    if isinstance(widget, forms.MultiWidget):  # the day input's three parts
        copied.widgets = [_widget_copied(part) for part in widget.widgets]
    return copied


def _shallow(thing):
    copied = object.__new__(type(thing))
    copied.__dict__.update(thing.__dict__)
    return copied


def _language() -> str:
    return (translation.get_language() or "en")[:2]


def _label(texts: dict[str, str]) -> str:
    return texts.get(_language()) or texts["en"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class PublicRenderer(OmbudRenderer):
    field_template_name = "public/_field.html"


class PublicPageForm(forms.Form):
    """A form of the public pages, each field drawn by ``public/_field.html``
    (``field.as_field_group``). Django ties its errors and help text to it for screen readers
    (aria-describedby, aria-invalid); ``ChoiceGroupBoundField`` adds what Django leaves out."""

    default_renderer = PublicRenderer()


class PublicForm(PublicPageForm):
    """Fields are added from the procedure in ``__init__``; the groups below decide the order
    and the fieldsets on the page."""

    GROUPS = (
        ("you", _("About you"), ("filer", "name", "on_behalf_of", "birth_on", "email", "phone",
                                 "address")),
        ("matter", _("Your case"), ("about", "exam_on", "decision_on", "result_on", "title",
                                    "description", "reasons")),
        ("files", _("Documents"), ("attachments",)),
        ("send", _("Before you send"), ("invoice", "fees_accepted", "signature", "signed",
                                        "consent", "incomplete_confirmed", "late_confirmed")),
    )

    def __init__(self, *args, procedure: Procedure, organization_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.organization_name = organization_name
        self.late_warning = ""
        # Asked only when needed: sending after the filing period, or without something the
        # document must contain (``_shown``).
        self.asking: set[str] = set()
        self.fields.update({name: _copied(field)
                            for name, field in self._procedure_fields().items()})

    def renew_key(self, key: str) -> None:
        """Show the form again with a new idempotency key (the one sent was not ours)."""
        self.data = self.data.copy()
        self.data["key"] = key

    # -- building ---------------------------------------------------------------------------

    def _procedure_fields(self) -> dict[str, forms.Field]:
        """The fields the procedure adds, built once for each procedure, language, organization
        name and texts file (building them is half a millisecond, a tenth of a submission)."""
        language = translation.get_language()
        key = (self.procedure.id, self.procedure.version, language, self.organization_name,
               settings.OMBUD_ATTACHMENT_MAX_COUNT, settings.OMBUD_ATTACHMENT_MAX_BYTES)
        texts = _texts_of(self.procedure.id, _language())
        known = _BUILT.get(key)
        if known is None or known[0] is not self.procedure or known[1] is not texts:
            fields: dict[str, forms.Field] = {}
            self._add_sending_checks(fields)
            self._add_person_fields(fields)
            self._add_matter_fields(fields)
            self._add_sending_fields(fields)
            known = _BUILT[key] = (self.procedure, texts, fields)
        return known[2]

    def _own(self, key: str, default):
        """The bundle's own words for a label or help of the form (its texts), else Ombud's."""
        return word(self.procedure.id, _language(), "form", key) or default

    def _needs(self, word: str) -> bool:
        return any(word in field.key for field in self.procedure.intake.required_fields)

    @staticmethod
    def _add_sending_checks(fields: dict[str, forms.Field]) -> None:
        """The idempotency key, the proof of work and the honeypot (hidden from people and from
        screen readers, filled in by careless robots)."""
        fields["key"] = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=20,
                                        validators=[RegexValidator(KEY_PATTERN)])
        fields["proof"] = forms.CharField(widget=forms.HiddenInput, required=False,
                                          max_length=2000)
        fields["website"] = forms.CharField(label=_("Leave this field empty"), required=False,
                                            max_length=200)

    def _add_person_fields(self, fields: dict[str, forms.Field]) -> None:
        intake = self.procedure.intake
        if intake.filers:
            fields["filer"] = forms.ChoiceField(
                label=_("You are"), widget=forms.RadioSelect,
                choices=[(choice.key, _label(choice.label)) for choice in intake.filers],
                initial=intake.filers[0].key if len(intake.filers) == 1 else None)
        fields["name"] = forms.CharField(label=_("Full name"), max_length=200)
        if any(choice.key == "customer" for choice in intake.filers):
            # An adviser (NAV, a school) who files for a participant: the letters greet the
            # adviser and name whom the case concerns (journey 2).
            fields["on_behalf_of"] = forms.CharField(
                label=_("On behalf of (optional)"), max_length=200, required=False,
                help_text=_("If you write for someone else, such as a participant: their "
                            "name."))
        fields["email"] = forms.EmailField(
            max_length=254,  # what an address can be, and what the case and the outbox hold
            label=_("E-mail"), help_text=_("Your receipt, the link to follow your case and our "
                                           "letters are sent here."))
        fields["phone"] = forms.CharField(label=_("Phone (optional)"), max_length=40,
                                               required=False)
        if self._needs("birth_date"):  # the payment reference names it (DNV-I-07, DNV-I-08)
            fields["birth_on"] = forms.DateField(
                label=_("Date of birth"), widget=DayInput(),
                help_text=_("Part of the payment reference."))
        needs_address = self._needs("address")
        # What the document must contain is asked for, not forced: a filing without it is still
        # received (and stops the clock); the organization asks for the rest (DNV-B-10).
        fields["address"] = forms.CharField(
            label=_("Postal address, postcode and town") if needs_address
            else _("Postal address (optional)"),
            max_length=300, required=False,
            help_text=_("Required.") if needs_address else "")

    def _add_matter_fields(self, fields: dict[str, forms.Field]) -> None:
        intake = self.procedure.intake
        if intake.subjects:
            fields["about"] = forms.ChoiceField(
                label=self._own("about", _("What is it about?")), widget=forms.RadioSelect,
                choices=[(choice.key, _label(choice.label)) for choice in intake.subjects])
        for name in self._date_fields():
            required = name in intake.requires
            label = self._own(name, DATE_LABELS[name])
            if not required:  # the bundle may say when it is asked ([form] <name>_optional)
                label = self._own(f"{name}_optional", _(
                    "%(label)s (only for a complaint about an exam)") % {"label": label})
            # The staff's forms' first day: a decision of the year 1 was filed (and its answer
            # deadline counted as missed by 739,870 days in the organization's report).
            fields[name] = forms.DateField(
                label=label,
                required=required, widget=DayInput(), validators=[not_before_2000],
                help_text=self._own(f"{name}_help", self._window_help(name)))
        fields["title"] = forms.CharField(  # "emne" is a course at a university
            label=self._own("title", _("Subject, in a few words")), max_length=200)
        case_type = self.procedure.case_type
        fields["description"] = forms.CharField(
            label=self._own("description", DESCRIPTION_LABELS.get(
                case_type, DEFAULT_DESCRIPTION_LABEL)), max_length=10000,
            widget=forms.Textarea(attrs={"rows": 6}))
        reasons = self._own("reasons", REASONS_LABELS.get(case_type))
        if reasons:
            fields["reasons"] = forms.CharField(
                label=reasons, max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
        fields["attachments"] = MultipleFileField(
            label=_("Attach documents (optional)"), required=False,
            help_text=_("At most %(count)s files of up to %(size)s MB each: PDF, Word, "
                        "OpenDocument, text or photos.") % {
                "count": settings.OMBUD_ATTACHMENT_MAX_COUNT,
                "size": settings.OMBUD_ATTACHMENT_MAX_BYTES // (1024 * 1024)})

    def _date_fields(self) -> list[str]:
        names = list(self.procedure.intake.requires)
        for spec in self.procedure.deadlines:
            if spec.anchor in DATE_LABELS and spec.anchor not in names:
                names.append(spec.anchor)
        return names

    def _window_help(self, name: str) -> str:
        spec = next((spec for spec in self.procedure.deadlines if spec.anchor == name), None)
        if spec is None:
            return ""
        from ombud.domain import messages as m

        return _("The period to file: %(period)s after this date.") % {
            "period": m.amount_with_unit(spec.amount, spec.unit, _language())}

    def _add_sending_fields(self, fields: dict[str, forms.Field]) -> None:
        if self.procedure.fees:
            fields["invoice"] = forms.BooleanField(
                label=_("I need an invoice (administration costs are added)"), required=False)
            fields["fees_accepted"] = forms.BooleanField(
                label=_("I have read the fee and will pay it with the payment reference"))
        if self._needs("signature"):
            fields["signature"] = forms.CharField(
                label=_("Signature: type your full name"), max_length=200, required=False,
                help_text=self._own("signature_help", _("An objection must be signed.")))
            fields["signed"] = forms.BooleanField(
                label=self._own("signed", _("I sign this objection electronically")),
                required=False)
        fields["consent"] = forms.BooleanField(
            label=_("I consent to %(organization)s storing my contact details and what I write "
                    "here to handle my case") % {"organization": self.organization_name})
        fields["late_confirmed"] = forms.BooleanField(
            label=_("I know the period has passed and want to send it anyway"), required=False)
        fields["incomplete_confirmed"] = forms.BooleanField(
            label=_("Send it now; I will complete it when asked"), required=False)

    # -- checking ---------------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in (*DATE_LABELS, "birth_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("The date cannot be in the future."))
        for spec in self.procedure.deadlines:
            if (spec.when_about and data.get("about") in spec.when_about
                    and spec.anchor in self.fields and not data.get(spec.anchor)
                    and spec.anchor not in self.errors):
                self.add_error(spec.anchor, _("Give this date: the period to file runs from "
                                              "it."))
        signature, name = data.get("signature"), data.get("name")
        if signature and name and " ".join(signature.lower().split()) != " ".join(
                name.lower().split()):
            self.add_error("signature", _("Type your name exactly as in the field Full name."))
        missing = self.missing_contents()
        if missing and not data.get("incomplete_confirmed"):
            self.asking.add("incomplete_confirmed")
            self.add_error("incomplete_confirmed", _(
                "Missing: %(missing)s. You can send it now: you will then be asked to complete "
                "it within a term, and it may be declared inadmissible if you do not.") % {
                "missing": ", ".join(str(label) for label in missing.values())})
        return data

    def missing_contents(self) -> dict[str, str]:
        """Required contents (DNV-K-07, DNV-B-02) left out: key -> what is missing, in words."""
        data = self.cleaned_data
        missing = {}
        if self._needs("address") and not data.get("address"):
            missing["address"] = _("postal address")
        if self._needs("signature") and not (data.get("signature") and data.get("signed")):
            missing["signature"] = _("signature")
        return missing

    def details(self) -> dict:
        """What the received event carries: who filed, what about, the dates and the text."""
        data = self.cleaned_data
        found = {"text": data["description"], "signed_on": timezone.localdate()}
        for name in ("filer", "about", "reasons", "signature", "exam_on", "decision_on",
                     "result_on", "birth_on", "on_behalf_of"):
            if data.get(name):
                found[name] = data[name]
        if "invoice" in self.fields:
            found["invoice"] = bool(data.get("invoice"))
        if self.missing_contents():
            found["missing"] = sorted(self.missing_contents())  # for the handler: DNV-B-10
        found["consent"] = True  # PP-04: the consent given before sending, kept with the case
        # … with the very words ticked, in the language they were shown in (issue 14, item 4):
        # the hash chain keeps them with the moment and the channel of the received event.
        found["consent_text"] = str(self.fields["consent"].label)
        found["consent_language"] = translation.get_language()
        return found

    def groups(self):
        """(id, legend, bound fields) for each fieldset that has any field."""
        for group_id, legend, names in self.GROUPS:
            fields = [self[name] for name in names if name in self.fields
                      and self._shown(name)]
            if fields:
                yield group_id, legend, fields


    def _shown(self, name: str) -> bool:
        if name not in ("late_confirmed", "incomplete_confirmed"):
            return True
        return name in self.asking or bool(self[name].value())

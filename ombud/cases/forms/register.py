"""Registering a complaint received by phone, at the desk or on paper (PP-03, DNV-K-08): the
form shows only the dates the organization's case types use."""

from __future__ import annotations

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ombud.cases import wording
from ombud.cases.forms.days import DayField, DayInput
from ombud.cases.forms.posting import posted_on_error, posted_on_field, posting_counts
from ombud.cases.forms.rendering import StaffForm
from ombud.cases.forms.sensitive import SensitiveTextCheck
from ombud.domain import loader  # found at each use: a test may stand in for the loader
from ombud.domain.texts import word


def _pick(texts: dict[str, str]) -> str:
    return texts.get((translation.get_language() or "en")[:2]) or texts["en"]


ABOUT_CHOICES = [("", "—"), ("conduct", _("conduct of staff")),
                 ("dnv_itself", _("the organization itself or its board")),
                 ("exam", _("an exam: its course, location or staff")),
                 ("exam_result", _("the result of an exam")),
                 # DNV-K-04: an employer's complaint about a certificate holder (journey 5)
                 ("holder_validity", _("a certificate holder not meeting the certificate's "
                                       "conditions")),
                 ("course", _("course content")),
                 ("premises", _("premises")), ("service", _("service"))]
CHANNEL_CHOICES = [("oral", _("oral (phone or desk)")), ("letter", _("letter")),
                   ("email", _("e-mail")), ("web", _("web form"))]


class RegisterForm(SensitiveTextCheck, StaffForm):
    """An oral, phone or written complaint registered by staff (PP-03, DNV-K-08). Its texts are
    read for likely special-category data before saving (PP-05)."""

    sensitive_fields = ("title", "account")

    procedure_id = forms.ChoiceField(label=_("Case type"))
    channel = forms.ChoiceField(label=_("Received"), choices=CHANNEL_CHOICES, initial="oral")
    received_on = DayField(label=_("Date"), widget=DayInput())
    name = forms.CharField(label=_("Complainant's name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    # A complaint or appeal that came by post is answered by post (NE-A-08, X-08): the
    # letter's address block needs the address it came from.
    address = forms.CharField(label=_("Postal address (optional)"), max_length=300,
                              required=False)
    title = forms.CharField(label=_("What it is about"), max_length=200)
    about = forms.ChoiceField(label=_("Subject"), required=False, choices=ABOUT_CHOICES)
    decision_on = DayField(
        label=_("Date the contested decision was sent (objections)"), required=False,
        widget=DayInput())
    result_on = DayField(
        label=_("Date the exam result was received (inspection, terms)"), required=False,
        widget=DayInput())
    exam_on = DayField(label=_("Date of the exam (complaints about an exam)"),
                       required=False, widget=DayInput())
    # fvl § 30, Awb 6:9: where the procedure says so, a letter posted in time is in time
    posted_on = posted_on_field()
    account = forms.CharField(label=_("The complaint in writing"), max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    receiving_instance = forms.CharField(label=_("Received by (instance)"), max_length=200,
                                         required=False)
    put_in_writing = forms.BooleanField(
        label=_("An oral complaint: it was put in writing now"),
        required=False, initial=True, label_suffix="")

    def __init__(self, *args, procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure_id"].choices = procedures
        self.fields["received_on"].initial = timezone.localdate()
        self._drop_fields_no_procedure_uses([procedure_id for procedure_id, _ in procedures])
        self.add_sensitive_fields()

    def _drop_fields_no_procedure_uses(self, procedure_ids: list[str]) -> None:
        """PP's intake person should not see DNV's exam dates: keep what the case types use."""
        used: set[str] = set()
        declared = []  # subjects the procedures name themselves (fjellby/klage: "social")
        for procedure in map(loader.find_procedure, procedure_ids):
            declared += [(subject.key, _pick(subject.label)) for subject in
                         procedure.intake.subjects if subject.key not in dict(ABOUT_CHOICES)]
            used.update(procedure.intake.requires)
            used.update(spec.anchor for spec in procedure.deadlines)
            if procedure.intake.refused_subjects or any(
                    spec.when_about for spec in procedure.deadlines) or (
                    procedure.impartiality and procedure.impartiality.exempt_about):
                used.add("about")
            if "oral" in procedure.intake.channels:
                used.add("put_in_writing")
            if posting_counts(procedure, "received"):
                used.add("posted_on")
        for name in ("about", "decision_on", "result_on", "exam_on", "put_in_writing",
                     "posted_on"):
            if name not in used and not (name == "about" and declared):
                del self.fields[name]
        self._own_date_labels(procedure_ids)
        if declared and "about" not in used:  # only subjects of its own: those, no others
            self.fields["about"].choices = [("", "—"), *dict(declared).items()]
        elif declared:
            self.fields["about"].choices = [*ABOUT_CHOICES, *dict(declared).items()]

    def _own_date_labels(self, procedure_ids: list[str]) -> None:
        """A date's label in the bundle's own words where its procedures give them ("the day
        the decision reached you", fvl § 29), instead of Ombud's ("was sent (objections)")."""
        language = (translation.get_language() or "en")[:2]
        for name in ("decision_on", "result_on", "exam_on"):
            own = {word(procedure_id, language, "form", name) for procedure_id in procedure_ids}
            if name in self.fields and len(own) == 1 and None not in own:
                self.fields[name].label = own.pop()
        # the filer and the case as the bundle calls them ("bezwaarmaker"), where all agree
        if party := wording.organization_filer_word(procedure_ids):
            self.fields["name"].label = _("Name of the %(party)s") % {"party": party}
        nouns = {word(procedure_id, language, "case_types", "noun")
                 for procedure_id in procedure_ids}
        if len(nouns) == 1 and None not in nouns:
            self.fields["account"].label = _("Written text (%(noun)s)") % {"noun": nouns.pop()}

    def clean(self):
        data = super().clean()
        procedure_id = data.get("procedure_id")
        if procedure_id:
            for name in loader.find_procedure(procedure_id).intake.requires:
                if not data.get(name):
                    self.add_error(name, _("This case type needs this date."))
            self._check_in_force(procedure_id, data.get("received_on"))
        for name in ("received_on", "decision_on", "result_on", "exam_on"):
            if data.get(name) and data[name] > timezone.localdate():
                self.add_error(name, _("The date cannot be in the future."))
        self._check_posted_on(data)
        self.check_sensitive()
        return data

    def _check_posted_on(self, data: dict) -> None:
        """A postmark: only on a letter, for a case type that counts it (fvl § 30, Awb 6:9),
        not in the future nor after the day the letter was received."""
        posted = data.get("posted_on")
        if not posted:
            return
        procedure_id = data.get("procedure_id")
        if data.get("channel") != "letter":
            self.add_error("posted_on", _("Only a letter has a postmark: leave this date empty "
                                          "for an e-mail, a web form or an oral case."))
        elif procedure_id and not posting_counts(loader.find_procedure(procedure_id),
                                                 "received"):
            self.add_error("posted_on", _("This case type counts the day a letter was "
                                          "received, not its postmark: leave this date empty."))
        elif error := posted_on_error(posted, data.get("received_on")):
            self.add_error("posted_on", error)

    def _check_in_force(self, procedure_id: str, received_on) -> None:
        """A case is run by the version of its procedure in force on the day it came in."""
        if received_on is None:
            return
        try:
            loader.find_procedure(procedure_id, on=received_on)
        except loader.UnknownProcedure:
            self.add_error("received_on", _("No version of this case type's procedure was in "
                                            "force on that day."))

    def details(self) -> dict:
        """What the received event carries besides the channel."""
        data = self.cleaned_data
        found = {"text": data["account"], "receiving_instance": data["receiving_instance"]}
        for name in ("about", "decision_on", "result_on", "exam_on", "posted_on"):
            if data.get(name):
                found[name] = data[name]
        warning = self.sensitive_record()  # PP-05: the warning shown, kept with the receipt
        if warning:
            found["sensitive_warning"] = warning
        return found

    def put_in_writing_now(self) -> bool:
        data = self.cleaned_data
        return data["channel"] == "oral" and bool(data.get("put_in_writing"))

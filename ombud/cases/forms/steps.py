"""Forms for the steps of a case. One form per event type, built from a small table, so that a
new step is a row here and a template needs no change. Each form rejects bad input field by
field; the procedure's own refusals come from the engine through the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ombud.cases.forms.days import DayField, DayInput, PlannedDayField
from ombud.cases.forms.plain_text import refuse_hidden_characters
from ombud.cases.forms.rendering import StaffForm
from ombud.cases.forms.sensitive import SHOWN, SensitiveTextCheck
from ombud.domain.procedure import IMPARTIAL_ROLES, Procedure

OUTCOME_CHOICES = [("upheld", _("upheld")), ("partly_upheld", _("partly upheld")),
                   ("not_upheld", _("not upheld"))]
SKIP_CHOICES = [("", _("(a hearing was held, waived or not asked for)")),
                ("manifestly_unfounded", _("manifestly unfounded")),
                ("manifestly_inadmissible", _("manifestly inadmissible")),
                ("fully_granted", _("fully granted, no other party harmed"))]

STEP_LABELS = {
    "put_in_writing": _("Put in writing"),
    "acknowledged": _("Send acknowledgement"),
    "lowest_level_tried": _("Record an attempt at the lowest level"),
    "partner_contacted": _("Record a contact with a cooperation partner"),
    "taken_up": _("Taken up with management"),
    "assigned": _("Appoint handler"),
    "holder_notified": _("Notify the certificate holder"),
    "holder_responded": _("Certificate holder responded"),
    "incomplete": _("Ask to remedy an omission"),
    "remedied": _("Omission remedied"),
    "hearing_invited": _("Invite to a hearing"),
    "hearing_requested": _("Hearing requested"),
    "hearing_waived": _("Hearing waived"),
    "hearing_held": _("Hearing held"),
    "declined": _("Decline"),
    "extended": _("Extend the deadline"),
    "answered": _("Answer"),
    "appealed": _("Appeal to the appeal body"),
    "forwarded": _("Forward to the appeal body"),
    "court_appealed": _("Court appeal filed"),
    "withdrawn": _("Withdrawn"),
    "payment_received": _("Payment received"),
    "slot_booked": _("Book the appointment"),
    "decision_makers_named": _("Who took the contested decision"),
    "parties_informed": _("Tell the parties what was discussed"),
    "new_facts": _("Communicate new facts"),
    "court_decided": _("Court's decision"),
}

# What the court decided on an appeal against the decision (DNV-R-03).
COURT_OUTCOME_CHOICES = [("annulled", _("appeal upheld: the decision annulled")),
                         ("dismissed", _("appeal dismissed")),
                         ("inadmissible", _("appeal inadmissible")),
                         ("withdrawn", _("appeal withdrawn")),
                         ("settled", _("settled"))]
JOINT_CHOICES = [("joint", _("jointly, in each other's presence")),
                 ("separate", _("separately"))]


class StepForm(SensitiveTextCheck, StaffForm):
    """A step's form. Its texts are read for likely special-category data before saving
    (PP-05, ``forms.sensitive``)."""

    on = DayField(label=_("Date"), widget=DayInput())

    def __init__(self, *args, procedure: Procedure, staff=(), bodies=(), case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.case = case
        self.bodies = bodies
        self.fields["on"].initial = timezone.localdate()
        self.add_fields(staff)
        # Last, so that every step form ends with it. Required for a date in the past, which
        # the service decides (X-07: the history keeps both days and why).
        self.fields["backdate_reason"] = forms.CharField(
            label=_("If the date is in the past: why is the step recorded only now?"),
            required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
        self.add_sensitive_fields()

    def clean(self):
        data = super().clean()
        refuse_hidden_characters(self)  # the history keeps what it shows (forms.plain_text)
        self.check_sensitive()
        return data

    def add_fields(self, staff) -> None:
        """Subclasses add the fields of their step."""

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def event_data(self) -> dict:
        """What the engine and the history get, besides the date."""
        found = {name: value for name, value in self.cleaned_data.items()
                 if name not in ("on", "involved_actor", "backdate_reason", SHOWN)
                 and value not in ("", None)}
        warning = self.sensitive_record()
        return {**found, "sensitive_warning": warning} if warning else found

    @property
    def backdate_reason(self) -> str:
        return self.cleaned_data.get("backdate_reason", "").strip()

    @property
    def actor_involved(self) -> bool:
        return bool(self.cleaned_data.get("involved_actor"))


class AssignForm(StepForm):
    def add_fields(self, staff) -> None:
        self.fields["handler_id"] = forms.TypedChoiceField(
            label=_("Handler"), coerce=int,
            choices=[(person.pk, person.get_full_name() or person.username) for person in staff])
        if self.bodies:
            self.fields["body"] = forms.ChoiceField(
                label=_("On behalf of the body"), required=False,
                choices=[("", "—"), *[(body.name, f"{body.name} ({body.kind_label})")
                                       for body in self.bodies]])
        if "decision_makers_named" not in self.procedure.steps:
            # Where the file names who took the contested decision, the engine refuses that
            # person itself (DNV-B-04): no box to tick.
            self.fields["involved"] = forms.BooleanField(
                label=_("The handler was involved in the matter or in the contested decision"),
                required=False)
        self.fields["declaration"] = forms.CharField(
            label=_("Declaration of involvement"), required=False, max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}))
        for variant in (found for spec in self.procedure.deadlines for found in spec.variants
                        if found.when in self.procedure.case_flags):  # per case: Awb 7:13
            label = _("This case is handled %(variant)s (%(rule)s)")
            self.fields[variant.when] = forms.BooleanField(required=False, label=label % {
                "rule": variant.rule, "variant": variant.label[_lang()]})

    def event_data(self) -> dict:
        data = super().event_data()
        handler = dict(self.fields["handler_id"].choices).get(data["handler_id"])
        return {**data, "handler": str(handler), "involved": bool(data.get("involved"))}


class TermForm(StepForm):
    def add_fields(self, staff) -> None:
        self.fields["term_weeks"] = forms.IntegerField(label=_("Term in weeks"), min_value=1,
                                                       max_value=52, initial=2)
        self.fields["text"] = forms.CharField(label=_("What is asked"), required=False,
                                              max_length=2000,
                                              widget=forms.Textarea(attrs={"rows": 2}))


class HearingInviteForm(TermForm):
    """The invitation sets the term to answer it where the reply's deadline takes it from there
    (``amount_from``; elsewhere a typed number would count for nothing); the hearing's day,
    where known, also sets until when further documents count (DNV-B-16)."""

    def add_fields(self, staff) -> None:
        super().add_fields(staff)
        if not any(spec.anchor == "event:hearing_invited" and spec.amount_field == "term_weeks"
                   for spec in self.procedure.deadlines):
            del self.fields["term_weeks"]
        self.fields["hearing_on"] = PlannedDayField(label=_("Day of the hearing"), required=False,
                                                    widget=DayInput())
        self.fields["place"] = forms.CharField(label=_("Place or method (e.g. by video)"),
                                               required=False, max_length=200)


class ExtendForm(StepForm):
    def add_fields(self, staff) -> None:
        self.fields["weeks"] = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=52,
                                                  required=False)
        self.fields["months"] = forms.IntegerField(label=_("Months"), min_value=1, max_value=12,
                                                   required=False)
        self.fields["consent"] = forms.BooleanField(
            label=_("The complainant (and other parties) consented in writing"), required=False)
        self.fields["reason"] = forms.CharField(label=_("Reason told to the parties"),
                                                max_length=2000,
                                                widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if bool(data.get("weeks")) == bool(data.get("months")):
            raise forms.ValidationError(_("Give the extension in weeks or in months."))
        return data


class DeclineForm(StepForm):
    def add_fields(self, staff) -> None:
        self.fields["ground"] = forms.ChoiceField(
            label=_("Ground"), choices=[(g.key, g.label.get(_lang(), g.label["en"]))
                                        for g in self.procedure.decline.grounds])
        self.fields["reasons"] = forms.CharField(label=_("Reasons"), max_length=5000,
                                                 widget=forms.Textarea(attrs={"rows": 3}))
        self.fields["involved_actor"] = _actor_involved_field()


class AnswerForm(StepForm):
    def add_fields(self, staff) -> None:
        if self.procedure.answer_outcome:  # an inspection has none: it took place
            self.fields["outcome"] = forms.ChoiceField(label=_("Outcome"),
                                                       choices=OUTCOME_CHOICES)
        hearing = self.procedure.hearing
        if hearing:
            # Only the grounds this procedure knows: "manifestly inadmissible" belongs to an
            # objection, not to a complaint (DNV-K-15 against DNV-B-13).
            self.fields["hearing_skipped"] = forms.ChoiceField(
                label=_("Hearing skipped because"), required=False, choices=[
                    (key, label) for key, label in SKIP_CHOICES
                    if not key or key in hearing.skip_grounds])
        self.fields["reasons"] = forms.CharField(label=_("Reasons"), max_length=10000,
                                                 widget=forms.Textarea(attrs={"rows": 4}))
        self.fields["letter"] = forms.CharField(label=_("Letter text"), max_length=20000,
                                                widget=forms.Textarea(attrs={"rows": 6}))
        self.fields["involved_actor"] = _actor_involved_field()


class HearingHeldForm(StepForm):
    def add_fields(self, staff) -> None:
        impartiality = self.procedure.impartiality
        hearing = self.procedure.hearing
        named = impartiality and impartiality.roles != frozenset(IMPARTIAL_ROLES)  # Awb 7:5
        if impartiality and (impartiality.hearing_rule or named and "hearer" in impartiality.roles):
            self.fields["involved"] = forms.BooleanField(
                label=_("A person who heard the parties was involved in the contested "
                        "decision"), required=False)
        if hearing and hearing.joint_rule:  # DNV-B-18
            self.fields["joint"] = forms.ChoiceField(label=_("The parties were heard"),
                                                     choices=JOINT_CHOICES, initial="joint")
            self.fields["separate_reason"] = forms.CharField(
                label=_("Why separately (careful handling, confidential facts)"),
                required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
        self.fields["report"] = forms.CharField(label=_("Report (verslag)"), max_length=20000,
                                                widget=forms.Textarea(attrs={"rows": 4}))
        if hearing and hearing.report_rule:  # DNV-B-19
            self.fields["witnesses"] = forms.CharField(
                label=_("Witnesses heard (names; none: leave empty)"), required=False,
                max_length=1000)
            self.fields["experts"] = forms.CharField(
                label=_("Experts heard (names; none: leave empty)"), required=False,
                max_length=1000)

    def clean(self):
        data = super().clean()
        if data.get("joint") == "separate" and not (data.get("separate_reason") or "").strip():
            self.add_error("separate_reason", _("Say why the parties were heard separately."))
        return data


class DecisionMakersForm(StepForm):
    """Who took or prepared the contested decision (DNV-B-04): recorded at intake, so that the
    engine refuses them as handler, hearer and decider."""

    def add_fields(self, staff) -> None:
        self.fields["person_ids"] = forms.TypedMultipleChoiceField(
            label=_("Took or prepared the contested decision"), coerce=int,
            choices=[(person.pk, person.get_full_name() or person.username) for person in staff],
            widget=forms.CheckboxSelectMultiple)

    def event_data(self) -> dict:
        data = super().event_data()
        names = dict(self.fields["person_ids"].choices)
        return {**data, "persons": [str(names[pk]) for pk in data["person_ids"]]}


class PartiesInformedForm(StepForm):
    """Parties heard separately are told what was discussed in their absence (DNV-B-20)."""

    def add_fields(self, staff) -> None:
        self.fields["text"] = forms.CharField(
            label=_("What was discussed in their absence"), max_length=10000,
            widget=forms.Textarea(attrs={"rows": 4}))
        self.fields["withheld"] = forms.CharField(
            label=_("Kept confidential at a party's request, for serious reasons: why (not in "
                    "the letter)"), required=False, max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}))


class NewFactsForm(TermForm):
    """New facts of considerable importance after the hearing, told to the parties, who can be
    heard on them within the term (DNV-B-21)."""

    def add_fields(self, staff) -> None:
        super().add_fields(staff)
        self.fields["text"] = forms.CharField(label=_("The new facts"), max_length=10000,
                                              widget=forms.Textarea(attrs={"rows": 4}))


class CourtDecidedForm(StepForm):
    """The court's outcome on the appeal against the decision (DNV-R-03)."""

    def add_fields(self, staff) -> None:
        self.fields["outcome"] = forms.ChoiceField(label=_("Outcome"),
                                                   choices=COURT_OUTCOME_CHOICES)
        self.fields["text"] = forms.CharField(label=_("What the court decided"),
                                              required=False, max_length=5000,
                                              widget=forms.Textarea(attrs={"rows": 3}))


class SlotForm(StepForm):
    """An appointment booked for the person, e.g. by phone (DNV-I-06): one of the free slots."""

    def add_fields(self, staff) -> None:
        from ombud.cases.procedure_parts import free_slots

        slots = free_slots(self.case) if self.case is not None else []
        self.fields["at"] = forms.ChoiceField(label=_("Appointment"), choices=[
            (slot.isoformat(timespec="minutes"), date_format(slot, "DATETIME_FORMAT"))
            for slot in slots])


class TakenUpForm(StepForm):
    def add_fields(self, staff) -> None:
        self.fields["decision"] = forms.CharField(
            label=_("Decision: who handles the complaint"), max_length=2000, required=False,
            widget=forms.Textarea(attrs={"rows": 2}))


LOWEST_LEVEL_OUTCOMES = [
    ("resolved", _("resolved: the complainant is satisfied")),
    ("not_resolved", _("not resolved: the complainant is not satisfied"))]


class LowestLevelForm(StepForm):
    """An attempt to resolve the complaint where it arose (AV-06, GL-08, PP-13): with whom,
    on which day (the step's date) and how it ended. A complaint not resolved goes on to the
    management meeting (AV-07)."""

    def add_fields(self, staff) -> None:
        self.fields["with_whom"] = forms.CharField(
            label=_("With whom (the person or people who met)"), max_length=200)
        self.fields["outcome"] = forms.ChoiceField(label=_("Outcome"),
                                                   choices=LOWEST_LEVEL_OUTCOMES)
        self.fields["text"] = forms.CharField(
            label=_("What was done"), max_length=5000, required=False,
            widget=forms.Textarea(attrs={"rows": 3}))


class PartnerContactForm(StepForm):
    """A contact with a cooperation partner under the usual routines (AV-10, GL-09, PP-13):
    which partner, whom, on which day and what came of it."""

    def add_fields(self, staff) -> None:
        self.fields["partner"] = forms.CharField(
            label=_("Cooperation partner (e.g. NAV, the participant's GP)"), max_length=200)
        self.fields["contact_person"] = forms.CharField(
            label=_("Contact person (optional)"), max_length=200, required=False)
        self.fields["result"] = forms.CharField(
            label=_("Outcome"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


def _actor_involved_field() -> forms.BooleanField:
    return forms.BooleanField(label=_("I was involved in the matter"), required=False)


def _lang() -> str:
    return (translation.get_language() or "en")[:2]


from ombud.cases.forms.appeal_steps import (  # noqa: E402 (uses StepForm)
    AppealForm,
    CourtAppealForm,
    ForwardForm,
)
from ombud.cases.forms.payment import PaymentForm  # noqa: E402 (uses StepForm)
from ombud.cases.forms.remedy import RemedyRequestForm  # noqa: E402 (uses StepForm)

FORMS: dict[str, type[StepForm]] = {
    "assigned": AssignForm, "incomplete": RemedyRequestForm, "hearing_invited": HearingInviteForm,
    "extended": ExtendForm, "declined": DeclineForm, "answered": AnswerForm,
    "hearing_held": HearingHeldForm, "taken_up": TakenUpForm, "appealed": AppealForm,
    "forwarded": ForwardForm,
    "lowest_level_tried": LowestLevelForm, "partner_contacted": PartnerContactForm,
    "decision_makers_named": DecisionMakersForm, "parties_informed": PartiesInformedForm,
    "new_facts": NewFactsForm, "court_appealed": CourtAppealForm,
    "court_decided": CourtDecidedForm, "payment_received": PaymentForm, "slot_booked": SlotForm,
}


def step_form(event_type: str, *args, **kwargs) -> StepForm:
    return FORMS.get(event_type, StepForm)(*args, **kwargs)

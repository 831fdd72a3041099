"""Forms for the steps of a case. One form per event type, built from a small table, so that a
new step is a row here and a template needs no change. Each form rejects bad input field by
field; the procedure's own refusals come from the engine through the services."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ombud.domain.procedure import Procedure


class DayInput(forms.DateInput):
    """A browser date picker. Its value is always ISO (YYYY-MM-DD), whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# The days a staff form takes: the service records nothing before 2000 (no procedure was in
# force then, and the calendars hold no data), and plans nothing further ahead than ten years.
EARLIEST_DAY = date(2000, 1, 1)
FURTHEST_YEARS_AHEAD = 10


def not_before_2000(day: date) -> None:
    if day < EARLIEST_DAY:
        raise forms.ValidationError(_("Give a date from 1 January 2000 on."))


def within_ten_years(day: date) -> None:
    if day > timezone.localdate() + timedelta(days=365 * FURTHEST_YEARS_AHEAD):
        raise forms.ValidationError(_("Give a date within ten years from today."))


class DayField(forms.DateField):
    """A day in the past: what happened (its form refuses the future with its own words)."""

    default_validators = [not_before_2000]


class PlannedDayField(forms.DateField):
    """A day that may lie ahead: a hearing, a due date."""

    default_validators = [not_before_2000, within_ten_years]


OUTCOME_CHOICES = [("upheld", _("upheld")), ("partly_upheld", _("partly upheld")),
                   ("not_upheld", _("not upheld"))]
SKIP_CHOICES = [("", _("(a hearing was held, waived or not asked for)")),
                ("manifestly_unfounded", _("manifestly unfounded")),
                ("manifestly_inadmissible", _("manifestly inadmissible")),
                ("fully_granted", _("fully granted, no other party harmed"))]
ABOUT_CHOICES = [("", "—"), ("conduct", _("conduct of staff")),
                 ("dnv_itself", _("the organization itself or its board")),
                 ("exam", _("an exam: its course, location or staff")),
                 ("exam_result", _("the result of an exam")), ("course", _("course content")),
                 ("premises", _("premises")), ("service", _("service"))]
CHANNEL_CHOICES = [("oral", _("oral (phone or desk)")), ("letter", _("letter")),
                   ("email", _("e-mail")), ("web", _("web form"))]

STEP_LABELS = {
    "put_in_writing": _("Put in writing"),
    "acknowledged": _("Send acknowledgement"),
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
    "court_appealed": _("Court appeal filed"),
    "withdrawn": _("Withdrawn"),
}


class StepForm(forms.Form):
    on = DayField(label=_("Date"), widget=DayInput())

    def __init__(self, *args, procedure: Procedure, staff=(), bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.bodies = bodies
        self.fields["on"].initial = timezone.localdate()
        self.add_fields(staff)
        # Last, so that every step form ends with it. Required for a date in the past, which
        # the service decides (X-07: the history keeps both days and why).
        self.fields["backdate_reason"] = forms.CharField(
            label=_("If the date is in the past: why is the step recorded only now?"),
            required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def add_fields(self, staff) -> None:
        """Subclasses add the fields of their step."""

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def event_data(self) -> dict:
        """What the engine and the history get, besides the date."""
        return {name: value for name, value in self.cleaned_data.items()
                if name not in ("on", "involved_actor", "backdate_reason")
                and value not in ("", None)}

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
                choices=[("", "—"), *[(body.name, body.name) for body in self.bodies]])
        self.fields["involved"] = forms.BooleanField(
            label=_("The handler was involved in the matter or in the contested decision"),
            required=False)
        self.fields["declaration"] = forms.CharField(
            label=_("Declaration of involvement"), required=False, max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}))

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
    """The invitation sets the term to answer it; the hearing's day, where known, also sets until
    when further documents count (DNV-B-16)."""

    def add_fields(self, staff) -> None:
        super().add_fields(staff)
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
        self.fields["outcome"] = forms.ChoiceField(label=_("Outcome"), choices=OUTCOME_CHOICES)
        if self.procedure.hearing:
            self.fields["hearing_skipped"] = forms.ChoiceField(
                label=_("Hearing skipped because"), choices=SKIP_CHOICES, required=False)
        self.fields["reasons"] = forms.CharField(label=_("Reasons"), max_length=10000,
                                                 widget=forms.Textarea(attrs={"rows": 4}))
        self.fields["letter"] = forms.CharField(label=_("Letter text"), max_length=20000,
                                                widget=forms.Textarea(attrs={"rows": 6}))
        self.fields["involved_actor"] = _actor_involved_field()


class HearingHeldForm(StepForm):
    def add_fields(self, staff) -> None:
        self.fields["involved"] = forms.BooleanField(
            label=_("A person who heard the parties was involved in the contested decision"),
            required=False)
        self.fields["report"] = forms.CharField(label=_("Report (verslag)"), max_length=20000,
                                                widget=forms.Textarea(attrs={"rows": 4}))


class TakenUpForm(StepForm):
    def add_fields(self, staff) -> None:
        self.fields["decision"] = forms.CharField(
            label=_("Decision: who handles the complaint"), max_length=2000, required=False,
            widget=forms.Textarea(attrs={"rows": 2}))


def _actor_involved_field() -> forms.BooleanField:
    return forms.BooleanField(label=_("I was involved in the matter"), required=False)


def _lang() -> str:
    from django.utils import translation

    return (translation.get_language() or "en")[:2]


FORMS: dict[str, type[StepForm]] = {
    "assigned": AssignForm, "incomplete": TermForm, "hearing_invited": HearingInviteForm,
    "extended": ExtendForm, "declined": DeclineForm, "answered": AnswerForm,
    "hearing_held": HearingHeldForm, "taken_up": TakenUpForm,
}


def step_form(event_type: str, *args, **kwargs) -> StepForm:
    return FORMS.get(event_type, StepForm)(*args, **kwargs)


class RegisterForm(forms.Form):
    """An oral, phone or written complaint registered by staff (PP-03, DNV-K-08)."""

    procedure_id = forms.ChoiceField(label=_("Case type"))
    channel = forms.ChoiceField(label=_("Received"), choices=CHANNEL_CHOICES, initial="oral")
    received_on = DayField(label=_("Date"), widget=DayInput())
    name = forms.CharField(label=_("Complainant's name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
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
    account = forms.CharField(label=_("The complaint in writing"), max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    receiving_instance = forms.CharField(label=_("Received by (instance)"), max_length=200,
                                         required=False)
    put_in_writing = forms.BooleanField(
        label=_("An oral complaint: it was put in writing now"),
        required=False, initial=True)

    def __init__(self, *args, procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure_id"].choices = procedures
        self.fields["received_on"].initial = timezone.localdate()
        self._drop_fields_no_procedure_uses([procedure_id for procedure_id, _ in procedures])

    def _drop_fields_no_procedure_uses(self, procedure_ids: list[str]) -> None:
        """PP's intake person should not see DNV's exam dates: keep what the case types use."""
        from ombud.domain.loader import find_procedure

        used: set[str] = set()
        for procedure in map(find_procedure, procedure_ids):
            used.update(procedure.intake.requires)
            used.update(spec.anchor for spec in procedure.deadlines)
            if procedure.intake.refused_subjects or any(
                    spec.when_about for spec in procedure.deadlines) or (
                    procedure.impartiality and procedure.impartiality.exempt_about):
                used.add("about")
            if "oral" in procedure.intake.channels:
                used.add("put_in_writing")
        for name in ("about", "decision_on", "result_on", "exam_on", "put_in_writing"):
            if name not in used:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        procedure_id = data.get("procedure_id")
        if procedure_id:
            from ombud.domain.loader import find_procedure

            for name in find_procedure(procedure_id).intake.requires:
                if not data.get(name):
                    self.add_error(name, _("This case type needs this date."))
            self._check_in_force(procedure_id, data.get("received_on"))
        for name in ("received_on", "decision_on", "result_on", "exam_on"):
            if data.get(name) and data[name] > timezone.localdate():
                self.add_error(name, _("The date cannot be in the future."))
        return data

    def _check_in_force(self, procedure_id: str, received_on) -> None:
        """A case is run by the version of its procedure in force on the day it came in."""
        from ombud.domain.loader import UnknownProcedure, find_procedure

        if received_on is None:
            return
        try:
            find_procedure(procedure_id, on=received_on)
        except UnknownProcedure:
            self.add_error("received_on", _("No version of this case type's procedure was in "
                                            "force on that day."))

    def details(self) -> dict:
        """What the received event carries besides the channel."""
        data = self.cleaned_data
        found = {"text": data["account"], "receiving_instance": data["receiving_instance"]}
        for name in ("about", "decision_on", "result_on", "exam_on"):
            if data.get(name):
                found[name] = data[name]
        return found

    def put_in_writing_now(self) -> bool:
        data = self.cleaned_data
        return data["channel"] == "oral" and bool(data.get("put_in_writing"))


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[
        ("subject", _("person complained about")), ("interested", _("other interested party"))])
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CorrectiveActionForm(forms.Form):
    description = forms.CharField(label=_("Corrective action"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_on = PlannedDayField(label=_("Due"), widget=DayInput())

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda p: p.get_full_name() or p.username

    def clean_due_on(self):
        day = self.cleaned_data["due_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return day


class ActionDoneForm(forms.Form):
    done_on = DayField(label=_("Done on"), widget=DayInput())
    follow_up = forms.CharField(label=_("Follow-up"), max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 2}))

    def clean_done_on(self):
        day = self.cleaned_data["done_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))


class QueueFilterForm(forms.Form):
    """The queue's filters, from the address: a value out of range (a handler number no
    database holds, a NUL character) is left out, and the page says so."""

    type = forms.CharField(required=False, max_length=60)
    state = forms.CharField(required=False, max_length=20)
    handler = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    overdue = forms.CharField(required=False, max_length=1)
    week = forms.CharField(required=False, max_length=1)
    q = forms.CharField(required=False, max_length=1000)
    after = forms.RegexField(required=False, regex=r"^\d{4}-\d{2}-\d{2}_\d{1,18}\Z")

    def clean_after(self) -> str:
        cursor = self.cleaned_data["after"]
        if cursor:
            try:
                date.fromisoformat(cursor.partition("_")[0])
            except ValueError:
                raise forms.ValidationError(self.problem()) from None
        return cursor

    def wanted(self):
        """(the filter of the valid values, the cursor, whether anything was left out)."""
        from ombud.cases.selectors import QueueFilter

        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items()
                if name not in self.errors}
        wanted = QueueFilter(
            procedure_id=data.get("type") or "", state=data.get("state") or "",
            handler_id=data.get("handler"), overdue=data.get("overdue") == "1",
            due_this_week=data.get("week") == "1", search=(data.get("q") or "")[:200])
        return wanted, data.get("after") or "", bool(self.errors)

    @staticmethod
    def problem() -> str:
        return _("A filter in the address of this page was not understood and is left out.")

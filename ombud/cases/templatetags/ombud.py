"""Words of the domain on staff pages, in the page's language."""

import html
from datetime import date, datetime

from django import template
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from ombud.cases import wording
from ombud.cases.erasure import ERASURE_EVENT, GROUNDS, erasure_note, erasures_of
from ombud.domain import messages as words
from ombud.domain import sensitive
from ombud.domain.texts import event_name, word

register = template.Library()

STATUS = {"open": _("open"), "met": _("met"), "missed": _("missed"),
          "cancelled": _("cancelled"), "expired": _("expired")}
OWNERS = {"organization": _("ours"), "filer": _("the filer's"), "holder": _("the holder's")}


def _lang() -> str:
    return (translation.get_language() or "en")[:2]


@register.filter
def status_label(status: str) -> str:
    return STATUS.get(status, status)


@register.filter
def owner_label(owner: str, procedure_id: str = "") -> str:
    """Whose deadline it is; the filer as the case type's bundle calls them ("the
    bezwaarmaker's") when the procedure is given."""
    if owner == "filer" and procedure_id:
        return wording.filer_phrases(procedure_id)["owner"]
    return OWNERS.get(owner, owner)


@register.filter
def party_role(party) -> str:
    """A party's role as its case type's bundle calls it ("bezwaarmaker"), else Ombud's."""
    return wording.party_role_label(party.case.procedure_id, party.role)


# Entries of the file that are not procedure steps (services.FILE_EVENTS).
FILE_EVENT_LABELS = {
    "note": _("note"), "document_added": _("document added"), "party_added": _("party added"),
    "party_changed": _("party's details changed"),
    "contact_recorded": _("contact recorded"), "corrective_action": _("corrective action"),
    "corrective_action_done": _("corrective action done"),
    "extension_consent": _("answer on a further extension"),
    "deadline_missed": _("deadline missed"),
    "title_changed": _("subject changed"),
    "taken_over": _("case taken over by a manager"),
    "personal_data_erased": _("personal data erased"),
    "anonymized": _("personal data anonymized (retention)"),
}


@register.filter
def event_label(event_type: str, procedure_id: str = "") -> str:
    """An entry's name; with the case's procedure, a step its bundle declares by the bundle's
    name for it (texts ``[events]``, issue 13)."""
    names = words.EVENT_NAMES.get(event_type)
    if names:  # Ombud's step, by the bundle's label where it gives one ([steps])
        return event_name(procedure_id, event_type, _lang()) if procedure_id else words.pick(
            names, _lang())
    if event_type in FILE_EVENT_LABELS:
        return str(FILE_EVENT_LABELS[event_type])
    if procedure_id:
        return event_name(procedure_id, event_type, _lang())
    return event_type.replace("_", " ")


@register.filter
def state_label(state: str) -> str:
    names = words.STATES.get(state)
    return words.pick(names, _lang()) if names else state


@register.filter
def case_state_label(case) -> str:
    """A case's state; where the step that led to it is one the bundle renames ([steps]
    appealed = "klage sendt"), by that label."""
    return (word(case.procedure_id, _lang(), "steps", case.state)
            or state_label(case.state))


@register.filter
def channel_label(channel: str) -> str:
    names = words.CHANNEL_NAMES.get(channel)
    return words.pick(names, _lang()) if names else channel


DETAIL_FIELDS = ("handler", "body", "outcome", "ground", "decision", "persons", "joint", "at",
                 "amount", "court", "witnesses", "experts", "separate_reason", "supplied",
                 "address", "signed_by")
# Values stored as codes, shown in words (the same words the step form offers).
CODE_LABELS = {"outcome": {"upheld": _("upheld"), "partly_upheld": _("partly upheld"),
                           "not_upheld": _("not upheld"),
                           # the attempt at the lowest level (AV-06, GL-08, PP-13)
                           "resolved": _("resolved"), "not_resolved": _("not resolved"),
                           # the court's decision on an appeal (DNV-R-03)
                           "annulled": _("appeal upheld: the decision annulled"),
                           "dismissed": _("appeal dismissed"),
                           "inadmissible": _("appeal inadmissible"),
                           "withdrawn": _("appeal withdrawn"), "settled": _("settled")},
               "joint": {"joint": _("heard jointly"), "separate": _("heard separately")}}
# What a web submission left out (DNV-K-07, DNV-B-02), as the public form names it.
MISSING_LABELS = {"address": _("postal address"), "signature": _("signature")}
TEXT_FIELDS = ("text", "reasons", "grounds", "report", "result", "withheld")


@register.simple_tag
def case_history(events, procedure_id: str = "") -> str:
    """The whole file as list items. Built in Python with one escape per value: a file of
    hundreds of events renders in a few milliseconds, where a template loop takes tens.
    Each entry says when it was recorded, to the minute in local time, and who recorded it by
    name (journey 7: the auditor reads people, not logins)."""
    labels: dict[str, str] = {}
    items = []
    events = list(events)
    erasures = erasures_of(events)
    for event in events:
        label = labels.get(event.type)
        if label is None:
            text = event_label(event.type, procedure_id)
            label = labels[event.type] = escape(text[:1].upper() + text[1:])
        data = event.data
        details = "".join(f" · {escape(_step_detail(name, data[name], procedure_id))}"
                          for name in DETAIL_FIELDS if data.get(name))
        details += _file_event_details(event.type, data) + _backdated(event) + _sensitive(data)
        name = actor_name(event)
        actor = f" · {escape(name)}" if name else ""
        texts = "".join(f"<blockquote>{_paragraphs(data[name])}</blockquote>"
                        for name in TEXT_FIELDS if data.get(name))
        if event.type == ERASURE_EVENT:
            details += f" · {escape(GROUNDS.get(data.get('erasure_ground'), ''))}"
        if note := erasure_note(event, erasures):
            texts += f'<p class="erased">{escape(note)}</p>'
        items.append(f"{_when(event)} <strong>{label}</strong>{actor}{details}{texts}</li>")
    return mark_safe("\n".join(items))  # noqa: S308 - every value above is escaped


def ground_label(procedure_id: str, key: str) -> str:
    """A decline's ground as the procedure names it ("klagen kom etter klagefristen"), not its
    key ("late"); the key where the procedure cannot be read or does not know it."""
    from ombud.domain.loader import UnknownProcedure, find_procedure
    from ombud.domain.toml_table import ProcedureError

    try:
        ground = find_procedure(procedure_id).decline.ground(key) if procedure_id else None
    except (ProcedureError, UnknownProcedure):
        ground = None
    return words.pick(ground.label, _lang()) if ground else str(key)


def _step_detail(name: str, value, procedure_id: str) -> str:
    return ground_label(procedure_id, value) if name == "ground" else _detail(name, value)


@register.filter
def lowest_level_outcome(code: str) -> str:
    """"not resolved", from the attempt at the lowest level (AV-06, GL-08, PP-13)."""
    return _detail("outcome", code)


def _detail(name: str, value) -> str:
    if isinstance(value, list):
        return ", ".join(str(MISSING_LABELS.get(item, item)) if name == "supplied"
                         else str(item) for item in value)
    if name == "at":
        try:
            return date_format(datetime.fromisoformat(value), "SHORT_DATETIME_FORMAT")
        except (TypeError, ValueError):
            return str(value)
    if name == "amount":
        return f"€ {value}"
    return str(CODE_LABELS.get(name, {}).get(value, value))


@register.filter
def outcome_label(value: str) -> str:
    return _detail("outcome", value)


def _when(event) -> str:
    """The day the step happened; with the time it was recorded (local time) when it was
    recorded that day. A step dated back says both days beside it (``_backdated``)."""
    if event.recorded_at is None:
        return f'<li><time datetime="{event.on.isoformat()}">' \
               f'{escape(date_format(event.on, "SHORT_DATE_FORMAT"))}</time>'
    recorded = timezone.localtime(event.recorded_at)
    if recorded.date() != event.on:
        return f'<li><time datetime="{event.on.isoformat()}">' \
               f'{escape(date_format(event.on, "SHORT_DATE_FORMAT"))}</time>'
    return f'<li><time datetime="{recorded.isoformat(timespec="minutes")}">' \
           f'{escape(date_format(recorded, "SHORT_DATETIME_FORMAT"))}</time>'


def actor_name(event) -> str:
    """Who recorded the entry, by name: the name kept with the entry, or, where only the login
    was kept (the person had no name then), the person's name now; the login where none."""
    kept = event.actor_name or ""
    if kept and kept != event.actor_username:
        return kept
    person = getattr(event, "actor", None) if event.actor_id else None
    return (person.get_full_name() if person else "") or kept



@register.filter
def contact_rule(procedure_id: str) -> str:
    """The rule on recorded phone contacts of the organization (staff pages show rule IDs)."""
    return CONTACT_RULES.get(procedure_id.partition("/")[0], "")


CONTACT_RULES = {"av": "AV-05", "gl": "GL-05", "pp": "PP-09", "ne": "NE-A-02"}
MATCHED_BY = {"email": _("linked by the e-mail address"), "phone": _("linked by the phone number"),
              "staff": _("linked by staff")}


def _file_event_details(event_type: str, data: dict) -> str:
    if event_type == "contact_recorded" and data.get("contact_day"):
        return " · " + escape(_("%(day)s, %(channel)s: %(name)s, recorded by %(by)s; %(how)s") % {
            "day": _day(data["contact_day"]), "channel": channel_label(data.get("channel", "")),
            "name": data.get("name", ""), "by": data.get("recorded_by") or "—",
            "how": MATCHED_BY.get(data.get("matched_by"), "")})
    if event_type == "lowest_level_tried" and data.get("with_whom"):
        return " · " + escape(_("with %(who)s") % {"who": data["with_whom"]})
    if event_type == "partner_contacted":
        who = ", ".join(str(data[name]) for name in ("partner", "contact_person")
                        if data.get(name))
        return " · " + escape(_("with %(who)s") % {"who": who}) if who else ""
    if event_type == "received" and data.get("receiving_instance"):
        # PP: who received the complaint (the body or person), as registered.
        return " · " + escape(_("received by %(instance)s") % {
            "instance": data["receiving_instance"]})
    if event_type == "extension_consent":
        return " · " + escape(_("consent given") if data.get("given") else _("consent refused"))
    if event_type == "deadline_missed":
        return " · " + escape(_("%(rule)s, due %(day)s, %(late)s") % {
            "rule": data.get("rule", ""), "day": _day(data.get("due_on")),
            "late": words.pick(words.LATE, _lang()).format(days=words.amount_with_unit(
                int(data.get("days_late") or 0), data.get("late_unit", "calendar_days"),
                _lang()))})
    if event_type == "received" and data.get("missing"):
        items = ", ".join(str(MISSING_LABELS.get(item, item)) for item in data["missing"])
        return " · " + escape(_("missing: %(items)s") % {"items": items})
    if event_type == "title_changed":
        return " · " + escape(data.get("title", ""))
    if event_type == "document_added" and data.get("late_rule"):
        return " · " + escape(_("late (%(rule)s)") % {"rule": data["late_rule"]})
    return ""


@register.filter
def category_names(keys) -> str:
    """Special-category keys (PP-05) in the page's language."""
    return ", ".join(sensitive.category_name(key, _lang()) for key in keys or ())


def _sensitive(data: dict) -> str:
    """PP-05: the warning about likely special-category data was shown on this entry."""
    warning = data.get("sensitive_warning")
    if not isinstance(warning, dict):
        return ""
    names = category_names(warning.get("categories"))
    text = (_("special-category data warned about (%(categories)s): saved anyway")
            if warning.get("saved_anyway") else
            _("special-category data warned about (%(categories)s): the text was changed "
              "before saving"))
    return ' · <strong class="late">' + escape(text % {"categories": names}) + "</strong>"


def _day(iso) -> str:
    try:
        return date_format(date.fromisoformat(iso), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return str(iso or "")


def _backdated(event) -> str:
    """A step dated back shows both days and why (X-07)."""
    if not event.backdate_reason:
        return ""
    return " · " + escape(_("done %(done)s, recorded %(recorded)s: %(reason)s") % {
        "done": date_format(event.on, "SHORT_DATE_FORMAT"),
        "recorded": date_format(event.recorded_on, "SHORT_DATE_FORMAT"),
        "reason": event.backdate_reason})


def _paragraphs(text) -> str:
    escaped = escape(str(text)).replace("\r\n", "\n")
    return "<p>" + "</p><p>".join(part.replace("\n", "<br>")
                                  for part in escaped.split("\n\n")) + "</p>"


@register.simple_tag
def queue_rows(cases, case_url_prefix: str, today, snippets=None, complainant=None) -> str:
    """The queue's rows, built in Python for the same reason as ``case_history``: one escape
    per value, each day and state put in words once per page (a page of 50 rows took 5 ms
    through ``format_html``). ``snippets``: for a search, each case's matching words
    (``search.highlights``: escaped already, hits marked). ``complainant``: the filing party's
    column as the bundle calls it (``cases.wording``), else Ombud's."""
    snippets = snippets or {}
    # On a phone the rows are cards without the column heads: each cell names its column.
    names = [translation.gettext(name) for name in QUEUE_COLUMNS]
    if complainant:
        names[QUEUE_COLUMNS.index("Complainant")] = complainant
    labels = [f'<td data-label="{_escape(name)}">' for name in names]
    overdue = _escape(str(_("overdue")))
    words_of_page = {"overdue": f' <strong class="late">{overdue}</strong>'}
    days: dict[date, str] = {}
    states: dict[tuple[str, str], str] = {}
    prefix = _escape(case_url_prefix)
    rows = [_queue_row(case, prefix, today, labels, words_of_page, days, states,
                       snippets.get(case.id)) for case in cases]
    return mark_safe("\n".join(rows))  # noqa: S308 - every value in the rows is escaped


QUEUE_COLUMNS = (gettext_noop("Subject"), gettext_noop("Complainant"), gettext_noop("Received"),
                 gettext_noop("State"), gettext_noop("Handler"), gettext_noop("Next deadline"))


def _escape(value) -> str:
    """What django.utils.html.escape writes, without its lazy wrapper (called per cell)."""
    return html.escape(str(value))


def _time(day: date, days: dict[date, str]) -> str:
    shown = days.get(day)
    if shown is None:
        shown = days[day] = (f'<time datetime="{day.isoformat()}">'
                             f'{_escape(date_format(day, "SHORT_DATE_FORMAT"))}</time>')
    return shown


def _queue_row(case, prefix: str, today, labels: list[str], words_of_page: dict[str, str],
               days: dict[date, str], states: dict[tuple[str, str], str], snippet=None) -> str:
    overdue = case.has_next_due and case.next_due < today
    if case.has_next_due:
        due = (f'{_time(case.next_due, days)} <span class="rule">'
               f'{_escape(case.next_due_rule)}</span>'
               f'{words_of_page["overdue"] if overdue else ""}')
    else:
        due = "—"
    handler = (_escape(case.handler.get_full_name() or case.handler.username)
               if case.handler else "—")
    subject = _escape(case.title)
    if snippet:  # SafeString: escaped by ``search.marked``, its hits in <mark>
        subject += f'<span class="hit">{snippet}</span>'
    state = states.get((case.procedure_id, case.state))
    if state is None:
        state = states[case.procedure_id, case.state] = _escape(case_state_label(case))
    cells = "".join(f"{label}{value}</td>" for label, value in zip(labels, (
        subject, _escape(case.complainant_name), _time(case.received_on, days), state, handler,
        due), strict=True))
    reference = _escape(case.reference)
    row_class = ' class="overdue"' if overdue else ""
    return (f'<tr{row_class}><th scope="row">'
            f'<a href="{prefix}{reference}/">{reference}</a>'
            f'{_news(case.procedure_id, words_of_page) if case.complainant_news_at else ""}'
            f'</th>{cells}</tr>')


def _news(procedure_id: str, words_of_page: dict[str, str]) -> str:
    """"new from the complainant", as the case type's bundle calls the filer: once per case
    type and page."""
    key = f"news:{procedure_id}"
    if key not in words_of_page:
        news = _escape(wording.filer_phrases(procedure_id)["news"])
        words_of_page[key] = f' <strong class="news">{news}</strong>'
    return words_of_page[key]


@register.simple_tag
def languages_in_their_own_words() -> list[tuple[str, str]]:
    """The languages offered, each named in itself ("English", "Norsk bokmål", "Nederlands"),
    as settings.LANGUAGES has them: Django's own tag translates the names into the page's
    language ("Engelsk"), which a reader of another language cannot find."""
    from django.conf import settings

    return list(settings.LANGUAGES)


@register.filter
def removal(document) -> str:
    """Why a document has no file (``cases.files.removal_note``); empty while it has one."""
    from ombud.cases.files import removal_note

    return removal_note(document)

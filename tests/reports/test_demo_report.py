"""The demo's data gives a believable report for the current year in every organization
(AV-11, GL-12, PP-16, NE-A-10, NE-C-08): cases spread over the months without a spike, every
outcome the procedures know and the outcome rows adding up to the cases received (inspections
too), deadlines both kept and missed, a believable share of appeals, corrective actions opened
and done at Norsk Energi, references numbered in the order the cases came in, and no internal
rule number shown to a reader."""

from __future__ import annotations

import math
from datetime import timedelta

from django.utils import timezone

from ombud.cases.models import Case
from ombud.demo import seed
from ombud.orgs.models import Organization
from ombud.reports.annual import annual_report
from ombud.reports.selectors import Scope, annual


def test_av_11_gl_12_pp_16_ne_a_10_ne_c_08_the_demo_gives_a_believable_report(seeded_demo):
    """The run's one seeding of the demo (half a minute: the seeded_demo fixture), every check
    of the demo's year on it."""
    assert not seed.seed_if_empty()  # seeded already, by ``ombud demo``
    seeded = {organization.slug: organization for organization in Organization.objects.all()}
    _every_organization_has_a_believable_year(seeded)
    _most_deadlines_are_kept_and_the_missed_ones_are_not_late_by_months(seeded)
    _no_case_has_been_left_open_for_months(seeded)
    _a_believable_share_of_answers_is_appealed(seeded)
    _norsk_energi_opens_corrective_actions_and_gets_them_done(seeded)
    _references_are_numbered_in_the_order_the_cases_came_in(seeded)
    _no_internal_x_rule_number_is_shown_in_dnvs_report(seeded)
    _no_page_of_the_pdf_ends_with_a_heading(seeded)


def _every_organization_has_a_believable_year(seeded):
    year = timezone.localdate().year
    outcomes, missed = set(), 0
    for organization in seeded.values():
        report = annual(Scope(organization.pk, year))
        per_month: dict[int, int] = {}
        for month, _procedure, count in report.by_month:
            per_month[month] = per_month.get(month, 0) + count
        assert report.received >= 20, organization.slug
        assert len(per_month) >= min(7, timezone.localdate().month - 1), organization.slug
        # no spike: no month above the average month by more than chance gives (3 sigma)
        average = report.received / len(per_month)
        assert max(per_month.values()) <= average + 3 * math.sqrt(average) + 1, per_month
        met, settled = report.kept
        assert 0 < met <= settled, organization.slug
        missed += settled - met
        assert report.handling.median is not None
        # every case has one outcome row: the rows add up to the cases received
        assert sum(count for _key, count in report.outcomes) == report.received, (
            organization.slug, report.outcomes)
        outcomes |= {key for key, count in report.outcomes if count}
        print(organization.slug, report.received, per_month, dict(report.outcomes),
              report.appeals, report.actions_opened, report.actions_done)
    assert missed > 0
    assert {"upheld", "partly_upheld", "not_upheld", "withdrawn", "declined", "open",
            "answered"} <= outcomes  # "answered": DNV's inspections, which have no outcome


# A deadline rule's share kept, where it was settled often enough to say (at least 5 times),
# and how late the missed ones were on average: days to a few weeks, not months.
KEPT_AT_LEAST, ENOUGH_TO_SAY = 0.70, 5
MEAN_LATE_AT_MOST = {"calendar_days": 21, "working_days": 15}  # three weeks either way
OPEN_AT_MOST_DAYS = 120


def _most_deadlines_are_kept_and_the_missed_ones_are_not_late_by_months(seeded):
    year, wrong = timezone.localdate().year, []
    for organization in seeded.values():
        for row in annual(Scope(organization.pk, year), compare=False).deadlines:
            where = (organization.slug, row.rule, row.key, row.met, row.missed, row.days_late)
            if row.settled >= ENOUGH_TO_SAY and row.kept_share < KEPT_AT_LEAST:
                wrong.append(("kept too seldom", *where))
            if row.missed and row.mean_late > MEAN_LATE_AT_MOST[row.unit]:
                wrong.append(("too late", *where))
    assert not wrong, "\n".join(map(str, wrong))


def _no_case_has_been_left_open_for_months(seeded):
    """A case still open was received lately, unless it waits on an appeal (PP-17)."""
    long_ago = timezone.localdate() - timedelta(days=OPEN_AT_MOST_DAYS)
    forgotten = Case.objects.filter(state="open", received_on__lt=long_ago)
    assert not forgotten.exists(), [(case.reference, case.procedure_id, case.received_on)
                                    for case in forgotten]


def _a_believable_share_of_answers_is_appealed(seeded):  # PP-17 appeals
    report = annual(Scope(seeded["pp"].pk, timezone.localdate().year))
    answered = sum(count for key, count in report.outcomes
                   if key in ("upheld", "partly_upheld", "not_upheld"))
    assert 0.10 <= report.appealed / answered <= 0.25, (report.appealed, answered)


def _norsk_energi_opens_corrective_actions_and_gets_them_done(seeded):  # NE-A-10, NE-C-08
    report = annual(Scope(seeded["ne"].pk, timezone.localdate().year))
    assert report.actions_opened >= 2
    assert 1 <= report.actions_done < report.actions_opened


def _references_are_numbered_in_the_order_the_cases_came_in(seeded):
    for organization in seeded.values():
        cases = list(Case.objects.filter(organization=organization).order_by("id"))
        days = [case.received_on for case in cases]
        assert days == sorted(days), organization.slug


def _no_internal_x_rule_number_is_shown_in_dnvs_report(seeded):
    report = annual_report(seeded["dnv"], Scope(seeded["dnv"].pk, timezone.localdate().year),
                           language="nl")
    shown = " ".join(str(cell) for table in report.tables() for row in table.rows
                     for cell in row)
    charts = " ".join(section.chart.svg for section in report.sections if section.chart)
    assert "AVG art. 12 lid 3" in shown  # the GDPR request's deadline, by its law
    assert "X-10" not in shown and "X-10" not in charts


def _no_page_of_the_pdf_ends_with_a_heading(seeded):
    """A heading stays with what follows it (Typst's sticky blocks): the last line of a page
    above its footer is never a section's or a table's title."""
    import io
    import re

    from django.utils import translation
    from pypdf import PdfReader

    from ombud.reports.exports import report_pdf_bytes

    for slug in ("dnv", "pp"):
        organization = seeded[slug]
        report = annual_report(organization, Scope(organization.pk, timezone.localdate().year),
                               language=organization.language)
        headings = {section.title for section in report.sections} | {
            table.title for table in report.tables()}
        with translation.override(organization.language):
            pdf, _type = report_pdf_bytes(report)
        pages = PdfReader(io.BytesIO(pdf)).pages
        for page in pages[:-1]:
            lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
            above_footer = [line for line in lines if organization.name not in line
                            and not re.fullmatch(r"\d+ / \d+", line)]
            assert above_footer[-1] not in headings, (slug, above_footer[-3:])

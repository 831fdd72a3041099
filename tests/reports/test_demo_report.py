"""The demo's data gives a believable report for the current year in every organization
(AV-11, GL-12, PP-16): cases in most months, every outcome the procedures know, deadlines
both kept and missed."""

from __future__ import annotations

from django.utils import timezone

from ombud.demo import seed
from ombud.orgs.models import Organization
from ombud.reports.selectors import Scope, annual


def test_av_11_gl_12_pp_16_the_demo_gives_a_believable_report_for_every_organization(db):
    assert seed.seed_if_empty()
    year = timezone.localdate().year
    outcomes, missed = set(), 0
    for organization in Organization.objects.all():
        report = annual(Scope(organization.pk, year))
        months = {month for month, _procedure, _count in report.by_month}
        assert report.received >= 20, organization.slug
        assert len(months) >= min(7, timezone.localdate().month - 1), organization.slug
        met, settled = report.kept
        assert 0 < met <= settled, organization.slug
        missed += settled - met
        assert report.handling.median is not None
        outcomes |= {key for key, count in report.outcomes if count}
        print(organization.slug, report.received, sorted(months), dict(report.outcomes),
              report.handling.median, report.handling.p90, met, settled, report.appeals)
    assert missed > 0
    assert {"upheld", "partly_upheld", "not_upheld", "withdrawn", "declined", "open"} <= outcomes

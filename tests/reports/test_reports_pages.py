"""The reports page, the case list behind a figure and the exports, as the people who may and
may not read them see them (AV-11, GL-12, PP-16)."""

from __future__ import annotations

import pytest

from tests.cast import sign_in


def test_pp_16_manager_reads_the_annual_report_page(client, people, year):
    sign_in(client, people["pp"]["manager"], "nb")
    response = client.get("/pp/reports/?year=2026")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "style=" not in page
    print(page[:100])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_pp_16_exports(client, people, year, fmt):
    sign_in(client, people["pp"]["manager"], "nb")
    response = client.get(f"/pp/reports/annual.{fmt}?year=2026")
    assert response.status_code == 200
    assert len(response.content) > 100

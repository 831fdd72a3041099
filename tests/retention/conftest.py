from tests.reports.conftest import year  # noqa: F401  (Personalpartner's fixture year)

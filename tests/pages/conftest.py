import pytest
from django.utils import timezone


@pytest.fixture
def dnv(db):
    """DNV's people and a complaint registered today."""
    from ombud.cases import services
    from ombud.demo.seed import seed_organizations

    people = seed_organizations()["dnv"]
    organization = people["admin"].memberships.first().organization
    case = services.case_register(
        organization=organization, procedure_id="dnv/complaint", channel="email",
        received_on=timezone.localdate(), title="Onheus gedrag", actor=people["intake"],
        complainant=services.PartyDetails("Daan Bos"))
    return people, organization, case

import pytest
from django.utils import timezone


@pytest.fixture
def dnv(people):
    """DNV's people and a complaint registered today."""
    from ombud.cases import services

    staff = people["dnv"]
    organization = staff["admin"].memberships.first().organization
    case = services.case_register(
        organization=organization, procedure_id="dnv/complaint", channel="email",
        received_on=timezone.localdate(), title="Onheus gedrag", actor=staff["intake"],
        complainant=services.PartyDetails("Daan Bos"))
    return staff, organization, case

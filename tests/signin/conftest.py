"""The cast of the sign-in tests: two organizations as the demo has them (Personalpartner in
bokmål, DNV in Dutch) and a handler in each with an e-mail address.

    ingrid   Personalpartner's handler, ingrid@personalpartner.example
    sanne    DNV's handler, sanne@dnv.example
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from ombud.orgs.models import Membership, Organization, Role

PASSWORD = "an old password of some length"


@pytest.fixture
def organizations(db) -> dict[str, Organization]:
    return {
        "pp": Organization.objects.create(slug="pp", name="Personalpartner AS", language="nb",
                                          calendar="NO", reference_prefix="PP"),
        "dnv": Organization.objects.create(slug="dnv", name="DNV Persoonscertificatie",
                                           language="nl", calendar="NL-Atw",
                                           reference_prefix="DNV"),
    }


def _member(organization: Organization, username: str, email: str, first_name: str):
    user = get_user_model().objects.create_user(username, email=email, password=PASSWORD,
                                                first_name=first_name)
    Membership.objects.create(user=user, organization=organization, role=Role.HANDLER)
    return user


@pytest.fixture
def ingrid(organizations):
    return _member(organizations["pp"], "ingrid", "ingrid@personalpartner.example", "Ingrid")


@pytest.fixture
def sanne(organizations):
    return _member(organizations["dnv"], "sanne", "sanne@dnv.example", "Sanne")


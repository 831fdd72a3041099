"""Finding 10's rule, asked on every request of a person signed in without a verified factor:
``second_factor_needed`` is one statement made once per process from the querysets of
``has_second_factor`` and ``second_factor_required``. It must give their answer for every reason
a person can have, each reason alone (so each of its three parts is asked about the person
themselves), in demo mode and out of it (the demo's published app counts only in demo mode)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from ombud.demo.organizations import DEMO_TOTP_KEY
from ombud.orgs.models import Membership
from ombud.twofactor import selectors
from ombud.twofactor.models import SecurityKey


def _handler(people, slug: str = "pp") -> User:
    """A handler without any factor (pp-handler: Personalpartner does not ask everyone)."""
    handler = people[slug]["handler"]
    TOTPDevice.objects.filter(user=handler).delete()
    return handler


def _reasons(people) -> dict[str, tuple[User, bool, bool]]:
    """name -> (person, needed in demo mode, needed outside it)."""
    plain = _handler(people)
    with_app = people["pp"]["handler2"]
    TOTPDevice.objects.filter(user=with_app).delete()
    TOTPDevice.objects.create(user=with_app, name="phone", confirmed=True)
    unconfirmed = people["pp"]["intake"]
    TOTPDevice.objects.filter(user=unconfirmed).delete()
    TOTPDevice.objects.create(user=unconfirmed, name="phone", confirmed=False)
    demo_app = people["pp"]["auditor"]
    TOTPDevice.objects.filter(user=demo_app).delete()
    TOTPDevice.objects.create(user=demo_app, name="demo", confirmed=True, key=DEMO_TOTP_KEY)
    with_key = _handler(people, "av")
    SecurityKey.objects.create(user=with_key, name="key", confirmed=True,
                               credential_id=b"id-1", credential_data=b"data")
    everyone = _handler(people, "gl")
    organization = Membership.objects.get(user=everyone).organization
    organization.two_factor_for_everyone = True
    organization.save()
    operator = User.objects.create_superuser("operator", password="x")
    return {"nothing": (plain, False, False), "an app": (with_app, True, True),
            "an unconfirmed app": (unconfirmed, False, False),
            "the demo's app": (demo_app, True, False), "a security key": (with_key, True, True),
            "a manager's role": (people["dnv"]["manager"], True, True),
            "an organization asking everyone": (everyone, True, True),
            "the platform operator": (operator, True, True)}


@pytest.mark.parametrize("demo_mode", [True, False])
def test_f10_one_statement_gives_the_rule_s_answer_for_each_reason_alone(people, settings,
                                                                         demo_mode):
    settings.DEMO_MODE = demo_mode
    for reason, (person, in_demo, outside_demo) in _reasons(people).items():
        expected = in_demo if demo_mode else outside_demo
        by_parts = selectors.has_second_factor(person) or selectors.second_factor_required(
            person)
        assert by_parts == expected, reason  # the control: the rule's own parts
        with CaptureQueriesContext(connection) as queries:
            assert selectors.second_factor_needed(person) == expected, reason
        assert len(queries) <= 1, reason  # none for the operator, one for everyone else

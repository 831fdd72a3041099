"""Who must sign in with a second factor, and what second factors a person holds.

Required (rule of finding 10): for every platform operator (superuser), for whoever holds the
administrator, manager or privacy officer role in any organization, and for every member of an
organization that asks it of all its people (``Organization.two_factor_for_everyone``). A person
who set up a second factor of their own accord is asked for it too."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Exists, Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from ombud.config.published import DEMO_TOTP_KEY
from ombud.orgs.models import Membership, Role
from ombud.twofactor.models import RecoveryCodes, SecurityKey

REQUIRED_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER, Role.PRIVACY_OFFICER})


def _memberships_requiring_it(user_id: int):
    return Membership.objects.filter(user_id=user_id).filter(
        Q(role__in=REQUIRED_ROLES) | Q(organization__two_factor_for_everyone=True))


def second_factor_required(user) -> bool:
    return user.is_superuser or _memberships_requiring_it(user.pk).exists()


def second_factor_required_of(users) -> set[int]:
    """The ids of those among ``users`` who must sign in with a second factor, in one query
    (``second_factor_required`` for each of them)."""
    ids = [user.pk for user in users]
    return {user.pk for user in users if user.is_superuser} | set(
        Membership.objects.filter(user_id__in=ids).filter(
            Q(role__in=REQUIRED_ROLES) | Q(organization__two_factor_for_everyone=True))
        .values_list("user_id", flat=True))


def authenticator_apps(user):
    """The person's confirmed apps. Outside demo mode not one with the demo's secret: it is
    printed in the source, so anyone computes its codes (a database that began as the demo)."""
    return _apps_of(user.pk)


def _apps_of(user_id: int):
    apps = TOTPDevice.objects.filter(user_id=user_id, confirmed=True)
    if not settings.DEMO_MODE:
        apps = apps.exclude(key=DEMO_TOTP_KEY)
    return apps


def authenticator_app_of(user) -> TOTPDevice | None:
    return authenticator_apps(user).first()


def published_app_code(device: TOTPDevice) -> str | None:
    """The current code of an app with the demo's published secret (so that the demo needs no
    phone: README, "Two-factor sign-in"); None for any other secret. The caller shows it only
    in demo mode."""
    if device.key != DEMO_TOTP_KEY:
        return None
    from django_otp.oath import TOTP

    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def _security_keys(user_id: int):
    return SecurityKey.objects.filter(user_id=user_id, confirmed=True)


def security_keys_of(user) -> list[SecurityKey]:
    return list(_security_keys(user.pk).order_by("created_at"))


def recovery_codes_of(user) -> RecoveryCodes | None:
    return RecoveryCodes.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    """An authenticator app or a security key; recovery codes alone are no second factor, only
    the way back to one."""
    return authenticator_apps(user).exists() or _security_keys(user.pk).exists()


def second_factor_needed(user) -> bool:
    """Whether signing in takes a second step for ``user``: ``has_second_factor`` or
    ``second_factor_required``. The middleware asks it on every request of a person signed in
    without a verified factor (most handlers), where compiling three ORM queries cost 40 % of a
    request: it is one statement, made from the same querysets once per process."""
    if user.is_superuser:
        return True
    sql, params, person_at = _needed_statement(connection.vendor, settings.DEMO_MODE)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk if index in person_at else value
                             for index, value in enumerate(params)])
        return cursor.fetchone() is not None


def _needed_query(user_id: int):
    """Any of the person's apps, security keys or memberships that ask for a second factor."""
    return get_user_model().objects.filter(pk=user_id).filter(
        Exists(_apps_of(user_id)) | Exists(_security_keys(user_id))
        | Exists(_memberships_requiring_it(user_id))).values("pk")[:1]


@functools.cache
def _needed_statement(vendor: str, demo_mode: bool) -> tuple[str, tuple, frozenset[int]]:
    """``_needed_query``'s SQL and parameters, and which parameters hold the person's id: found
    by compiling it for two ids that are no one's. The SQL depends on the database (``vendor``)
    and on demo mode (``_apps_of``), which key the cache."""
    sql, first = _needed_query(-1).query.sql_with_params()
    again, second = _needed_query(-2).query.sql_with_params()
    if sql != again or len(first) != len(second):
        raise RuntimeError("the second-factor statement changes with the person")
    person_at = frozenset(index for index, (one, two) in enumerate(zip(first, second, strict=True))
                          if one != two)
    if not person_at or any(first[index] != -1 for index in person_at):
        raise RuntimeError("the second-factor statement does not name the person")
    return sql, tuple(first), person_at

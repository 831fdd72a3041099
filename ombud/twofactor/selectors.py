"""Who must sign in with a second factor, and what second factors a person holds.

Required (rule of finding 10): for every platform operator (superuser), for whoever holds the
administrator, manager or privacy officer role in any organization, and for every member of an
organization that asks it of all its people (``Organization.two_factor_for_everyone``). A person
who set up a second factor of their own accord is asked for it too."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from ombud.config.published import DEMO_TOTP_KEY
from ombud.orgs.models import Membership, Role
from ombud.twofactor.models import RecoveryCodes, SecurityKey

REQUIRED_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER, Role.PRIVACY_OFFICER})


def second_factor_required(user) -> bool:
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user).filter(
        Q(role__in=REQUIRED_ROLES) | Q(organization__two_factor_for_everyone=True)).exists()


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
    apps = TOTPDevice.objects.filter(user=user, confirmed=True)
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


def security_keys_of(user) -> list[SecurityKey]:
    return list(SecurityKey.objects.filter(user=user, confirmed=True).order_by("created_at"))


def recovery_codes_of(user) -> RecoveryCodes | None:
    return RecoveryCodes.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    """An authenticator app or a security key; recovery codes alone are no second factor, only
    the way back to one."""
    return (authenticator_apps(user).exists()
            or SecurityKey.objects.filter(user=user, confirmed=True).exists())


def second_factor_needed(user) -> bool:
    """Whether signing in takes a second step for ``user``."""
    return has_second_factor(user) or second_factor_required(user)

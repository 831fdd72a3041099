"""Who sent a request, as far as limits need to know: a keyed hash of the sender's address,
counted per IPv6 network, behind as many proxies as OMBUD_TRUSTED_PROXY says. Used by the public
side's limits and the staff sign-in lockout alike, so it lives below both."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from django.conf import settings


def client_of(request) -> str:
    """A keyed hash of the sender's address: enough to count, useless to anyone else. Made once
    a request (the limits, the form and the filing each ask)."""
    made = getattr(request, "_ombud_client", None)
    if made is None:
        made = request._ombud_client = _keyed(f"client:{_counted_as(_sender_address(request))}")
    return made


def _sender_address(request) -> str:
    """The connection's address, or behind ``OMBUD_TRUSTED_PROXY`` proxies the entry of
    X-Forwarded-For the farthest trusted proxy appended: each proxy appends the address it got
    the request from, so entries further left are whatever the sender chose to write."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = int(settings.OMBUD_TRUSTED_PROXY)  # True and False (the old setting) mean 1 and 0
    forwarded = [entry.strip() for entry in
                 request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if hops <= 0 or not forwarded:
        return address
    return forwarded[-min(hops, len(forwarded))]


def _without_port(address: str) -> str:
    """``1.2.3.4:5678`` and ``[2001:db8::1]:5678`` (what some proxies write into
    X-Forwarded-For) without the port: a new connection's new port is no new sender."""
    if address.startswith("["):
        return address[1:].partition("]")[0]
    host, colon, port = address.rpartition(":")
    return host if colon and "." in host and port.isdigit() else address


def _counted_as(address: str) -> str:
    """One IPv6 network (/64) is one sender: whoever holds one address holds 2^64 of them."""
    try:
        parsed = ipaddress.ip_address(_without_port(address))
    except ValueError:
        return address
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.IPv6Network((int(parsed) >> 64 << 64, 64)))
    return str(parsed)


def _keyed(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()

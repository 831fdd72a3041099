"""Issue 15, item 1: the proxy's rule for the public pool (``PUBLIC_PATH_PATTERN``) and the URL
configuration agree on every page: a path the rule sends to the public pool is a public page,
and every public page matches the rule."""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from ombud.web.pools import is_public_path, pool_of

SAMPLES = {"slug": "dnv", "str": "x1", "int": "7", "formkey": "k" * 24, "path": "a/b"}
_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _sample(route: str) -> str:
    return _PARAMETER.sub(lambda m: SAMPLES.get(m["converter"] or "str", "x1"), route)


def _routes(patterns, prefix: str = ""):
    for pattern in patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue  # the admin's regular expressions: sampled by hand below
        route = prefix + _sample(str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield "/" + route


def test_the_proxy_rule_sends_exactly_the_public_pages_to_the_public_pool():
    paths = list(_routes(get_resolver().url_patterns))
    paths += ["/admin/", "/admin/cases/case/", "/admin/cases/case/7/change/"]
    public = [path for path in paths if pool_of(path) == "public"]
    assert len(public) >= 13  # the form, the receipt, the private page and its actions
    for path in paths:
        assert is_public_path(path) == (pool_of(path) == "public"), path


def test_health_metrics_and_language_are_served_by_either_pool():
    for path in ("/healthz", "/readyz", "/i18n/setlang/"):
        assert pool_of(path) is None, path
    assert pool_of("/no/such/page/at/all/") is None

"""Issue 15, /metrics attacked: without a token it answers the machine itself. A proxy on the
same machine makes every request come from 127.0.0.1; with OMBUD_TRUSTED_PROXY forgotten and a
proxy that passes /metrics on (docs/operating.md's first nginx example does), the whole
Internet read it. A request that names a proxy in its headers is not the machine's own."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["X-Forwarded-For", "Forwarded", "X-Real-IP", "Via"])
def test_metrics_refuse_a_request_a_proxy_on_this_machine_passed_on(settings, header):
    settings.OMBUD_METRICS_TOKEN, settings.OMBUD_TRUSTED_PROXY = "", 0
    assert Client().get("/metrics").status_code == 200  # the machine itself
    passed_on = Client(headers={header: "203.0.113.9"}).get("/metrics")
    assert passed_on.status_code == 404

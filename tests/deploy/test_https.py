"""Issue 9, finding 7: HTTPS behind a TLS proxy. With the documented production settings a staff
POST through the proxy works (it got 403), and `check --deploy` reports no issue."""

from __future__ import annotations

import http.client
import re
import runpy
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from deploy_env import PYTHON, REPO, STRONG_KEY, run
from django.test import Client

HOST = "klage.example.org"


def documented_production_settings() -> dict[str, str]:
    """The variables of the production example in docs/operating.md, with a real key for the
    placeholder (and the other placeholders filled)."""
    text = (REPO / "docs" / "operating.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- production example -->\s*```sh\n(.*?)```", text, re.S).group(1)
    found = {}
    for line in block.splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            found[name.strip()] = value.strip()
    found["OMBUD_SECRET_KEY"] = STRONG_KEY
    return {name: "filled-in" if value.startswith("<") else value
            for name, value in found.items()}


def test_finding_7_check_deploy_is_clean_under_the_documented_production_settings(production):
    env = production(**documented_production_settings())
    done = run([PYTHON, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout, done.stdout + done.stderr


@pytest.fixture
def behind_the_proxy(settings, monkeypatch, tmp_path):
    """The HTTPS settings as ombud/settings.py makes them from the documented variables."""
    for name, value in documented_production_settings().items():
        if name.startswith("OMBUD_") and name not in ("OMBUD_DATABASE_URL", "OMBUD_DATA_DIR"):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("OMBUD_DATA_DIR", str(tmp_path))
    made = runpy.run_path(str(REPO / "ombud" / "settings.py"))
    for name in ["SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
                 "CSRF_COOKIE_SECURE", "CSRF_TRUSTED_ORIGINS", "SECURE_HSTS_SECONDS",
                 "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"]:
        if name in made:  # before issue 9 the settings named none of them
            setattr(settings, name, made[name])
    settings.ALLOWED_HOSTS = [HOST]
    return settings


class ThroughTheProxy:
    """A browser on https://klage.example.org, as the application sees it behind the TLS proxy:
    plain HTTP to the live server with the Host the browser asked for and X-Forwarded-Proto
    set by the proxy. Cookies are kept by hand (the browser would send the Secure ones)."""

    def __init__(self, live_server_url: str, session_cookie: str):
        self.address = urlsplit(live_server_url)
        self.cookies = {"sessionid": session_cookie}

    def request(self, method: str, path: str, fields: dict | None = None):
        connection = http.client.HTTPConnection(self.address.hostname, self.address.port,
                                                timeout=30)
        headers = {"Host": HOST, "X-Forwarded-Proto": "https",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if method == "POST":
            headers.update({"Origin": f"https://{HOST}", "Referer": f"https://{HOST}{path}",
                            "Content-Type": "application/x-www-form-urlencoded"})
            body = urlencode(fields or {})
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        connection.close()
        return response, content


def test_finding_7_behind_a_tls_proxy_a_staff_post_works(behind_the_proxy, live_server, alice,
                                                          complaint):
    signed_in = Client()
    signed_in.force_login(alice)
    browser = ThroughTheProxy(live_server.url, signed_in.cookies["sessionid"].value)
    case_path = f"/dnv/cases/{complaint.reference}/"

    page, content = browser.request("GET", case_path)
    assert page.status == 200, content[:300]
    assert "Secure" in ";".join(page.headers.get_all("Set-Cookie") or [])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)

    posted, content = browser.request("POST", f"{case_path}notes/",
                                      {"csrfmiddlewaretoken": token, "text": "Ringt klager."})
    assert posted.status == 302, content[:500]
    assert "Ringt klager." in browser.request("GET", case_path)[1]


def test_finding_7_https_responses_carry_hsts_and_plain_http_is_redirected(behind_the_proxy,
                                                                           alice):
    client = Client(HTTP_HOST=HOST)
    client.force_login(alice)
    secure = client.get("/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload")
    plain = client.get("/login/")
    assert plain.status_code == 301 and plain.headers["Location"] == f"https://{HOST}/login/"


def test_every_ombud_setting_is_documented_in_operating_md():
    """docs/operating.md lists every OMBUD_* variable Ombud reads (a new setting gets its row)."""
    read = {name for path in (REPO / "ombud").rglob("*.py")
            for name in re.findall(r"\bOMBUD_[A-Z0-9_]*[A-Z0-9]\b",
                                   path.read_text(encoding="utf-8"))}
    documented = set(re.findall(r"\bOMBUD_[A-Z0-9_]*[A-Z0-9]\b",
                                (REPO / "docs" / "operating.md").read_text(encoding="utf-8")))
    assert sorted(read - documented) == []

"""Issue 9, finding 7: a Content-Security-Policy without inline scripts, a Permissions-Policy,
and ``Cache-Control: no-store`` on staff pages and every document download."""

from __future__ import annotations

import pytest
from django.urls import reverse


def _signed_in(client, person):
    client.force_login(person)
    return client


def _directives(response) -> dict[str, str]:
    policy = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part for part in map(str.strip, policy.split(";")) if part}


@pytest.mark.parametrize("path", ["/login/", "/dnv/complaint/new/", "/track/"])
def test_finding_7_every_page_has_a_strict_csp_and_a_permissions_policy(client, people, path):
    response = client.get(path)
    assert response.status_code == 200
    directives = _directives(response)
    assert directives["script-src"] == "script-src 'self'"  # no 'unsafe-inline', no nonce
    assert directives["style-src"] == "style-src 'self'"
    assert directives["object-src"] == "object-src 'none'"
    assert directives["connect-src"] == "connect-src 'none'"  # no script of ours fetches
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_finding_7_staff_pages_are_not_stored(client, alice, complaint):
    client = _signed_in(client, alice)
    for path in [reverse("cases:queue", args=["dnv"]),
                 reverse("cases:case", args=["dnv", complaint.reference])]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response.headers["Cache-Control"], path


def test_finding_7_a_staff_document_download_is_not_stored(client, alice, complaint):
    document = complaint.documents.get(title="Brief")
    response = _signed_in(client, alice).get(
        reverse("cases:document_download", args=["dnv", complaint.reference, document.pk]))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "attachment" in response.headers["Content-Disposition"]


def test_finding_7_a_complainants_download_is_not_stored(client, complaint):
    from ombud.public.services import tracking_link_create

    token = tracking_link_create(complaint)
    document = complaint.documents.get(title="Brief")
    complaint.documents.filter(pk=document.pk).update(from_complainant=True)
    response = client.get(reverse("public:track_document", args=[token, document.pk]))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_finding_7_static_files_keep_their_cache(client, db):
    response = client.get("/static/ombud/ombud.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_finding_7_no_template_holds_an_inline_script_style_or_handler():
    """The CSP forbids them; a template that holds one would break under it."""
    import re
    from pathlib import Path

    import ombud

    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)
    offenders = [f"{path}: {match.group(0)}"
                 for path in Path(ombud.__file__).parent.rglob("templates/**/*.html")
                 for match in inline.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []

"""Found walking the demo after issue 9 (finding 8: every read and every download is recorded,
who, when, what): the auditor downloaded the proof of DNV-2026-0005, and the privacy officer
then saw in the access log only "Las het dossier" twice: the download of the file's whole
history was written as a page view. It is a download, and says of what."""

from __future__ import annotations

import pytest

from ombud.audit.seal import seal_all
from ombud.cases.models import AccessKind, AccessLog


@pytest.fixture
def sealed(answered, seal_key):
    case = answered()
    seal_all()
    return case


def test_walk_the_proof_download_is_in_the_access_log_as_a_download(sealed, people, client):
    client.force_login(people["dnv"]["auditor"])
    assert client.get(f"/dnv/cases/{sealed.reference}/proof/").status_code == 200

    [entry] = AccessLog.objects.filter(case=sealed)
    assert entry.kind == AccessKind.DOWNLOAD
    assert entry.what == f"{sealed.reference}-proof.json"

    client.force_login(people["dnv"]["privacy"])
    client.cookies["django_language"] = "nl"
    page = client.get(f"/dnv/cases/{sealed.reference}/").content.decode()
    assert f"Downloadde: {sealed.reference}-proof.json" in page

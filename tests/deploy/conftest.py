import pytest
from deploy_env import production_environment


@pytest.fixture
def production(tmp_path):
    """production(**settings): an environment outside demo and test mode, plus ``settings``."""
    return lambda **settings: production_environment(tmp_path, **settings)


@pytest.fixture
def complaint(people):
    """A DNV complaint registered by DNV's intake, with a PDF in its file."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from ombud.cases import services
    from ombud.orgs.models import Organization

    case = services.case_register(
        organization=Organization.objects.get(slug="dnv"), procedure_id="dnv/complaint",
        channel="letter", received_on=timezone.localdate(), title="Behandeling bij examen",
        complainant=services.PartyDetails("Eva Janssen", email="eva@example.org"),
        actor=people["dnv"]["intake"], details={"about": "conduct"})
    services.document_attach(case=case, title="Brief", actor=people["dnv"]["handler"],
                             upload=SimpleUploadedFile("brief.pdf", SMALL_PDF, "application/pdf"))
    return case


SMALL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n166\n%%EOF\n"
)

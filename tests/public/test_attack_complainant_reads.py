"""What the private link shows, attacked after issue 9: a complainant's link opens the letters
written to them and the documents they sent, nothing written to anyone else."""

from __future__ import annotations

from django.utils import timezone
from public_world import PublicClient, file_valid

from ombud.cases import services
from ombud.cases.models import Document, DocumentKind, PartyRole

SECRET_ADDRESS = "Geheimstraat 7, 1234 AB Delft"


def test_the_letter_to_the_person_complained_about_is_not_on_the_complainants_page(people):
    """The notice to the certificate holder goes to them alone (DNV-K-02, DNV-K-13), with their
    postal address on it; the complainant's link listed and served it."""
    visitor = PublicClient()
    case, token = file_valid(visitor, "dnv/complaint", about="holder_validity")
    handler = people["dnv"]["handler"]
    services.party_add(case=case, role=PartyRole.SUBJECT, actor=handler,
                       details=services.PartyDetails("Henk Houder", address=SECRET_ADDRESS))
    services.case_step(case=case, event_type="holder_notified", on=timezone.localdate(),
                       actor=handler, data={})
    receipt = Document.objects.filter(case=case, kind=DocumentKind.LETTER).earliest("id")
    notice = Document.objects.get(case=case, kind=DocumentKind.HOLDER_LETTER)  # the step's

    page = visitor.get(f"/track/{token}/")
    assert f"/track/{token}/documents/{notice.pk}/" not in page.content.decode()
    assert visitor.get(f"/track/{token}/documents/{notice.pk}/").status_code == 404
    # the complainant's own letters stay theirs
    assert f"/track/{token}/documents/{receipt.pk}/" in page.content.decode()
    assert visitor.get(f"/track/{token}/documents/{receipt.pk}/").status_code == 200

"""The staff send a complainant a new private link, or stop them all, from the case page. The
links are the public side's; the case page (a layer below) reaches them through the actions the
public app registers when Django starts (``ombud.cases.hooks``)."""

from __future__ import annotations

from public_world import PublicClient

from ombud.mail.models import OutboxMessage
from ombud.public.models import TrackingLink


def test_the_staff_send_a_new_link_and_stop_every_link_from_the_case_page(people, filed,
                                                                          client):
    case, token, _visitor = filed("dnv/complaint", email="anna@example.org")
    client.force_login(people["dnv"]["handler"])
    url = f"/dnv/cases/{case.reference}/links/"

    assert client.post(url).status_code == 302  # send a new one
    [mail] = OutboxMessage.objects.filter(case=case, kind="tracking_link")
    assert mail.to == "anna@example.org" and mail.link_id is not None
    live = TrackingLink.objects.filter(case=case, revoked_at__isnull=True)
    assert live.count() == 2  # the receipt's and the new one

    assert client.post(url, {"action": "revoke"}).status_code == 302
    assert not live.exists()
    assert PublicClient().get(f"/track/{token}/").status_code == 404

"""How much the public may send, decided without a request (``public.limits``): new private
links per case and day and per address and hour, and the sender's hourly share of submissions,
which never holds back a retry of a submission already made."""

from __future__ import annotations

from ombud.public import limits, services
from ombud.public.limits import RESENDS_PER_DAY
from ombud.public.models import ResendRequest, Submission


def test_a_case_gets_at_most_three_new_links_a_day_and_the_fourth_costs_the_address_nothing(
        filed):
    case, _, _ = filed("pp/complaint")
    assert RESENDS_PER_DAY == 3
    for _ in range(RESENDS_PER_DAY):
        assert limits.resend_allowed(reference=case.reference, client="asker")
        assert services.tracking_link_resend(reference=case.reference,
                                             email="sanne@example.org")
    # any spelling of the reference is the same case
    assert not limits.resend_allowed(reference=f" {case.reference.lower()} ", client="other")
    assert not ResendRequest.objects.filter(client="other").exists()
    assert ResendRequest.objects.filter(client="asker").count() == RESENDS_PER_DAY


def test_an_address_asks_for_new_links_at_most_its_hourly_share(db, settings):
    settings.OMBUD_RESEND_LIMIT_PER_HOUR = 2
    assert limits.resend_allowed(reference="PP-1999-0001", client="asker")
    assert limits.resend_allowed(reference="PP-1999-0002", client="asker")
    assert not limits.resend_allowed(reference="PP-1999-0003", client="asker")
    assert limits.resend_allowed(reference="PP-1999-0003", client="another")


def test_a_retry_of_a_submission_made_is_never_over_the_limit(filed, settings):
    case, _, _ = filed("pp/complaint")
    made = Submission.objects.get(case=case)
    settings.OMBUD_PUBLIC_LIMIT_PER_HOUR = 0  # the sender's share is used up
    assert limits.submission_over_limit(organization=made.organization, key=made.key,
                                        content=made.fingerprint, client=made.client,
                                        proof_of_work=True) is False
    assert limits.submission_over_limit(organization=made.organization, key=made.key,
                                        content="something else", client=made.client,
                                        proof_of_work=True) is True

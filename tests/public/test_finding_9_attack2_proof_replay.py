"""Finding 9, attacked (attack2): one solved puzzle must open one submission. Replayed with the
same form key and different content, it files further cases under derived keys; these are
recorded without proof of work and must count against the lower limit for senders without it,
not ride on the solution of the first."""

from __future__ import annotations

from public_world import PublicClient, form_path, valid_fields

from ombud.public import abuse
from ombud.public.models import Submission

PATH = form_path("pp/complaint")


def test_finding_9_one_solution_replayed_with_new_content_does_not_lift_the_lower_limit(
        people, settings):
    settings.OMBUD_PUBLIC_LIMIT_PER_HOUR = 20
    settings.OMBUD_PUBLIC_LIMIT_WITHOUT_WORK = 1
    visitor = PublicClient(address="203.0.113.77")
    key, puzzle = visitor.open_form(PATH)
    proof = abuse.solve(puzzle)
    statuses = []
    for n in range(4):
        fields = {**valid_fields("pp/complaint"), "title": f"Flood {n}", "key": key,
                  "proof": proof}
        statuses.append(visitor.post(PATH, fields).status_code)
    # the first opened by the solution, one more allowed without work, then refused
    assert statuses[:2] == [302, 302] and statuses[2:] == [429, 429], statuses
    assert Submission.objects.filter(proof_of_work=True).count() == 1

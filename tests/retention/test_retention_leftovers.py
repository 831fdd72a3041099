"""What retention's "anonymize" and "counts_only" leave (GDPR art. 5(1)(e); issue 14, item 2):
"names, addresses and texts replaced" (``ombud.domain.retention``). Personalpartner's fixture
year (tests/reports/conftest.py), its 2026 complaints reduced to their counts in 2030: no
complainant's name, address or words may be left in the history the case file shows, nor in
the subject lines of the mail sent about them; the chains still verify."""

from __future__ import annotations

from datetime import date

import pytest

from ombud.audit.verify import verify
from ombud.cases.models import Case, CaseEvent, Party
from ombud.mail.models import OutboxMessage
from ombud.retention import services

AFTER_THREE_YEARS = date(2030, 1, 1)


@pytest.mark.django_db
def test_gdpr_art_5_1_e_counts_only_leaves_no_name_or_text_in_the_history(
        year, django_capture_on_commit_callbacks):
    closed = [year[letter] for letter in "ABCDF"]
    names = {name.casefold() for name in Party.objects.filter(case__in=closed)
             .values_list("name", flat=True)}
    texts = [event.data["text"].casefold() for event in CaseEvent.objects.filter(
        case__in=closed, type="received") if event.data.get("text")]
    history = repr(list(CaseEvent.objects.filter(case__in=closed).values_list(
        "data", flat=True))).casefold()
    assert names and any(name in history for name in names)
    assert texts and any(text[:40] in history for text in texts)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.retention_apply(today=AFTER_THREE_YEARS) == {"counts_only": 5}

    history = repr(list(CaseEvent.objects.filter(case__in=closed).values_list(
        "data", "actor_name"))).casefold()
    assert [name for name in names if name in history] == []
    assert [text for text in texts if text[:40] in history] == []
    subjects = repr(list(OutboxMessage.objects.filter(case__in=closed).values_list(
        "subject", flat=True))).casefold()
    assert not any(case.title.casefold() in subjects for case in closed)
    assert verify().problems == [] and verify().cases == Case.objects.count()

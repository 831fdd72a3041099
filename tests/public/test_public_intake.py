"""What a web submission must pass before it is filed, decided without a request: the
procedure's filing window and the checks of its files (``public.intake``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ombud.cases import files
from ombud.domain.loader import find_procedure
from ombud.public import intake, uploads

# (procedure, the day the window runs from and its field, the window's last day, its rule)
WINDOWS = [
    # six weeks after the day the decision was sent
    ("dnv/objection", {"decision_on": date(2026, 10, 5)}, date(2026, 11, 16), "X-20"),
    # DNV-K-05: 15 working days after the exam
    ("dnv/complaint", {"about": "exam", "exam_on": date(2026, 10, 26)}, date(2026, 11, 16),
     "DNV-K-05"),
    # DNV-I-02, X-11: 5 calendar days after the result
    ("dnv/inspection", {"result_on": date(2026, 11, 21)}, date(2026, 11, 26), "DNV-I-02"),
]


@pytest.mark.parametrize(("procedure_id", "details", "last_day", "rule"), WINDOWS,
                         ids=[rule for *_, rule in WINDOWS])
def test_x_20_dnv_k_05_dnv_i_02_a_filing_after_the_windows_last_day_is_late(
        procedure_id, details, last_day, rule):
    procedure = find_procedure(procedure_id, on=last_day)
    assert intake.filing_window_missed(procedure, details, last_day) is None
    late = intake.filing_window_missed(procedure, details, last_day + timedelta(days=1))
    assert late is not None
    assert (late.rule, late.due, late.status) == (rule, last_day, "missed")


def test_dnv_k_05_a_complaint_not_about_an_exam_has_no_filing_window():
    procedure = find_procedure("dnv/complaint", on=date(2026, 11, 17))
    assert intake.filing_window_missed(procedure, {"about": "conduct"},
                                       date(2030, 1, 1)) is None


def test_a_procedure_without_a_filing_window_is_never_late():
    procedure = find_procedure("pp/complaint", on=date(2026, 11, 17))
    assert not any(spec.key == "filing" for spec in procedure.deadlines)
    assert intake.filing_window_missed(procedure, {}, date(2030, 1, 1)) is None


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "bewijs.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_f2_checked_attachments_are_taken_and_cost_nothing(db):
    checked = intake.attachments_checked([pdf("a.pdf"), pdf("b.pdf")], client="c1",
                                         proof_of_work=True)
    assert [(upload.name, upload.content_type) for upload in checked] == [
        ("a.pdf", "application/pdf"), ("b.pdf", "application/pdf")]
    assert not uploads.refused_recently("c1").exists()


@pytest.mark.parametrize("proof_of_work", [True, False])
def test_f2_a_refused_attachment_counts_toward_the_senders_limit(db, proof_of_work):
    executable = SimpleUploadedFile("besluit.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    with translation.override("en"), pytest.raises(files.Refused,
                                                   match="besluit.pdf is not a PDF"):
        intake.attachments_checked([pdf(), executable], client="c2",
                                   proof_of_work=proof_of_work)
    refused = uploads.refused_recently("c2")
    assert [row.proof_of_work for row in refused] == [proof_of_work]


class Unread(SimpleUploadedFile):
    def read(self, *args):
        raise AssertionError("read before the count was judged")


def test_f2_more_attachments_than_allowed_are_refused_unread_and_counted(db, settings):
    settings.OMBUD_ATTACHMENT_MAX_COUNT = 2
    sent = [Unread(name, PDF, content_type="application/pdf") for name in "abc"]
    with translation.override("en"), pytest.raises(files.Refused,
                                                   match="Attach at most 2 files."):
        intake.attachments_checked(sent, client="c3", proof_of_work=True)
    assert uploads.refused_recently("c3").count() == 1

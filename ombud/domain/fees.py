"""What a person pays for a case (DNV-I-07, DNV-I-08): the fees due, their total with and
without an invoice, and the payment reference. Pure Python, no Django."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from ombud.domain import messages as words
from ombud.domain.procedure import Fee


def payment_reference(fees: Sequence[Fee], *, name: str, born: date | None,
                      language: str) -> str:
    """The word the procedure asks for, then the name and the date of birth of the person it
    is about, as far as each is known ("inzage Pieter de Vries 14-03-1990")."""
    word = next((fee.payment_reference for fee in fees if fee.payment_reference), "")
    birth = words.format_date(born, language) if born else ""
    return " ".join(part for part in (word, name, birth) if part)


def total(fees: Sequence[Fee]) -> Decimal:
    return sum((fee.incl_vat for fee in fees), Decimal("0.00"))


def totals(fees: Sequence[Fee]) -> tuple[Decimal, Decimal | None]:
    """(without an invoice, with one) including VAT; the second is None when an invoice costs
    nothing extra: €90.75 and €151.25 for an inspection (DNV-I-07)."""
    plain = total([fee for fee in fees if not fee.invoice_only])
    invoiced = total(fees)
    return plain, (invoiced if invoiced != plain else None)

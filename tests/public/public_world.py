"""What the public-side tests share: a visitor that opens a form, solves its puzzle as the
browser's script does and sends it; the smallest valid filing of every case type; and the
footprint a refused submission must leave unchanged."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from html.parser import HTMLParser

from django.test import Client
from django.utils import timezone
from worker import run_worker

from ombud.cases.models import Case, CaseEvent, Document, Party
from ombud.mail.models import OutboxMessage
from ombud.public import abuse
from ombud.public.models import Submission, TrackingLink

TODAY = timezone.localdate

PROCEDURES = ["ne/appeal", "ne/complaint", "av/complaint", "gl/complaint", "pp/complaint",
              "dnv/complaint", "dnv/objection", "dnv/inspection", "dnv/terms",
              "dnv/data_request"]

NAME = "Sanne de Vries"
BIRTH_ON = "1990-05-17"  # the payment reference of an inspection or terms request names it


def form_path(procedure_id: str) -> str:
    return f"/{procedure_id}/new/"


def valid_fields(procedure_id: str) -> dict[str, str]:
    """The smallest filing of ``procedure_id`` that the form accepts at once (nothing missing,
    within every filing window)."""
    fields = {"name": NAME, "email": "sanne@example.org", "phone": "",
              "address": "Dorpsstraat 1, 1234 AB Utrecht", "title": "Het examen",
              "description": "Wat er gebeurde.", "reasons": "Waarom ik klaag.",
              "consent": "on", "website": ""}
    fields.update({
        "ne/appeal": {"filer": "applicant"},
        "ne/complaint": {"filer": "customer", "about": "course"},
        "av/complaint": {"filer": "participant", "about": "rehabilitation"},
        "gl/complaint": {"filer": "customer", "about": "sales"},
        "pp/complaint": {"filer": "participant", "about": "inclusion"},
        "dnv/complaint": {"filer": "candidate", "about": "conduct"},
        "dnv/objection": {"filer": "candidate", "about": "negative_certification",
                          "decision_on": (TODAY() - timedelta(days=7)).isoformat(),
                          "signature": NAME, "signed": "on"},
        "dnv/inspection": {"filer": "failed_candidate", "about": "theory",
                           "result_on": (TODAY() - timedelta(days=1)).isoformat(),
                           "birth_on": BIRTH_ON, "fees_accepted": "on"},
        "dnv/terms": {"filer": "candidate",
                      "result_on": (TODAY() - timedelta(days=1)).isoformat(),
                      "birth_on": BIRTH_ON, "fees_accepted": "on"},
        "dnv/data_request": {"filer": "candidate", "about": "access"},
    }[procedure_id])
    return fields


class PublicClient(Client):
    """A browser of the public: its own cookies (session, language) and its own address."""

    _next_address = 10

    def __init__(self, language: str = "en", address: str | None = None, **kwargs):
        if address is None:
            PublicClient._next_address += 1
            address = f"192.0.2.{PublicClient._next_address % 250 + 1}"
        super().__init__(REMOTE_ADDR=address, **kwargs)
        self.cookies["django_language"] = language

    def open_form(self, path: str) -> tuple[str, dict]:
        """GET the form; its idempotency key and its puzzle, as the page carries them."""
        response = self.get(path)
        assert response.status_code == 200, response.status_code
        page = response.content.decode()
        key = re.search(r'name="key" value="([^"]*)"', page).group(1)
        puzzle = json.loads(html.unescape(re.search(r"data-puzzle='([^']*)'", page).group(1)))
        return key, puzzle

    def send(self, path: str, fields: dict, *, proof: bool = True, key: str | None = None,
             files: dict | None = None):
        """Open the form, solve its puzzle (unless ``proof`` is False) and POST ``fields``.
        Returns (response, key)."""
        form_key, puzzle = self.open_form(path)
        key = key or form_key
        data = {"key": key, "proof": abuse.solve(puzzle) if proof else "", **fields}
        return self.post(path, {**data, **(files or {})}), key


def file_valid(visitor: PublicClient, procedure_id: str, **overrides) -> tuple[Case, str]:
    """File a valid case of ``procedure_id``; (the case, its private token from the receipt)."""
    response, key = visitor.send(form_path(procedure_id),
                                 {**valid_fields(procedure_id), **overrides})
    assert response.status_code == 302, response.content.decode()[:3000]
    run_worker()  # the receipt's PDF and mail, as the worker makes them after the POST
    receipt = visitor.get(response["Location"])
    token = re.search(r"/track/([A-Za-z0-9_-]+)/", receipt.content.decode()).group(1)
    return Submission.objects.get(key=key).case, token


def footprint() -> dict[str, int]:
    """Everything a submission writes: a refused one must leave each count as it was."""
    return {model.__name__: model.objects.count() for model in (
        Case, CaseEvent, Party, Submission, Document, OutboxMessage, TrackingLink)}


def field_error(page: str, field: str) -> str:
    """The text of the error tied to ``field`` (id ``id_<field>_error``), or ""."""
    found = re.search(rf'id="id_{field}_error">(.*?)</p>', page, re.S)
    return html.unescape(found.group(1)) if found else ""


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {key: value or "" for key, value in attrs}))


def elements(page: str, tag: str | None = None, **wanted: str) -> list[dict[str, str]]:
    """The attributes of every element of ``page`` (of ``tag``, when given) whose attributes
    include ``wanted`` (``class_`` for class)."""
    parser = _Elements()
    parser.feed(page)
    wanted = {key.rstrip("_"): value for key, value in wanted.items()}
    return [attrs for found_tag, attrs in parser.found
            if (tag is None or found_tag == tag)
            and all(attrs.get(key) == value for key, value in wanted.items())]


def field_widgets(page: str, name: str) -> list[dict[str, str]]:
    """The input, textarea or select elements that send the field ``name``."""
    return [attrs for tag in ("input", "textarea", "select")
            for attrs in elements(page, tag, name=name)]


def choices(page: str, name: str) -> list[str]:
    """The values offered by the radio buttons of field ``name``, in order."""
    return [attrs["value"] for attrs in elements(page, "input", type="radio", name=name)]


def main_text(page: str) -> str:
    """The visible words of the page's main element, whitespace collapsed, entities decoded."""
    main = page[page.find("<main"):page.find("</main>")]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())
    return re.sub(r" ([.,:;)])", r"\1", text)  # "<strong>X</strong>." reads "X."

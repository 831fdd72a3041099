"""Attachments from the public: the type is judged by the bytes, never by the name or the
browser's word; a virus scanner is asked when one is configured (clamd's INSTREAM protocol)."""

from __future__ import annotations

import io
import socket
import struct
import zipfile
from urllib.parse import urlsplit

from django.conf import settings

ACCEPTED = {  # what complainants may send: documents and photos
    "application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg",
    "image/gif": ".gif", "image/webp": ".webp", "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
}


def sniff(content: bytes) -> str | None:
    """The content type the bytes show, or None when they are not one we accept."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content)
    return "text/plain" if _is_text(content) else None


def _office_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "mimetype" in names and archive.read("mimetype") == (
                    b"application/vnd.oasis.opendocument.text"):
                return "application/vnd.oasis.opendocument.text"
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    return None


# Text that a browser could take for markup: refused as a text file (WHATWG sniffing patterns).
MARKUP_STARTS = ("<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div",
                 "<font", "<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p",
                 "<!--", "<?xml", "<svg")


def _is_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    start = text.lstrip("\ufeff \t\r\n\x0c").lower()
    return not any(start.startswith(tag) and (len(start) == len(tag) or not start[len(tag)]
                   .isalnum() or tag in ("<!--", "<?xml"))
                   for tag in MARKUP_STARTS)


class ScannerUnavailable(Exception):
    """The configured scanner did not answer: the upload is refused, not let through."""


def scan(content: bytes) -> str | None:
    """The name of what the scanner found, or None when clean or when no scanner is set."""
    address = settings.OMBUD_VIRUS_SCANNER
    if not address:
        return None
    try:
        with _connect(address) as connection:
            connection.sendall(b"zINSTREAM\0")
            for start in range(0, len(content), 64 * 1024):
                chunk = content[start:start + 64 * 1024]
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = _read_reply(connection)
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    if reply.endswith("OK"):
        return None
    if reply.endswith("FOUND"):
        return reply.removeprefix("stream:").removesuffix("FOUND").strip()
    raise ScannerUnavailable(reply)


def _connect(address: str) -> socket.socket:
    parts = urlsplit(address)
    if parts.hostname:
        return socket.create_connection((parts.hostname, parts.port or 3310), timeout=30)
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.settimeout(30)
    unix.connect(parts.path)
    return unix


def _read_reply(connection: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0"):
        chunk = connection.recv(4096)
        if not chunk:
            break
        reply += chunk
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()

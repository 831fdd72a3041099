"""The seal's Ed25519 key: kept in a PEM file outside the database (``OMBUD_SEAL_KEY``), so that
whoever can write the database cannot sign a seal."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)


class SealKeyError(Exception):
    """The seal key is missing or unusable; the message says why, naming the setting."""


def key_path() -> str:
    from django.conf import settings

    return settings.OMBUD_SEAL_KEY


def load_private_key(path: str | None = None) -> Ed25519PrivateKey:
    path = path if path is not None else key_path()
    if not path:
        raise SealKeyError("OMBUD_SEAL_KEY is not set: name the PEM file of the seal key "
                           "(create one with `ombud audit keygen PATH`)")
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except OSError as error:
        raise SealKeyError(f"OMBUD_SEAL_KEY: {path}: {error.strerror or error}") from None
    except (ValueError, TypeError) as error:
        raise SealKeyError(f"OMBUD_SEAL_KEY: {path}: not an unencrypted PEM private key "
                           f"({error})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SealKeyError(f"OMBUD_SEAL_KEY: {path}: not an Ed25519 key")
    return key


def generate(path: str | Path) -> Ed25519PrivateKey:
    """Write a new key to ``path`` (readable by its owner only); never overwrites a file."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SealKeyError(f"{path}: exists already; a seal key is never overwritten") from None
    except OSError as error:
        raise SealKeyError(f"{path}: {error.strerror or error}") from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return key


def public_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_key: bytes) -> str:
    """SHA-256 of the raw public key, in hex: what an operator publishes and compares."""
    return hashlib.sha256(public_key).hexdigest()


def signature_valid(public_key_hex: str, signature_hex: str, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(
            bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True

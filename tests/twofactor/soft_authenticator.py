"""A software WebAuthn authenticator for the server-side tests: an ES256 key pair that answers
a page's registration and sign-in options as a browser with a security key would, built from
fido2's own data structures ("none" attestation, user presence set)."""

from __future__ import annotations

import hashlib
import json
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_decode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticationResponse,
    AuthenticatorAssertionResponse,
    AuthenticatorAttestationResponse,
    AuthenticatorData,
    CollectedClientData,
    RegistrationResponse,
)

FLAGS = AuthenticatorData.FLAG


class SoftAuthenticator:
    def __init__(self, origin: str = "http://localhost"):
        self.origin = origin
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.counter = 0

    def register(self, options: dict) -> str:
        """The JSON a browser posts after ``navigator.credentials.create(options)``."""
        client_data = CollectedClientData.create(
            type=CollectedClientData.TYPE.CREATE, challenge=websafe_decode(options["challenge"]),
            origin=self.origin)
        credential = AttestedCredentialData.create(
            b"\0" * 16, self.credential_id,
            ES256.from_cryptography_key(self.private_key.public_key()))
        auth_data = AuthenticatorData.create(self._rp_id_hash(options["rp"]["id"]),
                                             FLAGS.UP | FLAGS.AT, self.counter, credential)
        response = RegistrationResponse(raw_id=self.credential_id,
                                        response=AuthenticatorAttestationResponse(
                                            client_data=client_data,
                                            attestation_object=AttestationObject.create(
                                                "none", auth_data, {})))
        return json.dumps(dict(response))

    def sign(self, options: dict, *, counter_step: int = 1) -> str:
        """The JSON a browser posts after ``navigator.credentials.get(options)``."""
        self.counter += counter_step
        client_data = CollectedClientData.create(
            type=CollectedClientData.TYPE.GET, challenge=websafe_decode(options["challenge"]),
            origin=self.origin)
        auth_data = AuthenticatorData.create(self._rp_id_hash(options["rpId"]), FLAGS.UP,
                                             self.counter)
        signature = self.private_key.sign(bytes(auth_data) + client_data.hash,
                                          ec.ECDSA(hashes.SHA256()))
        response = AuthenticationResponse(raw_id=self.credential_id,
                                          response=AuthenticatorAssertionResponse(
                                              client_data=client_data,
                                              authenticator_data=auth_data,
                                              signature=signature))
        return json.dumps(dict(response))

    @staticmethod
    def _rp_id_hash(rp_id: str) -> bytes:
        return hashlib.sha256(rp_id.encode()).digest()

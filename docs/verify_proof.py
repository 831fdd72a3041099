#!/usr/bin/env python3
"""Check the proof of a case history downloaded from Ombud, offline, without Ombud.

    python3 verify_proof.py PROOF.json [--fingerprint HEX]

Needs Python 3 and the `cryptography` package only. Checks that every entry's hash is the
SHA-256 of its content, that each entry names the hash before it, that the sealed head is part
of this chain, that the Merkle path leads from it to the signed root, and that the Ed25519
signature over the seal holds, and that the seal was signed with the key of the fingerprint
given with --fingerprint (the one the organization published; at least its first 16 hex
digits, as the case page shows them). Without it a proof proves nothing: anyone can rewrite
the entries and sign them with a key of their own. Exit status 0 when the proof
holds, 1 when it does not (the reason on one line), 2 when the file cannot be read.
"""

import argparse
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

# 64 bits: grinding a key whose fingerprint starts with them is out of reach; a few digits are not.
MIN_FINGERPRINT = 16


class Broken(Exception):
    pass


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def check_chain(proof):
    """The entries' hashes, after checking each one and its link to the one before."""
    prev, hashes = "", []
    for number, event in enumerate(proof["events"], start=1):
        content = event["content"]
        if event.get("old_erased"):  # erased from a version-2 entry: held by its place alone
            if event["seq"] != number:
                raise Broken(f"entry {number}: not the next link of {proof['case']}'s chain")
            prev = event["hash"]
            hashes.append(prev)
            continue
        if hashlib.sha256(content.encode("utf-8")).hexdigest() != event["hash"]:
            raise Broken(f"entry {number}: its content does not give its hash")
        fields = json.loads(content)
        check_fields(number, fields, event)
        if (fields.get("case"), fields.get("seq"), fields.get("prev")) != (
                proof["case"], number, prev) or event["seq"] != number:
            raise Broken(f"entry {number}: not the next link of {proof['case']}'s chain")
        prev = event["hash"]
        hashes.append(prev)
    return hashes


def field_digest(key, salt, value):
    return hashlib.sha256(canonical({"k": key, "s": salt, "v": value})).hexdigest()


def check_fields(number, content, event):
    """Version 3: the content holds a salted digest of each field; the fields still held
    (``fields``: salt and value) must give them. An erased field is named in ``erased``: only
    its digest is left, and the entry's hash still covers it."""
    if content.get("v") != 3:
        return
    digests = dict(content["data"], **{"@actor": content["actor"]})
    held = event.get("fields", {})
    if set(held) | set(event.get("erased", [])) != set(digests):
        raise Broken(f"entry {number}: its fields are not those its content hashes")
    for key, field in held.items():
        if field_digest(key, field["salt"], field["value"]) != digests[key]:
            raise Broken(f"entry {number}: field {key} does not give its digest")


def merkle_root(leaf, path):
    node = hashlib.sha256(b"\x00" + canonical(leaf)).digest()
    for side, sibling in path:
        pair = (bytes.fromhex(sibling) + node) if side == "L" else (node + bytes.fromhex(sibling))
        node = hashlib.sha256(b"\x01" + pair).digest()
    return node.hex()


def check_seal(proof, hashes, wanted_fingerprint):
    seal = proof["seal"]
    leaf = seal["leaf"]
    count = leaf["events"]
    if leaf["case"] != proof["case"] or not 0 <= count <= len(hashes) \
            or leaf["head"] != (hashes[count - 1] if count else ""):
        raise Broken("the sealed head is not part of this chain")
    payload = json.loads(seal["payload"])
    if payload["organization"] != proof["organization"]:
        raise Broken("the seal is another organization's")
    if merkle_root(leaf, seal["path"]) != payload["root"]:
        raise Broken("the case's head does not lead to the sealed root")
    public_key = bytes.fromhex(seal["public_key"])
    fingerprint = hashlib.sha256(public_key).hexdigest()
    if fingerprint != seal["fingerprint"] or not fingerprint.startswith(wanted_fingerprint):
        raise Broken(f"the seal was signed with key {fingerprint}, not the one expected")
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            bytes.fromhex(seal["signature"]), seal["payload"].encode("utf-8"))
    except (InvalidSignature, ValueError):
        raise Broken("the seal's signature does not hold") from None
    return payload, count, fingerprint


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check an Ombud case history proof offline.")
    parser.add_argument("proof", help="the proof file downloaded from the case page")
    parser.add_argument("--fingerprint", help="the seal key's published fingerprint (hex)")
    args = parser.parse_args(argv)
    wanted = "".join((args.fingerprint or "").split()).replace(":", "").lower()
    try:
        with open(args.proof, encoding="utf-8") as file:
            proof = json.load(file)
    except (OSError, ValueError, RecursionError) as error:
        print(f"cannot read {args.proof}: {error}", file=sys.stderr)
        return 2
    if not isinstance(proof, dict):
        print(f"NOT PROVEN: {args.proof} is not an Ombud proof")
        return 1
    try:
        hashes = check_chain(proof)
        if not proof.get("seal"):
            raise Broken("no seal covers this case yet: its chain holds, but proves nothing "
                         "against a rewrite")
        if len(wanted) < MIN_FINGERPRINT or set(wanted) - set("0123456789abcdef"):
            raise Broken(f"name the seal key with --fingerprint (at least {MIN_FINGERPRINT} hex "
                         "digits of the fingerprint the organization published): without it "
                         "anyone could have signed this proof with a key of their own")
        payload, count, fingerprint = check_seal(proof, hashes, wanted)
    except Broken as problem:
        print(f"NOT PROVEN {proof.get('case')}: {problem}")
        return 1
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as error:
        print(f"NOT PROVEN {proof.get('case')}: the proof is malformed ({error!r})")
        return 1
    print(f"OK {proof['case']}: {len(hashes)} entries chained; the first {count} sealed on "
          f"{payload['sealed_at']} by key {fingerprint}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

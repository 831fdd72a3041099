"""The Merkle tree over the heads of an organization's case chains, as the seal signs it.

A leaf is one case's head (reference, number of entries, last hash); leaves are sorted by
reference. Leaves and inner nodes are hashed with distinct prefixes (0x00, 0x01, as in RFC 6962)
so that an inner node can never pass for a leaf; an odd node at the end of a level moves up as it
is. ``docs/verify_proof.py`` repeats these few lines without Ombud: keep them in step.
"""

from __future__ import annotations

import hashlib
import json

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def leaf_hash(reference: str, events: int, head: str) -> bytes:
    content = json.dumps({"case": reference, "events": events, "head": head}, sort_keys=True,
                         separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(b"\x00" + content).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _levels(leaves: list[bytes]) -> list[list[bytes]]:
    levels = [leaves]
    while len(levels[-1]) > 1:
        level = levels[-1]
        upper = [_node(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            upper.append(level[-1])
        levels.append(upper)
    return levels


def root(leaves: list[bytes]) -> str:
    if not leaves:
        return EMPTY_ROOT
    return _levels(leaves)[-1][0].hex()


def path(leaves: list[bytes], index: int) -> list[list[str]]:
    """The audit path of leaf ``index``: ``[side, hash]`` pairs from the leaf up, where side
    says whether the sibling stands left ("L") or right ("R") of the running hash."""
    steps = []
    for level in _levels(leaves)[:-1]:
        sibling = index ^ 1
        if sibling < len(level):
            steps.append(["L" if sibling < index else "R", level[sibling].hex()])
        index //= 2
    return steps

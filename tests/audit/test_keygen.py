"""``ombud audit keygen PATH``: an operator makes the seal key, readable by its owner only, and
never overwrites one."""

from __future__ import annotations

import stat
import subprocess
import sys

OMBUD = [sys.executable, "-c", "import sys; from ombud.cli import main; sys.exit(main())"]


def test_keygen_writes_a_private_key_and_prints_its_fingerprint(tmp_path):
    path = tmp_path / "seal-key.pem"
    made = subprocess.run([*OMBUD, "audit", "keygen", str(path)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    fingerprint = next(line for line in made.stdout.splitlines()
                       if line.startswith("fingerprint")).split()[-1]
    assert len(fingerprint) == 64

    before = path.read_bytes()
    again = subprocess.run([*OMBUD, "audit", "keygen", str(path)], capture_output=True, text=True)
    assert again.returncode == 2
    assert again.stderr == f"ombud: {path}: exists already; a seal key is never overwritten\n"
    assert path.read_bytes() == before

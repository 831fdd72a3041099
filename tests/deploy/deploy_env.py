"""Deployment tests start real processes with the environment a production installation has."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
OMBUD = str(Path(sys.executable).parent / "ombud")

# A key as an operator generates one (secrets.token_urlsafe(50)); not a secret of anyone's.
STRONG_KEY = "q7bX2n1kR9vLw0ZtF4sHc8YpJ3mDe6Ga5UoNiKxQr2TlVb7WzS1fE0hMg9jPd4Cu"
OLD_KEY = "Lm3Qz8Rt1Vw6Xy0Ab4Cd9Ef2Gh7Ij5Kl1Mn8Op3Qr6St0Uv4Wx9Yz2Ab7Cd5Ef1Gh"


TEST_RUN_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def production_environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    """The caller's environment without any OMBUD_* variable (so neither demo nor test mode)
    and without what the test run itself sets (the browser tests allow Django's synchronous
    calls from Playwright's event loop), plus ``settings``."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("OMBUD_") and name not in TEST_RUN_ONLY}
    env.update({"DJANGO_SETTINGS_MODULE": "ombud.settings", "PYTHONUNBUFFERED": "1",
                "OMBUD_DATA_DIR": str(tmp_path), **settings})
    return env


def run(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=timeout)

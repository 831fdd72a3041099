"""Issue 15, item 2: the parts of deploy/ that can be checked without a container runtime. Every
Ombud command in compose.yaml and the systemd units is one `ombud` accepts; systemd itself
finds nothing wrong in the units but their not yet installed programs; the environment file's
example passes Django's deployment check with its S3 store configured."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess

import pytest
from processes import PYTHON, REPO, run

from ombud.cli import build_parser

DEPLOY = REPO / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service")) + sorted(
    (DEPLOY / "systemd").glob("*.timer"))


def _compose_commands() -> list[list[str]]:
    text = (DEPLOY / "compose.yaml").read_text()
    return [json.loads(found) for found in re.findall(r"^\s+command: (\[.*\])$", text, re.M)]


def _unit_commands() -> list[list[str]]:
    commands = []
    for unit in UNITS:
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart=/opt/ombud/.venv/bin/ombud "):
                commands.append(shlex.split(line.removeprefix("ExecStart=/opt/ombud/.venv/bin/")))
    return commands


def test_every_ombud_command_of_the_deployment_is_one_ombud_accepts():
    commands = [command for command in _compose_commands() + _unit_commands()
                if command[0] == "ombud"]
    assert {command[1] for command in commands} == {"serve", "worker"}
    pools = set()
    for command in commands:
        args = build_parser().parse_args(command[1:])  # exits (fails the test) if refused
        pools.add(getattr(args, "pool", None))
    assert {"public", "staff"} <= pools


def test_systemd_finds_nothing_wrong_in_the_units_but_the_missing_installation():
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is not installed (Debian: systemd)")
    done = subprocess.run([analyze, "verify", "--man=no", *map(str, UNITS)],
                          capture_output=True, text=True, timeout=60)
    complaints = [line for line in (done.stdout + done.stderr).splitlines()
                  if line.strip() and "/opt/ombud/.venv/bin/" not in line]
    assert complaints == []


def _filled_example() -> str:
    """The example with every <…> filled in, the secret key as an operator generates one."""
    text = (DEPLOY / "ombud.env.example").read_text()
    text = re.sub(r"^OMBUD_SECRET_KEY=.*$", "OMBUD_SECRET_KEY=q7bX2n1kR9vLw0ZtF4sHc8YpJ3mDe6Ga5Uo"
                  "NiKxQr2TlVb7WzS1fE0hMg9jPd4Cu", text, flags=re.M)
    return re.sub(r"<[^>]*>", "filled-in-by-the-operator", text)


def _example_values() -> dict[str, str]:
    """NAME=value lines as systemd's EnvironmentFile= and compose's env_file read them: a
    value wholly in single quotes is taken without them."""
    values = {}
    for line in _filled_example().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            quoted = len(value) >= 2 and value[0] == value[-1] == "'"
            values[name] = value[1:-1] if quoted else value
    return values


def test_the_environment_example_reads_the_same_in_a_shell(tmp_path):
    """docs/operating.md runs a command by hand after `set -a; . /etc/ombud/env; set +a`. The
    shell split the unquoted JSON of OMBUD_STORAGE_OPTIONS into words (the command then ran
    without the store's options), and the file named no DJANGO_SETTINGS_MODULE, so
    `python -m django migrate` stopped: the shell now reads every value as systemd does."""
    example = tmp_path / "env"
    example.write_text(_filled_example())
    done = subprocess.run(["/bin/sh", "-c", f'set -a; . "{example}"; set +a; exec env -0'],
                          capture_output=True, text=True, timeout=30, env={"PATH": "/usr/bin:/bin"})
    assert done.stderr == ""
    shell = dict(entry.partition("=")[::2] for entry in done.stdout.split("\0") if entry)
    values = _example_values()
    assert {name: shell.get(name) for name in values} == values
    assert values["DJANGO_SETTINGS_MODULE"] == "ombud.settings"


def _example_environment(tmp_path) -> dict[str, str]:
    values = _example_values()
    json.loads(values["OMBUD_STORAGE_OPTIONS"])  # one line of JSON, as the setting reads it
    # the test process's own settings stay behind: OMBUD_*, and the browser tests' permission to
    # call the ORM from Playwright's event loop (a deployment must not set it: async.E001)
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("OMBUD_") and name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(values, DJANGO_SETTINGS_MODULE="ombud.settings", OMBUD_DATA_DIR=str(tmp_path))
    return env


def test_the_environment_example_passes_djangos_deployment_check_with_the_s3_store(tmp_path):
    env = _example_environment(tmp_path)
    done = run([PYTHON, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert done.returncode == 0, done.stdout + done.stderr
    storage = run([PYTHON, "-c", "import django; django.setup(); from django.core.files."
                   "storage import storages; s = storages['default']; print(type(s).__name__, "
                   "s.bucket_name, s.endpoint_url, s.default_acl, s.file_overwrite)"], env)
    assert storage.stdout.split() == ["S3Storage", "ombud", "http://minio:9000", "private",
                                      "False"], storage.stderr

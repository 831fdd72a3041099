"""Issue 15, item 1: `ombud serve` runs gunicorn's pools of processes, the public pages in one
and the staff's in another, each refusing the other's pages; /healthz and /readyz; static files
from every pool; a graceful stop on SIGTERM."""

from __future__ import annotations

import json
import subprocess

import pytest
from processes import (
    OMBUD,
    PYTHON,
    Started,
    alive,
    children,
    environment,
    fetch,
    free_port,
    run,
    wait_until,
)

SEED = [PYTHON, "tests/production/seed_small.py"]


def _serve(pool: str, env, log, workers: int = 2, *extra: str) -> tuple[Started, str]:
    port = free_port()
    server = Started([OMBUD, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                      "--pool", pool, *extra], env, log)
    return server, f"http://127.0.0.1:{port}"


def _up(server: Started, base: str, workers: int) -> None:
    wait_until(lambda: fetch(base + "/healthz", timeout=2)[0] == 200, 60,
               f"{base}/healthz\n{server.output()}")
    wait_until(lambda: len(children(server.pid)) == workers, 30, "the pool's processes")


def test_serve_runs_public_and_staff_pages_in_separate_pools(installation, tmp_path):
    env, _ = installation
    seeded = run(SEED, env)
    assert seeded.returncode == 0, seeded.stderr
    public, public_url = _serve("public", env, tmp_path / "public.log", workers=2)
    staff, staff_url = _serve("staff", env, tmp_path / "staff.log", workers=3)
    try:
        _up(public, public_url, 2)
        _up(staff, staff_url, 3)
        form, login = "/dnv/complaint/new/", "/login/"
        assert fetch(public_url + form)[0] == 200
        assert fetch(staff_url + login)[0] == 200
        # Each refuses the other's pages: a wrong route in the proxy shows at once.
        assert fetch(staff_url + form)[0] == 421
        assert fetch(public_url + login)[0] == 421
        assert fetch(public_url + "/dnv/cases/")[0] == 421
        for base in (public_url, staff_url):
            status, headers, body = fetch(base + "/static/ombud/ombud.css")
            assert status == 200 and b"{" in body
            assert "max-age" in headers["Cache-Control"]
            status, _, body = fetch(base + "/readyz")
            assert status == 200
            assert json.loads(body) == {"status": "ok", "database": "ok", "storage": "ok"}
        pool_pids = children(public.pid) + children(staff.pid)
    finally:
        codes = public.terminate(), staff.terminate()
    assert codes == (0, 0), public.output() + staff.output()
    assert not any(alive(pid) for pid in pool_pids)


def test_readyz_says_503_when_the_database_is_gone(installation, tmp_path, databases):
    env, _ = installation
    if databases.base is None:  # the database "file" is a folder: SQLite cannot open it
        (tmp_path / "a-folder").mkdir()
        broken = dict(env, OMBUD_DATABASE_URL=f"sqlite:///{tmp_path / 'a-folder'}")
    else:  # a database that does not exist
        broken = dict(env, OMBUD_DATABASE_URL=env["OMBUD_DATABASE_URL"] + "_absent")
    server, base = _serve("all", broken, tmp_path / "all.log", workers=1)
    try:
        wait_until(lambda: fetch(base + "/healthz", timeout=2)[0] == 200, 60,
                   f"/healthz\n{server.output()}")
        status, _, body = fetch(base + "/readyz")
    finally:
        server.terminate()
    assert status == 503
    assert json.loads(body) == {"status": "unavailable", "database": "failed", "storage": "ok"}


@pytest.mark.parametrize("arguments, naming", [
    (["--workers", "0"], "--workers"),
    (["--pool", "visitors"], "--pool"),
])
def test_serve_refuses_bad_arguments(tmp_path, arguments, naming):
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'ombud.sqlite3'}")
    done = run([OMBUD, "serve", *arguments], env, timeout=30)
    assert done.returncode == 2 and naming in done.stderr


def test_serve_refuses_to_start_without_the_secret_key_in_one_line(tmp_path):
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'ombud.sqlite3'}")
    env = {name: value for name, value in env.items() if name != "OMBUD_SECRET_KEY"}
    done = run([OMBUD, "serve", "--bind", f"127.0.0.1:{free_port()}"], env, timeout=30)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert "OMBUD_SECRET_KEY" in done.stderr and "Traceback" not in done.stderr


def test_the_public_pool_yields_the_processor_to_the_staff_pool_with_nice(installation,
                                                                          tmp_path):
    """Issue 15, item 2: `--nice 10` on the public pool lowers the priority of its master and
    every process it forks; the staff pool, started without it, keeps the normal one."""
    import os

    env, _ = installation
    public, public_url = _serve("public", env, tmp_path / "public.log", 2, "--nice", "10")
    staff, staff_url = _serve("staff", env, tmp_path / "staff.log", 1)
    try:
        _up(public, public_url, 2)
        _up(staff, staff_url, 1)
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        for pid in [public.pid, *children(public.pid)]:
            assert os.getpriority(os.PRIO_PROCESS, pid) == min(ours + 10, 19)
        for pid in [staff.pid, *children(staff.pid)]:
            assert os.getpriority(os.PRIO_PROCESS, pid) == ours
        assert fetch(public_url + "/dnv/complaint/new/")[0] in (200, 404)
    finally:
        codes = public.terminate(), staff.terminate()
    assert codes == (0, 0), public.output() + staff.output()


def test_serve_refuses_a_niceness_outside_0_to_19(installation):
    env, _ = installation
    done = run([OMBUD, "serve", "--nice", "-5"], env, timeout=30)
    assert done.returncode == 2 and "from 0 to 19" in done.stderr


def test_two_pools_of_one_user_leave_no_control_socket_to_share(installation, tmp_path):
    """gunicorn (25.1 and later) opens a control socket at $HOME/.gunicorn/gunicorn.ctl
    (or $XDG_RUNTIME_DIR/gunicorn.ctl) unless told not to: every pool of the service user took
    the same path, each start took it from the one before, and the first to stop removed it
    under the others (seen with the public and staff pools in the operating walk). Ombud
    controls its pools by signals (systemd, compose); no pool opens one."""
    env, _ = installation
    home = tmp_path / "home"
    home.mkdir()
    env = {name: value for name, value in env.items() if name != "XDG_RUNTIME_DIR"}
    env["HOME"] = str(home)
    pools = [_serve(pool, env, tmp_path / f"{pool}.log", 1) for pool in ("public", "staff")]
    try:
        for server, base in pools:
            _up(server, base, 1)
        assert not (home / ".gunicorn").exists(), [server.output() for server, _ in pools]
    finally:
        for server, _ in pools:
            server.terminate()


@pytest.mark.parametrize("mode", ["OMBUD_DEMO", "OMBUD_TEST"])
@pytest.mark.parametrize("bind", ["0.0.0.0", "[::]", "unix:/tmp/ombud-prodattack.sock"])
def test_serve_in_demo_or_test_mode_listens_on_this_machine_only(tmp_path, mode, bind):
    """Demo and test mode accept the published development key (and in demo mode the shared
    password of the seeded users): an environment file that kept OMBUD_DEMO=1 must not serve
    the network. The loopback address still serves (the load benchmark's pools)."""
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'ombud.sqlite3'}", **{mode: "1"})
    address = bind if bind.startswith("unix:") else f"{bind}:{free_port()}"
    try:
        done = run([OMBUD, "serve", "--bind", address], env, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`ombud serve --bind {address}` served in {mode}")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert mode.split("_")[1] in done.stderr and "Traceback" not in done.stderr


def test_item_4_a_web_process_collects_garbage_at_ombuds_pace(tmp_path):
    """The WSGI module sets the collector as measured (bench/bench_intake.py): a process that
    loads it, as gunicorn and the demo do, runs with Ombud's thresholds, not Python's 700."""
    import os
    import sys

    shown = subprocess.run(
        [sys.executable, "-c", "import gc, ombud.wsgi; print(gc.get_threshold())"],
        capture_output=True, text=True, check=True,
        env={**os.environ, "OMBUD_DEMO": "1", "DJANGO_SETTINGS_MODULE": "ombud.settings",
             "OMBUD_DATABASE_URL": f"sqlite:///{tmp_path / 'o.sqlite3'}"}).stdout
    assert shown.strip() == "(50000, 20, 20)"

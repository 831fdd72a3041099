"""Issue 15, items 1 and 2: deploy/Caddyfile run by a real Caddy on 127.0.0.1 (plain HTTP: the
certificate is the one part not run here) in front of a public and a staff pool of `ombud
serve`: every public page goes to the public pool and every other page to the staff's; the
metrics never pass; Ombud keeps the proxy's request id."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import time

from processes import (
    OMBUD,
    PYTHON,
    REPO,
    Started,
    children,
    fetch,
    free_port,
    run,
    wait_until,
)

from ombud.web.pools import PUBLIC_PATH_PATTERN

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def test_the_caddyfile_routes_with_ombuds_own_public_path_rule():
    caddyfile = (REPO / "deploy" / "Caddyfile").read_text()
    assert f"path_regexp public {PUBLIC_PATH_PATTERN}\n" in caddyfile


def _caddyfile_for(caddy: str, folder) -> str:
    """deploy/Caddyfile as the installed Caddy reads it: Debian's 2.6.2 predates
    ``request_buffers`` (2.6.4) and names the same buffering ``buffer_requests``."""
    version = run([caddy, "version"], dict(os.environ)).stdout.split()[0].lstrip("v")
    text = (REPO / "deploy" / "Caddyfile").read_text()
    assert "request_buffers 60MB" in text  # the pools' threads wait for no slow client
    if tuple(int(part) for part in version.split(".")[:3]) < (2, 6, 4):
        text = text.replace("request_buffers 60MB", "buffer_requests")
    adapted = folder / "Caddyfile"
    adapted.write_text(text)
    return str(adapted)


@contextlib.contextmanager
def _slow_clients(port: int, path: str, count: int):
    """``count`` clients that announce a form body and send only its first bytes."""
    sockets = []
    try:
        for _ in range(count):
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            client.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                           "application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n"
                           # a well-formed CSRF cookie: Django then reads the body for the token
                           f"Cookie: csrftoken={'a' * 32}\r\n\r\n"
                           "username=a".encode())
            sockets.append(client)
        time.sleep(1)  # the proxy has passed on what it would pass on
        yield
    finally:
        for client in sockets:
            client.close()


def _paths(log: str) -> list[str]:
    return [json.loads(line)["path"] for line in log.splitlines()
            if line.startswith("{") and '"ombud.access"' in line]


def test_caddy_sends_public_pages_to_the_public_pool_and_the_rest_to_the_staff(installation,
                                                                                tmp_path):
    caddy = shutil.which("caddy")
    assert caddy, "caddy is not installed: scripts/proxy installs it"
    env, _ = installation
    assert run([PYTHON, "tests/production/seed_small.py"], env).returncode == 0
    env = dict(env, OMBUD_TRUSTED_PROXY="1", OMBUD_TLS_PROXY_HEADER="X-Forwarded-Proto",
               OMBUD_ACCESS_LOG="1", OMBUD_LOG_LEVEL="WARNING")
    ports = {name: free_port() for name in ("public", "staff", "proxy")}
    pools = {pool: Started([OMBUD, "serve", "--pool", pool, "--workers", "1",
                            "--bind", f"127.0.0.1:{ports[pool]}"], env, tmp_path / f"{pool}.log")
             for pool in ("public", "staff")}
    proxy_env = dict(env, OMBUD_SITE=f"http://127.0.0.1:{ports['proxy']}",
                     OMBUD_HOST="127.0.0.1", XDG_DATA_HOME=str(tmp_path / "caddy"),
                     XDG_CONFIG_HOME=str(tmp_path / "caddy"),
                     OMBUD_PUBLIC_UPSTREAM=f"127.0.0.1:{ports['public']}",
                     OMBUD_STAFF_UPSTREAM=f"127.0.0.1:{ports['staff']}")
    proxy = None
    try:
        for pool, server in pools.items():
            wait_until(lambda s=server, p=pool: fetch(
                f"http://127.0.0.1:{ports[p]}/healthz", timeout=2)[0] == 200, 60,
                f"the {pool} pool\n{server.output()}")
        proxy = Started([caddy, "run", "--config", _caddyfile_for(caddy, tmp_path),
                         "--adapter", "caddyfile"], proxy_env, tmp_path / "caddy.log")
        base = f"http://127.0.0.1:{ports['proxy']}"
        wait_until(lambda: fetch(base + "/healthz", timeout=2)[0] == 200, 30,
                   f"caddy\n{proxy.output()}")
        form = fetch(base + "/dnv/complaint/new/")
        login = fetch(base + "/login/")
        track = fetch(base + "/track/")
        metrics = fetch(base + "/metrics")
        assert (form[0], login[0], track[0], metrics[0]) == (200, 200, 200, 404)
        assert UUID.match(form[1]["X-Request-ID"]), form[1]["X-Request-ID"]
        assert UUID.match(login[1]["X-Request-ID"])
        assert len(children(pools["public"].pid)) == 1
        with _slow_clients(ports["proxy"], "/login/", 12):
            # more clients sending a form a byte at a time than the staff pool has threads
            assert fetch(base + "/login/", timeout=5)[0] == 200
    finally:
        if proxy is not None:
            proxy.terminate()
        for server in pools.values():
            server.terminate()
    public, staff = _paths(pools["public"].output()), _paths(pools["staff"].output())
    assert "/dnv/complaint/new/" in public and "/track/" in public
    assert "/login/" in staff
    assert not {"/login/", "/metrics"} & set(public)
    assert not {"/dnv/complaint/new/", "/track/", "/metrics"} & set(staff)

"""Issue 15, item 1: static files served efficiently. After `collectstatic` into
OMBUD_STATIC_ROOT the pages name each file by its content's hash, and `ombud serve` sends it
compressed with a cache lifetime of years (a new release has new names)."""

from __future__ import annotations

import re

from processes import OMBUD, PYTHON, Started, fetch, free_port, run, wait_until


def test_collected_static_files_are_hashed_compressed_and_cached_for_years(installation,
                                                                           tmp_path):
    env, _ = installation
    env = dict(env, OMBUD_STATIC_ROOT=str(tmp_path / "static"))
    done = run([PYTHON, "-m", "django", "collectstatic", "--noinput", "--verbosity", "0"], env)
    assert done.returncode == 0, done.stderr
    port = free_port()
    server = Started([OMBUD, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], env,
                     tmp_path / "serve.log")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: fetch(base + "/healthz", timeout=2)[0] == 200, 60,
                   f"the server\n{server.output()}")
        page = fetch(base + "/login/")[2].decode()
        (stylesheet,) = re.findall(r'href="(/static/ombud/ombud\.[0-9a-f]{12}\.css)"', page)
        status, headers, body = fetch(base + stylesheet, {"Accept-Encoding": "gzip"})
        plain = fetch(base + stylesheet)
    finally:
        server.terminate()
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    assert len(body) < len(plain[2]) and b"{" in plain[2]

"""`ombud demo`: migrate, seed once, then serve the web application and run the background
worker side by side until Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path


def _configure(data_dir: Path, port: int) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    # Links in mail (the private link, the form link) point at this demo's own server.
    os.environ.setdefault("OMBUD_PUBLIC_URL", f"http://127.0.0.1:{port}")
    os.environ["OMBUD_DATA_DIR"] = str(data_dir)
    os.environ["OMBUD_DEMO"] = "1"
    os.environ.setdefault("OMBUD_DATABASE_URL", f"sqlite:///{data_dir / 'ombud.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
    _seal_key(data_dir)
    import django

    django.setup()


def _seal_key(data_dir: Path) -> None:
    """The demo signs its seals with a key of its own, made once in its data directory, unless
    OMBUD_SEAL_KEY names one. The worker inherits the setting."""
    if os.environ.get("OMBUD_SEAL_KEY"):
        return
    path = data_dir / "seal-key.pem"
    if not path.exists():
        from ombud.audit.keys import generate

        generate(path)
    os.environ["OMBUD_SEAL_KEY"] = str(path)


def run_demo(*, data_dir: Path, port: int, serve: bool) -> int:
    data_dir = data_dir.resolve()
    _configure(data_dir, port)
    from django.core.management import call_command

    from ombud.demo.organizations import DEMO_PASSWORD, ORGANIZATIONS, ROLES
    from ombud.demo.seed import seed_if_empty

    call_command("migrate", verbosity=0)
    print(f"Ombud demo in {data_dir}")
    if seed_if_empty():
        print("Seeded five organizations and their cases.")
    slugs = ", ".join(spec["slug"] for spec in ORGANIZATIONS)
    print(f"Users: <org>-<role> with org one of {slugs} and role one of {', '.join(ROLES)}"
          f" (e.g. dnv-handler); password: {DEMO_PASSWORD}")
    print("admin, manager and privacy sign in with a second step: its page shows the demo"
          " code (README, \"Two-factor sign-in\")")
    if not serve:
        return 0
    return _serve(port)  # the worker starts by sending the outbox and sweeping (schedule.resume)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _serve(port: int) -> int:
    from django.conf import settings
    from waitress import serve

    from ombud.wsgi import application

    worker = subprocess.Popen(
        [sys.executable, "-m", "django", "ombud_worker", "--verbosity", "0"], env=os.environ.copy())
    print(f"Web server on http://127.0.0.1:{port}/login/ and the worker (pid {worker.pid}) "
          "are running; Ctrl-C stops both.", flush=True)
    # Ctrl-C and a plain kill both end the demo cleanly, even where the shell that started us
    # left SIGINT ignored (a background job of a script).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        # Threads enough that a staff page finds one while complainants wait their turn
        # (OMBUD_PUBLIC_CONCURRENCY); the connection limit well above a busy office's browsers.
        # The body limit also bounds a body sent without its length (chunked), which the
        # application's own check (RequestSizeLimitMiddleware) cannot see before it is read.
        serve(application, host="127.0.0.1", port=port, threads=24, connection_limit=400,
              max_request_body_size=settings.OMBUD_REQUEST_MAX_BYTES, _quiet=True)
    except KeyboardInterrupt:
        pass
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
    return 0

"""``ombud serve``: gunicorn on ``ombud.wsgi``, one pool of processes per invocation.

A pool is ``public`` (the complainants' pages), ``staff`` (everything else) or ``all``. Two
pools behind the TLS proxy, which sends each path to its pool (``ombud.web.pools`` holds the
rule, deploy/Caddyfile applies it), keep a flood of public submissions off the staff's
processes: the staff pool's workers are never busy with a public page. Each process refuses
the other pool's pages (421), so a proxy that routes wrongly is noticed at once.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import tempfile

from gunicorn.app.base import BaseApplication

POOLS = ("public", "staff", "all")


class OmbudServer(BaseApplication):
    """gunicorn configured from our arguments only: no gunicorn.conf.py or GUNICORN_CMD_ARGS
    is read, so what runs is what `ombud serve` was told."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # gunicorn 25.1+ opens a control socket at one path per user ($HOME/.gunicorn): every
        # pool of the service user would take the same one. Pools are run by signals.
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)

    def load(self):
        from ombud.wsgi import application

        return application


def _options(*, bind: str, workers: int, threads: int, pool: str, timeout: int) -> dict:
    return {
        "bind": [bind],
        "workers": workers,
        # Threads in each process: a request waiting on the database leaves the processor to
        # another; the public pages also take turns within a process (PublicTurnsMiddleware).
        "worker_class": "gthread",
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": 30,
        "keepalive": 5,
        # A process is replaced after this many requests (spread so they are not replaced
        # together): memory a long life gathers is given back.
        "max_requests": 5000,
        "max_requests_jitter": 500,
        "proc_name": f"ombud-{pool}",
        # The scheme comes from Django's SECURE_PROXY_SSL_HEADER (OMBUD_TLS_PROXY_HEADER) alone:
        # gunicorn's own reading of X-Forwarded-Proto would be a second, unconfigured door.
        "secure_scheme_headers": {},
        "forwarded_allow_ips": "",
        "accesslog": None,  # Ombud writes its own request lines, with the request id
        "errorlog": "-",
        "loglevel": os.environ.get("OMBUD_LOG_LEVEL", "warning").lower(),
        "child_exit": _child_exit,
        "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,
    }


def _child_exit(server, worker) -> None:
    """A process that ended leaves its live gauges to the metrics of the pool (prometheus), and
    its counts to the pool's archive."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
    fold_into_archive(os.environ["PROMETHEUS_MULTIPROC_DIR"], worker.pid)


def fold_into_archive(folder: str, pid: int) -> None:
    """Add an ended process's counters and histograms to the pool's ``*_archive.db`` and remove
    its files. Each process is replaced after max_requests, and its files stayed: every scrape
    read them all, more with every day (2,000 ended processes: 71 MB, 1.7 s of a web thread
    per scrape), and anyone sending cheap requests made processes end faster. The sums, all a
    scrape shows of them, are the same. Only gunicorn's master calls this: one writer."""
    from prometheus_client.mmap_dict import MmapedDict

    for kind in ("counter", "histogram"):
        ended = os.path.join(folder, f"{kind}_{pid}.db")
        if not os.path.exists(ended):
            continue
        archive = MmapedDict(os.path.join(folder, f"{kind}_archive.db"))
        try:
            for key, value, timestamp, _ in MmapedDict.read_all_values_from_file(ended):
                archive.write_value(key, archive.read_value(key)[0] + value, timestamp)
        finally:
            archive.close()
        os.remove(ended)


def _metrics_dir(pool: str) -> str:
    """The folder the pool's processes share their counters in (prometheus_client's
    multiprocess mode): made anew at each start, so counts of an earlier run do not linger."""
    base = os.environ.get("OMBUD_METRICS_DIR", "")
    if base:
        path = os.path.join(base, pool)
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path)
        return path
    return tempfile.mkdtemp(prefix=f"ombud-metrics-{pool}-")


def serve(*, bind: str, workers: int, threads: int, pool: str, timeout: int = 75,
          nice: int = 0) -> int:
    """Run one pool in the foreground until SIGTERM or SIGINT (graceful: requests in flight end).
    ``nice``: the pool's processes yield the processor to others by this much (the public pool
    to the staff's, on one machine); its processes inherit it from the master."""
    if nice:
        os.nice(nice)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
    os.environ["OMBUD_POOL"] = pool
    _refuse_relaxed_mode_beyond_this_machine(bind)
    metrics_dir = _metrics_dir(pool)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    _check_settings()
    try:
        OmbudServer(_options(bind=bind, workers=workers, threads=threads, pool=pool,
                             timeout=timeout)).run()
    finally:
        if not os.environ.get("OMBUD_METRICS_DIR"):
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _check_settings() -> None:
    """Load the settings in the master once, so a bad OMBUD_* value stops the start with its
    one line, instead of every process failing to boot in turn. No connection is kept: the
    processes forked afterwards open their own."""
    import django
    from django.db import connections

    django.setup()
    connections.close_all()


def _refuse_relaxed_mode_beyond_this_machine(bind: str) -> None:
    """Demo and test mode accept the published development key, and in demo mode every seeded
    `<org>-<role>` user signs in with the shared password: like `ombud demo`, such a server
    listens on this machine only. An environment file that kept OMBUD_DEMO=1 (copied from a
    trial) stops the start instead of serving the world."""
    from ombud.config import startup
    from ombud.config.env import ConfigurationError

    if startup.relaxed_mode() and not _loopback(bind):
        raise ConfigurationError(
            f"OMBUD_DEMO or OMBUD_TEST is set and --bind {bind} is not this machine's loopback "
            "address: demo and test mode accept the development key and the demo's shared "
            "password; remove them (see docs/operating.md)")


def _loopback(bind: str) -> bool:
    host = bind.rpartition(":")[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # unix:PATH (a proxy may serve it to anyone), a host name
        return False

"""Load on the public form (issue 5): 50 complainants at once for 60 s against the demo on
PostgreSQL, over loopback, beside a minimal Django POST view served the same way.

    .venv/bin/python bench/bench_public_load.py [--clients 50] [--seconds 60]
    .venv/bin/python bench/bench_public_load.py --smoke    # the test command's check

``--smoke``: 2 clients for 3 s on free ports, in a database of its own dropped afterwards; no
timing asserted, but no submission may be lost, doubled or answered with 5xx.

Each simulated complainant loops: GET the form, solve the proof of work, POST (one in five with
a PDF attached; one in ten sent twice at once, as a double click), follow the redirect to the
receipt. Afterwards the database must hold exactly one case per submitted key: none lost, none
doubled. A staff member reads the queue page all along; its p95 under load is reported beside
its p95 at rest ("a flood of submissions does not slow the staff pages").

All clients come from 127.0.0.1, so the per-address limit is raised for this run
(OMBUD_PUBLIC_LIMIT_PER_HOUR), and the proof of work is made small (OMBUD_PROOF_OF_WORK_MAX):
the clients share the server's two cores, and their hashing would otherwise be measured as the
server's slowness.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import multiprocessing
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
sys.path.insert(0, str(HERE))
import benchdb  # noqa: E402
from webclient import Browser, hidden, multipart, solve  # noqa: E402

DATABASE = "ombud_load"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SEED_ORGANIZATIONS = ("import django; django.setup(); from django.core.management import "
                      "call_command; call_command('migrate', verbosity=0); from ombud.demo.seed "
                      "import seed_meetings, seed_organizations; seed_organizations(); "
                      "seed_meetings()")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.keys: set[str] = set()
        self.doubles = 0
        self.errors: list[str] = []

    def record(self, status: int, seconds: float, key: str | None = None) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.latencies.append(seconds)
            if key and status in (302, 303):
                self.keys.add(key)


def complainant(port: int, index: int, deadline: float, results: Results) -> None:
    browser = Browser(port)
    count = 0
    while time.monotonic() < deadline:
        count += 1
        status, _, body = browser.request("GET", "/pp/complaint/new/")
        if status != 200:
            results.record(status, 0.0)
            continue
        page = body.decode()
        puzzle = json.loads(html.unescape(re.search(r"data-puzzle='([^']*)'", page).group(1)))
        key = hidden(page, "key")
        fields = {"csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"), "key": key,
                  "proof": solve(puzzle), "website": "", "filer": "participant",
                  "name": f"Deltaker {index}-{count}", "email": f"d{index}.{count}@example.org",
                  "phone": "", "address": "", "about": "inclusion",
                  "title": "Endret turnus på kort varsel",
                  "description": "Arbeidslederen endrer turnusen min med en dags varsel.",
                  "reasons": "Jeg trenger forutsigbarhet.", "consent": "on"}
        files = [("attachments", "turnus.pdf", PDF)] if count % 5 == 0 else []
        body, content_type = multipart(fields, files)
        headers = {"Content-Type": content_type, "Referer": f"http://127.0.0.1:{port}/"}
        if count % 10 == 2:  # a double click: the same POST twice at once
            twin = Browser(port)
            twin.cookies = dict(browser.cookies)
            thread = threading.Thread(target=twin.request,
                                      args=("POST", "/pp/complaint/new/", body, headers))
            thread.start()
            with results.lock:
                results.doubles += 1
        else:
            thread = None
        started = time.perf_counter()
        status, response_headers, _ = browser.request("POST", "/pp/complaint/new/", body,
                                                      headers)
        results.record(status, time.perf_counter() - started, key)
        if thread:
            thread.join()
        if status in (302, 303):
            browser.request("GET", response_headers["Location"])
        elif status >= 500:
            with results.lock:
                results.errors.append(f"{status} on POST")


def flooder(port: int, index: int, deadline: float, results: Results) -> None:
    """A robot from one address: fetches the form once, then posts as fast as it can."""
    browser = Browser(port)
    _, _, body = browser.request("GET", "/pp/complaint/new/")
    page = body.decode()
    fields = {"csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"), "website": "",
              "filer": "participant", "name": "Robot", "email": "robot@example.org",
              "about": "inclusion", "title": "Spam", "description": "Spam", "reasons": "Spam",
              "consent": "on"}
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "Referer": f"http://127.0.0.1:{port}/"}
    count = 0
    while time.monotonic() < deadline:
        count += 1
        data = urlencode({**fields, "key": f"flood-{index}-{count}-{uuid.uuid4().hex}"}).encode()
        started = time.perf_counter()
        status, _, _ = browser.request("POST", "/pp/complaint/new/", data, headers)
        results.record(status, time.perf_counter() - started)


def baseline_client(port: int, deadline: float, results: Results) -> None:
    browser = Browser(port)
    fields = {"name": "Deltaker", "email": "d@example.org", "title": "x" * 30,
              "description": "y" * 60}
    body, content_type = multipart(fields, [])
    while time.monotonic() < deadline:
        started = time.perf_counter()
        status, _, _ = browser.request("POST", "/minimal-post/", body,
                                       {"Content-Type": content_type})
        results.record(status, time.perf_counter() - started)


def staff_reader(port: int, deadline: float, latencies: list[float]) -> None:
    browser = Browser(port)
    status, _, page = browser.request("GET", "/login/")
    token = hidden(page.decode(), "csrfmiddlewaretoken")
    browser.request("POST", "/login/", urlencode({
        "csrfmiddlewaretoken": token, "username": "pp-handler", "password": "ombud-demo"})
        .encode(), {"Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://127.0.0.1:{port}/login/"})
    while time.monotonic() < deadline:
        started = time.perf_counter()
        status, _, _ = browser.request("GET", "/pp/cases/")
        if status == 200:
            latencies.append(time.perf_counter() - started)
        time.sleep(0.2)


class StaffReader:
    """The staff member reads from a process of their own: in the clients' process, fifty busy
    threads would hold the interpreter and their waiting would be counted as the server's."""

    def __init__(self, port: int, seconds: float) -> None:
        self.results = multiprocessing.Queue()
        self.process = multiprocessing.Process(target=self._run, args=(port, seconds))

    def _run(self, port: int, seconds: float) -> None:
        latencies: list[float] = []
        staff_reader(port, time.monotonic() + seconds, latencies)
        self.results.put(latencies)

    def start(self) -> None:
        self.process.start()

    def latencies(self) -> list[float]:
        found = self.results.get(timeout=600)
        self.process.join()
        return found


def run_clients(target, count: int, seconds: float, *args) -> tuple[Results, float]:
    results = Results()
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=target, args=(*args[:1], i, deadline, results)
                                if target in (complainant, flooder)
                                else (*args[:1], deadline, results))
               for i in range(count)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, path: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server on {port} did not answer {path}")


def receipts_settled(database: str, seconds: float = 90) -> tuple[int, int, int]:
    """The counts once the worker has put every receipt in the outbox (it does that after the
    POST, issue 15), or as they stand after ``seconds``: a loaded machine's worker is slower."""
    deadline = time.monotonic() + seconds
    while True:
        cases, keys, receipts = count_in_database(database)
        if receipts >= keys or time.monotonic() > deadline:
            return cases, keys, receipts
        time.sleep(0.5)


def count_in_database(database: str) -> tuple[int, int, int]:
    import psycopg

    with psycopg.connect(benchdb.url(database)) as c:
        cases = c.execute("select count(*) from cases_case c join public_submission s "
                          "on s.case_id = c.id").fetchone()[0]
        keys = c.execute("select count(distinct key) from public_submission").fetchone()[0]
        receipts = c.execute("select count(*) from mail_outboxmessage "
                             "where kind = 'receipt'").fetchone()[0]
    return cases, keys, receipts


def submitted_keys(database: str) -> set[str]:
    import psycopg

    with psycopg.connect(benchdb.url(database)) as c:
        return {row[0] for row in c.execute("select key from public_submission")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8765, help="the baseline's is the next")
    parser.add_argument("--database", default=DATABASE, help="made anew: its data is lost")
    parser.add_argument("--smoke", action="store_true", help="2 clients, 3 s, free ports")
    options = parser.parse_args()
    database = benchdb.smoke_name(options.database) if options.smoke else options.database
    if options.smoke:
        options.clients, options.seconds = 2, 3
        options.port, options.baseline_port = free_port(), free_port()
    else:
        options.baseline_port = options.port + 1
    benchdb.create(database, fresh=True)
    try:
        load(options, database)
    finally:
        if options.smoke:
            benchdb.drop(database)


def load(options, database: str) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="ombud-load-"))
    env = {**os.environ, "OMBUD_DEMO": "1", "OMBUD_DATABASE_URL": benchdb.url(database),
           "OMBUD_PUBLIC_LIMIT_PER_HOUR": "1000000", "OMBUD_PUBLIC_LIMIT_WITHOUT_WORK": "1000000",
           "OMBUD_PROOF_OF_WORK_MAX": "1000", "PYTHONPATH": str(HERE)}
    if options.smoke:  # the organizations without the demo's 300 cases, which take a minute
        subprocess.run([PYTHON, "-c", SEED_ORGANIZATIONS], cwd=ROOT, check=True, env={
            **env, "DJANGO_SETTINGS_MODULE": "ombud.settings", "OMBUD_DATA_DIR": str(data_dir)})
    demo = subprocess.Popen([PYTHON, "-m", "ombud.cli", "demo", "--data-dir", str(data_dir),
                             "--port", str(options.port)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL)
    baseline = None
    try:
        wait_for(options.port, "/pp/complaint/new/")
        staff_idle = StaffReader(options.port, min(10, options.seconds))
        staff_idle.start()
        staff_idle = staff_idle.latencies()
        reader = StaffReader(options.port, options.seconds)
        reader.start()
        results, elapsed = run_clients(complainant, options.clients, options.seconds,
                                       options.port)
        staff_busy = reader.latencies()
        cases, keys, receipts = receipts_settled(database)
        lost = results.keys - submitted_keys(database)
        stop(demo)
        flood, staff_flooded = run_flood(options, env, data_dir)

        baseline = subprocess.Popen(
            [PYTHON, "-c", "from waitress import serve; from django.core.wsgi import "
             "get_wsgi_application as g; serve(g(), host='127.0.0.1', "
             f"port={options.baseline_port}, threads=8, _quiet=True)"],
            env={**env, "DJANGO_SETTINGS_MODULE": "settings_bench",
                 "OMBUD_DATA_DIR": str(data_dir)}, cwd=ROOT)
        wait_for(options.baseline_port, "/minimal/")
        base, base_elapsed = run_clients(baseline_client, options.clients, options.seconds,
                                         options.baseline_port)
    finally:
        for process in (demo, baseline):
            stop(process)
        shutil.rmtree(data_dir, ignore_errors=True)
    report(options, results, elapsed, base, base_elapsed, cases, keys, receipts, lost,
           staff_idle, staff_busy)
    cut_off = sum(n for status, n in flood.statuses.items() if status == 429)
    print(f"flood from one address with the default limits ({options.clients} robots, "
          f"{options.seconds / 2:.0f} s): {len(flood.latencies)} POSTs, {cut_off} refused with "
          f"429, p95 {percentile(flood.latencies, .95) * 1000:.0f} ms; statuses "
          f"{dict(sorted(flood.statuses.items()))}; staff queue page p95 during the flood "
          f"{percentile(staff_flooded, .95) * 1000:.0f} ms ({len(staff_flooded)} requests)")


def stop(process) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def run_flood(options, env: dict, data_dir: Path) -> tuple[Results, list[float]]:
    """The same demo and database with the default limits: the load phase already sent far more
    than an hour's share from 127.0.0.1, so every robot POST is cut off at the limit."""
    flood_env = {key: value for key, value in env.items()
                 if key not in ("OMBUD_PUBLIC_LIMIT_PER_HOUR", "OMBUD_PUBLIC_LIMIT_WITHOUT_WORK")}
    demo = subprocess.Popen([PYTHON, "-m", "ombud.cli", "demo", "--data-dir", str(data_dir),
                             "--port", str(options.port)], env=flood_env, cwd=ROOT,
                            stdout=subprocess.DEVNULL)
    try:
        wait_for(options.port, "/pp/complaint/new/")
        seconds = options.seconds / 2
        reader = StaffReader(options.port, seconds)
        reader.start()
        flood, _ = run_clients(flooder, options.clients, seconds, options.port)
        staff = reader.latencies()
    finally:
        stop(demo)
    return flood, staff


def report(options, results, elapsed, base, base_elapsed, cases, keys, receipts, lost,
           staff_idle, staff_busy) -> None:
    accepted = sum(n for status, n in results.statuses.items() if status in (302, 303))
    rate, base_rate = accepted / elapsed, len(base.latencies) / base_elapsed
    p95, base_p95 = percentile(results.latencies, .95), percentile(base.latencies, .95)
    server_errors = sum(n for status, n in results.statuses.items() if status >= 500)
    print(f"{options.clients} clients for {options.seconds:.0f} s on PostgreSQL, loopback")
    print(f"public form POST: {accepted} submissions, {rate:.1f}/s, "
          f"p50 {statistics.median(results.latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
          f"statuses {dict(sorted(results.statuses.items()))}; double clicks {results.doubles}")
    print(f"minimal Django POST view: {len(base.latencies)} requests, {base_rate:.1f}/s, "
          f"p95 {base_p95 * 1000:.1f} ms")
    print(f"ratio: throughput {base_rate / rate:.1f}x lower, p95 {p95 / base_p95:.1f}x higher")
    print(f"database: {cases} cases from {keys} distinct keys; {len(results.keys)} keys "
          f"accepted by the clients; lost {len(lost)}; doubled {cases - keys}; "
          f"receipts in the outbox {receipts}; 5xx {server_errors}")
    print(f"staff queue page p95: at rest {percentile(staff_idle, .95) * 1000:.0f} ms "
          f"({len(staff_idle)} requests), under load {percentile(staff_busy, .95) * 1000:.0f} ms"
          f" ({len(staff_busy)} requests)")
    if lost or cases != keys or server_errors or receipts != keys:
        raise SystemExit("FAILED: a submission was lost, doubled, or answered with 5xx")


if __name__ == "__main__":
    main()

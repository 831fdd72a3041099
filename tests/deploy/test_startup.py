"""Issue 9, finding 3: outside demo and test mode Ombud refuses to start without a strong
OMBUD_SECRET_KEY (web, worker, every command), with one line naming it; finding 7: and without a
named mail backend. `ombud procedure simulate` is pure domain and needs no setting at all."""

from __future__ import annotations

import pytest
from deploy_env import OLD_KEY, OMBUD, PYTHON, REPO, STRONG_KEY, run

MAIL = {"OMBUD_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
# Every way Ombud's Django side starts: a management command, the worker, the WSGI application.
ENTRY_POINTS = {
    "check": [PYTHON, "-m", "django", "check"],
    "migrate": [PYTHON, "manage.py", "migrate", "--verbosity", "0"],
    "worker": [PYTHON, "-m", "django", "ombud_worker", "--verbosity", "0"],
    "web": [PYTHON, "-c", "import ombud.wsgi"],
}


def assert_refused_in_one_line(done, naming: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("ombud: ") and naming in lines[0]


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_finding_3_every_entry_point_refuses_to_start_without_the_secret_key(production, entry):
    done = run(ENTRY_POINTS[entry], production(**MAIL), timeout=30)
    assert_refused_in_one_line(done, "OMBUD_SECRET_KEY")


@pytest.mark.parametrize("key", [
    "ombud-insecure-development-key-change-me",   # the key printed in the source
    "django-insecure-" + "x1y2z3" * 10,           # Django's generated-for-development prefix
    "a-short-key-of-forty-characters-or-so-12",   # under 50 characters
    "ab" * 40,                                     # long but uniform
    "<50 or more random characters: python -c \"import secrets\">",  # docs' placeholder
])
def test_finding_3_a_published_or_weak_key_is_refused(production, key):
    done = run(ENTRY_POINTS["check"], production(OMBUD_SECRET_KEY=key, **MAIL))
    assert_refused_in_one_line(done, "OMBUD_SECRET_KEY")


def test_finding_3_a_weak_fallback_key_is_refused(production):
    env = production(OMBUD_SECRET_KEY=STRONG_KEY,
                     OMBUD_SECRET_KEY_FALLBACKS=f"{OLD_KEY},ombud-insecure-development-key-change-me",
                     **MAIL)
    assert_refused_in_one_line(run(ENTRY_POINTS["check"], env), "OMBUD_SECRET_KEY_FALLBACKS")


def test_finding_3_old_keys_become_fallbacks_and_sign_what_they_signed(production):
    """Rotation: a value signed under the old key still verifies once that key is a fallback."""
    script = ("import django; django.setup()\n"
              "from django.conf import settings\n"
              "from django.core import signing\n"
              "print(len(settings.SECRET_KEY_FALLBACKS), settings.SECRET_KEY[:4])\n"
              f"old = signing.dumps('link', key={OLD_KEY!r})\n"
              "print(signing.loads(old))\n")
    env = production(OMBUD_SECRET_KEY=STRONG_KEY,
                     OMBUD_SECRET_KEY_FALLBACKS=f" {OLD_KEY} , ", **MAIL)
    done = run([PYTHON, "-c", script], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", STRONG_KEY[:4], "link"]


def test_finding_7_production_must_name_its_mail_backend(production):
    done = run(ENTRY_POINTS["check"], production(OMBUD_SECRET_KEY=STRONG_KEY))
    assert_refused_in_one_line(done, "OMBUD_EMAIL_BACKEND")
    named = production(OMBUD_SECRET_KEY=STRONG_KEY,
                       OMBUD_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend")
    assert run(ENTRY_POINTS["check"], named).returncode == 0


def test_finding_3_a_bad_value_stops_the_start_in_one_line_too(production):
    env = production(OMBUD_SECRET_KEY=STRONG_KEY, OMBUD_HSTS_SECONDS="a year", **MAIL)
    assert_refused_in_one_line(run(ENTRY_POINTS["check"], env), "OMBUD_HSTS_SECONDS")


def test_finding_3_a_strong_key_and_a_named_backend_start(production):
    done = run(ENTRY_POINTS["check"], production(OMBUD_SECRET_KEY=STRONG_KEY, **MAIL))
    assert done.returncode == 0, done.stderr


def test_finding_3_demo_mode_needs_no_key(production):
    done = run(ENTRY_POINTS["check"], production(OMBUD_DEMO="1"))
    assert done.returncode == 0, done.stderr


def test_finding_3_the_simulator_needs_no_setting_and_no_django(production):
    timeline = str(REPO / "examples" / "timelines" / "dnv-objection.json")
    done = run([OMBUD, "procedure", "simulate", timeline], production())
    assert done.returncode == 0, done.stderr
    assert done.stdout.lstrip().startswith("{")


@pytest.mark.parametrize("entry", ["check", "web"])
def test_finding_3_debug_pages_are_refused_outside_demo_and_test_mode(production, entry):
    """OMBUD_DEBUG's pages show a failing request's variables (names, case text) and the URL
    list to whoever causes a failure: a production start with it is refused like a weak key."""
    env = production(OMBUD_SECRET_KEY=STRONG_KEY, OMBUD_DEBUG="true", **MAIL)
    assert_refused_in_one_line(run(ENTRY_POINTS[entry], env), "OMBUD_DEBUG")


def test_finding_3_debug_pages_still_work_in_demo_mode(production):
    done = run(ENTRY_POINTS["check"], production(OMBUD_DEMO="1", OMBUD_DEBUG="true"))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("key", [
    "ombud-insecure-development-key-change-me" + "-0123456789",  # made long enough
    "  ombud-insecure-development-key-change-me          ",      # padded with spaces
])
def test_finding_3_the_published_key_lengthened_is_still_refused(production, key):
    """An operator told the key is too short may lengthen the published one: the secret part
    is then only what was added."""
    done = run(ENTRY_POINTS["check"], production(OMBUD_SECRET_KEY=key, **MAIL))
    assert_refused_in_one_line(done, "OMBUD_SECRET_KEY")

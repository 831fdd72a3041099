"""Django settings. Everything an operator may change is read from OMBUD_* environment variables
(see docs/operating.md); the defaults run the embedded single-machine setup on SQLite."""

from __future__ import annotations

import os
from pathlib import Path

from ombud.config import startup
from ombud.config.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_json,
    env_proxy_count,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("OMBUD_DATA_DIR", str(BASE_DIR.parent / ".ombud-demo")))

# Debug pages only in demo and test mode: elsewhere they would show personal data.
DEBUG = startup.debug(os.environ, relaxed=startup.relaxed_mode())
# Demo mode: the seeded `<org>-<role>` users and their shared password work only here.
DEMO_MODE = env_bool("OMBUD_DEMO", False)

# --- deployment: secret key (issue 9, finding 3; docs/operating.md) ---
# Outside demo and test mode Ombud refuses to start without a strong OMBUD_SECRET_KEY. Rotation:
# the old keys go to OMBUD_SECRET_KEY_FALLBACKS (comma-separated) until their links expire.
SECRET_KEY, SECRET_KEY_FALLBACKS = startup.secret_keys(os.environ,
                                                       relaxed=startup.relaxed_mode())
ALLOWED_HOSTS = env_str("OMBUD_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ombud.orgs",
    "ombud.twofactor",
    "ombud.signin",
    "ombud.cases",
    "ombud.mail",
    "ombud.public",
    "ombud.audit",
    "ombud.reports",
    "ombud.privacy",
    "ombud.newsletter",
    "ombud.retention",
]

MIDDLEWARE = [
    # --- deployment: request id first, so that even a failure's response and log line carry it
    "ombud.web.middleware.RequestIdMiddleware",
    # The probes answer whatever Host their prober names (the container, Prometheus).
    "ombud.web.middleware.ProbesAnyHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # --- deployment: CSP, Permissions-Policy, no-store (after WhiteNoise: static files cache)
    "ombud.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A body larger than any form may send is refused before it is read (and spooled to disk).
    "ombud.web.middleware.RequestSizeLimitMiddleware",
    # A small form of text fields parsed by a faster parser, before anything reads it.
    "ombud.web.small_forms.SmallFormParsing",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in: which device verified this session, and none without it who needs it.
    "django_otp.middleware.OTPMiddleware",
    "ombud.twofactor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # An enabled procedure that cannot be read: a clear page, not a 500.
    "ombud.orgs.middleware.ProcedureUnavailable",
]

ROOT_URLCONF = "ombud.urls"
WSGI_APPLICATION = "ombud.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ombud.cases.context_processors.organization_menu",
                "ombud.reports.context_processors.reports_menu",
                "ombud.newsletter.context_processors.newsletter_menu",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("OMBUD_DATABASE_URL", f"sqlite:///{DATA_DIR / 'ombud.sqlite3'}"),
        prepared=env_bool("OMBUD_DATABASE_PREPARED", True)),
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- deployment: mail backend (issue 9, finding 7) ---
# Outside demo and test mode the backend must be named: the file backend is not a default there.
EMAIL_BACKEND = startup.email_backend(os.environ, relaxed=startup.relaxed_mode())
EMAIL_FILE_PATH = DATA_DIR / "mail"
OMBUD_PUBLIC_URL = env_str("OMBUD_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("OMBUD_FROM_EMAIL", "ombud@localhost")
# With OMBUD_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (or an anymail backend):
EMAIL_HOST = env_str("OMBUD_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("OMBUD_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("OMBUD_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("OMBUD_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("OMBUD_EMAIL_TLS", False)
EMAIL_TIMEOUT = env_int("OMBUD_EMAIL_TIMEOUT", 20)
# The outbox: a worker holds a message this long while sending it; a worker that dies meanwhile
# leaves it to be sent again (with the same Message-ID) once the lease ran out.
OMBUD_OUTBOX_LEASE_SECONDS = env_int("OMBUD_OUTBOX_LEASE_SECONDS", 120)
OMBUD_OUTBOX_BATCH = env_int("OMBUD_OUTBOX_BATCH", 50)
# The first retry waits this long; each next one twice as long, at most an hour.
OMBUD_OUTBOX_BACKOFF_SECONDS = env_int("OMBUD_OUTBOX_BACKOFF_SECONDS", 30)
# Handlers are reminded of a deadline this many working days before it (the procedure's calendar).
OMBUD_REMINDER_WORKING_DAYS = env_int("OMBUD_REMINDER_WORKING_DAYS", 2)
# The Ed25519 private key (a PEM file, `ombud audit keygen PATH`) that signs the nightly seal of
# every case history; kept outside the database. Empty: nothing is sealed.
OMBUD_SEAL_KEY = env_str("OMBUD_SEAL_KEY", "")
# A step may be dated back, with a reason, this many days before the day it is recorded; further
# back only a manager may record it.
OMBUD_BACKDATE_DAYS = env_int("OMBUD_BACKDATE_DAYS", 7)

# The newsletter's processor (NE-N-04): Mailchimp's Marketing API. Without a key the changes of
# the subscriber list wait in their queue. OMBUD_MAILCHIMP_URL overrides the data centre's
# address the key names (a proxy; the tests' local server).
OMBUD_MAILCHIMP_API_KEY = env_str("OMBUD_MAILCHIMP_API_KEY", "")
OMBUD_MAILCHIMP_URL = env_str("OMBUD_MAILCHIMP_URL", "")
OMBUD_MAILCHIMP_BACKOFF_SECONDS = env_int("OMBUD_MAILCHIMP_BACKOFF_SECONDS", 30)

# Retention (issue 14): closed cases by their procedure's [retention] section; these by age, in
# days, by the worker's nightly job (ombud.retention). The body of a sent message (its letter
# stays in the case file), failed sign-in counters, expired sessions, stopped or unused private
# links.
OMBUD_RETENTION_OUTBOX_DAYS = env_int("OMBUD_RETENTION_OUTBOX_DAYS", 90)
OMBUD_RETENTION_SIGNIN_DAYS = env_int("OMBUD_RETENTION_SIGNIN_DAYS", 30)
OMBUD_RETENTION_SESSION_DAYS = env_int("OMBUD_RETENTION_SESSION_DAYS", 0)  # 0: once expired
OMBUD_RETENTION_TRACKING_DAYS = env_int("OMBUD_RETENTION_TRACKING_DAYS", 365)
OMBUD_RETENTION_BATCH = env_int("OMBUD_RETENTION_BATCH", 500)
# The background tasks' own rows once finished or failed (ombud worker: the task table).
OMBUD_RETENTION_TASKS_DAYS = env_int("OMBUD_RETENTION_TASKS_DAYS", 30)
# A newsletter's withdrawn subscriber (its consent records, the proof) and a request never
# confirmed: deleted this many days after the withdrawal or the request
# (ombud.newsletter.retention).
OMBUD_RETENTION_NEWSLETTER_WITHDRAWN_DAYS = env_int(
    "OMBUD_RETENTION_NEWSLETTER_WITHDRAWN_DAYS", 365)
OMBUD_RETENTION_NEWSLETTER_UNCONFIRMED_DAYS = env_int(
    "OMBUD_RETENTION_NEWSLETTER_UNCONFIRMED_DAYS", 30)

# The public form. Attachments: count and size per file; content types judged by the bytes.
OMBUD_ATTACHMENT_MAX_COUNT = env_int("OMBUD_ATTACHMENT_MAX_COUNT", 5)
OMBUD_ATTACHMENT_MAX_BYTES = env_int("OMBUD_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# A whole request at most this large: every attachment at its largest, and 1 MB for the rest.
OMBUD_REQUEST_MAX_BYTES = env_int("OMBUD_REQUEST_MAX_BYTES", OMBUD_ATTACHMENT_MAX_COUNT
                                  * OMBUD_ATTACHMENT_MAX_BYTES + 1024 * 1024)
# Documents added on a private page per hour, taken or refused: per case and per address.
OMBUD_UPLOADS_PER_CASE_PER_HOUR = env_int("OMBUD_UPLOADS_PER_CASE_PER_HOUR", 10)
OMBUD_UPLOADS_PER_ADDRESS_PER_HOUR = env_int("OMBUD_UPLOADS_PER_ADDRESS_PER_HOUR", 30)
# A virus scanner: "clamd://host:port" or "clamd:///run/clamav/clamd.ctl"; empty means none.
OMBUD_VIRUS_SCANNER = env_str("OMBUD_VIRUS_SCANNER", "")
# Abuse: submissions per address per hour, with and without solved proof of work (no JavaScript
# means no proof of work; such a browser still files, under the lower limit).
OMBUD_PUBLIC_LIMIT_PER_HOUR = env_int("OMBUD_PUBLIC_LIMIT_PER_HOUR", 20)
OMBUD_PUBLIC_LIMIT_WITHOUT_WORK = env_int("OMBUD_PUBLIC_LIMIT_WITHOUT_WORK", 5)
# Requests for a new private link (/track/) per address per hour, whether or not they match.
OMBUD_RESEND_LIMIT_PER_HOUR = env_int("OMBUD_RESEND_LIMIT_PER_HOUR", 10)
# Difficulty: the search space. A browser tries about half of it: well under a second.
OMBUD_PROOF_OF_WORK_MAX = env_int("OMBUD_PROOF_OF_WORK_MAX", 200_000)
# At most this many public pages (form, receipt, private page) are worked on at once in one web
# process; the others wait their turn, so that a flood leaves the staff pages their share.
OMBUD_PUBLIC_CONCURRENCY = env_int("OMBUD_PUBLIC_CONCURRENCY", 2)
# The pages that take those turns, by URL name (ombud.web.middleware.PublicTurnsMiddleware): not
# the request for a new link, which is cheap and has its own limits.
OMBUD_PUBLIC_TURN_PAGES = (
    "public:file", "public:receipt", "public:track", "public:track_upload",
    "public:track_hearing", "public:track_consent", "public:track_withdraw",
    "public:track_revoke", "public:track_document")
# Last: every other middleware's view hook (the CSRF check) runs before a turn is taken.
MIDDLEWARE.append("ombud.web.middleware.PublicTurnsMiddleware")
# How many proxies stand in front of Ombud (0: none). The sender's address is then the entry of
# X-Forwarded-For the farthest of them appended; "true"/"false" still mean 1/0.
OMBUD_TRUSTED_PROXY = env_proxy_count("OMBUD_TRUSTED_PROXY")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step
# Only for `collectstatic` in production; the demo serves app static files through WhiteNoise.
STATIC_ROOT = env_str("OMBUD_STATIC_ROOT", "") or None
MEDIA_ROOT = DATA_DIR / "files"  # never served as a URL: documents go through scoped views
# Documents use Django's storage API: a local folder by default; S3-compatible storage by
# setting OMBUD_STORAGE_BACKEND=storages.backends.s3.S3Storage (with django-storages[s3]
# installed) and its options as JSON in OMBUD_STORAGE_OPTIONS.
STORAGES = {
    "default": {"BACKEND": env_str("OMBUD_STORAGE_BACKEND",
                                   "django.core.files.storage.FileSystemStorage"),
                "OPTIONS": env_json("OMBUD_STORAGE_OPTIONS", {})},
    # With OMBUD_STATIC_ROOT: names with the content's hash, compressed copies, long caching
    # (ombud.web.static), once `collectstatic` has run; the package's files until then.
    "staticfiles": {"BACKEND": "ombud.web.static.HashedStaticFiles" if STATIC_ROOT
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "login"
# Two-factor sign-in (ombud/twofactor): how long the second step may take after the password,
# and how many wrong codes end it (the password is then asked again).
OMBUD_TWO_FACTOR_PENDING_SECONDS = env_int("OMBUD_TWO_FACTOR_PENDING_SECONDS", 600)
OMBUD_TWO_FACTOR_MAX_FAILURES = env_int("OMBUD_TWO_FACTOR_MAX_FAILURES", 5)
# The WebAuthn relying party: the staff's host name (default: the host of the request).
OMBUD_WEBAUTHN_RP_ID = env_str("OMBUD_WEBAUTHN_RP_ID", "")
OTP_TOTP_ISSUER = env_str("OMBUD_TOTP_ISSUER", "Ombud")
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

CSRF_FAILURE_VIEW = "ombud.public.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- deployment: HTTPS behind a TLS proxy (issue 9, finding 7; docs/operating.md) ---
# Cookies go only over HTTPS once the public address is HTTPS (or when told so).
_PUBLIC_IS_HTTPS = OMBUD_PUBLIC_URL.startswith("https://")
SESSION_COOKIE_SECURE = env_bool("OMBUD_SECURE_COOKIES", _PUBLIC_IS_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("OMBUD_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("OMBUD_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("OMBUD_HSTS_PRELOAD", False)
# The header the TLS proxy sets, e.g. X-Forwarded-Proto: only when the proxy always sets or
# overwrites it, or a client could claim HTTPS.
SECURE_PROXY_SSL_HEADER = startup.proxy_ssl_header(env_str("OMBUD_TLS_PROXY_HEADER", ""))
SECURE_SSL_REDIRECT = env_bool("OMBUD_SSL_REDIRECT", False)
# Health checks and the metrics are asked over plain HTTP from beside the process, not redirected.
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|metrics)$"]
# A POST's Origin must be one of these (besides the Host itself): the public address by default.
CSRF_TRUSTED_ORIGINS = [origin.strip() for origin in env_str(
    "OMBUD_CSRF_TRUSTED_ORIGINS", startup.origin(OMBUD_PUBLIC_URL)).split(",") if origin.strip()]

# --- deployment: logging (issue 9, finding 9) ---
# One JSON line per record on standard error, with the request id and without personal data
# (ombud/web/logs.py decides what a line may carry). Every 5xx is logged by django.request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ombud.web.logs.RequestIdFilter"}},
    "formatters": {"line": {"()": "ombud.web.logs.OneLineJsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                            "filters": ["request_id"], "formatter": "line"}},
    "root": {"handlers": ["stderr"], "level": env_str("OMBUD_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        # 4xx are a person's mistakes, not news; every 5xx is an error record.
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}

# --- Sign-in and passwords (issue 9, findings 6 and 7; the lockout's limits: orgs/services.py) ---
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "ombud.orgs.validators.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A link to choose a new password works once, and only this long.
PASSWORD_RESET_TIMEOUT = env_int("OMBUD_PASSWORD_RESET_MINUTES", 60) * 60
# Failed sign-ins to one account per hour, from all addresses together, from browsers that have
# never signed in to it (a browser that has is not held back by them).
OMBUD_SIGN_IN_FAILURES_PER_ACCOUNT = env_int("OMBUD_SIGN_IN_FAILURES_PER_ACCOUNT", 30)
# Staff are signed out after this long without a request; public pages do not count.
OMBUD_SESSION_IDLE_MINUTES = env_int("OMBUD_SESSION_IDLE_MINUTES", 30)
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
                  "ombud.orgs.middleware.StaffIdleSignOut")

# --- production processes (issue 15; docs/operating.md, "Processes") ---
# The pool this web process belongs to (`ombud serve --pool`): public, staff or all. A pool
# refuses the other pool's pages (ombud.web.pools); static files come before that check.
OMBUD_POOL = env_choice("OMBUD_POOL", "all", ("public", "staff", "all"))
MIDDLEWARE.insert(MIDDLEWARE.index("ombud.web.middleware.SecurityHeadersMiddleware") + 1,
                  "ombud.web.pools.PoolMiddleware")

# --- observability (issue 15; docs/operating.md, "Health and metrics") ---
# Every request counted and timed for /metrics; with OMBUD_ACCESS_LOG one JSON line each too.
MIDDLEWARE.insert(1, "ombud.web.observe.RequestObservingMiddleware")
OMBUD_ACCESS_LOG = env_bool("OMBUD_ACCESS_LOG", False)
LOGGING["loggers"]["ombud.access"] = {"handlers": ["stderr"], "level": "INFO",
                                      "propagate": False}
# The worker's line per task: started, finished or failed, with its id (ombud.schedule). A
# failure is always logged; the others unless OMBUD_WORKER_LOG is off (the demo's default).
OMBUD_WORKER_LOG = env_bool("OMBUD_WORKER_LOG", not DEMO_MODE)
LOGGING["loggers"]["ombud.worker"] = {"handlers": ["stderr"], "propagate": False,
                                      "level": "INFO" if OMBUD_WORKER_LOG else "WARNING"}
# /metrics answers a request bearing this token (Authorization: Bearer …); without a token,
# only requests from this machine (127.0.0.1, ::1) and only when no proxy stands in front.
OMBUD_METRICS_TOKEN = env_str("OMBUD_METRICS_TOKEN", "")
# Error reports to Sentry (or a service speaking its protocol, e.g. GlitchTip) when set:
# the exception's type and where, never a message, a form field, a header or a cookie.
OMBUD_SENTRY_DSN = env_str("OMBUD_SENTRY_DSN", "")
OMBUD_SENTRY_ENVIRONMENT = env_str("OMBUD_SENTRY_ENVIRONMENT", "production")
if OMBUD_SENTRY_DSN:
    from ombud.web.errors import error_reports_start

    error_reports_start(OMBUD_SENTRY_DSN, environment=OMBUD_SENTRY_ENVIRONMENT)

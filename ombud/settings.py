"""Django settings. Everything an operator may change is read from OMBUD_* environment variables
(see docs/operating.md); the defaults run the embedded single-machine setup on SQLite."""

from __future__ import annotations

from pathlib import Path

from ombud.config.env import database_from_url, env_bool, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("OMBUD_DATA_DIR", str(BASE_DIR.parent / ".ombud-demo")))

DEBUG = env_bool("OMBUD_DEBUG", False)
SECRET_KEY = env_str("OMBUD_SECRET_KEY", "ombud-insecure-development-key-change-me")
ALLOWED_HOSTS = env_str("OMBUD_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ombud.urls"
WSGI_APPLICATION = "ombud.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("OMBUD_DATABASE_URL", f"sqlite:///{DATA_DIR / 'ombud.sqlite3'}")),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "files"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

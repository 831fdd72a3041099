"""Settings for the page benchmarks: Ombud's own, plus a minimal Django view as the baseline."""

from ombud.settings import *  # noqa: F403

ROOT_URLCONF = "urls_bench"
DEBUG = False
ALLOWED_HOSTS = ["*"]

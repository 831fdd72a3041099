"""The WSGI application of every web process (``ombud serve``'s gunicorn, the demo's waitress)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
application = get_wsgi_application()

# A request makes many short-lived objects. Python's default collects the youngest every 700
# allocations: about 5% of a public submission's processor time (bench/bench_intake.py, measured
# in turns). Every 50,000 costs a fraction of that and still bounds the garbage to a few
# megabytes. What the process loaded at its start is frozen out of the collector's walks.
GENERATIONS = (50_000, 20, 20)
gc.freeze()
gc.set_threshold(*GENERATIONS)

"""The WSGI application of every web process (``ombud serve``'s gunicorn, the demo's waitress)."""

import gc
import os

import django

from ombud.web.handler import Handler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
django.setup(set_prefix=False)  # get_wsgi_application, with Ombud's handler (web.handler)
application = Handler()

# A request makes many short-lived objects. Python's default collects the youngest every 700
# allocations: about 5% of a public submission's processor time (bench/bench_intake.py, measured
# in turns). Every 50,000 costs a fraction of that and still bounds the garbage to a few
# megabytes. What the process loaded at its start is frozen out of the collector's walks.
GENERATIONS = (50_000, 20, 20)
gc.freeze()
gc.set_threshold(*GENERATIONS)

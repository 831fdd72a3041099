"""A request that fails as a bug would, repeating what was posted, through Django's WSGI
application configured from the environment (OMBUD_SENTRY_DSN among it); prints the response's
status and request id once the error report has been sent. Run as a script by the tests."""

import io
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
django.setup()

import sentry_sdk  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

body = urlencode({"name": "Eva Janssen", "email": "eva.janssen@example.org"}).encode()
environ = {
    "REQUEST_METHOD": "POST", "PATH_INFO": f"/fail/{sys.argv[1]}/", "SCRIPT_NAME": "",
    "QUERY_STRING": "name=Eva+Janssen", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
    "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1",
    "HTTP_COOKIE": "sessionid=secret-session-cookie", "HTTP_USER_AGENT": "Eva's browser",
    "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
    "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http",
    "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": False,
    "wsgi.run_once": False,
}
answer = {}


def start_response(status, headers, exc_info=None):
    answer["status"], answer["headers"] = status, dict(headers)


with override_settings(ROOT_URLCONF="failing_urls"):
    b"".join(get_wsgi_application()(environ, start_response))
sentry_sdk.flush(timeout=10)
print(answer["status"].split()[0], answer["headers"]["X-Request-ID"])

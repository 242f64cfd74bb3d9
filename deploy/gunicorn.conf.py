"""gunicorn settings for Zukunftswerkstatt: `gunicorn -c deploy/gunicorn.conf.py config.wsgi:application`.

Values can be overridden on the command line (e.g. `--workers 8 --bind 127.0.0.1:8001`).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: every request is short (pages are rendered in tens of milliseconds; slow PDFs are
# built by the task worker), so a few processes per core serve a town's traffic.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
timeout = 60
graceful_timeout = 10
# A worker is replaced after this many requests (with jitter) so that memory stays bounded.
max_requests = 2000
max_requests_jitter = 200
# Load the application once, before forking: the workers share its memory (the search
# dictionary alone is about 110 MB), and a broken configuration stops the start at once.
preload_app = True
accesslog = None
errorlog = "-"


def on_starting(server):
    """Runs in the master after the application is loaded: load the German search dictionary once."""
    from zukunftswerkstatt.core.search import warm_up

    warm_up()

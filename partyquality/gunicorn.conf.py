"""gunicorn settings for `make serve` and the load script; every value can be changed from the environment.

Run: gunicorn -c partyquality/gunicorn.conf.py partyquality.wsgi
"""

import multiprocessing
import os

# Loopback by default: a reverse proxy (TLS, X-Forwarded-Proto) stands in front in production.
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Synchronous workers: the pages are short database-bound requests; 2 × cores + 1 is gunicorn's own advice.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Trust X-Forwarded-* only from the proxy's address (loopback when the proxy runs on the same host).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Workers are stateless (sessions in the database, no local files written): any worker serves any request.
# gunicorn's control socket sits at one fixed path per user: two servers on one host would fight over it.
control_socket_disable = True

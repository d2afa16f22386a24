"""gunicorn settings for zhibu (``gunicorn -c deploy/gunicorn.conf.py zhibu.wsgi:application``).

Sync workers behind nginx: nginx buffers whole requests (uploads included) and responses, so a slow client never
holds a worker. Each value can be set from the environment without editing this file."""

import multiprocessing
import os

bind = os.environ.get("ZHIBU_BIND", "127.0.0.1:8000")
# Two per core plus one is gunicorn's usual start; the requests are short and database-bound.
workers = int(os.environ.get("ZHIBU_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# The slowest pages are large exports and the member import preview; 120 s leaves room, a stuck worker is replaced.
timeout = int(os.environ.get("ZHIBU_WEB_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so slow growth of a process never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
# X-Forwarded-* only from the proxy on this host.
forwarded_allow_ips = os.environ.get("ZHIBU_TRUSTED_PROXIES", "127.0.0.1")
limit_request_line = 8190
accesslog = "-"
errorlog = "-"
# Client addresses are written by zhibu's own audit log; the access log keeps method, path, status and time only.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'

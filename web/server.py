"""Run the site under gunicorn, the production WSGI server (used by `glossary serve`).

The default workers are gevent's: slow clients cannot hold them (issue 11).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

WORKER_CONNECTIONS = 1000  # open connections one asynchronous worker holds at most


class GlossaryServer(BaseApplication):
    """gunicorn serving one already-built Flask app (loaded before the workers fork)."""

    def __init__(self, app: Flask, options: dict[str, Any]):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """Pass our options to gunicorn's settings."""
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Flask:
        """The WSGI application."""
        return self.application


def _yield_to_other_connections(worker: object, request: Any, environ: Any, response: Any) -> None:
    """After each answer, let the worker's other connections run (gunicorn's post_request).

    A gevent worker switches between connections only when one waits for the network; a
    keep-alive client whose next request is already there would be answered again and again
    while others wait (p99 250 ms against 37 ms with this, one worker, 32 connections).
    """
    import gevent

    gevent.sleep(0)


def serve(
    app: Flask, host: str, port: int, workers: int, threads: int, access_log: bool = False
) -> None:
    """Serve the app until interrupted: `workers` processes, asynchronous unless `threads` > 0.

    The default (threads=0) is gevent workers: a connection waits for its request in a
    greenlet, not a thread, so slow clients (a header byte every few seconds) cost a little
    memory each and never hold the worker (WORKER_CONNECTIONS per worker). `threads` >= 1
    gives gunicorn's sync or gthread workers, which a slow client can hold: use them only
    behind a buffering reverse proxy (see web/README.md).
    """
    worker_class = "gevent" if threads == 0 else "gthread" if threads > 1 else "sync"
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": max(threads, 1),
        "worker_class": worker_class,
        "worker_connections": WORKER_CONNECTIONS,
        "preload_app": True,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "info",
        "timeout": 60,
        "graceful_timeout": 10,  # on SIGTERM, open (keep-alive) connections get 10 s to finish
        "keepalive": 5,
        "proc_name": "glossary-serve",
    }
    if worker_class == "gevent":
        options["post_request"] = _yield_to_other_connections

    GlossaryServer(app, options).run()

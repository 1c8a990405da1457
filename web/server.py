"""Run the site under gunicorn, the production WSGI server (used by `glossary serve`)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


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


def serve(
    app: Flask, host: str, port: int, workers: int, threads: int, access_log: bool = False
) -> None:
    """Serve the app until interrupted: `workers` processes with `threads` threads each."""
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "preload_app": True,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "info",
        "timeout": 60,
        "keepalive": 5,
        "proc_name": "glossary-serve",
    }
    GlossaryServer(app, options).run()

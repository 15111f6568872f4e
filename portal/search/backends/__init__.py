"""Choosing the configured search backend."""
from __future__ import annotations

from flask import current_app

from ..interface import SearchBackend


def get_backend(app=None) -> SearchBackend:
    """The backend named by SEARCH_BACKEND, built once per app."""
    app = app or current_app
    backend = app.extensions.get("search_backend")
    if backend is None:
        backend = make_backend(app.config)
        app.extensions["search_backend"] = backend
    return backend


def make_backend(config) -> SearchBackend:
    name = config.get("SEARCH_BACKEND") or ("meilisearch" if config.get("MEILI_URL") else "database")
    if name == "database":
        from .database import DatabaseBackend
        return DatabaseBackend()
    if name == "meilisearch":
        from .meili import MeiliBackend
        return MeiliBackend(url=config["MEILI_URL"], api_key=config.get("MEILI_API_KEY"),
                            index=config.get("MEILI_INDEX") or "dialogportal",
                            timeout=config.get("MEILI_TIMEOUT") or 5)
    raise ValueError(f"SEARCH_BACKEND must be 'database' or 'meilisearch', not {name!r}")

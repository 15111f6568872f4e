"""URL helpers."""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    """Only a local path may be a redirect target after login (no open redirects)."""
    if not target:
        return default
    target = target.replace("\\", "/").strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def external_url(endpoint: str, **values) -> str:
    """An absolute URL for e-mails, built without a request (workers and CLI send mail too)."""
    from urllib.parse import urlsplit as _split

    from flask import current_app

    base = _split(current_app.config["SERVER_NAME_FOR_MAIL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)

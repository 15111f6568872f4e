"""Security headers, a CSP nonce per request, and cache headers for static files."""
from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache
from pathlib import Path

from flask import Flask, g, request, url_for


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


@lru_cache(maxsize=256)
def _file_hash(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def register_security(app: Flask) -> None:
    versions: dict[str, str] = {}

    def static_url(filename: str) -> str:
        # Outside debug mode static files do not change while the process runs: hash each once.
        version = versions.get(filename)
        if version is None:
            path = Path(app.static_folder) / filename
            version = _file_hash(str(path), path.stat().st_mtime) if path.exists() else "0"
            if not app.debug:
                versions[filename] = version
        return url_for("static", filename=filename, v=version)

    app.jinja_env.globals.update(csp_nonce=csp_nonce, static_url=static_url)

    @app.before_request
    def fresh_nonce():
        # A new nonce for every response, even when requests share an app context (tests).
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.after_request
    def headers(response):
        h = response.headers
        nonce = g.get("csp_nonce") or csp_nonce()
        h.setdefault("Content-Security-Policy",
                     f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
                     "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
                     "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "same-origin")
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        if app.config["PORTAL_ENV"] == "production":
            h.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.endpoint == "static" and "v" in request.args:
            h["Cache-Control"] = "public, max-age=31536000, immutable"
        elif request.endpoint != "static" and "Cache-Control" not in h:
            h["Cache-Control"] = "no-store" if request.method != "GET" or g.get("private_page") else "no-cache"
        response.headers.pop("Server", None)
        return response

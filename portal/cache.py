"""A few seconds of page cache for anonymous readers of public pages.

Public pages look the same to every anonymous reader in one language, so a busy page is
rendered once per few seconds and per worker instead of once per request. Each hit gets a
fresh CSP nonce. Nothing is cached for logged-in users, for responses that touch the session
(a CSRF token, a flash message) or for anything but 200 responses to GET.
"""
from __future__ import annotations

import time
from collections import OrderedDict

from flask import Flask, g, request, session
from flask_babel import get_locale
from flask_login import current_user

from .security import csp_nonce

MAX_ENTRIES = 2000


class PageCache:
    def __init__(self, app: Flask):
        self.app = app
        self.entries: OrderedDict[tuple, tuple[float, bytes, str, dict]] = OrderedDict()
        app.before_request(self.before)
        app.after_request(self.after)

    def _eligible(self) -> bool:
        ttl = self.app.config.get("PAGE_CACHE_SECONDS", 0)
        return bool(ttl) and request.method == "GET" and request.endpoint in self.app.config["PAGE_CACHE_ENDPOINTS"] \
            and not current_user.is_authenticated and "_flashes" not in session

    def _key(self) -> tuple:
        return (str(get_locale()), request.full_path)

    def before(self):
        g.pop("page_cache_hit", None)
        if not self._eligible():
            return None
        hit = self.entries.get(self._key())
        if hit is None or hit[0] < time.monotonic():
            return None
        _, body, old_nonce, headers = hit
        new_nonce = csp_nonce()  # set by the security hook that ran before this one
        response = self.app.response_class(body.replace(old_nonce.encode(), new_nonce.encode()), status=200,
                                           headers=headers)
        g.page_cache_hit = True
        return response

    def after(self, response):
        if g.get("page_cache_hit") or response.status_code != 200 or response.direct_passthrough:
            return response
        if not self._eligible() or session.modified or "csrf_token" in session or "csp_nonce" not in g:
            return response
        headers = {k: v for k, v in response.headers.items() if k.lower() in ("content-type", "content-language")}
        self.entries[self._key()] = (time.monotonic() + self.app.config["PAGE_CACHE_SECONDS"], response.get_data(),
                                     g.csp_nonce, headers)
        self.entries.move_to_end(self._key())
        while len(self.entries) > MAX_ENTRIES:
            self.entries.popitem(last=False)
        return response

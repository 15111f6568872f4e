"""gunicorn settings for the portal (read automatically from the working directory)."""
from gunicorn.http import wsgi

bind = "0.0.0.0:8000"
workers = 4
# The app is imported once, in the master, and each worker is a fork of it: a worker that is
# replaced starts serving at once instead of spending a second importing the portal while its
# share of requests waits (the load benchmark's p99 went from 1.9 s to 23 ms; benchmarks/README.md).
preload_app = True
# Workers recycle now and then, so a slow leak never grows without bound; rarely, because each new
# worker starts with cold caches (templates are compiled in the master, see when_ready).
max_requests = 50_000
max_requests_jitter = 5_000
timeout = 30
# No forwarded_allow_ips = "*": the portal trusts X-Forwarded-* only from as many proxies as
# TRUSTED_PROXIES says (werkzeug's ProxyFix, portal/__init__.py); gunicorn keeps its default.


def _portal(server):
    app = server.app.wsgi()
    return app if getattr(app, "import_name", None) == "portal" else None


def when_ready(server):
    """Compile every template in the master, so forked workers inherit them compiled."""
    if app := _portal(server):
        from portal.serving import warm_up
        warm_up(app)


def post_fork(server, worker):
    """A forked worker must not share the master's database connections."""
    if app := _portal(server):
        from portal.serving import dispose_connections
        dispose_connections(app)


class _Response(wsgi.Response):
    """No `Server:` banner: what runs the site is nobody's business."""

    def default_headers(self):
        return [h for h in super().default_headers() if not h.lower().startswith("server:")]


wsgi.Response = _Response

"""A real OpenID Connect provider process (oidc-provider-mock) on 127.0.0.1 for the e-ID tests,
and a key-swapping proxy in front of one: nothing inside the portal is faked."""
from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from urllib.parse import quote, urlsplit

import requests

PIN_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
MUNICIPALITY_CLAIM = "https://id.oidc.se/claim/municipalityCode"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pin(birth: str, serial: str = "238") -> str:
    """A valid 12-digit personal identity number for a birth date YYYYMMDD (Luhn check digit)."""
    nine = birth[2:] + serial
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return birth + serial + str((10 - total % 10) % 10)


def claims(number: str, municipality: str | None = "1280", **extra) -> dict:
    """The Swedish OIDC profile's claims for one person (as a broker would put them in the ID token)."""
    data = {PIN_CLAIM: number, "acr": LOA3}
    if municipality is not None:
        data[MUNICIPALITY_CLAIM] = municipality
    data.update(extra)
    return data


class Provider:
    """`python -m oidc_provider_mock` as a child process; nonces required."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Provider":
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--port", str(self.port), "--host", "127.0.0.1",
             "--require-nonce"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("oidc-provider-mock exited at start")
            try:
                if requests.get(self.url + "/.well-known/openid-configuration", timeout=1).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("oidc-provider-mock did not start within 30 s")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
            self.proc = None

    def set_user(self, sub: str, user_claims: dict) -> None:
        r = requests.put(f"{self.url}/users/{quote(sub, safe='')}", json=user_claims, timeout=5)
        assert r.status_code == 204, r.text


class KeySwapProxy:
    """Forwards everything to `upstream` (so it issues tokens as itself), except that the key set
    it publishes is another provider's: the ID tokens it passes on are signed by a key the
    published set does not hold."""

    def __init__(self, upstream: Provider, other: Provider):
        self.upstream, self.other = upstream, other
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if urlsplit(self.path).path == "/jwks":
                    target = proxy.other.url + self.path
                else:
                    target = proxy.upstream.url + self.path
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("content-length",)}
                req = urllib.request.Request(target, data=body, method=self.command, headers=headers)
                opener = urllib.request.build_opener(_NoRedirect)
                try:
                    resp = opener.open(req, timeout=10)
                    status, resp_headers, data = resp.status, resp.headers, resp.read()
                except urllib.error.HTTPError as err:
                    status, resp_headers, data = err.code, err.headers, err.read()
                self.send_response(status)
                for k, v in resp_headers.items():
                    if k.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = _forward

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "KeySwapProxy":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def set_user(self, sub: str, user_claims: dict) -> None:
        self.upstream.set_user(sub, user_claims)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

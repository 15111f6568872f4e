"""The OpenID Connect brokers (BankID, Freja eID ...) as Authlib clients, one registry per app.

Swedish OpenID Connect Profile: the client asks for the natural-person-number scope and the LoA
(acr) it accepts; the ID token carries the personal identity number claim. Authlib does the
protocol: discovery from the issuer URL, authorization code with PKCE (S256), `state`, `nonce`,
and the ID token's signature (the broker's published keys), issuer, audience and expiry."""
from __future__ import annotations

from dataclasses import dataclass

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

SCOPE = "openid https://id.oidc.se/scope/naturalPersonNumber"
PIN_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"


@dataclass(frozen=True)
class Broker:
    key: str
    label: str
    issuer: str


def init_app(app: Flask) -> None:
    """Register every configured broker with a registry that belongs to this app only."""
    oauth = OAuth(app)
    for key, conf in (app.config.get("EID_BROKERS") or {}).items():
        issuer = conf["issuer"].rstrip("/")
        oauth.register(
            name=key, client_id=conf["client_id"], client_secret=conf["client_secret"],
            server_metadata_url=issuer + "/.well-known/openid-configuration",
            client_kwargs={"scope": SCOPE, "code_challenge_method": "S256",
                           "default_timeout": app.config["EID_HTTP_TIMEOUT"]})
    app.extensions["eid_oauth"] = oauth


def brokers() -> list[Broker]:
    """The configured brokers in configuration order; empty when e-legitimation is off."""
    return [Broker(key, conf.get("label") or key, conf["issuer"].rstrip("/"))
            for key, conf in (current_app.config.get("EID_BROKERS") or {}).items()]


def enabled() -> bool:
    return bool(current_app.config.get("EID_BROKERS"))


def get(key: str) -> Broker | None:
    return next((b for b in brokers() if b.key == key), None)


def client(key: str):
    return current_app.extensions["eid_oauth"].create_client(key)

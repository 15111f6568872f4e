"""Brokers come from the environment; production refuses brokers without the HMAC key."""
from __future__ import annotations

import pytest
from flask import Flask

from portal.config import ConfigError, brokers_from_env, load_config


def test_brokers_from_the_environment_in_order():
    env = {"EID_BROKERS": "bankid, Freja", "EID_BANKID_ISSUER": "https://a.example/oidc",
           "EID_BANKID_CLIENT_ID": "id-a", "EID_BANKID_CLIENT_SECRET": "s-a", "EID_BANKID_LABEL": "BankID",
           "EID_FREJA_ISSUER": "https://b.example", "EID_FREJA_CLIENT_ID": "id-b", "EID_FREJA_CLIENT_SECRET": "s-b"}
    brokers = brokers_from_env(env)
    assert list(brokers) == ["bankid", "freja"]
    assert brokers["bankid"] == {"issuer": "https://a.example/oidc", "client_id": "id-a", "client_secret": "s-a",
                                 "label": "BankID"}
    assert brokers["freja"]["label"] == "freja"


def test_a_broker_without_its_settings_is_named():
    with pytest.raises(ConfigError, match="EID_FREJA_CLIENT_SECRET"):
        brokers_from_env({"EID_BROKERS": "freja", "EID_FREJA_ISSUER": "https://b.example",
                          "EID_FREJA_CLIENT_ID": "id-b"})


def test_production_needs_the_pin_key_when_brokers_are_configured(monkeypatch):
    monkeypatch.delenv("EID_BROKERS", raising=False)
    monkeypatch.delenv("EID_PIN_KEY", raising=False)
    brokers = {"bankid": {"issuer": "https://a.example", "client_id": "x", "client_secret": "y"}}
    with pytest.raises(ConfigError, match="EID_PIN_KEY"):
        load_config(Flask("t"), {"PORTAL_ENV": "production", "SECRET_KEY": "k", "EID_BROKERS": brokers})
    app = Flask("t")
    load_config(app, {"PORTAL_ENV": "production", "SECRET_KEY": "k", "EID_BROKERS": brokers, "EID_PIN_KEY": "p"})
    assert app.config["EID_PIN_KEY"] == "p"
    off = Flask("t")
    load_config(off, {"PORTAL_ENV": "production", "SECRET_KEY": "k"})  # e-ID off: no key needed
    assert off.config["EID_BROKERS"] == {}

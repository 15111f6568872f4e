"""Is the person registered (folkbokförd) in the municipality? Pluggable checkers.

- "claim": the broker sends a claim (RESIDENCY_CLAIM); resident when its value is the
  municipality's code (RESIDENCY_MUNICIPALITY) or true.
- "register": a population-register lookup service at RESIDENCY_REGISTER_URL. The portal POSTs
  {"personalIdentityNumber": "...", "municipality": "1280"} (with `Authorization: Bearer
  RESIDENCY_REGISTER_TOKEN` when set) and expects {"resident": true|false}.

A checker answers True, False, or None when it cannot tell (the service is down): None is
stored as "not known", which never counts as resident."""
from __future__ import annotations

import logging

import requests
from flask import current_app
from flask_babel import lazy_gettext as _l

log = logging.getLogger(__name__)


def checker_name() -> str | None:
    """The configured checker, or None when none can work (then residency cannot be required)."""
    cfg = current_app.config
    name = cfg.get("RESIDENCY_CHECKER")
    if name == "claim" and cfg.get("RESIDENCY_CLAIM") and cfg.get("EID_BROKERS"):
        return name
    if name == "register" and cfg.get("RESIDENCY_REGISTER_URL") and cfg.get("EID_BROKERS"):
        return name
    return None


def why_unavailable():
    """Why residency cannot be required here (for the administration), or None when it can."""
    if checker_name() is not None:
        return None
    if not current_app.config.get("EID_BROKERS"):
        return _l("Residency is checked after an e-legitimation, and no e-legitimation broker is "
                  "connected (EID_BROKERS).")
    return _l("No residency checker is configured: set RESIDENCY_CHECKER to “claim” (with "
              "RESIDENCY_CLAIM) or to “register” (with RESIDENCY_REGISTER_URL).")


def check(pin: str, claims: dict) -> bool | None:
    """Residency for this number and these ID-token claims, by the configured checker."""
    name = checker_name()
    cfg = current_app.config
    if name == "claim":
        value = claims.get(cfg["RESIDENCY_CLAIM"])
        if value is None:
            return None
        return value is True or str(value) == str(cfg["RESIDENCY_MUNICIPALITY"])
    if name == "register":
        headers = {"Accept": "application/json"}
        if cfg.get("RESIDENCY_REGISTER_TOKEN"):
            headers["Authorization"] = "Bearer " + cfg["RESIDENCY_REGISTER_TOKEN"]
        try:
            resp = requests.post(cfg["RESIDENCY_REGISTER_URL"], timeout=cfg["EID_HTTP_TIMEOUT"], headers=headers,  # nosec B113 - the timeout is the configured one
                                 json={"personalIdentityNumber": pin, "municipality": cfg["RESIDENCY_MUNICIPALITY"]})
            resp.raise_for_status()
            answer = resp.json().get("resident")
        except (requests.RequestException, ValueError, AttributeError) as exc:
            log.warning("residency register lookup failed: %s", type(exc).__name__)
            return None
        return answer if isinstance(answer, bool) else None
    return None

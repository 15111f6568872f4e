"""TOTP codes typed with other digit forms are made ASCII; anything else is a form error, not a 500."""
import time

import pytest
from flask import g

from tests.totp import fresh_code

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def _stale(app, client):
    with client.session_transaction() as s:
        s["auth_at"] = time.time() - app.config["STAFF_REAUTH_SECONDS"] - 5
    g.pop("_login_user", None)


@pytest.mark.parametrize("digits", [ARABIC_INDIC, PERSIAN, FULL_WIDTH, DEVANAGARI])
def test_confirm_identity_accepts_other_digit_forms(app, client, auth, make_user, digits):
    mod = make_user(roles=["moderator"])
    auth.login(mod)
    _stale(app, client)
    code = fresh_code(mod.totp_secret).translate(digits)
    assert not code.isascii()
    r = client.post("/account/confirm-identity?next=/moderation/",
                    data={"password": "correct horse battery", "code": code[:3] + " " + code[3:]})
    assert r.status_code == 302 and r.headers["Location"].endswith("/moderation/")


@pytest.mark.parametrize("code", ["²³⁴⁵⁶⁷", "١٢٣abc!", "12345６x?", "ⅠⅡⅢⅣⅤⅥ", "\u0000123456", "😀😀😀"])
def test_other_characters_are_a_form_error(app, client, auth, make_user, code):
    mod = make_user(roles=["moderator"])
    auth.login(mod)
    _stale(app, client)
    r = client.post("/account/confirm-identity", data={"password": "correct horse battery", "code": code})
    assert r.status_code == 200, r.status_code
    assert "0-9" in r.text


def test_two_factor_step_accepts_arabic_indic_digits(client, make_user):
    staff = make_user(roles=["officer"])
    client.post("/account/login", data={"email": staff.email, "password": "correct horse battery"})
    r = client.post("/account/two-factor", data={"code": fresh_code(staff.totp_secret).translate(ARABIC_INDIC)})
    assert r.status_code == 302
    with client.session_transaction() as s:
        assert s["mfa_ok"] is True

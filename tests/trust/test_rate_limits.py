"""Login is limited per address and per account (the session app runs with limits off)."""
import pytest

from tests.conftest import build_schema, database_url, drop_schema, make_app


@pytest.mark.no_db_rollback
def test_login_is_rate_limited_per_account(tmp_path_factory):
    from portal.extensions import db, limiter
    url = database_url(tmp_path_factory, "limits")
    app = make_app(url, RATELIMIT_ENABLED=True)
    try:
        build_schema(app)
        with app.app_context():
            from portal.accounts.models import User
            u = User(email="limited@example.se", display_name="L", locale="sv")
            u.set_password("correct horse battery")
            db.session.add(u)
            db.session.commit()
        client = app.test_client()

        def attempt(email, ip):
            r = client.post("/account/login", data={"email": email, "password": "wrong password!!"},
                            environ_base={"REMOTE_ADDR": ip})
            r.close()
            return r.status_code

        # Different IP addresses, one account: the per-account limit (10/hour) stops the eleventh try.
        assert [attempt("limited@example.se", f"10.0.0.{i}") for i in range(11)] == [200] * 10 + [429]
        # An unknown address is limited the same way (the answer does not tell them apart).
        assert [attempt("unknown@example.se", f"10.0.1.{i}") for i in range(11)] == [200] * 10 + [429]
    finally:
        limiter.reset()
        limiter.enabled = False
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop_schema(url)

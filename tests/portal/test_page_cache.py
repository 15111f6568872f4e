"""The short page cache serves anonymous readers only, with a fresh CSP nonce on every response."""
import re


def nonce(r):
    return re.search(r"nonce-([\w-]+)", r.headers["Content-Security-Policy"]).group(1)


def test_anonymous_pages_are_cached_briefly_with_fresh_nonces(app, client, auth, make_proposal, make_user, db):
    app.config["PAGE_CACHE_SECONDS"] = 60
    try:
        p = make_proposal(title="Cachat förslag")
        db.session.commit()
        first = client.get(f"/proposals/{p.id}")
        p.title = "Ändrad rubrik"
        db.session.commit()
        second = client.get(f"/proposals/{p.id}")
        assert "Cachat förslag" in second.text  # served from the cache
        assert nonce(first) != nonce(second)
        assert f'nonce="{nonce(second)}"' in second.text and nonce(first) not in second.text
        assert "Ändrad rubrik" in client.get(f"/proposals/{p.id}?x=1").text  # another URL, another entry
        auth.login(make_user())
        assert "Ändrad rubrik" in client.get(f"/proposals/{p.id}").text  # never cached for a logged-in user
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0


def test_flash_messages_never_reach_another_reader(app, auth, make_user, db):
    app.config["PAGE_CACHE_SECONDS"] = 60
    try:
        user = make_user(locale="en")
        db.session.commit()
        a, b = app.test_client(), app.test_client()
        a.get("/language/en")
        b.get("/language/en")
        auth.client = a
        auth.login(user)
        auth.logout()
        assert "You are logged out." in a.get("/").text
        assert "You are logged out." not in b.get("/").text
        assert "You are logged out." not in a.get("/").text
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0


def test_public_pages_give_anonymous_readers_no_session(app, client, make_proposal, db):
    """A page that puts a CSRF token in the session cannot be shared; public pages must not."""
    from portal.dialogues.models import Dialogue
    p = make_proposal()
    db.session.commit()
    dialogue_id = db.session.scalar(db.select(Dialogue.id).limit(1))
    paths = ["/", "/proposals/", f"/proposals/{p.id}", "/dialogues/", "/search?q=cykel", "/search/ongoing"]
    if dialogue_id:
        paths.append(f"/dialogues/{dialogue_id}")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        for path in paths:
            r = client.get(path)
            assert r.status_code == 200, path
            assert "Set-Cookie" not in r.headers, path
    finally:
        app.config["WTF_CSRF_ENABLED"] = False

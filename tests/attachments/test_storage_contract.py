"""One contract for every attachment store: the local file system and S3 (a loopback moto server)."""
from __future__ import annotations

import socket

import pytest

from portal.attachments.storage import LocalStorage, NotFound, S3Storage, new_key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path, monkeypatch):
    if request.param == "local":
        yield LocalStorage(tmp_path / "files")
        return
    import boto3
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "eu-north-1"}.items():
        monkeypatch.setenv(name, value)
    endpoint = request.getfixturevalue("s3_server")
    bucket = f"attachments-{new_key()[:8]}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-north-1")
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
    store = S3Storage(bucket, endpoint_url=endpoint, region="eu-north-1")
    yield store
    client.close()
    store.client.close()


def test_put_get_exists_delete(store):
    key = new_key()
    assert not store.exists(key)
    store.put(key, b"\x89PNG bytes", "image/png")
    assert store.exists(key) and store.get(key) == b"\x89PNG bytes"
    store.put(key, b"replaced", "image/png")
    assert store.get(key) == b"replaced"
    store.delete(key)
    assert not store.exists(key)
    store.delete(key)  # deleting what is gone is not an error
    with pytest.raises(NotFound):
        store.get(key)


def test_thumbnail_keys_live_beside_their_file(store):
    key = new_key()
    store.put(key, b"a", "image/jpeg")
    store.put(f"{key}.thumb", b"b", "image/webp")
    assert store.get(f"{key}.thumb") == b"b" and store.get(key) == b"a"


@pytest.mark.parametrize("bad", ["../../etc/passwd", "x", "", "ABCDEF", "0" * 31 + "/", "0" * 32 + "/../x",
                                 "a" * 32 + ".png"])
def test_only_portal_made_keys_are_accepted(store, bad):
    with pytest.raises(ValueError):
        store.put(bad, b"x", "text/plain")
    with pytest.raises(ValueError):
        store.get(bad)


def test_configured_store_follows_the_environment(app, monkeypatch, tmp_path):
    from portal.attachments import storage as st
    saved = app.extensions.pop("attachment_storage", None)
    try:
        app.config.update(ATTACHMENT_STORAGE="local", ATTACHMENT_DIR=str(tmp_path / "x"))
        with app.app_context():
            assert isinstance(st.storage(), LocalStorage) and st.storage().root == tmp_path / "x"
    finally:
        app.config.update(ATTACHMENT_STORAGE="local", ATTACHMENT_DIR=None)
        app.extensions.pop("attachment_storage", None)
        if saved is not None:
            app.extensions["attachment_storage"] = saved

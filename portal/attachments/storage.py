"""Where attachment files live, behind one small interface: the local file system or S3.

Keys are made by the portal (random hex), never from a resident's file name, so no key can name
a path outside the store."""
from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from flask import current_app

_KEY = re.compile(r"^[0-9a-f]{32}(?:\.thumb)?$")


class NotFound(Exception):
    """No file under that key."""


def new_key() -> str:
    return secrets.token_hex(16)


def _check(key: str) -> str:
    if not _KEY.match(key or ""):
        raise ValueError(f"not an attachment key: {key!r}")
    return key


class Storage:
    """put/get/delete/exists by key; delete of a missing key is not an error."""

    def put(self, key: str, data: bytes, content_type: str) -> None:
        raise NotImplementedError

    def get(self, key: str) -> bytes:
        raise NotImplementedError

    def delete(self, key: str) -> None:
        raise NotImplementedError

    def exists(self, key: str) -> bool:
        raise NotImplementedError


class LocalStorage(Storage):
    """Files in one directory (default instance/attachments), written atomically."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / _check(key)

    def put(self, key, data, content_type):
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def get(self, key):
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise NotFound(key) from None

    def delete(self, key):
        self._path(key).unlink(missing_ok=True)

    def exists(self, key):
        return self._path(key).is_file()


class S3Storage(Storage):
    """An S3-compatible bucket (AWS, MinIO, Ceph ...) through boto3."""

    def __init__(self, bucket: str, endpoint_url: str | None = None, region: str | None = None, client=None):
        if client is None:
            import boto3
            client = boto3.client("s3", endpoint_url=endpoint_url, region_name=region)
        self.client, self.bucket = client, bucket

    def put(self, key, data, content_type):
        self.client.put_object(Bucket=self.bucket, Key=_check(key), Body=data, ContentType=content_type)

    def get(self, key):
        try:
            return self.client.get_object(Bucket=self.bucket, Key=_check(key))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            raise NotFound(key) from None

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=_check(key))

    def exists(self, key):
        from botocore.exceptions import ClientError
        try:
            self.client.head_object(Bucket=self.bucket, Key=_check(key))
            return True
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise


def storage() -> Storage:
    """The configured store, made once per app."""
    app = current_app
    store = app.extensions.get("attachment_storage")
    if store is None:
        if app.config["ATTACHMENT_STORAGE"] == "s3":
            if not app.config.get("S3_BUCKET"):
                raise RuntimeError("ATTACHMENT_STORAGE=s3 needs S3_BUCKET")
            store = S3Storage(app.config["S3_BUCKET"], app.config.get("S3_ENDPOINT_URL"), app.config.get("S3_REGION"))
        else:
            store = LocalStorage(app.config.get("ATTACHMENT_DIR") or os.path.join(app.instance_path, "attachments"))
        app.extensions["attachment_storage"] = store
    return store

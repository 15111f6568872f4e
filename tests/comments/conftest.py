"""Comments reuse the handling factories; pages and mails here are read in English."""
import pytest

from tests.handling.conftest import handled, staff, walk  # noqa: F401


@pytest.fixture
def make_user(make_user):
    """The shared factory, with English as the default language of the accounts."""
    def _make(*args, locale="en", **kwargs):
        return make_user(*args, locale=locale, **kwargs)
    return _make


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client

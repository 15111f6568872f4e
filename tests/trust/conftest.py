"""Factories for the trust tests: moderation reasons."""
import pytest


@pytest.fixture
def reasons(db):
    from portal.moderation.models import ensure_default_reasons
    from portal.moderation.queries import reasons as all_reasons
    ensure_default_reasons()
    return {r.slug: r for r in all_reasons()}

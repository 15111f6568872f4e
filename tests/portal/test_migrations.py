"""Migrations build the whole schema on an empty database and agree with the models."""
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from tests.conftest import database_url, drop_schema, make_app


@pytest.mark.no_db_rollback
def test_upgrade_empty_database_matches_models(tmp_path_factory):
    url = database_url(tmp_path_factory, "migrations")
    app = make_app(url)
    from portal.extensions import db
    try:
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            assert diff == [], f"models and migrations disagree: {diff}"
            db.engine.dispose()
    finally:
        drop_schema(url)

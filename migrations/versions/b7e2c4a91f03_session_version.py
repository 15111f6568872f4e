"""sessions that really end: a session version per account

Revision ID: b7e2c4a91f03
Revises: 53ac07661068
Create Date: 2026-12-04 17:05:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'b7e2c4a91f03'
down_revision = '53ac07661068'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows start at 0; sessions made before this revision carry no version and end once.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')

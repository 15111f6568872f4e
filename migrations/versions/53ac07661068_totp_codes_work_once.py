"""totp codes work once: the last accepted 30-second step per account

Revision ID: 53ac07661068
Revises: 82da951ac7d7
Create Date: 2026-11-22 21:15:12.290384

"""
from alembic import op
import sqlalchemy as sa

import portal.db


# revision identifiers, used by Alembic.
revision = '53ac07661068'
down_revision = '82da951ac7d7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')

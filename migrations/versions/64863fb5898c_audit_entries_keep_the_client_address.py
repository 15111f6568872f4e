"""audit entries keep the client address the actor acted from

Revision ID: 64863fb5898c
Revises: b7c2e4f19a30
Create Date: 2026-12-04 20:47:22.162145

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '64863fb5898c'
down_revision = 'b7c2e4f19a30'
branch_labels = None
depends_on = None


def upgrade():
    # Nullable and empty for the entries written before: their address was never recorded.
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_address', sa.String(length=45), nullable=True))


def downgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_column('client_address')

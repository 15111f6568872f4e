"""district names per language (the Swedish name stays in `name`, others in `names`); the language proposals, statements and contributions are written in

Revision ID: c4f1d2a9e7b3
Revises: 87840fef5366
Create Date: 2026-12-04 17:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f1d2a9e7b3'
down_revision = '87840fef5366'
branch_labels = None
depends_on = None


def upgrade():
    # Nullable and empty: every district keeps its Swedish name, which stays the fallback.
    with op.batch_alter_table('districts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('names', sa.JSON(), nullable=True))
    # Empty for existing proposals: pages then mark nothing and the page language applies, as before.
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lang', sa.String(length=8), nullable=True))
    with op.batch_alter_table('dialogue_contributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lang', sa.String(length=8), nullable=True))
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lang', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_column('lang')
    with op.batch_alter_table('dialogue_contributions', schema=None) as batch_op:
        batch_op.drop_column('lang')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('lang')
    with op.batch_alter_table('districts', schema=None) as batch_op:
        batch_op.drop_column('names')

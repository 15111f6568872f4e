"""search changes: the document ids each index write touched, so facet snapshots update in place;
proposal list indexes in list order, so a page is sought by key on PostgreSQL too

Revision ID: b7c2e4f19a30
Revises: c4f1d2a9e7b3
Create Date: 2026-12-04 17:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c2e4f19a30'
down_revision = 'c4f1d2a9e7b3'
branch_labels = None
depends_on = None


def upgrade():
    # A new, empty table: processes that find no change since their snapshot keep it; the first
    # search after the upgrade builds its snapshot from the index as before.
    op.create_table('search_changes',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('document_id', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_changes')),
                    sqlite_autoincrement=True)
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index('ix_proposals_hidden_published_at', ['hidden', 'published_at', 'id'], unique=False)
        batch_op.create_index('ix_proposals_hidden_support_count', ['hidden', 'support_count', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_hidden_support_count')
        batch_op.drop_index('ix_proposals_hidden_published_at')
    op.drop_table('search_changes')

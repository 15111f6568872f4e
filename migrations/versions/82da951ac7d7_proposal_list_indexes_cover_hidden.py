"""proposal list indexes cover hidden: a public list's count reads the index, not every row

Revision ID: 82da951ac7d7
Revises: 43661ebd61f4
Create Date: 2026-11-22 19:51:57.747426

"""
from alembic import op
import sqlalchemy as sa

import portal.db


# revision identifiers, used by Alembic.
revision = '82da951ac7d7'
down_revision = '43661ebd61f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_district_state_support'))
        batch_op.create_index('ix_proposals_district_state_support', ['district_id', 'state', 'hidden', 'support_count'], unique=False)
        batch_op.drop_index(batch_op.f('ix_proposals_state_ends_at'))
        batch_op.create_index('ix_proposals_state_ends_at', ['state', 'hidden', 'ends_at'], unique=False)
        batch_op.drop_index(batch_op.f('ix_proposals_state_published_at'))
        batch_op.create_index('ix_proposals_state_published_at', ['state', 'hidden', 'published_at'], unique=False)
        batch_op.drop_index(batch_op.f('ix_proposals_state_support_count'))
        batch_op.create_index('ix_proposals_state_support_count', ['state', 'hidden', 'support_count'], unique=False)


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_state_support_count')
        batch_op.create_index(batch_op.f('ix_proposals_state_support_count'), ['state', 'support_count'], unique=False)
        batch_op.drop_index('ix_proposals_state_published_at')
        batch_op.create_index(batch_op.f('ix_proposals_state_published_at'), ['state', 'published_at'], unique=False)
        batch_op.drop_index('ix_proposals_state_ends_at')
        batch_op.create_index(batch_op.f('ix_proposals_state_ends_at'), ['state', 'ends_at'], unique=False)
        batch_op.drop_index('ix_proposals_district_state_support')
        batch_op.create_index(batch_op.f('ix_proposals_district_state_support'), ['district_id', 'state', 'support_count'], unique=False)

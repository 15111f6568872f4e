"""routing history: imported referrals

Two new tables for `flask routing import-history`: one row per imported file and one per past
referral (title, body, the boards it was referred to, the date). Nothing existing changes.

Revision ID: c367218af5bc
Revises: b7e2c4a91f03
Create Date: 2026-12-04 16:53:26.195171

"""
from alembic import op
import sqlalchemy as sa

import portal.db


# revision identifiers, used by Alembic.
revision = 'c367218af5bc'
down_revision = 'b7e2c4a91f03'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('routing_history_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('imported_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('ruleset_version', sa.String(length=80), nullable=False),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('rows_added', sa.Integer(), nullable=False),
    sa.Column('rows_rejected', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_routing_history_imports_imported_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_history_imports'))
    )
    op.create_table('routing_history_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('boards', sa.JSON(), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=True),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['routing_history_imports.id'], name=op.f('fk_routing_history_items_import_id_routing_history_imports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_history_items')),
    sa.UniqueConstraint('digest', name=op.f('uq_routing_history_items_digest'))
    )
    with op.batch_alter_table('routing_history_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routing_history_items_import_id'), ['import_id'], unique=False)



def downgrade():
    with op.batch_alter_table('routing_history_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_routing_history_items_import_id'))

    op.drop_table('routing_history_items')
    op.drop_table('routing_history_imports')

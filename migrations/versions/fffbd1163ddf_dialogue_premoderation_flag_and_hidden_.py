"""dialogue premoderation flag and hidden contributions

Dialogues get `premoderated` (true for existing ones: they were all reviewed before publication);
contributions can be hidden by reports or a moderator, with a public reason, as proposals can.

Revision ID: fffbd1163ddf
Revises: fa9ddea27042
Create Date: 2026-11-22 18:14:57.669076

"""
from alembic import op
import sqlalchemy as sa

import portal.db


# revision identifiers, used by Alembic.
revision = 'fffbd1163ddf'
down_revision = 'fa9ddea27042'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dialogue_contributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('hidden_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('hidden_at', portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('moderation_reason_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_dialogue_contributions_moderation_reason_id_moderation_reasons'), 'moderation_reasons', ['moderation_reason_id'], ['id'])

    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.add_column(sa.Column('premoderated', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.drop_column('premoderated')

    with op.batch_alter_table('dialogue_contributions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_dialogue_contributions_moderation_reason_id_moderation_reasons'), type_='foreignkey')
        batch_op.drop_column('moderation_reason_id')
        batch_op.drop_column('hidden_at')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden')

"""e-legitimation persons and verified supports

Adds eid_persons (a keyed hash of the personal identity number, the year of birth, residency),
links accounts and supports to a person (one support per person per proposal), counts verified
supports apart, and records a guardian's approval for under-age authors. Only new nullable columns
or columns with server defaults: existing rows keep their data (every support starts unverified).

Revision ID: ab918949602a
Revises: c367218af5bc
Create Date: 2026-12-04 16:52:48.730345

"""
from alembic import op
import sqlalchemy as sa

import portal.db


# revision identifiers, used by Alembic.
revision = 'ab918949602a'
down_revision = 'c367218af5bc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('eid_persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pin_hmac', sa.String(length=64), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('resident', sa.Boolean(), nullable=True),
    sa.Column('residency_checked_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('loa', sa.String(length=120), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('verified_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eid_persons')),
    sa.UniqueConstraint('pin_hmac', name=op.f('uq_eid_persons_pin_hmac'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verified_support_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('guardian_required', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('guardian_approved_at', portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('guardian_person_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_proposals_guardian_person_id_eid_persons'), 'eid_persons', ['guardian_person_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_supports_proposal_id_person_id'), ['proposal_id', 'person_id'])
        batch_op.create_foreign_key(batch_op.f('fk_supports_person_id_eid_persons'), 'eid_persons', ['person_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_person_id'), ['person_id'])
        batch_op.create_foreign_key(batch_op.f('fk_users_person_id_eid_persons'), 'eid_persons', ['person_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_person_id_eid_persons'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_users_person_id'), type_='unique')
        batch_op.drop_column('person_id')

    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_supports_person_id_eid_persons'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_supports_proposal_id_person_id'), type_='unique')
        batch_op.drop_column('person_id')

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposals_guardian_person_id_eid_persons'), type_='foreignkey')
        batch_op.drop_column('guardian_person_id')
        batch_op.drop_column('guardian_approved_at')
        batch_op.drop_column('guardian_required')
        batch_op.drop_column('verified_support_count')

    op.drop_table('eid_persons')

"""Comments on proposals; mail preference for comment news; named supporters; attachments; follow-up updates (issue 17)

Revision ID: 87840fef5366
Revises: ab918949602a
Create Date: 2026-12-04 16:48:19.345760

"""
from alembic import op
import sqlalchemy as sa

import portal.db


# revision identifiers, used by Alembic.
revision = '87840fef5366'
down_revision = 'ab918949602a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposal_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'published', 'rejected', name='comment_state', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('edited_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('deleted_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('moderated_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('hidden_reason', sa.Text(), nullable=True),
    sa.Column('hidden_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('moderation_reason_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_proposal_comments_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_proposal_comments_board_id_boards'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], name=op.f('fk_proposal_comments_moderated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['moderation_reason_id'], ['moderation_reasons.id'], name=op.f('fk_proposal_comments_moderation_reason_id_moderation_reasons')),
    sa.ForeignKeyConstraint(['parent_id'], ['proposal_comments.id'], name=op.f('fk_proposal_comments_parent_id_proposal_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_comments_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_comments'))
    )
    with op.batch_alter_table('proposal_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_comments_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_comments_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index('ix_proposal_comments_proposal_state', ['proposal_id', 'state', 'hidden'], unique=False)

    with op.batch_alter_table('mail_preferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_news', sa.Boolean(), server_default=sa.true(), nullable=False))

    # Named supporters: existing supports stay counted only.
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shown', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('alias', sa.String(length=60), nullable=True))
        batch_op.create_index('ix_supports_proposal_shown', ['proposal_id', 'shown', 'id'], unique=False)

    # Attachments: documents, pictures (stored under random keys) and links.
    op.create_table('proposal_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('file', 'link', name='attachment_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=True),
    sa.Column('content_type', sa.String(length=40), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('alt_text', sa.Text(), nullable=True),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('thumb_width', sa.Integer(), nullable=True),
    sa.Column('thumb_height', sa.Integer(), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_attachments_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_attachments')),
    sa.UniqueConstraint('key', name=op.f('uq_proposal_attachments_key'))
    )
    with op.batch_alter_table('proposal_attachments', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_attachments_proposal_kind', ['proposal_id', 'kind', 'id'], unique=False)

    # Follow-up after a decision that grants a proposal.
    op.create_table('follow_up_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'started', 'done', 'stopped', name='follow_up_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('published_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_follow_up_updates_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_follow_up_updates_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_updates'))
    )
    with op.batch_alter_table('follow_up_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_updates_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_follow_up_updates_case', ['case_id', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('follow_up_updates', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_up_updates_case')
        batch_op.drop_index(batch_op.f('ix_follow_up_updates_author_id'))
    op.drop_table('follow_up_updates')

    with op.batch_alter_table('proposal_attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_attachments_proposal_kind')
    op.drop_table('proposal_attachments')

    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_index('ix_supports_proposal_shown')
        batch_op.drop_column('alias')
        batch_op.drop_column('shown')

    with op.batch_alter_table('mail_preferences', schema=None) as batch_op:
        batch_op.drop_column('comment_news')

    with op.batch_alter_table('proposal_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_comments_proposal_state')
        batch_op.drop_index(batch_op.f('ix_proposal_comments_parent_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_comments_author_id'))

    op.drop_table('proposal_comments')

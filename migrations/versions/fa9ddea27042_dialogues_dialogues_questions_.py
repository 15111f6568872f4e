"""dialogues: dialogues, questions, contributions, meetings, sign-ups, followers

Tables of portal/dialogues: a dialogue with its boards, districts, topics, target groups and linked
proposals; its questions, moderated contributions (one level of replies), meetings with sign-ups and
a waiting list, followers, and the timeline of its status changes. No data to migrate.

Revision ID: fa9ddea27042
Revises: 6296d31ab4da
Create Date: 2026-11-22 17:13:27.095169

"""
from alembic import op
import sqlalchemy as sa

import portal.db


# revision identifiers, used by Alembic.
revision = 'fa9ddea27042'
down_revision = '6296d31ab4da'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dialogues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('contact_name', sa.String(length=100), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('level', sa.Enum('information', 'consultation', 'dialogue', 'influence', 'co_decision', name='level', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('state', sa.Enum('planned', 'open', 'analysing', 'feedback_published', 'closed', name='state', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('feedback_heard', sa.Text(), nullable=True),
    sa.Column('feedback_decided', sa.Text(), nullable=True),
    sa.Column('feedback_why', sa.Text(), nullable=True),
    sa.Column('feedback_board_id', sa.Integer(), nullable=True),
    sa.Column('feedback_published_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_dialogues_period_in_order')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_dialogues_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['feedback_board_id'], ['boards.id'], name=op.f('fk_dialogues_feedback_board_id_boards')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogues'))
    )
    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.create_index('ix_dialogues_state_starts_on', ['state', 'starts_on'], unique=False)

    op.create_table('dialogue_boards',
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_dialogue_boards_board_id_boards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], name=op.f('fk_dialogue_boards_dialogue_id_dialogues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dialogue_id', 'board_id', name=op.f('pk_dialogue_boards'))
    )
    op.create_table('dialogue_districts',
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], name=op.f('fk_dialogue_districts_dialogue_id_dialogues'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_dialogue_districts_district_id_districts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dialogue_id', 'district_id', name=op.f('pk_dialogue_districts'))
    )
    with op.batch_alter_table('dialogue_districts', schema=None) as batch_op:
        batch_op.create_index('ix_dialogue_districts_district', ['district_id'], unique=False)

    op.create_table('dialogue_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('from_state', sa.Enum('planned', 'open', 'analysing', 'feedback_published', 'closed', name='from_state', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('to_state', sa.Enum('planned', 'open', 'analysing', 'feedback_published', 'closed', name='to_state', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_dialogue_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], name=op.f('fk_dialogue_events_dialogue_id_dialogues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_events'))
    )
    with op.batch_alter_table('dialogue_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_events_dialogue_id'), ['dialogue_id'], unique=False)

    op.create_table('dialogue_followers',
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], name=op.f('fk_dialogue_followers_dialogue_id_dialogues'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_dialogue_followers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dialogue_id', 'user_id', name=op.f('pk_dialogue_followers'))
    )
    with op.batch_alter_table('dialogue_followers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_followers_user_id'), ['user_id'], unique=False)

    op.create_table('dialogue_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('starts_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('accessibility', sa.Text(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity >= 1', name=op.f('ck_dialogue_meetings_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_dialogue_meetings_times_in_order')),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], name=op.f('fk_dialogue_meetings_dialogue_id_dialogues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_meetings'))
    )
    with op.batch_alter_table('dialogue_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_meetings_dialogue_id'), ['dialogue_id'], unique=False)

    op.create_table('dialogue_proposals',
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], name=op.f('fk_dialogue_proposals_dialogue_id_dialogues'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_dialogue_proposals_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dialogue_id', 'proposal_id', name=op.f('pk_dialogue_proposals'))
    )
    with op.batch_alter_table('dialogue_proposals', schema=None) as batch_op:
        batch_op.create_index('ix_dialogue_proposals_proposal', ['proposal_id'], unique=False)

    op.create_table('dialogue_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], name=op.f('fk_dialogue_questions_dialogue_id_dialogues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_questions'))
    )
    with op.batch_alter_table('dialogue_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_questions_dialogue_id'), ['dialogue_id'], unique=False)

    op.create_table('dialogue_target_groups',
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('target_group', sa.Enum('everyone', 'children', 'young_people', 'families', 'elderly', 'disabilities', 'newly_arrived', 'businesses', 'associations', name='target_group', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], name=op.f('fk_dialogue_target_groups_dialogue_id_dialogues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dialogue_id', 'target_group', name=op.f('pk_dialogue_target_groups'))
    )
    op.create_table('dialogue_topics',
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], name=op.f('fk_dialogue_topics_dialogue_id_dialogues'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_dialogue_topics_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dialogue_id', 'topic_id', name=op.f('pk_dialogue_topics'))
    )
    op.create_table('dialogue_contributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'published', 'rejected', name='state', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('moderated_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_dialogue_contributions_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], name=op.f('fk_dialogue_contributions_dialogue_id_dialogues'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], name=op.f('fk_dialogue_contributions_moderated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['dialogue_contributions.id'], name=op.f('fk_dialogue_contributions_parent_id_dialogue_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['dialogue_questions.id'], name=op.f('fk_dialogue_contributions_question_id_dialogue_questions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_contributions'))
    )
    with op.batch_alter_table('dialogue_contributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_contributions_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_dialogue_contributions_dialogue_state', ['dialogue_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_contributions_parent_id'), ['parent_id'], unique=False)

    op.create_table('dialogue_signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('waiting', sa.Boolean(), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['dialogue_meetings.id'], name=op.f('fk_dialogue_signups_meeting_id_dialogue_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_dialogue_signups_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_signups')),
    sa.UniqueConstraint('meeting_id', 'user_id', name='uq_dialogue_signups_meeting_user')
    )
    with op.batch_alter_table('dialogue_signups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_signups_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('dialogue_signups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_signups_user_id'))

    op.drop_table('dialogue_signups')
    with op.batch_alter_table('dialogue_contributions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_contributions_parent_id'))
        batch_op.drop_index('ix_dialogue_contributions_dialogue_state')
        batch_op.drop_index(batch_op.f('ix_dialogue_contributions_author_id'))

    op.drop_table('dialogue_contributions')
    op.drop_table('dialogue_topics')
    op.drop_table('dialogue_target_groups')
    with op.batch_alter_table('dialogue_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_questions_dialogue_id'))

    op.drop_table('dialogue_questions')
    with op.batch_alter_table('dialogue_proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_dialogue_proposals_proposal')

    op.drop_table('dialogue_proposals')
    with op.batch_alter_table('dialogue_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_meetings_dialogue_id'))

    op.drop_table('dialogue_meetings')
    with op.batch_alter_table('dialogue_followers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_followers_user_id'))

    op.drop_table('dialogue_followers')
    with op.batch_alter_table('dialogue_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_events_dialogue_id'))

    op.drop_table('dialogue_events')
    with op.batch_alter_table('dialogue_districts', schema=None) as batch_op:
        batch_op.drop_index('ix_dialogue_districts_district')

    op.drop_table('dialogue_districts')
    op.drop_table('dialogue_boards')
    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.drop_index('ix_dialogues_state_starts_on')

    op.drop_table('dialogues')

"""search index: documents and facets for the embedded search backend

On PostgreSQL `tsv` is a tsvector ('swedish') with a GIN index. On SQLite the text index is
an FTS5 virtual table that `flask search setup` (or the first index write) creates: it is not
a mapped table, so it stays out of the models/migrations comparison.

Revision ID: 6296d31ab4da
Revises: 4f97b25717e6
Create Date: 2026-11-22 17:13:42.057522

"""
from alembic import op
import sqlalchemy as sa

import portal.db
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '6296d31ab4da'
down_revision = '4f97b25717e6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('generation', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_state'))
    )
    op.create_table('search_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('published_ts', sa.Integer(), nullable=False),
    sa.Column('support_count', sa.Integer(), nullable=False),
    sa.Column('deadline_ts', sa.Integer(), nullable=True),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('tsv', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
    sa.UniqueConstraint('key', name=op.f('uq_search_documents_key'))
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index('ix_search_documents_deadline_ts', ['deadline_ts'], unique=False)
        batch_op.create_index('ix_search_documents_published_ts', ['published_ts'], unique=False)
        batch_op.create_index('ix_search_documents_support_count', ['support_count'], unique=False)
        batch_op.create_index('ix_search_documents_tsv', ['tsv'], unique=False, postgresql_using='gin')

    op.create_table('search_facets',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('facet', sa.String(length=20), nullable=False),
    sa.Column('value', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['search_documents.id'], name=op.f('fk_search_facets_document_id_search_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'facet', 'value', name=op.f('pk_search_facets'))
    )
    with op.batch_alter_table('search_facets', schema=None) as batch_op:
        batch_op.create_index('ix_search_facets_facet_value', ['facet', 'value', 'document_id'], unique=False)



def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    with op.batch_alter_table('search_facets', schema=None) as batch_op:
        batch_op.drop_index('ix_search_facets_facet_value')

    op.drop_table('search_facets')
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_search_documents_tsv', postgresql_using='gin')
        batch_op.drop_index('ix_search_documents_support_count')
        batch_op.drop_index('ix_search_documents_published_ts')
        batch_op.drop_index('ix_search_documents_deadline_ts')

    op.drop_table('search_documents')
    op.drop_table('search_state')

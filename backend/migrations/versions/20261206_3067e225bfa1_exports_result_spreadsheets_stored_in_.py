"""exports: result spreadsheets stored in chunks

A results board's spreadsheets (results, prize list, every attempt) are built in the
background and kept per board version and state, kind, masking and unit subtree, with their progress
and a lease on whoever builds them; the file's bytes are stored in the database in 1 MB
chunks, so that any app host can serve them and a backup holds them.

Revision ID: 3067e225bfa1
Revises: 51c23b8520e0
Create Date: 2026-12-06 21:34:49.452728
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '3067e225bfa1'
down_revision: str | Sequence[str] | None = '51c23b8520e0'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('export_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('board_version', sa.Integer(), nullable=False),
    sa.Column('board_state', sa.Enum('not_finalised', 'finalised', 'provisional', 'official', name='resultstate', native_enum=False, length=40), nullable=False),
    sa.Column('kind', sa.Enum('results', 'prizes', 'attempts', name='exportkind', native_enum=False, length=40), nullable=False),
    sa.Column('masked', sa.Boolean(), nullable=False),
    sa.Column('scope_unit_id', sa.Integer(), nullable=True),
    sa.Column('scope_path', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('queued', 'running', 'done', 'failed', name='exportstate', native_enum=False, length=40), nullable=False),
    sa.Column('rows_done', sa.Integer(), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('parts', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('holder', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('lease_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['board_id'], ['result_board.id'], name=op.f('fk_export_file_board_id_result_board')),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_export_file_contest_id_contest')),
    sa.ForeignKeyConstraint(['requested_by'], ['user_account.id'], name=op.f('fk_export_file_requested_by_user_account')),
    sa.ForeignKeyConstraint(['scope_unit_id'], ['unit.id'], name=op.f('fk_export_file_scope_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_file')),
    sa.UniqueConstraint('board_id', 'board_version', 'board_state', 'kind', 'masked', 'scope_path', name='uq_export_file_one_per_board_version')
    )
    with op.batch_alter_table('export_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_file_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index('ix_export_file_state_lease_until', ['state', 'lease_until'], unique=False)

    op.create_table('export_chunk',
    sa.Column('export_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['export_id'], ['export_file.id'], name=op.f('fk_export_chunk_export_id_export_file')),
    sa.PrimaryKeyConstraint('export_id', 'part', name=op.f('pk_export_chunk'))
    )


def downgrade() -> None:
    op.drop_table('export_chunk')
    with op.batch_alter_table('export_file', schema=None) as batch_op:
        batch_op.drop_index('ix_export_file_state_lease_until')
        batch_op.drop_index(batch_op.f('ix_export_file_contest_id'))

    op.drop_table('export_file')

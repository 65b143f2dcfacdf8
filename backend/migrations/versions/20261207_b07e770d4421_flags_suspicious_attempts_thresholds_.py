"""flags: suspicious attempts thresholds, exclusions from prizes, start address

A contest's thresholds for flagging suspicious attempts (one row per contest, typed columns;
none means the defaults), the contestants excluded from prizes (one row per contest and
contestant, lifting kept on the row), the mark on a result entry that its contestant was
excluded from prizes, and the address an attempt was started from (empty for attempts
started before this revision).

Revision ID: b07e770d4421
Revises: 3067e225bfa1
Create Date: 2026-12-07 00:27:29.263190
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'b07e770d4421'
down_revision: str | Sequence[str] | None = '3067e225bfa1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('flag_rules',
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('fast_seconds_per_question', sa.Integer(), nullable=False),
    sa.Column('burst_count', sa.Integer(), nullable=False),
    sa.Column('burst_minutes', sa.Integer(), nullable=False),
    sa.Column('similar_percent', sa.Integer(), nullable=False),
    sa.Column('similar_min_shared', sa.Integer(), nullable=False),
    sa.Column('similar_submit_seconds', sa.Integer(), nullable=False),
    sa.Column('similar_duration_seconds', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('burst_count BETWEEN 2 AND 10000', name=op.f('ck_flag_rules_burst_count_in_range')),
    sa.CheckConstraint('burst_minutes BETWEEN 1 AND 10080', name=op.f('ck_flag_rules_burst_minutes_in_range')),
    sa.CheckConstraint('fast_seconds_per_question BETWEEN 1 AND 600', name=op.f('ck_flag_rules_fast_seconds_per_question_in_range')),
    sa.CheckConstraint('similar_duration_seconds BETWEEN 0 AND 3600', name=op.f('ck_flag_rules_similar_duration_seconds_in_range')),
    sa.CheckConstraint('similar_min_shared BETWEEN 2 AND 200', name=op.f('ck_flag_rules_similar_min_shared_in_range')),
    sa.CheckConstraint('similar_percent BETWEEN 50 AND 100', name=op.f('ck_flag_rules_similar_percent_in_range')),
    sa.CheckConstraint('similar_submit_seconds BETWEEN 1 AND 3600', name=op.f('ck_flag_rules_similar_submit_seconds_in_range')),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_flag_rules_contest_id_contest')),
    sa.ForeignKeyConstraint(['updated_by'], ['user_account.id'], name=op.f('fk_flag_rules_updated_by_user_account')),
    sa.PrimaryKeyConstraint('contest_id', name=op.f('pk_flag_rules'))
    )
    op.create_table('prize_exclusion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('contestant_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('excluded_by', sa.Integer(), nullable=True),
    sa.Column('excluded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('lifted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('lifted_by', sa.Integer(), nullable=True),
    sa.Column('lift_reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_prize_exclusion_contest_id_contest')),
    sa.ForeignKeyConstraint(['contestant_id'], ['contestant.id'], name=op.f('fk_prize_exclusion_contestant_id_contestant')),
    sa.ForeignKeyConstraint(['excluded_by'], ['user_account.id'], name=op.f('fk_prize_exclusion_excluded_by_user_account')),
    sa.ForeignKeyConstraint(['lifted_by'], ['user_account.id'], name=op.f('fk_prize_exclusion_lifted_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prize_exclusion')),
    sa.UniqueConstraint('contest_id', 'contestant_id', name=op.f('uq_prize_exclusion_contest_id_contestant_id'))
    )
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_ip', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    with op.batch_alter_table('result_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prize_excluded', sa.Boolean(), server_default=sa.text('false'), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('result_entry', schema=None) as batch_op:
        batch_op.drop_column('prize_excluded')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('started_ip')

    op.drop_table('prize_exclusion')
    op.drop_table('flag_rules')

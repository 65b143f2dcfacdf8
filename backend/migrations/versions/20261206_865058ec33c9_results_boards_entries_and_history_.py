"""results boards, entries and history; question rulings; contest groups; letterhead

A board per round and one per contest hold the ranking rules and the results workflow; their
entries are written as a new version beside the one shown. Organisers void or re-key faulty
questions (question.voided, question_ruling). Contests may define groups ("bảng") chosen at
registration, and one prize per person. The letterhead heads every official export.

Revision ID: 865058ec33c9
Revises: 139616a3cf67
Create Date: 2026-12-06 21:11:15.354810
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '865058ec33c9'
down_revision: str | Sequence[str] | None = '139616a3cf67'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('letterhead',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('governing_body', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('issuing_body', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('heading', sa.Enum('party', 'state', name='heading', native_enum=False, length=40), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('signer_titles', sa.Text(), nullable=False),
    sa.Column('signer_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_letterhead_only_one')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letterhead'))
    )
    op.create_table('question_ruling',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('void_mark', 'void_drop', 'rekey', name='rulingkind', native_enum=False, length=40), nullable=False),
    sa.Column('correct_option_ids', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rescored', sa.Integer(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_question_ruling_actor_id_user_account')),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_question_ruling_contest_id_contest')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_ruling_question_id_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_ruling'))
    )
    with op.batch_alter_table('question_ruling', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_ruling_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_ruling_question_id'), ['question_id'], unique=False)

    op.create_table('result_board',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('counted_attempt', sa.Enum('best', 'first', 'last', name='countedattempt', native_enum=False, length=40), nullable=False),
    sa.Column('prediction_target', sa.Enum('full_marks', 'participants', 'attempts', name='predictiontarget', native_enum=False, length=40), nullable=False),
    sa.Column('combine', sa.Enum('sum', 'best', name='combine', native_enum=False, length=40), nullable=False),
    sa.Column('tie_breaks', sa.JSON(), nullable=False),
    sa.Column('prizes', sa.JSON(), nullable=False),
    sa.Column('max_winner_share', sa.Integer(), nullable=True),
    sa.Column('complaint_days', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('not_finalised', 'finalised', 'provisional', 'official', name='resultstate', native_enum=False, length=40), nullable=False),
    sa.Column('actual_value', sa.Integer(), nullable=True),
    sa.Column('ranked', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('last_version', sa.Integer(), nullable=False),
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('key_question_ids', sa.JSON(), nullable=False),
    sa.Column('problem', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('finalised_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('complaints_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('official_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('complaint_days BETWEEN 0 AND 60', name=op.f('ck_result_board_complaint_days_range')),
    sa.CheckConstraint('max_winner_share IS NULL OR max_winner_share BETWEEN 1 AND 100', name=op.f('ck_result_board_winner_share_percent')),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_result_board_contest_id_contest')),
    sa.ForeignKeyConstraint(['round_id'], ['contest_round.id'], name=op.f('fk_result_board_round_id_contest_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_board')),
    sa.UniqueConstraint('contest_id', 'round_id', name=op.f('uq_result_board_contest_id_round_id'))
    )
    with op.batch_alter_table('result_board', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_result_board_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index('uq_result_board_one_overall', ['contest_id'], unique=True, sqlite_where=sa.text('round_id IS NULL'), postgresql_where=sa.text('round_id IS NULL'))

    op.create_table('result_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('from_version', sa.Integer(), nullable=False),
    sa.Column('to_version', sa.Integer(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_result_change_actor_id_user_account')),
    sa.ForeignKeyConstraint(['board_id'], ['result_board.id'], name=op.f('fk_result_change_board_id_result_board')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_change'))
    )
    with op.batch_alter_table('result_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_result_change_board_id'), ['board_id'], unique=False)

    op.create_table('result_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('group_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('tied', sa.Boolean(), nullable=False),
    sa.Column('contestant_id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('unit_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('block_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('search_key', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('max_score', sa.Integer(), nullable=False),
    sa.Column('prediction', sa.Integer(), nullable=True),
    sa.Column('distance', sa.BigInteger(), nullable=True),
    sa.Column('duration_ms', sa.BigInteger(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('prize', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('rounds', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_result_entry_attempt_id_attempt')),
    sa.ForeignKeyConstraint(['board_id'], ['result_board.id'], name=op.f('fk_result_entry_board_id_result_board')),
    sa.ForeignKeyConstraint(['contestant_id'], ['contestant.id'], name=op.f('fk_result_entry_contestant_id_contestant')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_result_entry_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_entry')),
    sa.UniqueConstraint('board_id', 'version', 'contestant_id', name=op.f('uq_result_entry_board_id_version_contestant_id')),
    sa.UniqueConstraint('board_id', 'version', 'group_name', 'position', name=op.f('uq_result_entry_board_id_version_group_name_position'))
    )
    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.add_column(sa.Column('groups', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column('one_prize_per_person', sa.Boolean(), server_default=sa.text('(false)'), nullable=False))

    with op.batch_alter_table('contestant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_name', sqlmodel.sql.sqltypes.AutoString(length=120), server_default='', nullable=False))

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('voided', sqlmodel.sql.sqltypes.AutoString(length=10), server_default='', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_column('voided')

    with op.batch_alter_table('contestant', schema=None) as batch_op:
        batch_op.drop_column('group_name')

    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.drop_column('one_prize_per_person')
        batch_op.drop_column('groups')

    op.drop_table('result_entry')
    with op.batch_alter_table('result_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_result_change_board_id'))

    op.drop_table('result_change')
    with op.batch_alter_table('result_board', schema=None) as batch_op:
        batch_op.drop_index('uq_result_board_one_overall', sqlite_where=sa.text('round_id IS NULL'), postgresql_where=sa.text('round_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_result_board_contest_id'))

    op.drop_table('result_board')
    with op.batch_alter_table('question_ruling', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_ruling_question_id'))
        batch_op.drop_index(batch_op.f('ix_question_ruling_contest_id'))

    op.drop_table('question_ruling')
    op.drop_table('letterhead')

"""movement entries and steps, commendation proposals, nominees and decisions

Revision ID: e5da82e6ae50
Revises: 161397de6135
Create Date: 2026-12-07 06:53:07.013662
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'e5da82e6ae50'
down_revision: str | Sequence[str] | None = '161397de6135'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('award_form',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('bang_khen', 'giay_khen', 'khac', name='awardkind', native_enum=False, length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('issuing_level', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_form')),
    sa.UniqueConstraint('name', name=op.f('uq_award_form_name'))
    )
    op.create_table('movement_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('registration_opens_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('registration_closes_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('reminder_days', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('registration_closes_at > registration_opens_at', name=op.f('ck_movement_year_window_in_order')),
    sa.CheckConstraint('reminder_days BETWEEN 0 AND 60', name=op.f('ck_movement_year_reminder_days_in_range')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_movement_year_year_in_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_year')),
    sa.UniqueConstraint('year', name=op.f('uq_movement_year_year'))
    )
    op.create_table('movement_field',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['year_id'], ['movement_year.id'], name=op.f('fk_movement_field_year_id_movement_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_field')),
    sa.UniqueConstraint('year_id', 'name', name='one_field_name_a_year')
    )
    with op.batch_alter_table('movement_field', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_movement_field_year_id'), ['year_id'], unique=False)

    op.create_table('commendation_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('signed_date', sa.Date(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('signer_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('signer_title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('issuing_body', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_commendation_decision_created_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commendation_decision')),
    sa.UniqueConstraint('number', name='one_decision_a_number')
    )
    op.create_table('commendation_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'submitted', name='proposalstatus', native_enum=False, length=40), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_commendation_proposal_year_in_range')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_commendation_proposal_created_by_user_account')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_commendation_proposal_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commendation_proposal'))
    )
    with op.batch_alter_table('commendation_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commendation_proposal_unit_id'), ['unit_id'], unique=False)

    op.create_table('movement_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('mo_hinh', 'giai_phap', 'dien_hinh_tap_the', 'dien_hinh_ca_nhan', name='entrykind', native_enum=False, length=40), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('title_key', sa.String(length=300), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('people', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('results', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('registered', 'verified', 'unit_recognised', 'city_proposed', 'city_recognised', 'exemplary', 'commendation_proposed', 'rejected', name='entrystatus', native_enum=False, length=40), nullable=False),
    sa.Column('rejected_from', sa.Enum('registered', 'verified', 'unit_recognised', 'city_proposed', 'city_recognised', 'exemplary', 'commendation_proposed', 'rejected', name='entrystatus', native_enum=False, length=40), nullable=True),
    sa.Column('rejected_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_movement_entry_created_by_user_account')),
    sa.ForeignKeyConstraint(['field_id'], ['movement_field.id'], name=op.f('fk_movement_entry_field_id_movement_field')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_movement_entry_unit_id_unit')),
    sa.ForeignKeyConstraint(['year_id'], ['movement_year.id'], name=op.f('fk_movement_entry_year_id_movement_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_entry')),
    sa.UniqueConstraint('year_id', 'unit_id', 'title_key', name='one_title_a_unit_a_year')
    )
    with op.batch_alter_table('movement_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_movement_entry_field_id'), ['field_id'], unique=False)
        batch_op.create_index('ix_movement_entry_year_status', ['year_id', 'status'], unique=False)
        batch_op.create_index('ix_movement_entry_year_unit', ['year_id', 'unit_id'], unique=False)

    op.create_table('commendation_nominee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('collective', 'individual', name='nomineekind', native_enum=False, length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('gender', sa.Enum('nam', 'nu', name='gender', native_enum=False, length=40), nullable=True),
    sa.Column('position', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('achievement', sa.Text(), nullable=False),
    sa.Column('award_form_id', sa.Integer(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('source', sa.Enum('direct', 'contest_prize', 'contest_collective', 'writing_prize', 'writing_collective', 'movement_entry', name='source', native_enum=False, length=40), nullable=False),
    sa.Column('achievement_key', sa.String(length=400), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind = 'individual' OR (birth_year IS NULL AND gender IS NULL)", name=op.f('ck_commendation_nominee_collectives_have_no_birth')),
    sa.CheckConstraint('birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100', name=op.f('ck_commendation_nominee_birth_year_in_range')),
    sa.ForeignKeyConstraint(['award_form_id'], ['award_form.id'], name=op.f('fk_commendation_nominee_award_form_id_award_form')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_commendation_nominee_created_by_user_account')),
    sa.ForeignKeyConstraint(['decision_id'], ['commendation_decision.id'], name=op.f('fk_commendation_nominee_decision_id_commendation_decision')),
    sa.ForeignKeyConstraint(['proposal_id'], ['commendation_proposal.id'], name=op.f('fk_commendation_nominee_proposal_id_commendation_proposal')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_commendation_nominee_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commendation_nominee')),
    sa.UniqueConstraint('achievement_key', 'award_form_id', name='one_award_an_achievement')
    )
    with op.batch_alter_table('commendation_nominee', schema=None) as batch_op:
        batch_op.create_index('ix_commendation_nominee_decision', ['decision_id'], unique=False)
        batch_op.create_index('ix_commendation_nominee_proposal', ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commendation_nominee_unit_id'), ['unit_id'], unique=False)

    op.create_table('movement_entry_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('size >= 0', name=op.f('ck_movement_entry_evidence_size_not_negative')),
    sa.ForeignKeyConstraint(['entry_id'], ['movement_entry.id'], name=op.f('fk_movement_entry_evidence_entry_id_movement_entry')),
    sa.ForeignKeyConstraint(['sha256'], ['stored_blob.sha256'], name=op.f('fk_movement_entry_evidence_sha256_stored_blob')),
    sa.ForeignKeyConstraint(['uploaded_by'], ['user_account.id'], name=op.f('fk_movement_entry_evidence_uploaded_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_entry_evidence')),
    sa.UniqueConstraint('entry_id', 'sha256', name='one_copy_of_a_file_an_entry')
    )
    with op.batch_alter_table('movement_entry_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_movement_entry_evidence_entry_id'), ['entry_id'], unique=False)

    op.create_table('movement_entry_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('registered', 'verified', 'unit_recognised', 'city_proposed', 'city_recognised', 'exemplary', 'commendation_proposed', 'rejected', name='entrystatus', native_enum=False, length=40), nullable=True),
    sa.Column('to_status', sa.Enum('registered', 'verified', 'unit_recognised', 'city_proposed', 'city_recognised', 'exemplary', 'commendation_proposed', 'rejected', name='entrystatus', native_enum=False, length=40), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_movement_entry_step_actor_id_user_account')),
    sa.ForeignKeyConstraint(['entry_id'], ['movement_entry.id'], name=op.f('fk_movement_entry_step_entry_id_movement_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_entry_step'))
    )
    with op.batch_alter_table('movement_entry_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_movement_entry_step_entry_id'), ['entry_id'], unique=False)

    with op.batch_alter_table('letterhead', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_number_format', sqlmodel.sql.sqltypes.AutoString(length=60), server_default='{so}-QĐ/BDVTU', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('letterhead', schema=None) as batch_op:
        batch_op.drop_column('decision_number_format')

    with op.batch_alter_table('movement_entry_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_movement_entry_step_entry_id'))

    op.drop_table('movement_entry_step')
    with op.batch_alter_table('movement_entry_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_movement_entry_evidence_entry_id'))

    op.drop_table('movement_entry_evidence')
    with op.batch_alter_table('commendation_nominee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commendation_nominee_unit_id'))
        batch_op.drop_index('ix_commendation_nominee_proposal')
        batch_op.drop_index('ix_commendation_nominee_decision')

    op.drop_table('commendation_nominee')
    with op.batch_alter_table('movement_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_movement_entry_year_unit')
        batch_op.drop_index('ix_movement_entry_year_status')
        batch_op.drop_index(batch_op.f('ix_movement_entry_field_id'))

    op.drop_table('movement_entry')
    with op.batch_alter_table('commendation_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commendation_proposal_unit_id'))

    op.drop_table('commendation_proposal')
    op.drop_table('commendation_decision')
    with op.batch_alter_table('movement_field', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_movement_field_year_id'))

    op.drop_table('movement_field')
    op.drop_table('movement_year')
    op.drop_table('award_form')

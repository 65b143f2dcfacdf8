"""attempts keep their prediction prompt and a revision

An attempt keeps the rules it started with: the round's prediction question is copied onto it
(attempts already stored get their round's current one). `revision` is bumped by every change,
so a write decided on a row read earlier applies only if nothing changed since.

Revision ID: 139616a3cf67
Revises: d49257d18d64
Create Date: 2026-12-06 17:52:55.603898
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '139616a3cf67'
down_revision: str | Sequence[str] | None = 'd49257d18d64'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prediction_prompt', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default=sa.text('0'), nullable=False))
    op.execute("UPDATE attempt SET prediction_prompt = (SELECT prediction_prompt "
               "FROM contest_round WHERE contest_round.id = attempt.round_id)")


def downgrade() -> None:
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('revision')
        batch_op.drop_column('prediction_prompt')


"""leaderboards read a subtree and search names through indexes

A unit officer's leaderboard reads its subtree's entries in order from an index that leads
with the unit. A search by name or unit reads, on SQLite, a narrow index holding position and
search key (scanned without touching the rows); on PostgreSQL, a trigram index (pg_trgm), so
that a rare name is found without reading the board. Measured in benchmarks/leaderboard.py.

Revision ID: 51c23b8520e0
Revises: 865058ec33c9
Create Date: 2026-12-06 21:36:04.272427
"""

from collections.abc import Sequence

from alembic import op

revision: str = '51c23b8520e0'
down_revision: str | Sequence[str] | None = '865058ec33c9'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_result_entry_subtree', 'result_entry',
                    ['board_id', 'version', 'group_name', 'unit_id', 'position', 'search_key'])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.create_index('ix_result_entry_search_trgm', 'result_entry', ['search_key'],
                        postgresql_using='gin', postgresql_ops={'search_key': 'gin_trgm_ops'})
    else:
        op.create_index('ix_result_entry_search', 'result_entry',
                        ['board_id', 'version', 'group_name', 'position', 'search_key'])


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_result_entry_search_trgm', table_name='result_entry')
    else:
        op.drop_index('ix_result_entry_search', table_name='result_entry')
    op.drop_index('ix_result_entry_subtree', table_name='result_entry')

"""Thi Đua: contests, writing competitions and emulation movements for public bodies."""

# The metadata's naming convention must be in place before any table is declared.
from backend import db as _db  # noqa: F401

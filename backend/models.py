"""Imports every feature's tables, so that the metadata Alembic and tests see is complete."""

from backend.accounts.models import AuthSession, UserAccount
from backend.audit.models import AuditEntry
from backend.leases import JobLease
from backend.ratelimit import RateLimitCounter
from backend.units.models import Block, Cluster, Unit

__all__ = ["AuditEntry", "AuthSession", "Block", "Cluster", "JobLease", "RateLimitCounter", "Unit",
           "UserAccount"]

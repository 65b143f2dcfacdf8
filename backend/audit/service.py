"""Recording staff actions; callers flush it inside their own transaction."""

from datetime import datetime

from sqlmodel import Session, select

from backend.audit.models import AuditEntry


def record(
    *, session: Session, actor_id: int | None, action: str, target: str = "",
    details: dict | None = None, now: datetime,
) -> AuditEntry:
    """Add one entry to the audit log as part of the caller's transaction."""
    entry = AuditEntry(at=now, actor_id=actor_id, action=action, target=target,
                       details=details or {})
    session.add(entry)
    return entry


def recent(*, session: Session, action_prefix: str = "", limit: int = 50) -> list[AuditEntry]:
    """The latest entries, newest first, optionally only actions starting with a prefix."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if action_prefix:
        query = query.where(AuditEntry.action.startswith(action_prefix))
    return list(session.exec(query))

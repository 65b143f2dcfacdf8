"""Who is excluded from a contest's prizes now: what finalising reads (kept apart from the
service, which ranks again through results and would otherwise import itself)."""

from sqlalchemy import select
from sqlmodel import Session

from backend.flags.models import PrizeExclusion


def excluded_from_prizes(session: Session, contest_id: int) -> frozenset[int]:
    """The contestants of the contest excluded from prizes and not lifted since."""
    return frozenset(session.execute(select(PrizeExclusion.contestant_id).where(
        PrizeExclusion.contest_id == contest_id, PrizeExclusion.lifted_at.is_(None))).scalars())

"""The live unit tree as a tally places it: active units, and retired ones that still hold
something counted, so that nothing counted is lost from the totals."""

from sqlalchemy import or_, select
from sqlmodel import Session

from backend.tallies.rollup import Member
from backend.units.models import Block, Unit


def live_members(*, session: Session, kept) -> list[Member]:
    """Active units and those `kept` names (a condition on Unit.id: retired units holding
    figures), in tree order, with their block's name and position."""
    blocks = {b.id: b for b in session.execute(select(Block)).scalars()}
    query = select(Unit).where(or_(Unit.is_active, kept)).order_by(Unit.path)
    return [Member(u.id, u.parent_id, u.code, u.name,
                   blocks[u.block_id].name if u.block_id in blocks else "",
                   blocks[u.block_id].position if u.block_id in blocks else 10**6, "",
                   u.headcount)
            for u in session.execute(query).scalars()]

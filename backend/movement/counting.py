"""A movement year's own figures per unit: one GROUP BY per source (the entries, the nominees
awarded by the year's decisions), read-only, rolled up the unit tree by `tallies.rollup` like
a contest's.

An entry counts where its unit is; a commended collective or individual where the nominee is
listed. A rejected entry still counts at the step it had reached: rejected after recognition
at the unit level, it was recognised at the unit level."""

from dataclasses import dataclass, field

from sqlalchemy import case, func, or_, select
from sqlmodel import Session

from backend.commendations.models import Decision, Nominee, NomineeKind
from backend.movement.models import EntryStatus, MovementEntry, MovementYear
from backend.movement.service import ORDER
from backend.tallies.rollup import Additive, Member
from backend.tallies.tree import live_members
from backend.units.models import Unit

_M, _N, _D = MovementEntry.__table__, Nominee.__table__, Decision.__table__
OUTSIDE = "không có trong cây đơn vị"
_RANK = {status: rank for rank, status in enumerate(ORDER)}


@dataclass
class MovementCounts(Additive):
    """Figures that add: a block's and the city's are the sums of their units'."""

    registered: int = 0  # every entry of the year, rejected ones included
    recognised: int = 0  # recognised at the unit level or above
    city_recognised: int = 0
    exemplary: int = 0
    rejected: int = 0
    collectives: int = 0  # commended collectives (nominees awarded by the year's decisions)
    individuals: int = 0  # commended individuals
    kinds: dict[str, int] = field(default_factory=dict)  # entries by EntryKind value
    fields: dict[int, int] = field(default_factory=dict)  # entries by field id


def zero(headcount: int = 0) -> MovementCounts:
    """Empty figures; the roll-up offers a member's headcount, which the movement ignores."""
    return MovementCounts()


def reached(at: EntryStatus, status: EntryStatus) -> bool:
    """Whether an entry standing (or rejected) at `at` got to `status`."""
    return _RANK[status] <= _RANK[at]


def own_counts(*, session: Session, period: MovementYear) -> dict[int, MovementCounts]:
    """Per unit id: the year's entries by kind, field and the step reached, and the nominees
    listed under it that a decision of the year awarded, collectives and individuals."""
    found: dict[int, MovementCounts] = {}

    def at(unit_id: int) -> MovementCounts:
        return found.setdefault(unit_id, MovementCounts())

    rejected = _M.c.status == EntryStatus.REJECTED
    stood_at = case((rejected, _M.c.rejected_from), else_=_M.c.status)
    for unit_id, kind, field_id, step, was_rejected, count in session.execute(
            select(_M.c.unit_id, _M.c.kind, _M.c.field_id, stood_at, rejected, func.count())
            .where(_M.c.year_id == period.id)
            .group_by(_M.c.unit_id, _M.c.kind, _M.c.field_id, stood_at, rejected)):
        counts, step = at(unit_id), EntryStatus(step)
        counts.registered += count
        counts.recognised += count * reached(step, EntryStatus.UNIT_RECOGNISED)
        counts.city_recognised += count * reached(step, EntryStatus.CITY_RECOGNISED)
        counts.exemplary += count * reached(step, EntryStatus.EXEMPLARY)
        counts.rejected += count * bool(was_rejected)
        counts.kinds[str(kind)] = counts.kinds.get(str(kind), 0) + count
        counts.fields[field_id] = counts.fields.get(field_id, 0) + count
    for unit_id, kind, count in session.execute(
            select(_N.c.unit_id, _N.c.kind, func.count())
            .select_from(_N.join(_D, _D.c.id == _N.c.decision_id))
            .where(_D.c.year == period.year).group_by(_N.c.unit_id, _N.c.kind)):
        if kind == NomineeKind.INDIVIDUAL:
            at(unit_id).individuals += count
        else:
            at(unit_id).collectives += count
    return found


def members(*, session: Session, period: MovementYear) -> list[Member]:
    """The live unit tree, with retired units that hold any of the year's entries or
    commended nominees."""
    entries = select(_M.c.unit_id).where(_M.c.year_id == period.id)
    nominees = (select(_N.c.unit_id).select_from(_N.join(_D, _D.c.id == _N.c.decision_id))
                .where(_D.c.year == period.year))
    return live_members(session=session,
                        kept=or_(Unit.id.in_(entries), Unit.id.in_(nominees)))

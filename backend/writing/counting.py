"""A writing competition's own figures per unit: one GROUP BY per source, read-only, rolled
up the unit tree by `tallies.rollup` like a contest's.

Essays count where their author's unit is; a level's forwarding figures where the unit
that forwarded them is (its batch), since that is where the quota applies."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session

from backend.essays.models import Essay
from backend.forwarding.models import BatchStatus, ForwardBatch, ForwardedEssay
from backend.judging.models import EssayResult
from backend.tallies.rollup import Additive, Member
from backend.tallies.tree import live_members
from backend.units.models import Unit

_E, _B, _F, _R = (Essay.__table__, ForwardBatch.__table__, ForwardedEssay.__table__,
                  EssayResult.__table__)
OUTSIDE = "không có trong cây đơn vị"


@dataclass
class LevelCounts(Additive):
    """A level after the first, as its forwarding units' batches give it."""

    forwarded: int = 0  # essays in signed batches into the level
    withdrawn: int = 0  # of those, withdrawn since
    judged: int = 0  # forwarded, not withdrawn, with a score at the level
    winners: int = 0  # forwarded, with a prize at the level
    stray_winners: int = 0  # winners not judged (withdrawn, or no score): never expected
    quota: int = 0  # what the forwarding units may forward (levels with a limit)
    forwarders: int = 0  # units with a batch into the level, signed or not


@dataclass
class WritingCounts(Additive):
    """Figures that add: a block's and the city's are the sums of their units'."""

    received: int = 0  # essays submitted and not withdrawn
    docx: int = 0
    pdf: int = 0
    odt: int = 0
    online: int = 0
    withdrawn: int = 0
    headcount: int = 0
    levels: dict[int, LevelCounts] = field(default_factory=dict)  # by level position

    def level(self, position: int) -> LevelCounts:
        return self.levels.get(position) or LevelCounts()

    def rate(self, extra: int = 0) -> float | None:
        """Essays received (plus `extra`, e.g. reported grassroots contestants) per member."""
        return (self.received + extra) / self.headcount if self.headcount else None


def _sum_when(condition) -> object:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def own_counts(*, session: Session, competition_id: int,
               positions: dict[int, int]) -> dict[int, WritingCounts]:
    """Per unit id: essays by format and withdrawn; for the levels `positions` names (level
    id -> position), what each unit forwarded into them and what became of it. Quotas are
    left at 0: they depend on the rolled-up figures (`tally.with_quotas`)."""
    found: dict[int, WritingCounts] = {}

    def at(unit_id: int) -> WritingCounts:
        return found.setdefault(unit_id, WritingCounts())

    for unit_id, fmt, withdrawn, count in session.execute(
            select(_E.c.unit_id, _E.c.format, _E.c.withdrawn_at.is_not(None), func.count())
            .where(_E.c.competition_id == competition_id)
            .group_by(_E.c.unit_id, _E.c.format, _E.c.withdrawn_at.is_not(None))):
        counts = at(unit_id)
        if withdrawn:
            counts.withdrawn += count
        else:
            counts.received += count
            setattr(counts, str(fmt), getattr(counts, str(fmt)) + count)
    if not positions:
        return found
    gone = _E.c.withdrawn_at.is_not(None)
    scored, prized = _R.c.score.is_not(None), _R.c.prize_tier_id.is_not(None)
    for level_id, unit_id, forwarded, withdrawn, judged, winners, stray in session.execute(
            select(_B.c.level_id, _B.c.unit_id, func.count(), _sum_when(gone),
                   _sum_when(and_(~gone, scored)), _sum_when(prized),
                   _sum_when(and_(prized, or_(gone, ~scored))))
            .select_from(_F.join(_B, _B.c.id == _F.c.batch_id)
                         .join(_E, _E.c.id == _F.c.essay_id)
                         .outerjoin(_R, and_(_R.c.level_id == _F.c.level_id,
                                             _R.c.essay_id == _F.c.essay_id)))
            .where(_B.c.level_id.in_(positions), _B.c.status == BatchStatus.SIGNED.value)
            .group_by(_B.c.level_id, _B.c.unit_id)):
        at(unit_id).levels[positions[level_id]] = LevelCounts(
            forwarded, int(withdrawn), int(judged), int(winners), int(stray))
    for level_id, unit_id in session.execute(
            select(_B.c.level_id, _B.c.unit_id).where(_B.c.level_id.in_(positions))):
        at(unit_id).levels.setdefault(positions[level_id], LevelCounts()).forwarders += 1
    return found


def members(*, session: Session, competition_id: int, extra: Iterable[int] = ()
            ) -> list[Member]:
    """The live unit tree: active units, and retired ones that hold any of the competition's
    essays or batches (`extra` names the latter), so that nothing counted is lost."""
    kept = select(_E.c.unit_id).where(_E.c.competition_id == competition_id)
    return live_members(session=session,
                        kept=or_(Unit.id.in_(kept), Unit.id.in_(list(extra))))

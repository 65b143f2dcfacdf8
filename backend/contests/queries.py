"""What the organiser pages and API read about contests: lists, bank figures, the monitor."""

from dataclasses import dataclass, field, fields
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from backend.attempts import queries as attempt_queries
from backend.contestants.models import Contestant
from backend.contests import service
from backend.contests.models import (
    Contest,
    ContestUnit,
    Round,
    RoundQuota,
    RoundStatus,
    round_status,
)
from backend.contests.roster import in_subtree
from backend.questions.models import Difficulty, Question
from backend.units.models import Unit
from backend.vntext import fold, natural_key

NO_BLOCK = "Không thuộc khối nào"


@dataclass
class ContestSummary:
    contest: Contest
    rounds: list[Round]
    open_rounds: list[Round]
    contestants: int


def contest_summaries(*, session: Session, now: datetime, published_only: bool = False,
                      within: Unit | None = None) -> list[ContestSummary]:
    """Every contest, newest first, with its rounds and how many people registered (in
    `within`'s subtree when given)."""
    contests = service.list_contests(session=session, published_only=published_only)
    ids = [c.id for c in contests]
    rounds: dict[int, list[Round]] = {cid: [] for cid in ids}
    for round_ in session.exec(select(Round).where(Round.contest_id.in_(ids))
                               .order_by(Round.number)):
        rounds[round_.contest_id].append(round_)
    counted = in_subtree(select(Contestant.contest_id, func.count()), within)
    registered = dict(session.exec(counted.where(Contestant.contest_id.in_(ids))
                                   .group_by(Contestant.contest_id)).all())
    return [ContestSummary(c, rounds[c.id], [r for r in rounds[c.id] if r.is_open(now)],
                           registered.get(c.id, 0)) for c in contests]


@dataclass(frozen=True)
class Stratum:
    topic: str
    difficulty: Difficulty
    count: int


def question_strata(*, session: Session, contest_id: int) -> list[Stratum]:
    """Active questions per topic and difficulty; topics match ignoring case and diacritics,
    as papers are drawn."""
    merged: dict[tuple[str, Difficulty], list] = {}
    for topic, difficulty, count in session.exec(
            select(Question.topic, Question.difficulty, func.count())
            .where(Question.contest_id == contest_id, Question.is_active)
            .group_by(Question.topic, Question.difficulty)):
        merged.setdefault((fold(topic), difficulty), [topic, 0])[1] += count
    order = list(Difficulty)
    return sorted((Stratum(topic, difficulty, count)
                   for (_, difficulty), (topic, count) in merged.items()),
                  key=lambda s: (natural_key(s.topic), order.index(s.difficulty)))


def available(strata: list[Stratum], topic: str, difficulty: str) -> int:
    """Active questions a quota can draw from; an empty topic or difficulty means any."""
    return sum(s.count for s in strata
               if (not topic or fold(s.topic) == fold(topic))
               and (not difficulty or s.difficulty.value == difficulty))


def quota_warnings(strata: list[Stratum], question_count: int,
                   quotas: list[tuple[str, str, int]]) -> list[str]:
    """Where the bank has fewer active questions than a paper of the round needs."""
    warnings = []
    total = available(strata, "", "")
    if total < question_count:
        warnings.append(f"Ngân hàng chỉ có {total} câu đang sử dụng, ít hơn {question_count} "
                        "câu mỗi lượt thi.")
    for topic, difficulty, count in quotas:
        have = available(strata, topic, difficulty)
        if have < count:
            label = Difficulty(difficulty).label.lower() if difficulty else "mọi mức độ"
            warnings.append(f"Chủ đề “{topic or 'mọi chủ đề'}”, {label}: cần {count} câu "
                            f"nhưng chỉ có {have} câu đang sử dụng.")
    return warnings


@dataclass
class RoundView:
    round: Round
    status: RoundStatus
    attempts: int
    quotas: list[tuple[RoundQuota, int]]  # each quota with the active questions it can draw
    warnings: list[str]

    @property
    def locked(self) -> bool:
        return self.attempts > 0


def round_views(*, session: Session, rounds: list[Round], now: datetime) -> list[RoundView]:
    """Rounds with their status at `now`, attempts so far, and quotas checked against the bank."""
    if not rounds:
        return []
    attempts = attempt_queries.attempts_per_round(session=session, round_ids=[r.id for r in rounds])
    quotas: dict[int, list[RoundQuota]] = {r.id: [] for r in rounds}
    for quota in session.exec(select(RoundQuota).where(RoundQuota.round_id.in_(list(quotas)))
                              .order_by(RoundQuota.id)):
        quotas[quota.round_id].append(quota)
    strata = question_strata(session=session, contest_id=rounds[0].contest_id)
    return [RoundView(
        round=r, status=round_status(r, now), attempts=attempts.get(r.id, 0),
        quotas=[(q, available(strata, q.topic, q.difficulty)) for q in quotas[r.id]],
        warnings=quota_warnings(strata, r.question_count,
                                [(q.topic, q.difficulty, q.count) for q in quotas[r.id]]))
        for r in rounds]


def frozen_units(*, session: Session, contest_id: int) -> list[ContestUnit]:
    """The participating units as frozen, each parent followed by its children."""
    found = service.contest_units(session=session, contest_id=contest_id)
    children: dict[int | None, list[ContestUnit]] = {}
    ids = {u.unit_id for u in found}
    for unit in found:
        parent = unit.parent_unit_id if unit.parent_unit_id in ids else None
        children.setdefault(parent, []).append(unit)
    ordered: list[ContestUnit] = []

    def walk(parent: int | None) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: natural_key(u.name)):
            ordered.append(unit)
            walk(unit.unit_id)

    walk(None)
    return ordered


@dataclass
class Figures:
    in_progress: int = 0
    submitted: int = 0
    expired: int = 0
    submitted_5: int = 0
    expired_5: int = 0
    submitted_15: int = 0
    expired_15: int = 0
    contestants: int = 0

    @property
    def total(self) -> int:
        return self.in_progress + self.submitted + self.expired

    def add(self, other) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class UnitFigures:
    unit: ContestUnit
    figures: Figures = field(default_factory=Figures)


@dataclass
class BlockFigures:
    name: str
    units: list[UnitFigures] = field(default_factory=list)
    figures: Figures = field(default_factory=Figures)


@dataclass
class Monitor:
    rounds: list[Round]
    blocks: list[BlockFigures]
    totals: Figures


def watched_rounds(*, session: Session, contest_id: int, now: datetime,
                   round_id: int | None = None) -> list[Round]:
    """The round asked for, or else every round open at `now`."""
    if round_id is not None:
        return [service.get_round(session=session, round_id=round_id, contest_id=contest_id)]
    return [r for r in service.rounds_of(session=session, contest_id=contest_id) if r.is_open(now)]


def monitor(*, session: Session, contest_id: int, rounds: list[Round], now: datetime,
            within: Unit | None = None) -> Monitor:
    """Attempts of the rounds per unit (rolled up one level below the top of what the caller
    sees) and per block, from one tally; totals are the sum of the same rows."""
    members = [u for u in service.contest_units(session=session, contest_id=contest_id)
               if within is None or u.path.startswith(within.path)]
    by_id = {u.unit_id: u for u in members}
    top = min((u.depth for u in members), default=0)
    # One level below the top, unless nothing lies below it; units above that level get a
    # row of their own only when people registered right there.
    level = top + 1 if any(u.depth > top for u in members) else top
    shown: dict[int, UnitFigures] = {}
    for unit in members:
        if unit.depth >= level:
            target = _ancestor_at(unit, level, by_id)
            shown.setdefault(target.unit_id, UnitFigures(target))
    tallies = attempt_queries.tally_by_unit(
        session=session, round_ids=[r.id for r in rounds], now=now,
        unit_ids=None if within is None else list(by_id))
    for tally in tallies:
        unit = by_id.get(tally.unit_id) or ContestUnit(
            contest_id=contest_id, unit_id=tally.unit_id, code="?", path="/",
            name=f"Đơn vị #{tally.unit_id} (không có trong danh sách tham gia)")
        target = _ancestor_at(unit, level, by_id)
        shown.setdefault(target.unit_id, UnitFigures(target)).figures.add(tally)
    blocks: dict[str, BlockFigures] = {}
    for row in sorted(shown.values(), key=lambda r: natural_key(r.unit.name)):
        name = row.unit.block_name
        block = blocks.setdefault(name, BlockFigures(name or NO_BLOCK))
        block.units.append(row)
        block.figures.add(row.figures)
    totals = Figures()
    for block in blocks.values():
        totals.add(block.figures)
    ordered = sorted(blocks.values(), key=lambda b: (b.name == NO_BLOCK, natural_key(b.name)))
    return Monitor(rounds=rounds, blocks=ordered, totals=totals)


def _ancestor_at(unit: ContestUnit, level: int, by_id: dict[int, ContestUnit]) -> ContestUnit:
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    return by_id.get(ids[level], unit) if len(ids) > level else unit

"""What a judged level's results are computed from, each read in one query: the essays that
carry a code at the level, the judges' current scores, and the block each unit belongs to."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from backend.essays.models import Essay
from backend.judging.models import Assignment, AssignmentKind, BlindCode, ScoreRecord
from backend.units.models import Block, Unit


@dataclass(frozen=True)
class LevelEssay:
    essay_id: int
    code: str
    calibration: bool
    title: str
    unit_id: int
    author_id: int
    submitted_at: datetime
    withdrawn: bool


@dataclass(frozen=True)
class Mark:
    """An active assignment and its judge's current (latest) score, None while unscored."""

    assignment_id: int
    essay_id: int
    judge_id: int
    kind: AssignmentKind
    total: float | None
    points: dict | None

    @property
    def regular(self) -> bool:
        return self.kind is not AssignmentKind.CALIBRATION


def essays_at(*, session: Session, level_id: int) -> list[LevelEssay]:
    """The essays that entered the level, i.e. got a blind code there, by code."""
    rows = session.execute(
        select(BlindCode.essay_id, BlindCode.code, BlindCode.calibration, Essay.title,
               Essay.unit_id, Essay.author_id, Essay.submitted_at, Essay.withdrawn_at)
        .join(Essay, Essay.id == BlindCode.essay_id)
        .where(BlindCode.level_id == level_id).order_by(BlindCode.code))
    return [LevelEssay(r.essay_id, r.code, r.calibration, r.title, r.unit_id, r.author_id,
                       r.submitted_at, r.withdrawn_at is not None) for r in rows]


def marks_at(*, session: Session, level_id: int) -> list[Mark]:
    """Every active assignment at the level with its latest score record, if any. Two plain
    scans in id order (the latest record is the last one read) rather than a join on a
    grouped subquery, whose plan PostgreSQL got badly wrong on freshly filled tables."""
    latest = {r.assignment_id: r for r in session.execute(
        select(ScoreRecord.assignment_id, ScoreRecord.total, ScoreRecord.points)
        .where(ScoreRecord.level_id == level_id).order_by(ScoreRecord.id))}
    marks = []
    for a in session.execute(
            select(Assignment.id, Assignment.essay_id, Assignment.judge_id, Assignment.kind)
            .where(Assignment.level_id == level_id, Assignment.revoked_at.is_(None))
            .order_by(Assignment.essay_id, Assignment.id)):
        record = latest.get(a.id)
        marks.append(Mark(a.id, a.essay_id, a.judge_id, AssignmentKind(a.kind),
                          record.total if record else None, record.points if record else None))
    return marks


def unit_blocks(*, session: Session) -> dict[int, int | None]:
    """Each unit's block as blocks pass down the tree: the block of the highest unit above
    it (or itself) that has one."""
    units = session.execute(select(Unit.id, Unit.path, Unit.block_id)).all()
    own = {u.id: u.block_id for u in units}
    blocks = {}
    for unit in units:
        chain = [int(part) for part in unit.path.strip("/").split("/") if part] or [unit.id]
        blocks[unit.id] = next((own[i] for i in chain if own.get(i) is not None), None)
    return blocks


def block_names(*, session: Session) -> dict[int, str]:
    return dict(session.execute(select(Block.id, Block.name)).all())

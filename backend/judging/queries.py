"""What judging reads: which essays a level holds, each essay's place in the tree, the panel
with the block each judge belongs to, active assignments and the latest scores. Bulk reads,
one query each, for the assignment plan and the pages."""

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlmodel import Session

from backend.essays.models import Essay, EssayVersion
from backend.forwarding.models import BatchStatus, ForwardBatch, ForwardedEssay
from backend.judging.models import Assignment, AssignmentKind, BlindCode, ScoreRecord
from backend.units.models import Unit
from backend.writing.models import WritingJudge, WritingLevel

JUDGED_KINDS = (AssignmentKind.FIRST, AssignmentKind.SECOND, AssignmentKind.THIRD)


def level_essays(level: WritingLevel) -> Select:
    """The ids of the essays a level holds: at the first level every essay of the competition,
    at a later one those forwarded into it in a signed batch; never a withdrawn essay."""
    if level.position == 1:
        return select(Essay.id).where(Essay.competition_id == level.competition_id,
                                      Essay.withdrawn_at.is_(None))
    return (select(Essay.id)
            .join(ForwardedEssay, ForwardedEssay.essay_id == Essay.id)
            .join(ForwardBatch, ForwardBatch.id == ForwardedEssay.batch_id)
            .where(ForwardedEssay.level_id == level.id, ForwardBatch.level_id == level.id,
                   ForwardBatch.status == BatchStatus.SIGNED, Essay.withdrawn_at.is_(None)))


def essays_in_level(*, session: Session, level: WritingLevel) -> list[int]:
    """The ids of the essays a level holds (see level_essays), in id order."""
    return list(session.scalars(level_essays(level).order_by(Essay.id)))


@dataclass(frozen=True)
class Place:
    """Where an essay or a judge stands in the tree: the unit's path and the block."""

    path: str | None
    block_id: int | None


@dataclass(frozen=True)
class Judge:
    id: int
    user_id: int
    place: Place
    cap: int


def coded_essays(*, session: Session, level: WritingLevel) -> dict[int, tuple[str, Place]]:
    """essay id -> (blind code, place) for every essay of the level that has a code."""
    rows = session.execute(
        select(BlindCode.essay_id, BlindCode.code, Unit.path, Unit.block_id)
        .join(Essay, Essay.id == BlindCode.essay_id).join(Unit, Unit.id == Essay.unit_id)
        .where(BlindCode.level_id == level.id, BlindCode.essay_id.in_(level_essays(level))))
    return {r.essay_id: (r.code, Place(r.path, r.block_id)) for r in rows}


def essay_place(*, session: Session, essay_id: int) -> Place:
    row = session.execute(select(Unit.path, Unit.block_id).join(Essay, Essay.unit_id == Unit.id)
                          .where(Essay.id == essay_id)).one()
    return Place(row.path, row.block_id)


def panel(*, session: Session, competition_id: int, default_cap: int) -> list[Judge]:
    """The competition's judges in panel order; a judge's block is their own, else their
    unit's."""
    rows = session.execute(
        select(WritingJudge.id, WritingJudge.user_id, WritingJudge.cap, WritingJudge.block_id,
               Unit.path, Unit.block_id.label("unit_block_id"))
        .outerjoin(Unit, Unit.id == WritingJudge.unit_id)
        .where(WritingJudge.competition_id == competition_id).order_by(WritingJudge.id))
    return [Judge(r.id, r.user_id, Place(r.path, r.block_id or r.unit_block_id),
                  r.cap or default_cap) for r in rows]


def active_assignments(*, session: Session, level_id: int,
                       essay_ids: list[int] | None = None) -> list[Assignment]:
    query = select(Assignment).where(Assignment.level_id == level_id,
                                     Assignment.revoked_at.is_(None),
                                     Assignment.kind.in_(JUDGED_KINDS))
    if essay_ids is not None:
        query = query.where(Assignment.essay_id.in_(essay_ids))
    return list(session.scalars(query.order_by(Assignment.id)))


def loads(*, session: Session, level_id: int) -> dict[int, int]:
    """judge id -> essays assigned to them at the level (calibration aside)."""
    return dict(session.execute(
        select(Assignment.judge_id, func.count()).where(
            Assignment.level_id == level_id, Assignment.revoked_at.is_(None),
            Assignment.kind.in_(JUDGED_KINDS)).group_by(Assignment.judge_id)).all())


def latest_scores(*, session: Session, assignment_ids: list[int]) -> dict[int, ScoreRecord]:
    """assignment id -> its latest score record (the one in force)."""
    if not assignment_ids:
        return {}
    newest = (select(func.max(ScoreRecord.id))
              .where(ScoreRecord.assignment_id.in_(assignment_ids))
              .group_by(ScoreRecord.assignment_id))
    return {r.assignment_id: r for r in session.scalars(
        select(ScoreRecord).where(ScoreRecord.id.in_(newest)))}


def score_history(*, session: Session, assignment_id: int) -> list[ScoreRecord]:
    return list(session.scalars(select(ScoreRecord).where(
        ScoreRecord.assignment_id == assignment_id).order_by(ScoreRecord.id)))


def current_version(*, session: Session, essay_id: int) -> EssayVersion | None:
    """The essay's latest version: the one judges read."""
    return session.scalars(select(EssayVersion).where(EssayVersion.essay_id == essay_id)
                           .order_by(EssayVersion.number.desc()).limit(1)).first()

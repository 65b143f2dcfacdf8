"""Calibration ("chấm thử") and each judge's severity.

Before judging opens the organiser marks a few essays of the level as calibration essays and
every judge on the panel scores them (but a judge of the essay's own unit, or block when the
competition says so: conflicts of interest hold here too).

A judge's severity offset is the mean of their differences from the others, over
- calibration essays: their score − the panel mean on that essay (every judge who scored it,
  themselves included, so that the panel's offsets on an essay add up to zero);
- regular essays, once scored by two or more: their score − the mean of the essay's other
  judges' scores.
Each essay they scored counts once. Negative: they mark lower than the panel ("chấm chặt");
positive: higher ("chấm rộng"). With competition.normalise_judges the aggregation subtracts
it from the judge's totals (computed, never written over the records).
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.db import is_unique_violation
from backend.errors import Conflict, InvalidInput
from backend.essays.models import Essay
from backend.judging.level_rows import Mark, marks_at, unit_blocks
from backend.judging.models import Assignment, AssignmentKind, BlindCode, ScoreRecord
from backend.units.models import Unit
from backend.vnformat import grouped
from backend.writing import service as writing
from backend.writing.models import Scoring, WritingJudge, WritingLevel

MARGIN = 1.0  # points: a smaller offset reads as "in line with the panel"


@dataclass(frozen=True)
class Severity:
    judge_id: int
    calibration_essays: int
    calibration_offset: float | None
    regular_essays: int
    regular_offset: float | None
    offset: float  # over both; 0 for a judge with nothing to compare yet

    @property
    def essays(self) -> int:
        return self.calibration_essays + self.regular_essays

    @property
    def wording(self) -> str:
        if not self.essays:
            return "chưa có số liệu"
        if self.offset <= -MARGIN:
            return "chấm chặt"
        if self.offset >= MARGIN:
            return "chấm rộng"
        return "sát mặt bằng chung"


def offsets_from(marks: Iterable[Mark]) -> dict[int, Severity]:
    """Every judge's severity from the level's current scores (pure)."""
    by_essay: dict[tuple[int, bool], list[Mark]] = defaultdict(list)
    for mark in marks:
        if mark.total is not None:
            by_essay[(mark.essay_id, mark.regular)].append(mark)
    diffs: dict[tuple[int, bool], list[float]] = defaultdict(list)
    for (_, regular), scored in by_essay.items():
        if len(scored) < 2:
            continue
        total = sum(m.total for m in scored)
        for mark in scored:
            if regular:
                diffs[(mark.judge_id, True)].append(
                    mark.total - (total - mark.total) / (len(scored) - 1))
            else:
                diffs[(mark.judge_id, False)].append(mark.total - total / len(scored))
    judges = {judge for judge, _ in diffs}
    found = {}
    for judge in judges:
        calibration, regular = diffs.get((judge, False), []), diffs.get((judge, True), [])
        found[judge] = Severity(
            judge, len(calibration), _mean(calibration), len(regular), _mean(regular),
            _mean(calibration + regular) or 0.0)
    return found


def _mean(values: Sequence[float]) -> float | None:
    return round(statistics.fmean(values), 4) if values else None


@dataclass(frozen=True)
class SeverityRow:
    judge_id: int
    full_name: str
    severity: Severity


def severity_table(*, session: Session, level_id: int) -> list[SeverityRow]:
    """Every judge on the competition's panel with their severity at the level, the harshest
    first."""
    level = writing.get_level(session=session, level_id=level_id)
    found = offsets_from(marks_at(session=session, level_id=level_id))
    judges = session.execute(
        select(WritingJudge.id, UserAccount.full_name)
        .join(UserAccount, UserAccount.id == WritingJudge.user_id)
        .where(WritingJudge.competition_id == level.competition_id)).all()
    rows = [SeverityRow(j.id, j.full_name, found.get(j.id, Severity(j.id, 0, None, 0, None, 0.0)))
            for j in judges]
    return sorted(rows, key=lambda r: (r.severity.essays == 0, r.severity.offset, r.full_name))


def _conflicted(judge: WritingJudge, unit: Unit, blocks: dict[int, int | None],
                units: dict[int, Unit], exclude_own_block: bool) -> bool:
    if judge.unit_id is not None and judge.unit_id in units and unit.path.startswith(
            units[judge.unit_id].path):
        return True
    judge_block = judge.block_id or (blocks.get(judge.unit_id) if judge.unit_id else None)
    return exclude_own_block and judge_block is not None and judge_block == blocks.get(unit.id)


def open_calibration(*, session: Session, level_id: int, essay_ids: Sequence[int],
                     actor_id: int | None, now: datetime) -> int:
    """Mark essays of a judged level as calibration essays and assign them to every judge
    on the panel (but their own unit's or block's); before any regular score. Returns the
    number of assignments made."""
    level: WritingLevel = writing.get_level(session=session, level_id=level_id)
    if level.scoring is not Scoring.BLIND:
        raise Conflict("Chỉ cấp chấm kín (mã phách) mới có chấm thử.")
    if level.scores_locked_at is not None:
        raise Conflict("Điểm cấp thi này đã khóa.")
    if not essay_ids or len(essay_ids) > 50:
        raise InvalidInput("Hãy chọn từ 1 đến 50 bài chấm thử.")
    regular_started = session.execute(
        select(ScoreRecord.id).join(Assignment, Assignment.id == ScoreRecord.assignment_id)
        .where(ScoreRecord.level_id == level_id,
               Assignment.kind != AssignmentKind.CALIBRATION).limit(1)).first()
    if regular_started:
        raise Conflict("Giám khảo đã bắt đầu chấm chính thức nên không thể mở chấm thử nữa.")
    codes = {c.essay_id: c for c in session.execute(select(BlindCode).where(
        BlindCode.level_id == level_id, BlindCode.essay_id.in_(set(essay_ids)))).scalars()}
    if missing := set(essay_ids) - codes.keys():
        raise InvalidInput(f"{grouped(len(missing))} bài được chọn chưa có mã phách ở cấp thi "
                           "này.")
    busy = session.execute(select(Assignment.essay_id).where(
        Assignment.level_id == level_id, Assignment.essay_id.in_(codes.keys()),
        Assignment.revoked_at.is_(None), Assignment.kind != AssignmentKind.CALIBRATION)
    ).scalars().all()
    if busy:
        raise Conflict(f"{grouped(len(set(busy)))} bài được chọn đã được phân công chấm chính "
                       "thức; hãy chọn bài khác làm bài chấm thử.")
    competition = writing.get_competition(session=session, competition_id=level.competition_id)
    judges = writing.judges_of(session=session, competition_id=competition.id)
    if not judges:
        raise Conflict("Hội đồng giám khảo chưa có ai.")
    units = {u.id: u for u in session.execute(select(Unit)).scalars()}
    blocks = unit_blocks(session=session)
    essays = dict(session.execute(select(Essay.id, Essay.unit_id).where(
        Essay.id.in_(codes.keys()))).all())
    taken = set(session.execute(select(Assignment.essay_id, Assignment.judge_id).where(
        Assignment.level_id == level_id, Assignment.essay_id.in_(codes.keys()),
        Assignment.revoked_at.is_(None))).all())
    made = 0
    for essay_id, code in codes.items():
        code.calibration = True
        for judge in judges:
            if (essay_id, judge.id) in taken or _conflicted(
                    judge, units[essays[essay_id]], blocks, units, competition.exclude_own_block):
                continue
            session.add(Assignment(level_id=level_id, essay_id=essay_id, judge_id=judge.id,
                                   kind=AssignmentKind.CALIBRATION, assigned_at=now,
                                   assigned_by=actor_id))
            made += 1
    audit.record(session=session, actor_id=actor_id, action="writing.calibration",
                 target=f"writing_level:{level_id}",
                 details={"essays": sorted(codes), "assignments": made}, now=now)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        if is_unique_violation(error):
            raise Conflict("Bài chấm thử vừa được phân công cùng lúc; hãy tải lại trang.") from None
        raise
    return made



def essays_with_codes(*, session: Session, level_id: int, codes: Sequence[str]) -> list[int]:
    """The essays carrying `codes` at the level (codes typed by an organiser, any case)."""
    wanted = {c.strip().upper() for c in codes if c.strip()}
    found = dict(session.execute(select(BlindCode.code, BlindCode.essay_id).where(
        BlindCode.level_id == level_id, BlindCode.code.in_(wanted))).all())
    if unknown := sorted(wanted - found.keys()):
        raise InvalidInput(f"Không có mã phách {', '.join(unknown[:10])} ở cấp thi này.")
    return [found[c] for c in sorted(wanted)]

"""Blind judging of a level: codes, the judges each essay gets (automatic, by hand, and a
third one when the first two disagree), and the judges' scores, each a new record."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend import vntext
from backend.audit import service as audit
from backend.contests.models import RoundStatus
from backend.errors import Conflict, InvalidInput, NotFound
from backend.essays.models import Essay
from backend.judging import assignment as planning
from backend.judging import codes, queries, scoring, third
from backend.judging.assignment import PAIR, Criterion, Unassigned
from backend.judging.models import Assignment, AssignmentKind, BlindCode, ScoreRecord
from backend.writing import service as writing
from backend.writing.models import Scoring, WritingCompetition, WritingJudge, WritingLevel

NOT_YOURS = "Không tìm thấy bài được giao này; có thể bài đã được giao cho giám khảo khác."


@dataclass
class AssignReport:
    """What an assignment run did: new codes and assignments, the third judges it called,
    and what it could not do, by code, with the reason."""

    coded: int = 0
    assigned: int = 0
    thirds: int = 0
    unassigned: list[Unassigned] = field(default_factory=list)
    third_missing: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [u.message for u in self.unassigned] + self.third_missing


@dataclass
class ScoreOutcome:
    record: ScoreRecord
    third: Assignment | None = None  # the third judge this score called
    third_missing: str = ""  # why a third judge is needed but none could be found


def criteria_of(*, session: Session, competition_id: int) -> list[Criterion]:
    return [Criterion(c.id, c.name, c.max_points)
            for c in writing.rubric_of(session=session, competition_id=competition_id)]


def locked_level(session: Session, level_id: int) -> WritingLevel:
    """The level, its row locked (PostgreSQL) so that two runs for it queue."""
    level = session.scalars(select(WritingLevel).where(WritingLevel.id == level_id)
                            .with_for_update()).first()
    if level is None:
        raise NotFound("Không tìm thấy cấp thi này.")
    return level


def open_for_scores(level: WritingLevel, now: datetime) -> None:
    if level.scores_locked_at is not None and level.scores_locked_at <= now:
        raise Conflict(f"Điểm của {level.name} đã khóa; không thể chấm, sửa điểm hay đổi "
                       "giám khảo nữa.")


def start_judging(*, session: Session, level_id: int, actor_id: int | None,
                  now: datetime) -> AssignReport:
    """Give each essay of a closed blind level a code, fix the rubric and assign two judges to
    every essay; run again, it codes and assigns only what is missing."""
    level = locked_level(session, level_id)
    competition = session.get(WritingCompetition, level.competition_id)
    if level.scoring is not Scoring.BLIND:
        raise Conflict(f"{level.name} do các đơn vị tự chấm và nhập điểm, không chấm kín "
                       "bằng mã phách.")
    if writing.level_status(level, now) is not RoundStatus.CLOSED:
        raise Conflict(f"{level.name} vẫn đang nhận bài; chỉ bắt đầu chấm sau khi hạn nhận "
                       "bài (hoặc chuyển bài) đã qua hoặc Ban Tổ chức đã đóng cấp thi.")
    open_for_scores(level, now)
    essay_ids = queries.essays_in_level(session=session, level=level)
    if not essay_ids:
        raise InvalidInput(f"{level.name} chưa có bài dự thi nào để chấm.")
    if not criteria_of(session=session, competition_id=competition.id):
        raise InvalidInput("Cuộc thi chưa có thang điểm; hãy nhập thang điểm trước khi chấm.")
    report = AssignReport(coded=_give_codes(session, level, essay_ids, now))
    writing.lock_rubric(session=session, competition=competition, now=now)
    _assign(session, level, competition, now, report)
    audit.record(session=session, actor_id=actor_id, action="judging.start",
                 target=f"writing_level:{level.id}",
                 details={"coded": report.coded, "assigned": report.assigned,
                          "unassigned": len(report.unassigned)}, now=now)
    commit_or_conflict(session, "Hai người cùng bắt đầu chấm cấp thi này; hãy tải lại trang.")
    return report


def _give_codes(session: Session, level: WritingLevel, essay_ids: list[int],
                now: datetime) -> int:
    held = dict(session.execute(select(BlindCode.essay_id, BlindCode.code)
                                .where(BlindCode.level_id == level.id)).all())
    missing = [e for e in essay_ids if e not in held]
    if missing:
        fresh = codes.new_codes(len(missing), held.values())
        session.execute(insert(BlindCode), [
            {"level_id": level.id, "essay_id": e, "code": c, "calibration": False,
             "created_at": now} for e, c in zip(missing, fresh, strict=True)])
    return len(missing)


def assign_judges(*, session: Session, level_id: int, actor_id: int | None,
                  now: datetime) -> AssignReport:
    """Assign judges where an essay of a started level lacks its two (after judges were
    added or caps raised), and call the third judges still missing."""
    level = locked_level(session, level_id)
    competition = session.get(WritingCompetition, level.competition_id)
    if not session.scalar(select(exists().where(BlindCode.level_id == level.id))):
        raise Conflict(f"{level.name} chưa bắt đầu chấm; hãy bắt đầu chấm trước.")
    open_for_scores(level, now)
    report = AssignReport()
    _assign(session, level, competition, now, report)
    audit.record(session=session, actor_id=actor_id, action="judging.assign",
                 target=f"writing_level:{level.id}",
                 details={"assigned": report.assigned, "thirds": report.thirds,
                          "unassigned": len(report.unassigned)}, now=now)
    commit_or_conflict(session, "Có người vừa phân công cấp thi này cùng lúc; hãy tải lại trang.")
    return report


def _assign(session: Session, level: WritingLevel, competition: WritingCompetition,
            now: datetime, report: AssignReport) -> None:
    # The level's code rows, locked (PostgreSQL) before anything is read, as a score that
    # calls a third judge locks its essay's: the two never call a third judge each.
    session.execute(select(BlindCode.id).where(BlindCode.level_id == level.id)
                    .with_for_update())
    essays = queries.coded_essays(session=session, level=level)
    judges = queries.panel(session=session, competition_id=competition.id,
                           default_cap=competition.judge_cap)
    loads = queries.loads(session=session, level_id=level.id)
    active = queries.active_assignments(session=session, level_id=level.id)
    present: dict[int, dict[AssignmentKind, int]] = {}
    for a in active:
        present.setdefault(a.essay_id, {})[a.kind] = a.judge_id
    plan = planning.plan_pairs(essays=essays, judges=judges, loads=loads, present=present,
                               exclude_own_block=competition.exclude_own_block)
    if plan.rows:
        session.execute(insert(Assignment), [
            {"level_id": level.id, "essay_id": e, "judge_id": j, "kind": k, "assigned_at": now,
             "revoked_reason": ""} for e, j, k in plan.rows])
    report.assigned += len(plan.rows)
    report.unassigned += plan.unassigned
    # Essays scored apart before a judge could be found for them get one now, if any is.
    criteria = criteria_of(session=session, competition_id=competition.id)
    latest = queries.latest_scores(session=session, assignment_ids=[a.id for a in active])
    for essay_id, kinds in third.pairs(active).items():
        if AssignmentKind.THIRD in kinds or essay_id not in essays:
            continue
        called = third.call_third(session, level, competition, criteria, essay_id, now,
                             latest=latest, held=kinds, judges=judges, loads=loads,
                             place=essays[essay_id][1])
        if isinstance(called, Assignment):
            report.thirds += 1
        elif called:
            report.third_missing.append(f"Bài {essays[essay_id][0]}: {called}")


def record_score(*, session: Session, assignment_id: int, judge_user_id: int,
                 points: dict, reason: str, now: datetime) -> ScoreOutcome:
    """The assigned judge scores an essay by the rubric, or changes their score with a reason:
    always a new record. When the first two judges' scores disagree beyond the competition's
    thresholds, a third judge is assigned at once."""
    assignment, level, competition = _own_assignment(session, assignment_id, judge_user_id)
    open_for_scores(level, now)
    criteria = criteria_of(session=session, competition_id=competition.id)
    points = scoring.checked_points(points, criteria)
    previous = queries.latest_scores(session=session, assignment_ids=[assignment.id])
    if assignment.id in previous:
        reason = vntext.checked_reason(reason, max_length=scoring.MAX_REASON, missing=(
            "Hãy ghi lý do sửa điểm: mỗi lần sửa đều được lưu lại cùng lý do."))
        if previous[assignment.id].points == points:
            raise InvalidInput("Điểm mới giống hệt điểm đã chấm; không có gì để sửa.")
    else:
        reason = vntext.clean(reason)[:scoring.MAX_REASON]
    record = ScoreRecord(assignment_id=assignment.id, level_id=level.id,
                         essay_id=assignment.essay_id, judge_id=assignment.judge_id,
                         points=points, total=scoring.total_of(points), reason=reason,
                         recorded_by=judge_user_id, recorded_at=now)
    session.add(record)
    session.flush()
    outcome = ScoreOutcome(record=record)
    if assignment.kind in PAIR:
        # The essay's code row, locked (PostgreSQL): two judges finishing at once call one
        # third judge, not two. SQLite writers queue anyway.
        session.execute(select(BlindCode.id).where(
            BlindCode.level_id == level.id, BlindCode.essay_id == assignment.essay_id)
            .with_for_update())
        active = queries.active_assignments(session=session, level_id=level.id,
                                            essay_ids=[assignment.essay_id])
        held = third.pairs(active).get(assignment.essay_id, {})
        if AssignmentKind.THIRD not in held:
            called = third.call_third(
                session, level, competition, criteria, assignment.essay_id, now,
                latest=queries.latest_scores(session=session,
                                             assignment_ids=[a.id for a in active]),
                held=held)
            if isinstance(called, Assignment):
                outcome.third = called
            elif called:
                outcome.third_missing = called
    session.commit()
    return outcome


def _own_assignment(session: Session, assignment_id: int, judge_user_id: int):
    """The judge's own active assignment of an essay not withdrawn, with its level and
    competition; anyone else's is "not found", so that its existence does not show."""
    found = session.execute(
        select(Assignment, WritingLevel, WritingCompetition)
        .join(WritingLevel, WritingLevel.id == Assignment.level_id)
        .join(WritingCompetition, WritingCompetition.id == WritingLevel.competition_id)
        .join(WritingJudge, WritingJudge.id == Assignment.judge_id)
        .join(Essay, Essay.id == Assignment.essay_id)
        .where(Assignment.id == assignment_id, Assignment.revoked_at.is_(None),
               WritingJudge.user_id == judge_user_id, Essay.withdrawn_at.is_(None))).first()
    if found is None:
        raise NotFound(NOT_YOURS)
    return found


def commit_or_conflict(session: Session, conflict: str) -> None:
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict(conflict) from None

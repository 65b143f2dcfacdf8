"""What organisers change by hand: an essay's judge given to another (with a reason; a
judge who scored keeps their records), and an empty place filled with a judge they pick."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import exists, select
from sqlmodel import Session

from backend import vntext
from backend.audit import service as audit
from backend.errors import Conflict, InvalidInput, NotFound
from backend.judging import assignment as planning
from backend.judging import queries, scoring, service
from backend.judging.models import Assignment, AssignmentKind, ScoreRecord
from backend.writing.models import WritingCompetition, WritingLevel


def _checked_judge(session: Session, level: WritingLevel, competition: WritingCompetition,
                   judge_id: int, *, code: str, place: queries.Place,
                   others: Sequence[Assignment], taken: set[int],
                   kind: AssignmentKind) -> queries.Judge:
    """The panel's judge `judge_id`, if the rules let them take this essay's place."""
    judges = {j.id: j for j in queries.panel(session=session, competition_id=competition.id,
                                               default_cap=competition.judge_cap)}
    judge = judges.get(judge_id)
    if judge is None:
        raise InvalidInput("Giám khảo được chọn không thuộc hội đồng của cuộc thi này.")
    if judge.id in taken | {a.judge_id for a in others}:
        raise Conflict(f"Giám khảo này đã được giao bài {code}.")
    if not planning.is_eligible(judge, place, exclude_own_block=competition.exclude_own_block):
        raise InvalidInput(f"Giám khảo này cùng đơn vị hoặc cùng khối với bài {code}, nên "
                           "không được chấm bài.")
    if kind is AssignmentKind.THIRD and judge.place.block_id is not None and (
            judge.place.block_id in {judges[a.judge_id].place.block_id for a in others
                                     if a.judge_id in judges}):
        raise InvalidInput("Giám khảo thứ ba phải thuộc khối khác với hai giám khảo đã chấm.")
    if queries.loads(session=session, level_id=level.id).get(judge.id, 0) >= judge.cap:
        raise Conflict(f"Giám khảo này đã đủ {judge.cap} bài, số bài tối đa ở cấp thi này.")
    return judge


def reassign(*, session: Session, assignment_id: int, judge_id: int, reason: str,
             actor_id: int | None, now: datetime, despite_scores: bool = False,
             level_id: int | None = None) -> Assignment:
    """Take an essay from one judge and give it to another eligible judge, with a reason; a
    judge who has scored keeps their score records, and is replaced only when the organiser
    confirms it (`despite_scores`). With `level_id`, an assignment of another level is not
    found."""
    old = session.get(Assignment, assignment_id)
    if old is None or old.kind is AssignmentKind.CALIBRATION or (
            level_id is not None and old.level_id != level_id):
        raise NotFound("Không tìm thấy phân công này.")
    level = service.locked_level(session, old.level_id)
    competition = session.get(WritingCompetition, level.competition_id)
    service.open_for_scores(level, now)
    if old.revoked_at is not None:
        raise Conflict("Phân công này đã được thu hồi trước đó; hãy tải lại trang.")
    reason = vntext.checked_reason(reason, max_length=scoring.MAX_REASON, missing=(
        "Hãy ghi lý do đổi giám khảo."))
    scored = session.scalar(select(exists().where(ScoreRecord.assignment_id == old.id)))
    if scored and not despite_scores:
        raise Conflict("Giám khảo này đã chấm bài; điểm đã chấm vẫn được lưu. Muốn đổi giám "
                       "khảo, hãy xác nhận đổi dù đã có điểm và ghi rõ lý do.")
    found = queries.coded_essays(session=session, level=level).get(old.essay_id)
    if found is None:
        raise Conflict("Bài này không còn ở cấp thi (đã rút hoặc không còn được chuyển lên); "
                       "không cần đổi giám khảo.")
    code, place = found
    others = [a for a in queries.active_assignments(session=session, level_id=level.id,
                                                    essay_ids=[old.essay_id]) if a.id != old.id]
    judge = _checked_judge(session, level, competition, judge_id, code=code, place=place,
                           others=others, taken={old.judge_id}, kind=old.kind)
    old.revoked_at, old.revoked_by, old.revoked_reason = now, actor_id, reason
    session.flush()  # the old assignment ends before the new one begins
    new = Assignment(level_id=level.id, essay_id=old.essay_id, judge_id=judge.id,
                     kind=old.kind, assigned_at=now, assigned_by=actor_id)
    session.add(new)
    audit.record(session=session, actor_id=actor_id, action="judging.reassign",
                 target=f"writing_level:{level.id}",
                 details={"code": code, "kind": old.kind.value, "from_judge": old.judge_id,
                          "to_judge": judge.id, "reason": reason, "had_scores": scored},
                 now=now)
    service.commit_or_conflict(
        session, f"Bài {code} vừa được đổi giám khảo cùng lúc; hãy tải lại trang.")
    return new


def assign_place(*, session: Session, level_id: int, code: str, kind: AssignmentKind,
                 judge_id: int, reason: str, actor_id: int | None, now: datetime) -> Assignment:
    """Give an essay's empty place (first, second or third judge) to a judge the organiser
    picks, under the same rules as the automatic assignment; with a reason, logged."""
    level = service.locked_level(session, level_id)
    competition = session.get(WritingCompetition, level.competition_id)
    service.open_for_scores(level, now)
    if kind is AssignmentKind.CALIBRATION:
        raise InvalidInput("Bài chấm thử được giao ở trang hiệu chuẩn, không ở đây.")
    reason = vntext.checked_reason(reason, max_length=scoring.MAX_REASON, missing=(
        "Hãy ghi lý do giao bài cho giám khảo này."))
    code = code.strip().upper()
    essay_id, place = next(((e, p) for e, (c, p) in queries.coded_essays(
        session=session, level=level).items() if c == code), (None, None))
    if essay_id is None:
        raise NotFound(f"Không có bài nào mang mã phách {code} ở {level.name}.")
    others = queries.active_assignments(session=session, level_id=level.id,
                                        essay_ids=[essay_id])
    held = {a.kind for a in others}
    if kind in held:
        raise Conflict(f"Bài {code} đã có {kind.label.lower()}; muốn thay, hãy dùng “Đổi giám "
                       "khảo”.")
    if kind is AssignmentKind.THIRD and not {AssignmentKind.FIRST, AssignmentKind.SECOND} <= held:
        raise Conflict(f"Bài {code} chưa đủ hai giám khảo; chỉ mời giám khảo thứ ba sau đó.")
    judge = _checked_judge(session, level, competition, judge_id, code=code, place=place,
                           others=others, taken=set(), kind=kind)
    new = Assignment(level_id=level.id, essay_id=essay_id, judge_id=judge.id, kind=kind,
                     assigned_at=now, assigned_by=actor_id)
    session.add(new)
    audit.record(session=session, actor_id=actor_id, action="judging.assign_place",
                 target=f"writing_level:{level.id}",
                 details={"code": code, "kind": kind.value, "judge_id": judge.id,
                          "reason": reason}, now=now)
    service.commit_or_conflict(
        session, f"Bài {code} vừa được giao giám khảo cùng lúc; hãy tải lại trang.")
    return new

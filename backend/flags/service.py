"""Suspicious attempts: a contest's thresholds, and excluding a contestant from prizes (or
lifting it) with a reason. An exclusion keeps the contestant ranked but gives them no prize;
the finalised boards are ranked again under the reason, so everyone below moves up for the
prizes and official results keep the change in their history."""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend import vntext
from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.contestants.models import Contestant
from backend.contests import service as contests
from backend.contests.models import Round
from backend.db import is_unique_violation
from backend.errors import Conflict, InvalidInput, NotFound
from backend.flags import detect
from backend.flags.excluded import excluded_from_prizes
from backend.flags.models import BOUNDS, DEFAULTS, FlagRules, PrizeExclusion
from backend.results import reranking
from backend.units.models import Unit

MAX_REASON = 2000
LABELS = {
    "fast_seconds_per_question": "Số giây tối thiểu cho mỗi câu khi đạt điểm tuyệt đối",
    "burst_count": "Số người đăng ký hoặc bắt đầu thi từ một địa chỉ IP",
    "burst_minutes": "Trong khoảng (phút)",
    "similar_percent": "Tỷ lệ câu trả lời giống nhau (%)",
    "similar_min_shared": "Số câu cùng trả lời tối thiểu",
    "similar_submit_seconds": "Nộp bài cách nhau không quá (giây)",
    "similar_duration_seconds": "Thời gian làm bài chênh nhau không quá (giây)",
}


@dataclass
class Review:
    """What an organiser reviews: the thresholds, the flags and who is excluded now."""

    rules: FlagRules
    flags: detect.Flags
    excluded: frozenset[int]


def review(*, session: Session, contest_id: int, zone: ZoneInfo,
           round_id: int | None = None) -> Review:
    """The contest's flags (or one round's) under its thresholds, and who is excluded."""
    rules = rules_of(session=session, contest_id=contest_id)
    found = detect.find_flags(session=session, contest_id=contest_id, rules=rules, zone=zone,
                              round_id=round_id)
    return Review(rules, found, excluded_from_prizes(session, contest_id))


def rounds_of(*, session: Session, contest_id: int) -> list[Round]:
    """The contest's rounds in order, to review one at a time."""
    return list(session.execute(select(Round).where(Round.contest_id == contest_id)
                                .order_by(Round.number)).scalars())


def rules_of(*, session: Session, contest_id: int) -> FlagRules:
    """The contest's thresholds; the defaults (not stored) when none were set."""
    contests.get_contest(session=session, contest_id=contest_id)
    return session.get(FlagRules, contest_id) or FlagRules(contest_id=contest_id, **DEFAULTS)


def update_rules(*, session: Session, contest_id: int, changes: dict[str, int],
                 actor_id: int | None, now: datetime) -> FlagRules:
    """Change some thresholds, each within its bounds; logged."""
    for name, value in changes.items():
        low, high = BOUNDS[name]
        if not low <= value <= high:
            raise InvalidInput(f"«{LABELS[name]}» phải từ {low} đến {high}.")
    contests.get_contest(session=session, contest_id=contest_id)
    rules = session.get(FlagRules, contest_id, with_for_update=True)
    if rules is None:
        rules = FlagRules(contest_id=contest_id, **DEFAULTS)
        session.add(rules)
    before = {name: getattr(rules, name) for name in BOUNDS}
    for name, value in changes.items():
        setattr(rules, name, value)
    rules.updated_by, rules.updated_at = actor_id, now
    audit.record(session=session, actor_id=actor_id, action="flags.rules",
                 target=f"contest:{contest_id}", details={"before": before, "after": {
                     name: getattr(rules, name) for name in BOUNDS}}, now=now)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict("Ngưỡng cảnh báo vừa được người khác lưu. Hãy tải lại trang rồi lưu "
                       "lại.") from None
    return rules


@dataclass
class ExclusionRow:
    exclusion: PrizeExclusion
    full_name: str
    unit_name: str
    excluded_by: str
    lifted_by: str


@dataclass
class ExclusionOutcome:
    exclusion: PrizeExclusion
    full_name: str
    boards: list[reranking.Reranked] = field(default_factory=list)


def checked_reason(reason: str) -> str:
    return vntext.checked_reason(reason, max_length=MAX_REASON, missing=(
        "Hãy ghi lý do: lý do được lưu cùng quyết định, hiện trong lịch sử kết quả và cho "
        "biết vì sao giải thưởng thay đổi."))


def exclude_from_prizes(*, read: Session, write: Session, contest_id: int, contestant_id: int,
                        reason: str, actor_id: int | None, now: datetime) -> ExclusionOutcome:
    """Exclude a contestant from the contest's prizes, then rank the finalised boards again.
    Excluding someone already excluded is refused (409): the first reason stands."""
    reason = checked_reason(reason)
    name = _contestant_name(read, contest_id, contestant_id)
    found = _exclusion(write, contest_id, contestant_id)
    if found is not None and found.lifted_at is None:
        write.rollback()
        raise Conflict(f"{name} đã bị loại khỏi giải trước đó (lý do: {found.reason}). Muốn "
                       "đổi lý do, hãy khôi phục rồi loại lại.", code="already_excluded")
    if found is None:
        found = PrizeExclusion(contest_id=contest_id, contestant_id=contestant_id,
                               reason=reason, excluded_by=actor_id, excluded_at=now)
        write.add(found)
    else:  # excluded again after a lift: the row is reused, the audit log keeps the past
        found.reason, found.excluded_by, found.excluded_at = reason, actor_id, now
        found.lifted_at, found.lifted_by, found.lift_reason = None, None, ""
    audit.record(session=write, actor_id=actor_id, action="flags.exclude",
                 target=f"contestant:{contestant_id}",
                 details={"contest_id": contest_id, "reason": reason}, now=now)
    try:
        write.commit()
    except IntegrityError as error:
        write.rollback()
        if not is_unique_violation(error):
            raise
        raise Conflict(f"{name} vừa được người khác loại khỏi giải.",
                       code="already_excluded") from None
    return _reranked(read, write, found, name, actor_id, now,
                     f"Loại {name} khỏi giải. Lý do: {reason}")


def lift_exclusion(*, read: Session, write: Session, contest_id: int, contestant_id: int,
                   reason: str, actor_id: int | None, now: datetime) -> ExclusionOutcome:
    """Give an excluded contestant back their right to prizes, then rank again."""
    reason = checked_reason(reason)
    name = _contestant_name(read, contest_id, contestant_id)
    found = _exclusion(write, contest_id, contestant_id)
    if found is None or found.lifted_at is not None:
        write.rollback()
        raise Conflict(f"{name} không bị loại khỏi giải.", code="not_excluded")
    found.lifted_at, found.lifted_by, found.lift_reason = now, actor_id, reason
    audit.record(session=write, actor_id=actor_id, action="flags.lift",
                 target=f"contestant:{contestant_id}",
                 details={"contest_id": contest_id, "reason": reason,
                          "excluded_for": found.reason}, now=now)
    write.commit()
    return _reranked(read, write, found, name, actor_id, now,
                     f"Khôi phục quyền nhận giải của {name}. Lý do: {reason}")


def exclusions_of(*, session: Session, contest_id: int) -> list[ExclusionRow]:
    """The contest's exclusions, current first, then lifted ones; newest first."""
    rows = session.execute(
        select(PrizeExclusion, Contestant.full_name, Contestant.unit_id)
        .join(Contestant, Contestant.id == PrizeExclusion.contestant_id)
        .where(PrizeExclusion.contest_id == contest_id)
        .order_by(PrizeExclusion.lifted_at.is_not(None), PrizeExclusion.excluded_at.desc(),
                  PrizeExclusion.id.desc())).all()
    units = dict(session.execute(select(Unit.id, Unit.name).where(
        Unit.id.in_({r.unit_id for r in rows}))).all()) if rows else {}
    staff = {u for r in rows for u in (r[0].excluded_by, r[0].lifted_by) if u}
    names = dict(session.execute(select(UserAccount.id, UserAccount.full_name).where(
        UserAccount.id.in_(staff))).all()) if staff else {}
    for r in rows:
        session.expunge(r[0])  # handed back as read, whatever the session does next
    return [ExclusionRow(r[0], r.full_name, units.get(r.unit_id, ""),
                         names.get(r[0].excluded_by, "Lệnh quản trị"),
                         names.get(r[0].lifted_by, "Lệnh quản trị")) for r in rows]


def _contestant_name(read: Session, contest_id: int, contestant_id: int) -> str:
    person = read.get(Contestant, contestant_id)
    read.commit()
    if person is None or person.contest_id != contest_id:
        raise NotFound("Không tìm thấy thí sinh này trong cuộc thi.")
    return person.full_name


def _exclusion(write: Session, contest_id: int, contestant_id: int) -> PrizeExclusion | None:
    """The contestant's exclusion row, locked until the caller commits."""
    return write.execute(select(PrizeExclusion).where(
        PrizeExclusion.contest_id == contest_id, PrizeExclusion.contestant_id == contestant_id)
        .with_for_update()).scalar()


def _reranked(read: Session, write: Session, exclusion: PrizeExclusion, name: str,
              actor_id: int | None, now: datetime, reason: str) -> ExclusionOutcome:
    rounds = frozenset(read.execute(select(Round.id).where(
        Round.contest_id == exclusion.contest_id)).scalars())
    write.refresh(exclusion)
    write.expunge(exclusion)  # handed back as it stands now, whatever ranking does next
    write.commit()  # no write transaction stays open while the boards are ranked
    boards = reranking.rerank(read=read, write=write, contest_id=exclusion.contest_id,
                              rounds=rounds, actor_id=actor_id, now=now, reason=reason)
    return ExclusionOutcome(exclusion, name, boards)

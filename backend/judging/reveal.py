"""Locking a judged level's scores, unlocking them with a reason, "ráp phách" (joining the
identities back to the codes, only once locked), and the level's results as plain rows: codes
only before ráp phách, authors, units and blocks after."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.errors import Conflict, InvalidInput
from backend.essays.models import EssayAuthor
from backend.judging.aggregate import (
    RESULTS,
    Summary,
    compute,
    judged_level,
    write_results,
)
from backend.judging.level_rows import block_names, essays_at, marks_at, unit_blocks
from backend.units.models import Unit
from backend.vnformat import grouped
from backend.writing import service as writing
from backend.writing.models import WritingJudge, WritingLevel

MAX_REASON = 500


def _level_for_change(session: Session, level_id: int) -> WritingLevel:
    """The level, its row locked so that a lock, an unlock and a ráp phách go one by one."""
    level = judged_level(session=session, level_id=level_id)
    session.refresh(level, with_for_update=True)
    return level


def lock_scores(*, session: Session, level_id: int, actor_id: int | None,
                now: datetime) -> Summary:
    """Aggregate the level once more and lock its scores: judges can record no more. Refused
    while an essay lacks a final score or a third judge has still to score."""
    level = _level_for_change(session, level_id)
    if level.scores_locked_at is not None:
        raise Conflict(f"Điểm {level.name} đã được khóa.")
    computed = compute(session=session, level=level)
    summary = computed.summary
    if not summary.essays:
        raise Conflict("Cấp thi chưa có bài nào mang mã phách nên chưa có gì để khóa.")
    if summary.missing or summary.pending_third:
        waiting = [f"{grouped(summary.missing)} bài chưa đủ điểm"] if summary.missing else []
        if summary.pending_third:
            waiting.append(f"{grouped(summary.pending_third)} bài đang chờ giám khảo thứ ba")
        raise Conflict(f"Chưa thể khóa điểm: còn {' và '.join(waiting)}. Hãy chờ giám khảo chấm "
                       "xong rồi khóa lại.", extra={"missing": summary.missing,
                                                    "pending_third": summary.pending_third})
    summary = write_results(session=session, level=level, computed=computed, now=now)
    level.scores_locked_at, level.scores_locked_by = now, actor_id
    audit.record(session=session, actor_id=actor_id, action="writing.scores_lock",
                 target=f"writing_level:{level_id}",
                 details={"essays": summary.essays, "ranked": summary.ranked}, now=now)
    session.commit()
    return summary


def unlock_scores(*, session: Session, level_id: int, reason: str, actor_id: int | None,
                  now: datetime) -> WritingLevel:
    """Unlock the level's scores, with a reason; not after ráp phách."""
    level = _level_for_change(session, level_id)
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("Hãy ghi lý do mở khóa điểm.")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"Lý do dài quá {MAX_REASON} ký tự.")
    if level.revealed_at is not None:
        raise Conflict("Đã ráp phách nên không thể mở khóa điểm nữa.")
    if level.scores_locked_at is None:
        raise Conflict(f"Điểm {level.name} chưa khóa.")
    audit.record(session=session, actor_id=actor_id, action="writing.scores_unlock",
                 target=f"writing_level:{level_id}",
                 details={"reason": reason, "locked_at": level.scores_locked_at.isoformat()},
                 now=now)
    level.scores_locked_at = level.scores_locked_by = None
    session.commit()
    return level


def reveal_identities(*, session: Session, level_id: int, actor_id: int | None,
                      now: datetime) -> WritingLevel:
    """"Ráp phách": join authors, units and blocks back to the codes; only once the scores
    are locked, and for good."""
    level = _level_for_change(session, level_id)
    if level.scores_locked_at is None:
        raise Conflict("Chỉ ráp phách sau khi đã khóa điểm. Hãy khóa điểm trước.")
    if level.revealed_at is not None:
        raise Conflict(f"{level.name} đã được ráp phách.")
    level.revealed_at, level.revealed_by = now, actor_id
    audit.record(session=session, actor_id=actor_id, action="writing.reveal",
                 target=f"writing_level:{level_id}",
                 details={"locked_at": level.scores_locked_at.isoformat()}, now=now)
    session.commit()
    return level


@dataclass(frozen=True)
class JudgeMark:
    kind_label: str
    judge_name: str
    total: float | None  # None: not scored yet


@dataclass(frozen=True)
class ResultRow:
    essay_id: int
    code: str
    title: str
    calibration: bool
    withdrawn: bool
    marks: tuple[JudgeMark, ...]
    score: float | None
    judges_counted: int
    rank: int | None
    prize: str | None
    # Only after ráp phách; None before.
    author_name: str | None = None
    unit_name: str | None = None
    block_name: str | None = None


def level_results(*, session: Session, level_id: int, reveal: bool) -> list[ResultRow]:
    """The level's essays with their judges' scores, final score, rank and prize, ranked
    first; names, units and blocks only with `reveal`, which ráp phách must have allowed."""
    level = judged_level(session=session, level_id=level_id)
    if reveal and level.revealed_at is None:
        raise Conflict("Chưa ráp phách nên chưa thể hiện tên tác giả, đơn vị và khối.")
    essays = essays_at(session=session, level_id=level_id)
    stored = {r.essay_id: r for r in session.execute(select(
        RESULTS.c.essay_id, RESULTS.c.score, RESULTS.c.judges_counted, RESULTS.c.rank,
        RESULTS.c.prize_tier_id).where(RESULTS.c.level_id == level_id))}
    tiers = {t.id: t.name for t in writing.prize_tiers_of(session=session, level_id=level_id)}
    judges = dict(session.execute(
        select(WritingJudge.id, UserAccount.full_name)
        .join(UserAccount, UserAccount.id == WritingJudge.user_id)
        .where(WritingJudge.competition_id == level.competition_id)).all())
    marks = defaultdict(list)
    for mark in marks_at(session=session, level_id=level_id):
        marks[mark.essay_id].append(JudgeMark(mark.kind.label, judges.get(mark.judge_id, ""),
                                              mark.total))
    who = _identities(session, essays) if reveal else {}
    rows = []
    for essay in essays:
        result = stored.get(essay.essay_id)
        rows.append(ResultRow(
            essay.essay_id, essay.code, essay.title, essay.calibration, essay.withdrawn,
            tuple(marks[essay.essay_id]), result.score if result else None,
            result.judges_counted if result else 0, result.rank if result else None,
            tiers.get(result.prize_tier_id) if result else None,
            *who.get(essay.essay_id, (None, None, None))))
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0,
                                       -(r.score if r.score is not None else -1), r.code))


def _identities(session: Session, essays) -> dict[int, tuple[str, str, str | None]]:
    authors = dict(session.execute(select(EssayAuthor.id, EssayAuthor.full_name).where(
        EssayAuthor.id.in_({e.author_id for e in essays}))).all())
    units = dict(session.execute(select(Unit.id, Unit.name).where(
        Unit.id.in_({e.unit_id for e in essays}))).all())
    blocks, names = unit_blocks(session=session), block_names(session=session)
    return {e.essay_id: (authors.get(e.author_id, ""), units.get(e.unit_id, ""),
                         names.get(blocks.get(e.unit_id))) for e in essays}

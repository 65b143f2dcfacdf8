"""Final scores, ranks and prizes of a level, written as EssayResult rows.

A judged (BLIND) level is aggregated whole: three bulk reads (essays, current scores, prize
tiers), the rules of `ranking.py` in Python, then only the rows that changed are written in
one executemany each (update, insert, delete). Its essays are those with a blind code at the
level; an essay that lost its code loses its result. A calibration essay without two regular
scores takes the median of the panel's calibration scores.

An ENTERED level (units' own pre-screening) keeps the scores units typed; `rank_entered_level`
ranks them within each unit directly under the city (the one that forwards).
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlmodel import Session

from backend.errors import Conflict
from backend.essays.models import Essay
from backend.forwarding.queries import forwarding_unit_id
from backend.judging import ranking
from backend.judging.calibration import offsets_from
from backend.judging.level_rows import LevelEssay, Mark, essays_at, marks_at, unit_blocks
from backend.judging.models import Assignment, AssignmentKind, BlindCode, EssayResult, ScoreRecord
from backend.units.models import Unit
from backend.writing import service as writing
from backend.writing.models import FinalMethod, Scoring, WritingLevel

RESULTS = EssayResult.__table__


@dataclass(frozen=True)
class PrizeCount:
    tier_id: int
    name: str
    count: int
    given: int
    extra: int  # given beyond `count`: essays tied at the tier's boundary


@dataclass(frozen=True)
class Summary:
    level_id: int
    essays: int
    scored: int  # with a final score
    missing: int  # not withdrawn and fewer than two scores ("chưa đủ điểm")
    pending_third: int  # a third judge assigned who has not scored yet
    withdrawn: int
    ranked: int
    prizes: tuple[PrizeCount, ...]
    changed: int  # result rows written or removed


@dataclass(frozen=True)
class Computed:
    essays: list[LevelEssay]
    marks: list[Mark]
    finals: dict[int, ranking.Final]
    placed: dict[int, ranking.Placed]
    summary: Summary


def judged_level(*, session: Session, level_id: int) -> WritingLevel:
    level = writing.get_level(session=session, level_id=level_id)
    if level.scoring is not Scoring.BLIND:
        raise Conflict(f"{level.name} do đơn vị nhập điểm sơ khảo, không chấm kín nên không "
                       "tổng hợp điểm giám khảo.")
    return level


def compute(*, session: Session, level: WritingLevel) -> Computed:
    """Read the level in bulk and work out every essay's final score, rank and prize."""
    competition = writing.get_competition(session=session, competition_id=level.competition_id)
    rubric = writing.rubric_of(session=session, competition_id=competition.id)
    criterion_ids = [str(c.id) for c in rubric]
    ceiling = float(sum(c.max_points for c in rubric))
    essays = essays_at(session=session, level_id=level.id)
    marks = marks_at(session=session, level_id=level.id)
    offsets = ({j: s.offset for j, s in offsets_from(marks).items()}
               if competition.normalise_judges else {})
    regular, trial = defaultdict(list), defaultdict(list)
    pending_third = set()
    for mark in marks:
        if mark.total is None:
            if mark.kind is AssignmentKind.THIRD:
                pending_third.add(mark.essay_id)
            continue
        score = ranking.JudgeScore(mark.judge_id, mark.total, mark.points or {})
        (regular if mark.regular else trial)[mark.essay_id].append(score)
    finals = {}
    for essay in essays:
        scores, method = regular[essay.essay_id], competition.final_method
        if essay.calibration and len(scores) < 2:
            scores, method = trial[essay.essay_id], FinalMethod.MEDIAN
        finals[essay.essay_id] = ranking.final_score(
            scores, method=method, criterion_ids=criterion_ids, ceiling=ceiling,
            offsets=offsets)
    tiers = [ranking.Tier(t.id, t.position, t.count, t.block_id, t.min_score, t.name)
             for t in writing.prize_tiers_of(session=session, level_id=level.id)]
    blocks = unit_blocks(session=session) if any(t.block_id for t in tiers) else {}
    placed, outcomes = ranking.place_level([ranking.Entry(
        e.essay_id, finals[e.essay_id].score, finals[e.essay_id].criteria, e.submitted_at,
        blocks.get(e.unit_id), e.withdrawn) for e in essays], tiers)
    names = {t.id: (t.name, t.count) for t in tiers}
    live = [e for e in essays if not e.withdrawn]
    summary = Summary(
        level_id=level.id, essays=len(essays),
        scored=sum(f.score is not None for f in finals.values()),
        missing=sum(finals[e.essay_id].score is None for e in live),
        pending_third=len(pending_third & {e.essay_id for e in live}),
        withdrawn=len(essays) - len(live),
        ranked=sum(p.rank is not None for p in placed.values()),
        prizes=tuple(PrizeCount(o.tier_id, *names[o.tier_id], o.given, o.extra)
                     for o in outcomes), changed=0)
    return Computed(essays, marks, finals, placed, summary)


def write_results(*, session: Session, level: WritingLevel, computed: Computed,
                  now: datetime) -> Summary:
    """Bring the level's EssayResult rows to `computed`, writing only what changed; flushes."""
    stored = {r.essay_id: r for r in session.execute(
        select(RESULTS.c.id, RESULTS.c.essay_id, RESULTS.c.score, RESULTS.c.judges_counted,
               RESULTS.c.rank, RESULTS.c.prize_tier_id).where(RESULTS.c.level_id == level.id))}
    updates, inserts = [], []
    for essay in computed.essays:
        final, place = computed.finals[essay.essay_id], computed.placed[essay.essay_id]
        wanted = (final.score, final.judges_counted, place.rank, place.tier_id)
        row = stored.get(essay.essay_id)
        if row is None:
            inserts.append({"level_id": level.id, "essay_id": essay.essay_id,
                            "score": final.score, "judges_counted": final.judges_counted,
                            "rank": place.rank, "prize_tier_id": place.tier_id,
                            "updated_at": now})
        elif (row.score, row.judges_counted, row.rank, row.prize_tier_id) != wanted:
            updates.append({"row_id": row.id, "new_score": final.score,
                            "new_counted": final.judges_counted, "new_rank": place.rank,
                            "new_tier": place.tier_id, "now": now})
    gone = stored.keys() - {e.essay_id for e in computed.essays}
    if updates:
        session.execute(update(RESULTS).where(RESULTS.c.id == bindparam("row_id")).values(
            score=bindparam("new_score"), judges_counted=bindparam("new_counted"),
            rank=bindparam("new_rank"), prize_tier_id=bindparam("new_tier"),
            updated_at=bindparam("now")), updates)
    if inserts:
        session.execute(insert(RESULTS), inserts)
    if gone:
        session.execute(delete(RESULTS).where(RESULTS.c.level_id == level.id,
                                              RESULTS.c.essay_id.in_(gone)))
    session.flush()
    return replace(computed.summary, changed=len(updates) + len(inserts) + len(gone))


def aggregate_level(*, session: Session, level_id: int, now: datetime) -> Summary:
    """Compute every essay's final score, rank and prize at a judged level and store them."""
    level = judged_level(session=session, level_id=level_id)
    if level.revealed_at is not None:
        raise Conflict("Đã ráp phách cấp thi này nên kết quả không tính lại nữa.")
    summary = write_results(session=session, level=level,
                            computed=compute(session=session, level=level), now=now)
    session.commit()
    return summary


def stale_levels(*, session: Session) -> list[int]:
    """Judged levels not yet locked whose scores, assignments or codes changed after their
    results were last written (or that have none yet)."""
    open_levels = select(WritingLevel.id).where(WritingLevel.scoring == Scoring.BLIND,
                                                WritingLevel.scores_locked_at.is_(None))
    changes = [
        select(ScoreRecord.level_id, func.max(ScoreRecord.recorded_at)).group_by(
            ScoreRecord.level_id),
        select(Assignment.level_id, func.max(func.coalesce(Assignment.revoked_at,
                                                           Assignment.assigned_at)))
        .group_by(Assignment.level_id),
        select(BlindCode.level_id, func.max(BlindCode.created_at)).group_by(BlindCode.level_id),
    ]
    written = dict(session.execute(select(RESULTS.c.level_id, func.max(RESULTS.c.updated_at))
                                   .group_by(RESULTS.c.level_id)).all())
    candidates = set(session.execute(open_levels).scalars())
    due = set()
    for query in changes:
        for level_id, changed_at in session.execute(query).all():
            last = written.get(level_id)
            if level_id in candidates and changed_at and (last is None or changed_at > last):
                due.add(level_id)
    return sorted(due)


def aggregate_stale_levels(*, session: Session, now: datetime) -> list[Summary]:
    """Aggregate every judged level whose scores changed since its results were written; each
    level in a transaction of its own."""
    done = []
    for level_id in stale_levels(session=session):
        session.commit()
        done.append(aggregate_level(session=session, level_id=level_id, now=now))
    return done


def rank_entered_level(*, session: Session, level_id: int) -> int:
    """Rank the entered scores of a pre-screening (ENTERED) level within each unit directly
    under the city: score, then earlier submission; equal ones share a place. Returns how many
    essays were ranked."""
    level = writing.get_level(session=session, level_id=level_id)
    if level.scoring is not Scoring.ENTERED:
        raise Conflict(f"{level.name} chấm kín; thứ hạng được tính khi tổng hợp điểm giám khảo.")
    rows = session.execute(
        select(RESULTS.c.id, RESULTS.c.essay_id, RESULTS.c.score, RESULTS.c.rank,
               Essay.submitted_at, Essay.withdrawn_at, Unit.path)
        .join(Essay, Essay.id == RESULTS.c.essay_id).join(Unit, Unit.id == Essay.unit_id)
        .where(RESULTS.c.level_id == level_id)).all()
    places = ranking.rank_within_groups([ranking.Entry(
        r.essay_id, r.score, (), r.submitted_at, forwarding_unit_id(r.path),
        r.withdrawn_at is not None) for r in rows])
    changed = [{"row_id": r.id, "new_rank": places[r.essay_id]} for r in rows
               if r.rank != places[r.essay_id]]
    if changed:
        session.execute(update(RESULTS).where(RESULTS.c.id == bindparam("row_id"))
                        .values(rank=bindparam("new_rank")), changed)
    session.commit()
    return sum(p is not None for p in places.values())


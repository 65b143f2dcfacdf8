"""A judged level's results over JSON: rows by code (identities only after ráp phách),
aggregation, locking, unlocking, ráp phách, calibration and the judges' severity. Staff bearer
token, MANAGE_WRITING."""

from dataclasses import asdict

from fastapi import APIRouter

from backend.deps import Now, ReadSessionDep, SessionDep
from backend.judging import aggregate, calibration, reveal
from backend.judging.ranking import TIE_BREAK_CHAIN
from backend.judging.results_deps import ResultsLevel, WritingManager
from backend.judging.results_schemas import (
    CalibrationIn,
    CalibrationOut,
    JudgeMarkOut,
    LevelResultsOut,
    LevelStateOut,
    PrizeCountOut,
    ResultRowOut,
    SeverityOut,
    SummaryOut,
    UnlockIn,
)
from backend.writing import service as writing

router = APIRouter(prefix="/api/v1/manage/writing/levels/{level_id}",
                   tags=["Kết quả cuộc thi viết"])


def state_out(level) -> LevelStateOut:
    return LevelStateOut(level_id=level.id, name=level.name,
                         scores_locked_at=level.scores_locked_at, revealed_at=level.revealed_at)


def summary_out(summary: aggregate.Summary) -> SummaryOut:
    return SummaryOut(**{k: v for k, v in asdict(summary).items() if k not in (
        "level_id", "prizes")}, prizes=[PrizeCountOut(name=p.name, count=p.count, given=p.given,
                                                      extra=p.extra) for p in summary.prizes])


@router.get("/results")
def get_results(level: ResultsLevel, session: ReadSessionDep) -> LevelResultsOut:
    """Every essay of the level by code, ranked, with each judge's score; author, unit and
    block are null until ráp phách."""
    level = writing.get_level(session=session, level_id=level.id)
    rows = reveal.level_results(session=session, level_id=level.id,
                                reveal=level.revealed_at is not None)
    rubric = writing.rubric_of(session=session, competition_id=level.competition_id)
    return LevelResultsOut(**state_out(level).model_dump(), tie_break=TIE_BREAK_CHAIN,
                           criteria=[c.name for c in rubric], rows=[ResultRowOut(
                               **{k: v for k, v in asdict(r).items() if k not in (
                                   "essay_id", "marks")},
                               marks=[JudgeMarkOut(kind=m.kind_label, judge_name=m.judge_name,
                                                   total=m.total) for m in r.marks])
                               for r in rows])


@router.post("/results/aggregate")
def aggregate_results(level: ResultsLevel, user: WritingManager, session: SessionDep,
                      now: Now) -> SummaryOut:
    """Compute final scores, ranks and prizes now (the scheduler also does it)."""
    return summary_out(aggregate.aggregate_level(session=session, level_id=level.id, now=now))


@router.post("/results/lock")
def lock(level: ResultsLevel, user: WritingManager, session: SessionDep, now: Now
         ) -> SummaryOut:
    """Aggregate and lock the scores; 409 with the counts while essays lack scores."""
    return summary_out(reveal.lock_scores(session=session, level_id=level.id,
                                          actor_id=user.id, now=now))


@router.post("/results/unlock")
def unlock(body: UnlockIn, level: ResultsLevel, user: WritingManager, session: SessionDep,
           now: Now) -> LevelStateOut:
    """Unlock the scores with a reason; refused after ráp phách."""
    return state_out(reveal.unlock_scores(session=session, level_id=level.id,
                                          reason=body.reason, actor_id=user.id, now=now))


@router.post("/results/reveal")
def reveal_identities(level: ResultsLevel, user: WritingManager, session: SessionDep,
                      now: Now) -> LevelStateOut:
    """"Ráp phách": show authors, units and blocks with the codes; only after the lock."""
    return state_out(reveal.reveal_identities(session=session, level_id=level.id,
                                              actor_id=user.id, now=now))


@router.get("/severity")
def severity(level: ResultsLevel, session: ReadSessionDep) -> list[SeverityOut]:
    """Each judge's average offset from the panel, the harshest first."""
    return [SeverityOut(judge_id=r.judge_id, full_name=r.full_name,
                        wording=r.severity.wording, **{k: v for k, v in asdict(
                            r.severity).items() if k != "judge_id"})
            for r in calibration.severity_table(session=session, level_id=level.id)]


@router.post("/calibration", status_code=201)
def open_calibration(body: CalibrationIn, level: ResultsLevel, user: WritingManager,
                     session: SessionDep, now: Now) -> CalibrationOut:
    """Mark essays (by code) as calibration essays scored by the whole panel."""
    essay_ids = calibration.essays_with_codes(session=session, level_id=level.id,
                                              codes=body.codes)
    return CalibrationOut(assignments=calibration.open_calibration(
        session=session, level_id=level.id, essay_ids=essay_ids, actor_id=user.id, now=now))

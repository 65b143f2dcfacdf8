"""Item analysis over JSON, for organisers: staff bearer token, MANAGE_RESULTS."""

from dataclasses import asdict

from fastapi import APIRouter

from backend.analysis.items import RoundAnalysis, item_analysis
from backend.analysis.schemas import FlagOut, ItemAnalysisOut, QuestionOut
from backend.deps import Id, SessionDep
from backend.results.deps import ResultsContest

router = APIRouter(prefix="/api/v1/manage/contests/{contest_id}/rounds/{round_id}",
                   tags=["Phân tích câu hỏi"])


def ruling_url(contest_id: int, question_id: int) -> str:
    return f"/quan-ly/cuoc-thi/{contest_id}/cau-hoi-loi/cau/{question_id}"


def analysis_out(found: RoundAnalysis) -> ItemAnalysisOut:
    return ItemAnalysisOut(
        contest_id=found.contest_id, round_id=found.round_id, round_name=found.round_name,
        basis=found.basis.value, basis_label=found.basis.label,
        board_version=found.board_version, attempts=found.attempts,
        mean_score=found.mean_score, flagged=found.flagged, questions=[QuestionOut(
            **{k: v for k, v in asdict(q).items() if k != "flags"},
            voided_label=q.voided_label,
            flags=[FlagOut(code=f.code, text=f.text, suspect=f.suspect) for f in q.flags],
            ruling_url=ruling_url(found.contest_id, q.question_id))
            for q in found.questions])


@router.get("/item-analysis")
def get_item_analysis(round_id: Id, contest: ResultsContest,
                      session: SessionDep) -> ItemAnalysisOut:
    """Per question of the round's papers: share right, discrimination, option picks and
    flags; on the attempts the finalised results count, else on every finished attempt."""
    return analysis_out(item_analysis(session=session, contest_id=contest.id,
                                      round_id=round_id))

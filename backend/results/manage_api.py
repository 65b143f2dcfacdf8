"""The results workflow over JSON, for organisers: everything the results pages do."""

from fastapi import APIRouter

from backend.deps import Now, ReadSessionDep, SessionDep, WriteSessionDep
from backend.results import overview, service
from backend.results.deps import ChangedBoard, ResultsContest, ResultsManager, ViewedBoard
from backend.results.finalise import finalise_board
from backend.results.models import ResultBoard, ResultState
from backend.results.schemas import (
    ChangeOut,
    FinaliseIn,
    FinaliseOut,
    ManagedBoardOut,
    RulesIn,
    RulesOut,
)
from backend.results.tiebreaks import described

router = APIRouter(prefix="/api/v1/manage/contests/{contest_id}/results",
                   tags=["Quản lý kết quả"])


def board_out(view: overview.BoardView) -> ManagedBoardOut:
    b = view.board
    return ManagedBoardOut(
        **b.model_dump(include={"id", "round_id", "ranked", "version", "actual_value",
                                "problem", "finalised_at", "published_at", "complaints_until",
                                "official_at"}),
        title=view.title, state=b.state.value, state_label=b.state.label,
        prediction_target=b.prediction_target.value,
        prediction_target_label=b.prediction_target.label,
        round_closes_at=view.round.closes_at if view.round else None)


def rules_out(b: ResultBoard) -> RulesOut:
    return RulesOut(
        board_id=b.id, counted_attempt=b.counted_attempt,
        counted_attempt_label=b.counted_attempt.label, prediction_target=b.prediction_target,
        prediction_target_label=b.prediction_target.label, combine=b.combine,
        combine_label=b.combine.label, tie_breaks=b.tie_breaks,
        tie_breaks_described=described(b.tie_breaks), prizes=b.prizes,
        max_winner_share=b.max_winner_share, complaint_days=b.complaint_days,
        locked=b.state in (ResultState.PROVISIONAL, ResultState.OFFICIAL))


def _board(session, board_id: int, now) -> ManagedBoardOut:
    board = session.get(ResultBoard, board_id, populate_existing=True)
    return board_out(overview.board_view(session=session, board=board, now=now))


@router.get("")
def list_boards(contest: ResultsContest, user: ResultsManager, session: WriteSessionDep,
                now: Now) -> list[ManagedBoardOut]:
    """Each round's board in round order, then the overall one, with where each stands."""
    return [board_out(v) for v in overview.contest_boards(session=session,
                                                          contest_id=contest.id, now=now)]


@router.get("/{board_id}/rules")
def get_rules(board: ViewedBoard, user: ResultsManager) -> RulesOut:
    """How the board ranks and awards, with the tie-break chain in words."""
    return rules_out(board)


@router.put("/{board_id}/rules")
def put_rules(body: RulesIn, board: ChangedBoard, user: ResultsManager, session: SessionDep,
              now: Now) -> RulesOut:
    """Change how the board ranks and awards; refused once its results are published."""
    given = body.model_fields_set
    service.update_rules(
        session=session, board=board,
        counted_attempt=body.counted_attempt or board.counted_attempt,
        prediction_target=body.prediction_target or board.prediction_target,
        combine=body.combine or board.combine,
        tie_breaks=board.tie_breaks if body.tie_breaks is None else body.tie_breaks,
        prizes=board.prizes if body.prizes is None else [p.model_dump() for p in body.prizes],
        max_winner_share=(body.max_winner_share if "max_winner_share" in given
                          else board.max_winner_share),
        complaint_days=(board.complaint_days if body.complaint_days is None
                        else body.complaint_days),
        actor_id=user.id, now=now)
    return rules_out(board)


@router.post("/{board_id}/finalise")
def finalise(board: ViewedBoard, user: ResultsManager, read: ReadSessionDep,
             session: SessionDep, now: Now, body: FinaliseIn | None = None) -> FinaliseOut:
    """Rank the board from what is stored (a round only once closed); changing official
    results needs `reason`, kept in the history."""
    outcome = finalise_board(read=read, write=session, board_id=board.id, now=now,
                             actor_id=user.id, reason=(body or FinaliseIn()).reason)
    return FinaliseOut(changed=outcome.changed, changes=outcome.changes,
                       board=_board(session, board.id, now))


@router.post("/{board_id}/publish")
def publish(board: ChangedBoard, user: ResultsManager, session: SessionDep,
            now: Now) -> ManagedBoardOut:
    """Publish finalised results as provisional; the complaint window opens now."""
    service.publish(session=session, board=board, actor_id=user.id, now=now)
    return _board(session, board.id, now)


@router.post("/{board_id}/official")
def make_official(board: ChangedBoard, user: ResultsManager, session: SessionDep,
                  now: Now) -> ManagedBoardOut:
    """Make provisional results official, once the complaint window has passed."""
    service.make_official(session=session, board=board, actor_id=user.id, now=now)
    return _board(session, board.id, now)


@router.get("/{board_id}/history")
def history(board: ViewedBoard, user: ResultsManager, session: SessionDep) -> list[ChangeOut]:
    """Every finalise, publication and correction of the board, newest first."""
    return [ChangeOut(**c.change.model_dump(exclude={"board_id"}), actor_name=c.actor,
                      action_label=c.action) for c in overview.history(
        session=session, board_id=board.id)]

"""The results workflow: each round's board and the contest's overall board, their ranking
rules, and the one transition function that moves them from finalised to provisional to
official. Finalising itself is in finalise.py."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session

from backend.audit import service as audit
from backend.contests.models import Contest, Round
from backend.errors import Conflict, InvalidInput, NotFound
from backend.results.models import (
    Combine,
    CountedAttempt,
    PredictionTarget,
    ResultBoard,
    ResultChange,
    ResultState,
)
from backend.results.tiebreaks import checked_chain
from backend.vntext import checked_name

MAX_PRIZES_PER_TIER = 100_000
TRANSITIONS = {
    ResultState.FINALISED: frozenset({ResultState.PROVISIONAL}),
    ResultState.PROVISIONAL: frozenset({ResultState.OFFICIAL}),
}


def boards_of(*, session: Session, contest_id: int) -> list[ResultBoard]:
    """The contest's boards: its rounds' in round order, then the overall one (created with
    the default rules the first time they are asked for; the caller commits)."""
    rounds = list(session.execute(select(Round).where(Round.contest_id == contest_id)
                                  .order_by(Round.number)).scalars())
    existing = {b.round_id: b for b in session.execute(
        select(ResultBoard).where(ResultBoard.contest_id == contest_id)).scalars()}
    boards = []
    for round_id in [r.id for r in rounds] + [None]:
        board = existing.get(round_id)
        if board is None:
            board = ResultBoard(contest_id=contest_id, round_id=round_id)
            session.add(board)
        boards.append(board)
    session.flush()
    return boards


def get_board(*, session: Session, board_id: int, contest_id: int | None = None) -> ResultBoard:
    board = session.get(ResultBoard, board_id)
    if board is None or (contest_id is not None and board.contest_id != contest_id):
        raise NotFound("Không tìm thấy bảng kết quả này.")
    return board


def update_rules(*, session: Session, board: ResultBoard, counted_attempt: CountedAttempt,
                 prediction_target: PredictionTarget, combine: Combine, tie_breaks: list[str],
                 prizes: list[dict], max_winner_share: int | None, complaint_days: int,
                 actor_id: int | None, now: datetime) -> ResultBoard:
    """Set how a board ranks and awards; refused once its results are published."""
    if board.state in (ResultState.PROVISIONAL, ResultState.OFFICIAL):
        raise Conflict("Kết quả đã công bố: không thay đổi cách xếp hạng và cơ cấu giải được "
                       "nữa. Nếu có sai sót, hãy xử lý câu hỏi lỗi hoặc tổng hợp lại có lý do.")
    contest = session.get(Contest, board.contest_id)
    board.counted_attempt, board.prediction_target = counted_attempt, prediction_target
    board.combine, board.tie_breaks = combine, checked_chain(tie_breaks)
    board.prizes = checked_prizes(prizes, groups=contest.groups)
    if max_winner_share is not None and not 1 <= max_winner_share <= 100:
        raise InvalidInput("Tỷ lệ tối đa người đoạt giải phải từ 1 đến 100 (%).")
    if not 0 <= complaint_days <= 60:
        raise InvalidInput("Thời hạn khiếu nại phải từ 0 đến 60 ngày.")
    board.max_winner_share, board.complaint_days = max_winner_share, complaint_days
    board.updated_at = now
    audit.record(session=session, actor_id=actor_id, action="results.rules",
                 target=f"board:{board.id}", details=_rules_of(board), now=now)
    session.commit()
    return board


def groups_in_prizes(*, session: Session, contest_id: int) -> set[str]:
    """The groups the contest's prize tables award prizes in."""
    return {prize.get("group", "") for board in session.execute(
        select(ResultBoard).where(ResultBoard.contest_id == contest_id)).scalars()
        for prize in board.prizes} - {""}


def checked_prizes(prizes: list[dict], *, groups: list[str]) -> list[dict]:
    """A prize table: named tiers in order, each with a count and the group it is for."""
    checked, seen = [], set()
    for number, prize in enumerate(prizes, start=1):
        tier = checked_name(str(prize.get("tier", "")), field=f"Tên giải thứ {number}",
                            max_length=120)
        group = str(prize.get("group", "") or "")
        try:
            count = int(prize.get("count", 0))
        except (TypeError, ValueError):
            count = -1
        if not 0 <= count <= MAX_PRIZES_PER_TIER:
            raise InvalidInput(f"Số lượng «{tier}» phải là số nguyên từ 0 đến "
                               f"{MAX_PRIZES_PER_TIER:,}.".replace(",", "."))
        if group and group not in groups:
            raise InvalidInput(f"«{tier}» dành cho bảng «{group}», nhưng cuộc thi không có bảng "
                               "này.")
        if (tier, group) in seen:
            raise InvalidInput(f"«{tier}» được nêu hai lần cho cùng một bảng.")
        seen.add((tier, group))
        checked.append({"tier": tier, "count": count, "group": group})
    return checked


def publish(*, session: Session, board: ResultBoard, actor_id: int | None,
            now: datetime) -> ResultBoard:
    """Publish finalised results as provisional, open the complaint window and the answer key."""
    if board.state is ResultState.NOT_FINALISED:
        raise Conflict("Chưa tổng hợp kết quả nên chưa công bố được. Hãy tổng hợp kết quả "
                       "sau khi vòng thi đóng, kiểm tra danh sách rồi công bố.")
    _move(board, ResultState.PROVISIONAL)
    board.published_at = now
    board.complaints_until = now + timedelta(days=board.complaint_days)
    return _record(session, board, "publish", actor_id, now)


def make_official(*, session: Session, board: ResultBoard, actor_id: int | None,
                  now: datetime) -> ResultBoard:
    """After the complaint window, provisional results become official and frozen."""
    if board.state is ResultState.PROVISIONAL and now < board.complaints_until:
        raise Conflict("Thời hạn khiếu nại chưa hết: kết quả chỉ chính thức sau thời hạn này.")
    _move(board, ResultState.OFFICIAL)
    board.official_at = now
    return _record(session, board, "official", actor_id, now)


def _move(board: ResultBoard, to: ResultState) -> None:
    if to not in TRANSITIONS.get(board.state, frozenset()):
        raise Conflict(f"Kết quả đang ở trạng thái «{board.state.label}», không chuyển sang "
                       f"«{to.label}» được.")
    board.state = to


def _record(session: Session, board: ResultBoard, action: str, actor_id: int | None,
            now: datetime) -> ResultBoard:
    board.updated_at = now
    session.add(ResultChange(board_id=board.id, at=now, actor_id=actor_id, action=action,
                             from_version=board.version, to_version=board.version,
                             details={"state": board.state.value}))
    session.commit()
    return board


def history(*, session: Session, board_id: int) -> list[ResultChange]:
    return list(session.execute(select(ResultChange).where(ResultChange.board_id == board_id)
                                .order_by(ResultChange.id)).scalars())


def _rules_of(board: ResultBoard) -> dict:
    return {"counted_attempt": board.counted_attempt.value,
            "prediction_target": board.prediction_target.value, "combine": board.combine.value,
            "tie_breaks": board.tie_breaks, "prizes": board.prizes,
            "max_winner_share": board.max_winner_share, "complaint_days": board.complaint_days}

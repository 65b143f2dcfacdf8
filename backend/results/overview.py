"""A contest's boards as organisers follow them: each with its round, where it stands, what
its prediction counted, and which step of the workflow it may take now; and a board's
history with names instead of ids."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.contestants.models import Contestant
from backend.contests.models import Round
from backend.results import service
from backend.results.models import ResultBoard, ResultChange, ResultState
from backend.results.tiebreaks import described

OVERALL = "Toàn cuộc thi"
ACTIONS = {"finalise": "Tổng hợp kết quả", "amend": "Sửa kết quả đã chính thức",
           "publish": "Công bố tạm thời", "official": "Công bố chính thức"}
MOVES_SHOWN = 200
SYSTEM = "Hệ thống (dòng lệnh hoặc tác vụ tự động)"


@dataclass(frozen=True)
class BoardView:
    board: ResultBoard
    round: Round | None
    now: datetime

    @property
    def title(self) -> str:
        return self.round.name if self.round else OVERALL

    @property
    def is_overall(self) -> bool:
        return self.round is None

    @property
    def closed(self) -> bool:
        """A round board may be finalised once its window closed; the overall at any time."""
        return self.round is None or self.now >= self.round.closes_at

    @property
    def may_publish(self) -> bool:
        return self.board.state is ResultState.FINALISED

    @property
    def may_make_official(self) -> bool:
        b = self.board
        return b.state is ResultState.PROVISIONAL and self.now >= b.complaints_until

    @property
    def complaints_would_end(self) -> datetime:
        """When the complaint window would close if the board were published now."""
        return self.now + timedelta(days=self.board.complaint_days)

    @property
    def counted(self) -> str:
        """The prediction's true value and what it counts, for a finalised round."""
        b = self.board
        if self.round is None or b.actual_value is None:
            return ""
        return f"{b.prediction_target.label}: " + f"{b.actual_value:,}".replace(",", ".")

    @property
    def chain(self) -> str:
        return described(self.board.tie_breaks)


def ensure_boards(*, session: Session, contest_id: int) -> list[ResultBoard]:
    """The contest's boards (see service.boards_of), those missing created and committed."""
    try:
        boards = service.boards_of(session=session, contest_id=contest_id)
    except IntegrityError:  # created at the same moment by another request: take those
        session.rollback()
        boards = service.boards_of(session=session, contest_id=contest_id)
    session.commit()
    return boards


def contest_boards(*, session: Session, contest_id: int, now: datetime) -> list[BoardView]:
    """Every board of the contest, rounds first and the overall last; boards a round lacks
    are created with the default rules."""
    rounds = {r.id: r for r in session.execute(
        select(Round).where(Round.contest_id == contest_id)).scalars()}
    # Last, as it commits: a page rendering them holds no transaction (nor SQLite's lock).
    boards = ensure_boards(session=session, contest_id=contest_id)
    return [BoardView(b, rounds.get(b.round_id), now) for b in boards]


def board_view(*, session: Session, board: ResultBoard, now: datetime) -> BoardView:
    round_ = session.get(Round, board.round_id) if board.round_id else None
    return BoardView(board, round_, now)


@dataclass(frozen=True)
class Move:
    """One contestant whose rank, score or prize a change moved."""
    name: str
    before: dict | None
    after: dict | None


@dataclass(frozen=True)
class ChangeView:
    change: ResultChange
    actor: str
    moves: list[Move]
    more: int

    @property
    def action(self) -> str:
        return ACTIONS.get(self.change.action, self.change.action)


def history(*, session: Session, board_id: int) -> list[ChangeView]:
    """The board's history, newest first, naming who acted and whom each change moved."""
    changes = list(reversed(service.history(session=session, board_id=board_id)))
    actors = _names(session, UserAccount, {c.actor_id for c in changes} - {None})
    moved = [m for c in changes for m in c.details.get("changes", [])[:MOVES_SHOWN]]
    people = _names(session, Contestant, {m["contestant_id"] for m in moved})
    views = []
    for change in changes:
        listed = change.details.get("changes", [])
        shown = [Move(people.get(m["contestant_id"], f"Thí sinh #{m['contestant_id']}"),
                      m.get("before"), m.get("after")) for m in listed[:MOVES_SHOWN]]
        more = max(change.details.get("changed", len(listed)), len(listed)) - len(shown)
        views.append(ChangeView(change, actors.get(change.actor_id) or SYSTEM, shown, more))
    return views


def _names(session: Session, model, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(model.id, model.full_name)
                                .where(model.id.in_(sorted(ids)))).all())

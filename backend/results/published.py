"""What a contest's results tell the reader: its boards with their state in plain words, the
ranking rules written out, and the answer key of a published round."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session

from backend.clock import utc_to_local
from backend.contests.models import Round
from backend.errors import NotFound
from backend.questions.models import Question, QuestionOption
from backend.results.models import DEFAULT_TIE_BREAKS, ResultBoard, ResultState
from backend.results.tiebreaks import described

PUBLISHED = (ResultState.PROVISIONAL, ResultState.OFFICIAL)
FINALISED = (ResultState.FINALISED, *PUBLISHED)
OVERALL = "Chung cuộc"
SHOWN_TIME = "%H:%M %d/%m/%Y"


@dataclass(frozen=True)
class BoardView:
    """A board with the round it ranks, or none for the overall ranking."""
    board: ResultBoard
    round: Round | None

    @property
    def name(self) -> str:
        return self.round.name if self.round else OVERALL

    @property
    def chain(self) -> str:
        return described(self.board.tie_breaks)

    def state_text(self, zone: ZoneInfo) -> str:
        """Where the results stand, as every leaderboard says it."""
        board = self.board
        if board.state is ResultState.PROVISIONAL:
            until = utc_to_local(board.complaints_until, zone).strftime(SHOWN_TIME)
            return f"Kết quả tạm thời — thời hạn khiếu nại đến {until}"
        if board.state is ResultState.OFFICIAL:
            return "Kết quả chính thức"
        return "Kết quả đã tổng hợp, chưa công bố: chỉ cán bộ được xem kết quả mới thấy."

    @property
    def actual_text(self) -> str:
        """The prediction question's true value and what it counted, once the round closed."""
        value = self.board.actual_value
        if self.round is None or value is None:
            return ""
        counted = self.board.prediction_target.label
        return (f"Con số thực tế của câu hỏi dự đoán: {value:,}".replace(",", ".")
                + f" ({counted[:1].lower()}{counted[1:]}).")


def boards_in(*, session: Session, contest_id: int, states=PUBLISHED) -> list[BoardView]:
    """The contest's boards in `states`: its rounds' in order, then the overall board."""
    found = session.execute(
        select(ResultBoard, Round).outerjoin(Round, Round.id == ResultBoard.round_id)
        .where(ResultBoard.contest_id == contest_id, ResultBoard.state.in_(states))
        .order_by(Round.number.is_(None), Round.number)).all()
    return [BoardView(board, round_) for board, round_ in found]


def board_in(*, session: Session, contest_id: int, board_id: int, states=PUBLISHED,
             missing: str) -> BoardView:
    """One board of the contest in `states`, or NotFound saying `missing`."""
    board = session.get(ResultBoard, board_id)
    if board is None or board.contest_id != contest_id or board.state not in states:
        raise NotFound(missing)
    return BoardView(board, session.get(Round, board.round_id) if board.round_id else None)


def ranking_rules(*, session: Session, contest_id: int) -> list[tuple[str, str]]:
    """How each ranking of the contest breaks ties, in words: (whose, sentence) pairs, one
    per distinct chain; rounds whose board is not set up yet follow the default chain."""
    chains = {b.round_id: b.tie_breaks for b in session.execute(
        select(ResultBoard).where(ResultBoard.contest_id == contest_id)).scalars()}
    names = [(r.id, r.name) for r in session.execute(
        select(Round).where(Round.contest_id == contest_id).order_by(Round.number)).scalars()]
    grouped: dict[str, list[str]] = {}
    for round_id, name in [*names, (None, OVERALL.lower())]:
        grouped.setdefault(described(chains.get(round_id, DEFAULT_TIE_BREAKS)), []).append(name)
    return [(", ".join(whose), sentence) for sentence, whose in grouped.items()]


@dataclass(frozen=True)
class KeyQuestion:
    question: Question
    options: list[QuestionOption]

    @property
    def voided_text(self) -> str:
        return {"mark": "Câu hỏi bị hủy: mọi thí sinh đều được tính điểm câu này.",
                "drop": "Câu hỏi bị hủy: câu này không được tính điểm."}.get(
            self.question.voided, "")


def answer_key(*, session: Session, board: ResultBoard) -> list[KeyQuestion]:
    """The questions the round's papers showed, in bank order, with their options."""
    if board.round_id is None:
        raise NotFound("Kết quả chung cuộc không có đáp án riêng: đáp án được công bố cùng "
                       "kết quả của từng tuần thi.")
    questions = list(session.execute(select(Question).where(
        Question.id.in_(board.key_question_ids or []), Question.contest_id == board.contest_id)
        .order_by(Question.number, Question.id)).scalars())
    options: dict[int, list[QuestionOption]] = {q.id: [] for q in questions}
    for option in session.execute(select(QuestionOption).where(
            QuestionOption.question_id.in_(list(options)))
            .order_by(QuestionOption.position)).scalars():
        options[option.question_id].append(option)
    return [KeyQuestion(q, options[q.id]) for q in questions]

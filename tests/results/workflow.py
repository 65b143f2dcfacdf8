"""What the results workflow tests share: a round played with chosen scores, and the boards
and their history as stored, read afresh."""

from datetime import timedelta

from sqlalchemy import select

from backend.clock import utcnow
from backend.results import service as results
from backend.results.models import ResultBoard, ResultChange
from tests.factories import add_finished_attempt

ONE_PRIZE = [{"tier": "Giải Nhất", "count": 1, "group": ""}]
PUBLISH_FIRST = ("Chưa tổng hợp kết quả nên chưa công bố được. Hãy tổng hợp kết quả sau khi "
                 "vòng thi đóng, kiểm tra danh sách rồi công bố.")
REASON_NEEDED = ("Kết quả đã công bố chính thức: muốn thay đổi phải ghi rõ lý do. Mọi thay "
                 "đổi được lưu trong lịch sử kết quả.")
UNKNOWN_KEY = ("Tiêu chí xếp hạng không có: may_man. Các tiêu chí dùng được: score, "
               "prediction, duration, submitted, started, has_prediction.")
LOCKED = ("Kết quả đã công bố: không thay đổi cách xếp hạng và cơ cấu giải được nữa. Nếu có "
          "sai sót, hãy xử lý câu hỏi lỗi hoặc tổng hợp lại có lý do.")


def played(scene, scores: list[int], round_=None, *, prizes=ONE_PRIZE) -> ResultBoard:
    """Contestants who each finished the round with the score given (and predicted their
    place), its board set to award `prizes`; everything committed."""
    round_ = round_ or scene.round
    for n, (person, score) in enumerate(zip(scene.contestants(len(scores)), scores,
                                            strict=True)):
        add_finished_attempt(scene.session, round_, person, score=score, prediction=n)
    board = scene.board(round_)
    board.prizes = prizes
    scene.session.commit()
    return board


def finalised(scene, board: ResultBoard) -> ResultBoard:
    """The board finalised as an organiser would, and the scene's rows loaded again and let
    go of: read later, they would open a transaction on SQLite's one writer while the app is
    trying to write."""
    scene.finalise(board)
    board = scene.session.get(ResultBoard, board.id)
    scene.session.refresh(scene.contest)
    scene.session.refresh(scene.round)
    scene.session.commit()
    return board


def official(scene, board: ResultBoard) -> ResultBoard:
    """The board finalised, published four days ago and made official since."""
    board = finalised(scene, board)
    then = utcnow() - timedelta(days=4)
    results.publish(session=scene.session, board=board, actor_id=None, now=then)
    results.make_official(session=scene.session, board=board, actor_id=None,
                          now=then + timedelta(days=3))
    return board


def stored(database, board_id: int) -> ResultBoard:
    with database.scope(write=False) as read:
        board = read.get(ResultBoard, board_id)
        read.expunge(board)
        return board


def history(database, board_id: int) -> list[tuple]:
    """(action, actor, reason) of every line of the board's history, oldest first."""
    with database.scope(write=False) as read:
        return [(c.action, c.actor_id, c.reason) for c in read.execute(
            select(ResultChange).where(ResultChange.board_id == board_id)
            .order_by(ResultChange.id)).scalars()]


def rules_of(board: ResultBoard) -> tuple:
    return (board.counted_attempt, board.prediction_target, board.combine, board.tie_breaks,
            board.prizes, board.max_winner_share, board.complaint_days)

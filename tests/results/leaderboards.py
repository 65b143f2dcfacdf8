"""Building a ranked board for the leaderboard tests: each person's finished attempt, the
round finalised, and (unless told otherwise) published."""

from backend.clock import utcnow
from backend.results import service as results
from backend.results.models import ResultBoard
from tests.factories import add_finished_attempt


def ranked(scene, scores: list[tuple], *, publish: bool = True, prizes: list | None = None,
           **rules) -> ResultBoard:
    """`scores` as (contestant, score) or (contestant, score, seconds taken); no prizes
    unless given. The board's other `rules` (tie_breaks, …) are set before finalising."""
    for person, score, *seconds in scores:
        add_finished_attempt(scene.session, scene.round, person, score=score,
                             duration_s=seconds[0] if seconds else 300)
    board = scene.board()
    board.prizes = prizes or []
    for name, value in rules.items():
        setattr(board, name, value)
    scene.session.commit()
    scene.finalise(board)
    board = scene.session.get(ResultBoard, board.id)
    if publish:
        results.publish(session=scene.session, board=board, actor_id=None, now=utcnow())
    scene.session.commit()  # SQLite has one writer: let the requests that follow write
    return board

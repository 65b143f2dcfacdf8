"""Records the commendation sources read, made as their own features leave them: a contest
whose third round of 2023 has published prizes, a writing competition whose city level is
revealed, and exemplary "Dân vận khéo" entries."""

from datetime import UTC, date, datetime

from backend.contestants.models import Gender
from backend.movement import service as movement
from backend.movement.models import EntryStatus
from backend.results import service as results
from backend.results.finalise import finalise_board
from backend.results.models import ResultBoard
from backend.tallies import service as tallies
from backend.writing import collective
from tests.factories import add_contestants, add_finished_attempt, make_contest, make_round
from tests.writing.tally_scene import WritingScene

OPENS = datetime(2023, 6, 5, 1, 0, tzinfo=UTC)
CLOSES = datetime(2023, 6, 11, 15, 0, tzinfo=UTC)
PUBLISHED = datetime(2023, 6, 13, 2, 0, tzinfo=UTC)
CONTEST_PRIZE = ("Đạt Giải Nhất tuần thi thứ 3 Cuộc thi trực tuyến “Tham mưu tốt - Dân vận "
                 "khéo” năm 2023")


def prize_contest(session, database, tree, *, collective_rules: bool = False):
    """“Tham mưu tốt - Dân vận khéo”: Trần Thị Mai (Bến Nghé, born 1988, Phó Chủ tịch UBND
    phường) won the Giải Nhất of Tuần thi thứ 3; Võ Văn Hùng (Võ Thị Sáu, Quận 3) came second
    without a prize, as did a third contestant of Bến Thành (Quận 1: the most people, the
    collective prize of its block, when the rules are set). Returns the contest, the board
    and the first two contestants."""
    contest = make_contest(session)
    round_ = make_round(session, contest, opens_at=OPENS, closes_at=CLOSES)
    round_.number, round_.name = 3, "Tuần thi thứ 3"
    mai, hung, tam = add_contestants(session, contest,
                                     [tree["Q1-BN"], tree["Q3-VTS"], tree["Q1-BT"]], 3)
    mai.full_name, mai.birth_date, mai.gender = "Trần Thị Mai", date(1988, 4, 2), Gender.FEMALE
    mai.position = "Phó Chủ tịch UBND phường"
    hung.full_name, hung.unit_id = "Võ Văn Hùng", tree["Q3-VTS"].id
    session.add_all([round_, mai, hung])
    session.commit()
    add_finished_attempt(session, round_, mai, score=5)
    add_finished_attempt(session, round_, hung, score=3)
    add_finished_attempt(session, round_, tam, score=2)
    board_id = published(session, database, contest, round_.id)
    if collective_rules:
        tallies.update_collective_rules(
            session=session, contest_id=contest.id, mode="participants", min_rate=None,
            prizes=[{"tier": "Giải Nhất", "count": 1}], points={}, actor_id=None,
            now=PUBLISHED)
    return contest, board_id, mai, hung


def published(session, database, contest, round_id: int | None) -> int:
    """The board of the round (None: the overall ranking) giving one Giải Nhất, finalised and
    published; its id."""
    board = next(b for b in results.boards_of(session=session, contest_id=contest.id)
                 if b.round_id == round_id)
    board.prizes = [{"tier": "Giải Nhất", "count": 1, "group": ""}]
    board_id = board.id
    session.commit()
    with database.scope(write=False) as read, database.scope() as write:
        finalise_board(read=read, write=write, board_id=board_id, now=PUBLISHED)
    session.expire_all()
    results.publish(session=session, board=session.get(ResultBoard, board_id), actor_id=None,
                    now=PUBLISHED)
    return board_id


def revealed_competition(session, tree) -> tuple[WritingScene, object]:
    """“Cuộc thi viết Dân vận khéo” of 2023: an essay of Bến Nghé won Giải A at the city
    level, revealed; Quận 1 has the block's collective prize. Returns the scene and essay."""
    scene = WritingScene(session, tree, now=datetime(2023, 8, 1, 2, 0, tzinfo=UTC))
    essay, other = scene.essays("Q1-BN", 2)
    scene.essays("Q3-VTS", 1)
    scene.result(essay, 92.5, rank=1, prize="Giải A")
    scene.result(other, 70.0, rank=2)
    scene.city.revealed_at = datetime(2023, 9, 1, 2, 0, tzinfo=UTC)
    session.add(scene.city)
    session.commit()
    collective.set_rules(session=session, competition_id=scene.competition.id,
                         mode="most_essays", per_block=1, minimum_essays=0,
                         count_reported=False, actor_id=None, now=scene.city.revealed_at)
    return scene, essay


def exemplary(session, entry, *, to: EntryStatus = EntryStatus.EXEMPLARY):
    """The entry taken step by step (by the command line, organiser rights) up to `to`."""
    for status in movement.ORDER[1:movement.ORDER.index(to) + 1]:
        movement.advance_entry(session=session, entry_id=entry.id, to=status, actor=None,
                               now=datetime(2023, 10, 1, 3, 0, tzinfo=UTC))
    return entry


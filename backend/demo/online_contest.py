"""The demo online contest: a 100-question bank, a round open for a week and one contestant."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from backend.accounts.models import SessionKind
from backend.accounts.passwords import contestant_passwords
from backend.accounts.service import new_session
from backend.contestants import service as contestants
from backend.contestants.identity import normalise_phone
from backend.contestants.models import Contestant, Gender
from backend.contests import service as contests
from backend.contests.models import Contest
from backend.db import Database
from backend.demo.figures import load_figures
from backend.demo.published_results import add_closed_round, publish_closed_round
from backend.demo.quiz_bank import QUESTIONS, TOPICS
from backend.questions import service as questions
from backend.questions.models import Difficulty
from backend.ratelimit import DatabaseRateLimiter
from backend.units.models import Unit

TITLE = "Cuộc thi trắc nghiệm trực tuyến “Tham mưu tốt - Dân vận khéo” năm 2023"
CONTESTANT_PHONE = "0901234567"
RULES = "\n".join([
    "1. Đối tượng: cán bộ, công chức, viên chức, đoàn viên, hội viên đang công tác, sinh hoạt tại "
    "các đơn vị tham gia cuộc thi; mỗi người đăng ký một lần bằng số điện thoại của mình.",
    "2. Mỗi lượt thi gồm 20 câu hỏi trắc nghiệm lấy ngẫu nhiên từ ngân hàng câu hỏi, cùng cơ cấu: "
    "mỗi chủ đề 5 câu (2 câu dễ, 2 câu trung bình, 1 câu khó); thời gian làm bài 10 phút, tính "
    "theo đồng hồ máy chủ. "
    "Câu có nhiều đáp án đúng chỉ được tính khi chọn đủ và đúng tất cả các đáp án.",
    "3. Mỗi tuần thi, mỗi người được thi tối đa 3 lượt; kết quả cao nhất được dùng để xét giải.",
    "4. Xếp giải theo thứ tự: điểm cao hơn; dự đoán số người tham gia gần đúng hơn; thời gian "
    "làm bài ngắn hơn; nộp bài sớm hơn.",
    "5. Thông tin cá nhân chỉ dùng để tổ chức cuộc thi, liên hệ và trao giải, theo Nghị định "
    "13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân.",
])
QUOTAS = [(topic, difficulty, count) for topic in TOPICS
          for difficulty, count in (("de", 2), ("trung_binh", 2), ("kho", 1))]
LETTERS = "ABCDEF"


PREDICTION = "Dự đoán có bao nhiêu lượt người tham gia tuần thi này?"


def load_contest(*, database: Database, now: datetime, password: str,
                 results_attempts: int) -> Iterator[str]:
    """Add the demo contest, its published first round and its contestant when missing."""
    with database.scope() as session:
        contest = session.exec(select(Contest).where(Contest.title == TITLE)).first()
        if contest and contests.rounds_of(session=session, contest_id=contest.id):
            yield f"Cuộc thi mẫu đã có sẵn tại /thi/{contest.id}."
        else:
            # The round comes last, so a contest without one is a load cut short: finish it.
            contest = contest or contests.create_contest(
                session=session, title=TITLE, rules_text=RULES, requires_id_number=False,
                scope_unit_ids=[], actor_id=None, now=now, is_published=True)
            _add_bank(session, contest, now)
            add_closed_round(session=session, contest=contest, now=now, quotas=QUOTAS,
                             prediction_prompt=PREDICTION)
            _add_round(session, contest, now)
            yield (f"Đã nạp cuộc thi mẫu tại /thi/{contest.id}: {len(QUESTIONS)} câu hỏi, "
                   "tuần thi thứ hai mở đến 7 ngày sau.")
        contest_id = contest.id
        session.commit()
        yield from publish_closed_round(database=database, contest_id=contest_id, now=now,
                                        attempts=results_attempts)
        yield from load_figures(database=database, contest_id=contest_id, now=now)
        if _register(session, database, contest, now, password):
            yield f"Đã đăng ký thí sinh mẫu {CONTESTANT_PHONE}."


def _add_bank(session: Session, contest: Contest, now: datetime) -> None:
    present = questions.find_by_hashes(session=session, contest_id=contest.id,
                                       hashes={questions.text_hash(q[2]) for q in QUESTIONS})
    for number, (topic, difficulty, text, options, answer) in enumerate(QUESTIONS):
        if questions.text_hash(text) in present:
            continue
        correct = {LETTERS.index(letter.strip()) for letter in answer.split(",")}
        # The bank is written key first for review; rotated so the stored key is not always A.
        shift = number % len(options)
        questions.add_question(session=session, contest=contest, now=now, actor_id=None,
                               draft=questions.QuestionDraft(
                                   text=text, options=options[shift:] + options[:shift],
                                   correct={(i - shift) % len(options) for i in correct},
                                   topic=topic, difficulty=Difficulty(difficulty)))


def _add_round(session: Session, contest: Contest, now: datetime) -> None:
    contests.add_round(session=session, contest=contest, actor_id=None, now=now,
                       rules=contests.RoundRules(
                           name="Tuần thi thứ hai", opens_at=now - timedelta(minutes=1),
                           closes_at=now + timedelta(days=7), question_count=20,
                           time_limit_seconds=600, max_attempts=3, quotas=QUOTAS,
                           prediction_prompt=PREDICTION))


def _register(session: Session, database: Database, contest: Contest, now: datetime,
              password: str) -> bool:
    if session.exec(select(Contestant.id).where(Contestant.contest_id == contest.id,
                                                Contestant.phone == normalise_phone(
                                                    CONTESTANT_PHONE))).first():
        return False
    unit = session.exec(select(Unit).where(Unit.code == "Q1")).one()
    session.commit()  # the registration writes on a connection of its own
    with database.writes(limiter=DatabaseRateLimiter(database)) as db:
        contestants.register(
            db=db, contest_id=contest.id, now=now, ip="127.0.0.1",
            form=contestants.Registration(
                full_name="Phạm Thị Lan", birth_date=date(1988, 3, 8), gender=Gender.FEMALE,
                phone=CONTESTANT_PHONE, unit_id=unit.id, password=password, consent=True,
                position="Chuyên viên"),
            passwords=contestant_passwords(database.settings), settings=database.settings,
            new_session=new_session(kind=SessionKind.API, hours=1, now=now))
    return True

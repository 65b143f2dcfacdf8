"""The demo's writing competitions, walked through the real services with the clock passed in,
so a newcomer finds every step of the flow right after `make run`:

1. FINISHED, “Dân vận khéo” 2023: a unit level the units scored themselves and a blind city
   level, both past. 30 small essays from ten units (.docx made with python-docx, every third
   typed online; Quận 1's sent by its officer `quan1`), the units' scores entered, two essays
   per unit forwarded and signed (Quận 1's batch by `quan1`), judging started, two scores per
   essay from a panel of six (two with no block, so a third judge can always be found), one
   disagreement that calls a third judge, results aggregated, locked and revealed with prizes
   A, B, C and Khuyến khích; the reported figures with the seed report's drift (7,869 vs
   7,860) on its overview.
2. JUDGING, a second competition whose blind city level closed three days ago and is being
   judged: `giamkhao` has essays assigned there, one scored and the rest still to score. Its
   essays are typed online, so their text is on the judge's page at once; the text of a
   .docx is read by the scheduler's extraction job (`make run` starts it) a minute later.
3. TAKING, a third whose unit level is open now: `quan1` can send an essay or a batch, an
   author can sign up; two essays are in it, one typed by the demo author AUTHOR_PHONE.

Why three competitions: a blind level is judged only once it has closed, and a competition's
levels close in order, so a competition still taking essays at its first level cannot have a
level being judged; the officer's work and the judge's need one competition each.
Each step runs only when its result is missing, so a load cut short is finished next time."""

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.accounts.passwords import contestant_passwords
from backend.contestants import identity
from backend.db import Database
from backend.demo.units_2023 import DISTRICTS_BLOCK, FRONT_BLOCK, PARTY_BLOCK
from backend.demo.writing_essays import DocxFiles, entries, submit_all
from backend.demo.writing_figures import load_writing_figures
from backend.essays import accounts as author_accounts
from backend.essays import service as essays
from backend.essays.authors import author_by_phone
from backend.essays.models import Essay
from backend.forwarding import queries as forwarding_queries
from backend.forwarding import service as forwarding
from backend.forwarding.models import BatchStatus
from backend.judging import aggregate, reveal
from backend.judging import service as judging
from backend.judging.models import Assignment, AssignmentKind, BlindCode, ScoreRecord
from backend.units.models import Block, Unit
from backend.writing import service as writing
from backend.writing.models import (
    LevelKind,
    QuotaKind,
    Scoring,
    WritingCompetition,
    WritingJudge,
)

FINISHED = "Cuộc thi viết về gương điển hình “Dân vận khéo” năm 2023"
JUDGING = "Cuộc thi viết “Cán bộ dân vận gần dân, hiểu dân”"
TAKING = "Cuộc thi viết “Kể chuyện dân vận khéo ở khu phố, ấp”"
THEME = "Những cách làm hay, sáng tạo trong công tác dân vận ở cơ sở"
RULES = ("Mỗi tác giả gửi bài viết từ 150 đến 3.000 chữ, dạng Word (.docx), PDF, OpenDocument "
         "(.odt) hoặc gõ trực tuyến. Cấp đơn vị do các đơn vị tự chấm, chọn và chuyển bài; cấp "
         "thành phố chấm kín bằng mã phách.")
AUTHOR_PHONE = "0987654321"
PRIZES = [("Giải A", 1), ("Giải B", 2), ("Giải C", 3), ("Giải Khuyến khích", 4)]
# The panel: username -> block (None: the city's own experts, of no block).
PANEL = {"giamkhao": None, "giamkhao2": DISTRICTS_BLOCK, "giamkhao3": DISTRICTS_BLOCK,
         "giamkhao4": PARTY_BLOCK, "giamkhao5": FRONT_BLOCK, "giamkhao6": None}
JUDGING_PANEL = ("giamkhao", "giamkhao2", "giamkhao4", "giamkhao5")
FINISHED_UNITS = ["Q1", "Q1-P01", "Q3-P12", "Q5", "TB", "DU-DCD", "DU-DN", "TDOAN", "HLHPN",
                  "Q1-P06"]
JUDGING_UNITS = ["Q1-P02", "Q10", "DU-DHCD", "HND"]
QUOTA = 2
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Timeline:
    """When a competition's levels open and close, in days from `now` (negative: past)."""

    now: datetime
    unit_opens: int
    unit_closes: int
    city_opens: int
    city_closes: int

    def day(self, days: float) -> datetime:
        return self.now + days * DAY


def load_writing(*, database: Database, now: datetime, password: str) -> Iterator[str]:
    """Add the demo's three writing competitions, each when missing or unfinished."""
    with database.scope() as session:
        judges = {u.username: u for u in session.execute(select(UserAccount).where(
            UserAccount.username.in_(list(PANEL)))).scalars()}
        officers = {"Q1": session.execute(select(UserAccount).where(
            UserAccount.username == "quan1")).scalar_one()}
        yield _finished(session, database, now, judges, officers)
        yield _judging(session, database, now, judges, officers)
        yield _taking(session, database, now, officers, password)
        competition_id = _find(session, FINISHED).id
        session.commit()
    yield from load_writing_figures(database=database, competition_id=competition_id, now=now)


def _find(session: Session, title: str) -> WritingCompetition | None:
    return session.execute(select(WritingCompetition)
                           .where(WritingCompetition.title == title)).scalar_one_or_none()


def _competition(session: Session, title: str, times: Timeline):
    """The competition and its unit and city levels, made when missing."""
    competition = _find(session, title) or writing.create_competition(
        session=session, title=title, theme=THEME, rules_text=RULES, actor_id=None,
        now=times.day(times.unit_opens - 1),
        rules=writing.Rules(min_words=150, max_words=3000), levels=[
            writing.LevelSpec(LevelKind.UNIT, "Cấp đơn vị", times.day(times.unit_opens),
                              times.day(times.unit_closes)),
            writing.LevelSpec(LevelKind.CITY, "Cấp thành phố", times.day(times.city_opens),
                              times.day(times.city_closes), QuotaKind.FIXED, QUOTA,
                              Scoring.BLIND)])
    unit_level, city = writing.levels_of(session=session, competition_id=competition.id)
    if not writing.prize_tiers_of(session=session, level_id=city.id):
        writing.set_prize_tiers(session=session, level_id=city.id,
                                tiers=[(name, count, None) for name, count in PRIZES],
                                actor_id=None, now=times.day(times.unit_opens))
    return competition, unit_level, city


def _panel(session: Session, competition: WritingCompetition, judges: dict, names, now):
    blocks = dict(session.execute(select(Block.name, Block.id)).all())
    seated = {j.user_id for j in writing.judges_of(session=session,
                                                   competition_id=competition.id)}
    for name in names:
        if judges[name].id not in seated:
            writing.add_judge(session=session, competition_id=competition.id,
                              user_id=judges[name].id, unit_id=None,
                              block_id=blocks.get(PANEL[name]), cap=None, actor_id=None,
                              now=now)


def _quality(title: str) -> float:
    """How good the demo makes an essay: 0.60 to 0.95, the same at every load."""
    return 0.6 + zlib.crc32(title.encode()) % 36 / 100


def _forward(session: Session, unit_level, city, codes: list[str], officers: dict,
             times: Timeline) -> None:
    """Each forwarding unit enters its scores, picks its best QUOTA essays and signs."""
    for code in dict.fromkeys(c.split("-P")[0] for c in codes):
        unit = session.execute(select(Unit).where(Unit.code == code)).scalar_one()
        batch = forwarding_queries.batch_of(session=session, level_id=city.id, unit_id=unit.id)
        if batch is not None and batch.status is BatchStatus.SIGNED:
            continue
        actor = officers.get(code)
        found = forwarding_queries.candidates(session=session, source=unit_level, unit=unit,
                                              batch=None)
        forwarding.enter_scores(
            session=session, level_id=unit_level.id, unit_id=unit.id, actor=actor,
            scores={c.essay_id: round(_quality(c.title) * 400) / 4 for c in found},
            now=times.day(times.unit_closes + 1))
        ranked = forwarding_queries.candidates(session=session, source=unit_level, unit=unit,
                                               batch=None)
        at = times.day(times.city_opens + 2)
        forwarding.forward_essays(session=session, level_id=city.id, unit_id=unit.id,
                                  essay_ids=[c.essay_id for c in ranked[:QUOTA]],
                                  actor=actor, now=at)
        forwarding.sign_batch(session=session, level_id=city.id, unit_id=unit.id,
                              actor=actor, now=at)


def _points(criteria, title: str, judge_id: int, lower: float = 0) -> dict[str, float]:
    """A judge's points near the essay's quality (a point or half apart between judges),
    `lower` taken off the first criterion."""
    quality, points = _quality(title), {}
    for number, criterion in enumerate(criteria):
        step = 1.0 if criterion.max_points >= 20 else 0.5
        wobble = ((judge_id * 7 + number * 3 + len(title)) % 3 - 1) * step
        value = round((criterion.max_points * quality + wobble) * 2) / 2
        value -= lower if number == 0 else 0
        points[str(criterion.id)] = max(0.0, min(criterion.max_points, value))
    return points


def _unscored(session: Session, level_id: int) -> list[tuple[Assignment, str, int]]:
    """The level's active assignments without a score: (assignment, code, judge's user id)."""
    return [tuple(row) for row in session.execute(
        select(Assignment, BlindCode.code, WritingJudge.user_id)
        .join(BlindCode, (BlindCode.level_id == Assignment.level_id)
              & (BlindCode.essay_id == Assignment.essay_id))
        .join(WritingJudge, WritingJudge.id == Assignment.judge_id)
        .where(Assignment.level_id == level_id, Assignment.revoked_at.is_(None),
               ~exists().where(ScoreRecord.assignment_id == Assignment.id))
        .order_by(BlindCode.code, Assignment.kind))]


def _score(session: Session, level, when: datetime, *, leave: int | None = None,
           disagree: bool = False) -> None:
    """Score every active assignment still without one, but leave user `leave` all but one
    (their first); with `disagree`, the second judge of the first essay by code gives 25
    points less on the first criterion (Nội dung, 50): with the judges' wobble (2,5 points at
    most there) it is over 40% of its maximum apart, so a third judge is called whichever
    essay got the first code, and is scored in the second pass."""
    criteria = judging.criteria_of(session=session, competition_id=level.competition_id)
    titles = dict(session.execute(select(Essay.id, Essay.title).where(
        Essay.competition_id == level.competition_id)).all())
    for _ in range(2):
        rows = _unscored(session, level.id)
        if leave is not None and session.execute(select(ScoreRecord.id).join(
                WritingJudge, WritingJudge.id == ScoreRecord.judge_id).where(
                ScoreRecord.level_id == level.id, WritingJudge.user_id == leave)).first():
            rows = [r for r in rows if r[2] != leave]
        elif leave is not None:
            mine = [r for r in rows if r[2] == leave]
            rows = [r for r in rows if r[2] != leave] + mine[:1]
        first_code = rows[0][1] if rows else None
        for assignment, code, user_id in rows:
            lower = 25 if (disagree and code == first_code
                           and assignment.kind is AssignmentKind.SECOND) else 0
            judging.record_score(session=session, assignment_id=assignment.id,
                                 judge_user_id=user_id, reason="", now=when,
                                 points=_points(criteria, titles[assignment.essay_id], user_id,
                                                lower))
        disagree = False


def _judged(session: Session, city, times: Timeline, **scoring) -> None:
    """Judging of the city level started (codes, two judges an essay) and scores recorded."""
    if city.scores_locked_at is None:
        judging.start_judging(session=session, level_id=city.id, actor_id=None,
                              now=times.day(times.city_closes + 0.5))
        _score(session, city, times.day(times.city_closes + 1), **scoring)


def _finished(session, database, now, judges, officers) -> str:
    times = Timeline(now, -150, -110, -108, -95)
    competition, unit_level, city = _competition(session, FINISHED, times)
    if city.revealed_at is not None:
        return f"Cuộc thi viết mẫu đã kết thúc có sẵn tại {_setup(competition)}."
    _panel(session, competition, judges, PANEL, times.day(times.unit_opens))
    made = entries(FINISHED_UNITS, per_unit=3, seed=2023, phone_prefix="090300",
                   typed_every=3)
    list(submit_all(session=session, settings=database.settings, entries=made,
                    competition_id=competition.id, officers=officers, files=DocxFiles(),
                    since=times.day(times.unit_opens + 1)))
    _forward(session, unit_level, city, FINISHED_UNITS, officers, times)
    _judged(session, city, times, disagree=True)
    done = times.day(times.city_closes + 10)
    if city.scores_locked_at is None:
        aggregate.aggregate_level(session=session, level_id=city.id, now=done)
        reveal.lock_scores(session=session, level_id=city.id, actor_id=None, now=done)
    reveal.reveal_identities(session=session, level_id=city.id, actor_id=None, now=done)
    return (f"Đã nạp cuộc thi viết mẫu đã kết thúc tại {_setup(competition)}: {len(made)} bài, "
            "các đơn vị đã chấm và chuyển bài, cấp thành phố đã chấm kín, ráp phách và xếp "
            "giải.")


def _judging(session, database, now, judges, officers) -> str:
    times = Timeline(now, -40, -20, -18, -3)
    competition, unit_level, city = _competition(session, JUDGING, times)
    if session.execute(select(ScoreRecord.id).where(ScoreRecord.level_id == city.id)).first():
        return f"Cuộc thi viết mẫu đang chấm có sẵn tại {_setup(competition)}."
    _panel(session, competition, judges, JUDGING_PANEL, times.day(times.unit_opens))
    # Typed online: judges read them at once (a file's text is read by the scheduler's job).
    made = entries(JUDGING_UNITS, per_unit=3, seed=2024, phone_prefix="090400",
                   typed_every=1)
    list(submit_all(session=session, settings=database.settings, entries=made,
                    competition_id=competition.id, officers=officers, files=DocxFiles(),
                    since=times.day(times.unit_opens + 1)))
    _forward(session, unit_level, city, JUDGING_UNITS, officers, times)
    _judged(session, city, times, leave=judges["giamkhao"].id)
    return (f"Đã nạp cuộc thi viết mẫu đang chấm tại {_setup(competition)}: giám khảo "
            "giamkhao còn bài được giao chưa chấm.")


def _taking(session, database, now, officers, password) -> str:
    times = Timeline(now, -5, 25, 27, 45)
    competition, _, _ = _competition(session, TAKING, times)
    made = entries(["Q1-P03", "Q1-P01"], per_unit=1, seed=2025, phone_prefix="090500",
                    typed_every=2)
    author = made[1]
    if author_by_phone(session=session, competition_id=competition.id,
                       phone=identity.normalise_phone(AUTHOR_PHONE)) is None:
        author_accounts.sign_up_author(
            session=session, competition_id=competition.id, details=essays.AuthorDetails(
                full_name=author.full_name, birth_year=author.birth_year, gender=author.gender,
                position=author.position, unit_id=_unit_id(session, author.unit_code),
                phone=AUTHOR_PHONE), password=password,
            passwords=contestant_passwords(database.settings), now=now - DAY)
    senders = ((made[0], officers), (replace(author, phone=AUTHOR_PHONE), {}))
    sent = [essay for entry, sender in senders
            for essay in submit_all(session=session, settings=database.settings,
                                    entries=[entry], competition_id=competition.id,
                                    officers=sender, files=DocxFiles(), since=now - 2 * DAY)]
    if not sent:
        return f"Cuộc thi viết mẫu đang nhận bài có sẵn tại {_setup(competition)}."
    return (f"Đã nạp cuộc thi viết mẫu đang nhận bài tại {_setup(competition)}: tác giả "
            f"{AUTHOR_PHONE} và cán bộ quan1 đã gửi bài.")


def _setup(competition: WritingCompetition) -> str:
    return f"/quan-ly/cuoc-thi-viet/{competition.id}/thiet-lap"


def _unit_id(session: Session, code: str) -> int:
    return session.execute(select(Unit.id).where(Unit.code == code)).scalar_one()

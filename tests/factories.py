"""Plain builders for test data (they call the same services production uses), and the
readers and clock the tests share."""

import asyncio
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import unescape
from pathlib import Path

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlmodel import Session, select

from backend.accounts import service as accounts
from backend.accounts.models import Role, UserAccount
from backend.accounts.passwords import staff_passwords
from backend.clock import utcnow
from backend.config import Settings
from backend.deps import get_now
from backend.spreadsheet import Row, Table
from backend.units import importer
from backend.units.models import Unit

PASSWORD = "mat-khau-thu-nghiem"
NO_RIGHT = "Tài khoản của bạn không có quyền thực hiện việc này."
PHONE = "0912345678"  # the contestant's phone unless a test gives another
CSRF = re.compile(r'name="csrf-token" content="([0-9a-f]+)"')
TEST_SECRET = "test-secret-" + "x" * 40
TEST_SETTINGS = {
    "environment": "test",
    "secret_key": TEST_SECRET,
    # Cheap hashing keeps the suite fast; the parameters live in each hash anyway.
    "password_time_cost": 1,
    "password_memory_kib": 1024,
    "contestant_password_time_cost": 1,
    "contestant_password_memory_kib": 1024,
}


def make_settings(database_url: str, tmp_path: Path, **overrides) -> Settings:
    """Settings for a test: its database, cheap hashing, and `overrides`."""
    return Settings(_env_file=None, **{"database_url": database_url, **TEST_SETTINGS,
                                       **overrides})


def settings_environment(database_url: str) -> dict[str, str]:
    """The test settings as the THIDUA_* variables a command or a server process reads."""
    values = {"database_url": database_url, **TEST_SETTINGS}
    return {f"THIDUA_{name.upper()}": str(value) for name, value in values.items()}


class Clock:
    """The time every request of an app reads, moved by the test instead of waited for. It
    starts on a whole second, as pages and forms show times."""

    def __init__(self, now: datetime | None = None):
        self.now = now or utcnow().replace(microsecond=0)

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)

    def install(self, app) -> "Clock":
        """From now on `app`'s requests read `self.now`."""
        app.dependency_overrides[get_now] = lambda: self.now
        return self


def import_rows(session: Session, rows: list[tuple]) -> importer.ImportSummary:
    """Rows as (code, name, parent, block, kind, headcount, cluster), through the importer."""
    keys = [c.key for c in importer.COLUMNS]
    table = Table(sheet="test", columns={c.key: c.header for c in importer.COLUMNS})
    table.rows = [Row(number=i, values=dict(zip(keys, row, strict=True)))
                  for i, row in enumerate(rows, start=2)]
    return importer.import_units(session=session, table=table,
                                 rows=importer.rows_from_table(table), filename="test",
                                 actor_id=None, now=utcnow())


SMALL_TREE = [
    ("HCM", "Thành phố Hồ Chí Minh", "", "", "Tỉnh, thành phố", 0, ""),
    ("Q1", "Quận 1", "HCM", "Khối Quận, huyện", "Quận", 2400, "Cụm 1"),
    ("Q1-BN", "Phường Bến Nghé", "Q1", "", "Phường", 130, ""),
    ("Q1-BT", "Phường Bến Thành", "Q1", "", "Phường", 140, ""),
    ("Q3", "Quận 3", "HCM", "Khối Quận, huyện", "Quận", 2100, "Cụm 1"),
    ("Q3-VTS", "Phường Võ Thị Sáu", "Q3", "", "Phường", 150, ""),
    ("TD", "Thành phố Thủ Đức", "HCM", "Khối Quận, huyện", "Thành phố thuộc TP", 6800, ""),
    ("TDOAN", "Thành Đoàn", "HCM", "Khối Mặt trận, đoàn thể", "Đoàn thể", 980, ""),
]


def small_tree(session: Session) -> dict[str, Unit]:
    import_rows(session, SMALL_TREE)
    units = {u.code: u for u in session.exec(select(Unit))}
    session.commit()  # end the read: on SQLite this session holds the write lock until then
    return units


UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Khối", "Loại",
                "Số lượng thành viên", "Cụm thi đua"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(headers, rows, *, sheet: str = "Sheet", above=()) -> bytes:
    """An .xlsx whose first sheet, titled `sheet`, holds `above` (title lines), `headers`,
    then `rows`."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for line in [*above, tuple(headers), *rows]:
        worksheet.append(list(line))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_user(session: Session, settings: Settings, *, role: Role, username: str,
              unit: Unit | None = None, password: str = PASSWORD,
              personal_data: bool = False) -> UserAccount:
    return accounts.create_user(
        session=session, username=username, full_name=f"Người dùng {username}",
        password=password, role=role, unit_id=unit.id if unit else None,
        can_view_personal_data=personal_data, passwords=staff_passwords(settings),
        actor_id=None, now=utcnow())


def visible_text(html: str) -> str:
    """The page's words with tags removed, entities read and spacing folded, as a reader
    takes them in."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def usernames(database) -> list[str]:
    """Every staff account's username, as committed."""
    with database.scope(write=False) as fresh:
        return sorted(fresh.exec(select(UserAccount.username)))


def csrf_of(client: TestClient, path: str = "/dang-nhap") -> str:
    page = client.get(path)
    return CSRF.search(page.text).group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD):
    token = csrf_of(client)
    return client.post("/dang-nhap", data={"username": username, "password": password,
                                           "csrf_token": token, "next": "/"},
                       follow_redirects=False)


def sign_in_contestant(client: TestClient, contest, phone: str = PHONE,
                       password: str = PASSWORD) -> TestClient:
    """`client` signed in through the contest's sign-in form; `client.csrf` for its forms."""
    token = csrf_of(client, f"/thi/{contest.id}/dang-nhap")
    answer = client.post(f"/thi/{contest.id}/dang-nhap",
                         data={"phone": phone, "password": password, "csrf_token": token},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    client.csrf = csrf_of(client, f"/thi/{contest.id}")
    return client


def from_ip(app, ip: str) -> TestClient:
    """A client whose requests come from `ip` (no lifespan: the main client runs it)."""
    return TestClient(app, base_url="http://testserver", client=(ip, 50000))


def every_route(app) -> list[APIRoute]:
    """Every route the app answers with a handler of ours, pages and API."""
    from backend import routes

    own = [r for r in app.router.routes if isinstance(r, APIRoute)]
    return own + [r for router in routes.ROUTERS for r in router.routes
                  if isinstance(r, APIRoute)]


def api_token(client: TestClient, username: str, password: str = PASSWORD) -> dict:
    response = client.post("/api/v1/auth/login", json={"username": username,
                                                        "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


# --- Online contests --------------------------------------------------------------------

TOPICS = ["Dân vận", "Pháp luật", "Lịch sử"]
DIFFICULTIES = ["de", "trung_binh", "kho"]


def make_contest(session: Session, *, title: str = "Tham mưu tốt - Dân vận khéo",
                 requires_id_number: bool = False, published: bool = True):
    from backend.contests import service as contests

    return contests.create_contest(
        session=session, title=title, rules_text="Mỗi người được thi tối đa 3 lượt mỗi tuần.",
        requires_id_number=requires_id_number, scope_unit_ids=[], actor_id=None,
        now=utcnow(), is_published=published)


def add_questions(session: Session, contest, count: int, *, multi_every: int = 0) -> list:
    """`count` questions of four options spread over topics and difficulties; option B is
    correct, and also D on every `multi_every`-th question when that is set."""
    import hashlib

    from backend.questions.models import Difficulty, Question, QuestionOption
    from backend.vntext import same_text_key

    made = []
    for n in range(1, count + 1):
        text = f"Câu hỏi số {n}: nội dung về công tác dân vận?"
        question = Question(
            contest_id=contest.id, number=n, text=text,
            text_hash=hashlib.sha256(same_text_key(text).encode()).hexdigest(),
            topic=TOPICS[n % len(TOPICS)], difficulty=Difficulty(DIFFICULTIES[n % 3]))
        session.add(question)
        session.flush()
        for position, letter in enumerate("ABCD"):
            correct = letter == "B" or (multi_every and n % multi_every == 0 and letter == "D")
            session.add(QuestionOption(question_id=question.id, position=position,
                                       text=f"Phương án {letter} của câu {n}",
                                       is_correct=bool(correct)))
        made.append(question)
    contest.bank_version += 1
    session.add(contest)
    session.commit()
    return made


def make_round(session: Session, contest, *, opens_at=None, closes_at=None,
               question_count: int = 5, time_limit_seconds: int = 600,
               max_attempts: int | None = None, prediction_prompt: str | None = None,
               quotas: list | None = None):
    from backend.contests import service as contests

    now = utcnow()
    rules = contests.RoundRules(
        name="Tuần 1", opens_at=opens_at or now - timedelta(hours=1),
        closes_at=closes_at or now + timedelta(days=7), question_count=question_count,
        time_limit_seconds=time_limit_seconds, max_attempts=max_attempts,
        prediction_prompt=prediction_prompt, quotas=quotas or [])
    return contests.add_round(session=session, contest=contest, rules=rules, actor_id=None,
                              now=now)


def on_a_loop_of_its_own(make_coroutine):
    """Run a coroutine on a fresh event loop in a thread of its own: the browser tests keep a
    loop running in the main thread."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(make_coroutine())).result()


def run_use_case(database, use_case, /, **arguments):
    """A contestant use case run as a page runs it: in this thread, with the database's
    rate limiter."""
    from backend.ratelimit import DatabaseRateLimiter

    with database.writes(limiter=DatabaseRateLimiter(database)) as db:
        return use_case(db=db, **arguments)


class UseCases:
    """The contestant use cases run as a page runs them, for tests that call them directly."""

    def __init__(self, database):
        self.database = database

    def __call__(self, use_case, /, **arguments):
        return run_use_case(self.database, use_case, **arguments)

    def start(self, *, who, round_id: int, now, ip: str = "10.9.9.9"):
        from backend.attempts import service

        return self(service.start_attempt, who=who, round_id=round_id, now=now, ip=ip,
                    settings=self.database.settings)


@dataclass(frozen=True)
class Registered:
    """A contestant just registered through the service, and the session token it got."""

    id: int
    contest_id: int
    unit_id: int
    full_name: str
    token: str

    @property
    def who(self):
        from backend.accounts.tokens import SignedIn

        return SignedIn(self.token)


def register_contestant(session: Session, database, contest, unit: Unit, *,
                        phone: str = PHONE, name: str = "Nguyễn Văn An",
                        password: str = PASSWORD) -> Registered:
    from datetime import date

    from backend.accounts.models import SessionKind
    from backend.accounts.passwords import contestant_passwords
    from backend.accounts.service import new_session
    from backend.contestants import service as contestants
    from backend.contestants.models import Gender

    now = utcnow()
    new = new_session(kind=SessionKind.API, hours=72, now=now)
    session.commit()  # the use case writes on a connection of its own: let go of the lock
    ref = run_use_case(
        database, contestants.register, contest_id=contest.id,
        form=contestants.Registration(
            full_name=name, birth_date=date(1990, 5, 17), gender=Gender.MALE, phone=phone,
            unit_id=unit.id, password=password, consent=True),
        passwords=contestant_passwords(database.settings), settings=database.settings,
        ip=f"10.0.{int(phone[-6:-3])}.{int(phone[-3:])}", now=now, new_session=new)
    return Registered(ref.id, ref.contest_id, ref.unit_id, ref.full_name, new.token)


SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
MIDDLES = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Thu", "Quốc", "Kim"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Mai", "Nam",
         "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Hạnh"]


def vietnamese_name(n: int) -> str:
    """A distinct, well-formed Vietnamese name for every n below 2,000."""
    return (f"{SURNAMES[n % 10]} {MIDDLES[(n // 10) % 10]} "
            f"{GIVEN[(n // 100) % 20]}")


def add_contestants(session: Session, contest, units: list, count: int, *,
                    groups: list[str] | None = None) -> list:
    """`count` contestants written straight to the table (no password hashing), spread over
    `units` and, when given, over `groups`."""
    from datetime import date

    from sqlalchemy import func

    from backend.contestants.models import Contestant, Gender
    from backend.vntext import same_text_key

    made = []
    first = session.scalar(select(func.count()).select_from(Contestant)
                           .where(Contestant.contest_id == contest.id))
    for n in range(first, first + count):
        name = vietnamese_name(n)
        made.append(Contestant(
            contest_id=contest.id, full_name=name, name_key=same_text_key(f"{name} {n}"),
            birth_date=date(1980 + n % 20, 1 + n % 12, 1 + n % 28), gender=Gender.FEMALE,
            phone=f"09{n:08d}", unit_id=units[n % len(units)].id, password_hash="-",
            consent_at=utcnow(), consent_version="1",
            group_name=groups[n % len(groups)] if groups else ""))
    session.add_all(made)
    session.commit()
    return made


def add_finished_attempt(session: Session, round_, contestant, *, score: int,
                         attempt_no: int = 1, prediction: int | None = None,
                         duration_s: float = 300, started_at=None, submitted_at=None,
                         question_count: int = 5, state: str = "submitted",
                         paper: list | None = None, answers: dict | None = None):
    """A submitted (or expired) attempt as the lifecycle stores it, with the given result."""
    from backend.attempts.models import Attempt, AttemptState

    started = started_at or round_.opens_at + timedelta(minutes=attempt_no)
    finished = submitted_at or started + timedelta(seconds=duration_s)
    attempt = Attempt(
        contest_id=round_.contest_id, round_id=round_.id, contestant_id=contestant.id,
        unit_id=contestant.unit_id, attempt_no=attempt_no, state=AttemptState(state),
        started_at=started, deadline_at=started + timedelta(minutes=30), finished_at=finished,
        duration_ms=int((finished - started).total_seconds() * 1000), score=score,
        question_count=question_count,
        paper=paper if paper is not None else [[q, []] for q in range(1, question_count + 1)],
        answers=answers or {}, prediction=prediction)
    session.add(attempt)
    session.commit()
    return attempt


# The writing competition.

def make_writing_competition(session: Session, *, title: str = "Cuộc thi viết Dân vận khéo",
                             kinds=("unit", "city"), now: datetime | None = None,
                             quota: tuple[str, int] = ("fixed", 3), **rules):
    """A competition whose first level is open at `now` and later levels follow a week apart;
    levels after the first take `quota` (kind, value); the city level is judged blind."""
    from backend.writing import service as writing
    from backend.writing.models import LevelKind, QuotaKind, Scoring

    now = now or utcnow()
    specs = []
    for number, kind in enumerate(kinds):
        level_kind = LevelKind(kind)
        specs.append(writing.LevelSpec(
            kind=level_kind, name=level_kind.label,
            opens_at=now - timedelta(days=1) + timedelta(days=7 * number),
            closes_at=now + timedelta(days=6 + 7 * number),
            quota_kind=QuotaKind(quota[0]) if number else QuotaKind.NONE,
            quota_value=quota[1] if number else 0,
            scoring=Scoring.BLIND if level_kind is LevelKind.CITY else Scoring.ENTERED))
    competition = writing.create_competition(
        session=session, title=title, theme="Dân vận khéo", rules=writing.Rules(**rules),
        levels=specs, actor_id=None, now=now)
    levels = writing.levels_of(session=session, competition_id=competition.id)
    session.commit()  # end the read: on SQLite this session holds the write lock until then
    return competition, levels


def make_author(session: Session, competition, unit: Unit, *, n: int = 1,
                full_name: str | None = None, phone: str | None = None):
    """An essay author of `unit`, with a phone of their own (n tells them apart)."""
    from backend.contestants.models import Gender
    from backend.essays.models import EssayAuthor

    name = full_name or vietnamese_name(n)
    author = EssayAuthor(competition_id=competition.id, full_name=name,
                         name_key=name.casefold(), birth_year=1980 + n % 20,
                         gender=Gender.FEMALE if n % 2 else Gender.MALE,
                         position="Chuyên viên", unit_id=unit.id,
                         phone=phone or f"+8491{n:07d}")
    session.add(author)
    session.flush()
    return author


def make_essay(session: Session, competition, unit: Unit, *, n: int = 1,
               title: str | None = None, author=None, text: str | None = None,
               submitted_at: datetime | None = None):
    """An essay typed online (its text stored, words counted), written straight into the
    tables, as a submission leaves them; committed."""
    from backend.essays.models import Essay, EssayFormat, EssayVersion, TextState
    from backend.uploads.text import word_count

    author = author or make_author(session, competition, unit, n=n)
    body = text or f"Bài viết số {n} về công tác dân vận khéo ở cơ sở. " * 20
    essay = Essay(competition_id=competition.id, author_id=author.id, unit_id=unit.id,
                  title=title or f"Bài viết số {n}", title_key=(title or f"bài viết số {n}")
                  .casefold(), format=EssayFormat.ONLINE, word_count=word_count(body),
                  submitted_at=submitted_at or utcnow())
    session.add(essay)
    session.flush()
    session.add(EssayVersion(essay_id=essay.id, number=1, format=EssayFormat.ONLINE, text=body,
                             word_count=essay.word_count, text_state=TextState.DONE,
                             size=len(body.encode())))
    session.commit()
    return essay


def make_judge(session: Session, settings: Settings, competition, *, username: str,
               unit: Unit | None = None, block_id: int | None = None, cap: int | None = None):
    """A judge account on the competition's panel, belonging to `unit` (or `block_id`)."""
    from backend.writing import service as writing

    user = make_user(session, settings, role=Role.JUDGE, username=username, unit=unit)
    session.commit()
    return writing.add_judge(session=session, competition_id=competition.id, user_id=user.id,
                             unit_id=unit.id if unit else None, block_id=block_id, cap=cap,
                             actor_id=None, now=utcnow())

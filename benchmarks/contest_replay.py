"""Contest replay: N contestants register, start, autosave, submit and read their result.

The load benchmark of the platform. It builds a fresh, migrated database, seeds a published
contest (a 500-question bank, one round open for the whole run), starts the server itself on
127.0.0.1 and replays N contestants through the JSON API with C concurrent keep-alive clients.
Before the replay it measures the trivial `/healthz` endpoint with the same client and
concurrency, so the result is also given as a ratio that does not depend on the machine.
Afterwards it stops the server and checks the database directly: every acknowledged submit is
stored exactly once with the acknowledged score, nobody has two attempts, and every stored
score equals a recomputation written here in plain SQL + Python (not the product's scorer).

    .venv/bin/python benchmarks/contest_replay.py                       # SQLite, N=5000
    .venv/bin/python benchmarks/contest_replay.py --attempts 300000 --concurrency 64 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/thidua_bench

Progress goes to stderr; the last line on stdout is one JSON object with the results.
"""

import argparse
import array
import asyncio
import contextlib
import hashlib
import json
import os
import random
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from lean_http import ClientError, LeanClient

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
ENDPOINTS = ("register", "start", "save", "submit", "result")
BANK_SIZE = 500
PER_ATTEMPT = 20
TIME_LIMIT_SECONDS = 600
TOPICS = ["Dân vận", "Pháp luật", "Lịch sử Đảng", "Văn hóa", "Kinh tế"]
DIFFICULTIES = ["de", "trung_binh", "kho"]
# 8 easy, 8 medium, 4 hard: every paper is stratified the same way.
QUOTAS = [("", "de", 8), ("", "trung_binh", 8), ("", "kho", 4)]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
          "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trịnh", "Đinh", "Lâm", "Mai"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Xuân", "Thu",
          "Hoài", "Gia"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng",
         "Hương", "Khánh", "Khoa", "Lan", "Linh", "Long", "Mai", "Minh", "My", "Nam", "Nga",
         "Nghĩa", "Ngọc", "Nhung", "Phong", "Phúc", "Phương", "Quân", "Quyên", "Sơn", "Tâm",
         "Thảo", "Thắng", "Trang", "Trí", "Trung", "Tuấn", "Vân", "Yến"]
NAME_COUNT = len(FAMILY) * len(MIDDLE) * len(GIVEN)
BIRTH_FIRST = date(1961, 1, 1)
BIRTH_SPAN_DAYS = 17_000  # 1961 .. mid-2007: every contestant is between 18 and 66

# A unit tree of 49 units (the units endpoint lists at most 50).
DISTRICTS = ["Quận 1", "Quận 3", "Quận 5", "Quận 10", "Quận Bình Thạnh", "Quận Gò Vấp",
             "Thành phố Thủ Đức", "Huyện Củ Chi"]
WARDS = ["Phường Bến Nghé", "Phường Tân Định", "Phường Võ Thị Sáu", "Phường 1", "Phường 2"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- Database setup ---------------------------------------------------------------------

def redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def recreate_postgres_database(url: str) -> None:
    """DROP and CREATE the benchmark's own database through the server's `postgres` database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name in {"test", "postgres", "template0", "template1"}:
        raise SystemExit(f"Refusing to recreate the database “{name}”: name a database of its "
                         "own for the benchmark (e.g. thidua_bench); “test” belongs to the "
                         "test suite.")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                           .format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@dataclass
class Seeded:
    contest_id: int
    round_id: int
    questions: int
    multi_answer_questions: int
    units: int


def seed(settings, *, round_closes_in: timedelta) -> Seeded:
    """A published contest over a 49-unit tree, a 500-question bank (4 options, one to three
    correct, five topics, three difficulties) and one round open now, via the services."""
    from backend.clock import utcnow
    from backend.contests import service as contests
    from backend.db import Database
    from backend.questions.models import Difficulty, Question, QuestionOption
    from backend.vntext import same_text_key

    database = Database(settings)
    now = utcnow()
    rows = [("HCM", "Thành phố Hồ Chí Minh", "", "", "Tỉnh, thành phố", 0, "")]
    for d, district in enumerate(DISTRICTS, start=1):
        rows.append((f"D{d}", district, "HCM", "Khối Quận, huyện", "Quận", 2000 + d * 100,
                     f"Cụm {1 + d % 3}"))
        rows.extend((f"D{d}-W{w}", ward, f"D{d}", "", "Phường", 100 + w * 10, "")
                    for w, ward in enumerate(WARDS, start=1))
    import_unit_rows(database, rows, now)
    with database.scope() as session:
        contest = contests.create_contest(
            session=session, title="Tìm hiểu công tác dân vận (đo tải)",
            rules_text="Mỗi lượt 20 câu, 10 phút.", requires_id_number=False,
            scope_unit_ids=[], actor_id=None, now=now, is_published=True)
        questions = []
        for n in range(1, BANK_SIZE + 1):
            text = (f"Câu hỏi số {n} về {TOPICS[n % len(TOPICS)].lower()}: "
                    "phương án nào đúng với quy định hiện hành?")
            questions.append(Question(
                contest_id=contest.id, number=n, text=text,
                text_hash=hashlib.sha256(same_text_key(text).encode()).hexdigest(),
                topic=TOPICS[n % len(TOPICS)],
                difficulty=Difficulty(DIFFICULTIES[(n // len(TOPICS)) % len(DIFFICULTIES)])))
        session.add_all(questions)
        session.flush()
        multi = 0
        for n, question in enumerate(questions, start=1):
            correct = {n % 4}
            if n % 5 == 0:
                correct.add((n + 2) % 4)  # two correct options
            if n % 13 == 0:
                correct.update({(n + 1) % 4, (n + 2) % 4})  # three correct options
            multi += len(correct) > 1
            session.add_all(
                QuestionOption(question_id=question.id, position=position,
                               text=f"Phương án {'ABCD'[position]} của câu {n}",
                               is_correct=position in correct)
                for position in range(4))
        contest.bank_version += 1
        session.add(contest)
        session.commit()
        rules = contests.RoundRules(
            name="Tuần 1", opens_at=now - timedelta(hours=1), closes_at=now + round_closes_in,
            question_count=PER_ATTEMPT, time_limit_seconds=TIME_LIMIT_SECONDS,
            max_attempts=None, prediction_prompt=None, quotas=QUOTAS)
        round_ = contests.add_round(session=session, contest=contest, rules=rules,
                                    actor_id=None, now=now)
        seeded = Seeded(contest_id=contest.id, round_id=round_.id, questions=len(questions),
                        multi_answer_questions=multi, units=len(rows))
    database.dispose()
    return seeded


def import_unit_rows(database, rows: list[tuple], now) -> None:
    """Units given as rows of the import layout, through the importer a file goes through."""
    from backend.spreadsheet import Row, Table
    from backend.units import importer

    keys = [c.key for c in importer.COLUMNS]
    table = Table(sheet="benchmark", columns={c.key: c.header for c in importer.COLUMNS})
    table.rows = [Row(number=i, values=dict(zip(keys, row, strict=True)))
                  for i, row in enumerate(rows, start=2)]
    with database.scope() as session:
        importer.import_units(session=session, table=table, rows=importer.rows_from_table(table),
                              filename="benchmark.xlsx", actor_id=None, now=now)
        session.commit()


def python_loop_ms() -> float:
    """How fast this machine runs plain Python right now (the best of five runs of a fixed
    loop): its speed drifts by tens of per cent over a day, so runs are compared with this."""
    best = float("inf")
    for _ in range(5):
        begin, total = time.perf_counter(), 0
        for n in range(1_000_000):
            total += n
        best = min(best, time.perf_counter() - begin)
    return round(best * 1000, 1)


def hashing_parameters(settings) -> dict:
    """The contestant password hashing the server will use, and its cost on this machine."""
    from backend.accounts.passwords import contestant_passwords

    passwords = contestant_passwords(settings)
    passwords.hash("khởi-động-1")
    begin = time.perf_counter()
    for n in range(10):
        passwords.hash(f"mat-khau-do-tai-{n}")
    hash_ms = (time.perf_counter() - begin) / 10 * 1000
    return {"algorithm": "argon2id", "time_cost": settings.contestant_password_time_cost,
            "memory_kib": settings.contestant_password_memory_kib, "parallelism": 1,
            "hash_ms_one_thread": round(hash_ms, 1)}


# --- The server -------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_environment(args, database_url: str, secret: str, workdir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    # All clients of a load test share one address (127.0.0.1), so the per-IP limits, meant
    # for one household or office, must let that one address register and start N times.
    # (10 N + 10,000: Redis windows may still hold the counts of a run a few minutes ago.)
    per_ip = str(10 * args.attempts + 10_000)
    env.update({
        "THIDUA_DATABASE_URL": database_url,
        "THIDUA_ENVIRONMENT": "production",
        "THIDUA_SECRET_KEY": secret,
        "THIDUA_REGISTER_PER_IP": per_ip,
        "THIDUA_START_PER_IP": per_ip,
        "THIDUA_LOGIN_ATTEMPTS_PER_IP": per_ip,
    })
    if args.redis_url:
        env["THIDUA_REDIS_URL"] = args.redis_url
    for item in args.server_env:
        key, _, value = item.partition("=")
        key = key.strip().upper()
        if not key.startswith("THIDUA_") or "PASSWORD" in key:
            raise SystemExit(f"--server-env {item!r}: only THIDUA_* settings, and never the "
                             "password hashing (the benchmark measures the product's own).")
        env[key] = value
    return env


def start_server(args, env: dict, port: int, logfile: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "uvicorn", "backend.asgi:app", "--host", HOST,
               "--port", str(port), "--workers", str(args.workers), "--no-access-log",
               "--log-level", "warning"]
    log("server: " + " ".join(command[1:]))
    with logfile.open("ab") as out:
        # A session of its own: the server and its workers form one process group, which is
        # what stop_server() ends, and nothing else.
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def wait_ready(process: subprocess.Popen, port: int, logfile: Path, timeout: float = 90) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("The server exited while starting:\n" + tail(logfile))
        with (contextlib.suppress(OSError),
              urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as answer):
            if answer.status == 200:
                return
        time.sleep(0.2)
    raise SystemExit("The server did not answer /healthz in time:\n" + tail(logfile))


def stop_server(process: subprocess.Popen) -> int | None:
    if process.poll() is not None:
        return process.returncode
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        return process.wait(timeout=10)


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- CPU accounting from /proc ----------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def processes() -> dict[int, tuple[str, int, float]]:
    """pid -> (command name, process group, CPU seconds used so far)."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        found[int(entry.name)] = (name, int(fields[2]),
                                  (int(fields[11]) + int(fields[12])) / CLOCK_TICKS)
    return found


def sockets_per_process(group: int) -> dict[int, int]:
    """Open sockets of each server process: shows how the keep-alive connections spread."""
    counts = {}
    for pid, (_name, pgrp, _cpu) in processes().items():
        if pgrp != group:
            continue
        try:
            links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:
            continue
        counts[pid] = sum(link.startswith("socket:") for link in links)
    return counts


def machine_busy_seconds() -> float:
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / CLOCK_TICKS


@dataclass
class CpuSample:
    at: float
    client: float
    busy: float
    procs: dict[int, tuple[str, int, float]]

    @classmethod
    def take(cls) -> "CpuSample":
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return cls(at=time.monotonic(), client=usage.ru_utime + usage.ru_stime,
                   busy=machine_busy_seconds(), procs=processes())


def cpu_report(first: CpuSample, last: CpuSample, server_group: int) -> dict:
    wall = last.at - first.at
    server = {}
    others: Counter = Counter()
    for pid, (name, group, used) in last.procs.items():
        delta = used - first.procs.get(pid, (name, group, 0.0))[2]
        if group == server_group:
            server[pid] = round(delta, 1)
        elif pid != os.getpid() and delta > 0:
            others[name] += delta
    client = last.client - first.client
    busy = last.busy - first.busy
    cores = os.cpu_count() or 1
    server_total = sum(server.values())
    return {
        "wall_s": round(wall, 1), "cores": cores,
        "machine_busy_s": round(busy, 1),
        "machine_utilisation": round(busy / (wall * cores), 3) if wall else None,
        "client_s": round(client, 1),
        "client_share_of_busy": round(client / busy, 3) if busy else None,
        "server_s": round(server_total, 1),
        "server_share_of_busy": round(server_total / busy, 3) if busy else None,
        "server_per_process_s": server,
        "others_top_s": {name: round(s, 1) for name, s in others.most_common(6)},
        # Busy time of no process alive at both samples (short-lived processes, interrupts).
        "unattributed_s": round(busy - client - server_total - sum(others.values()), 1),
    }


# --- The load ---------------------------------------------------------------------------

def cpu_per_attempt(cpu: dict | None, attempts: int) -> dict | None:
    """CPU milliseconds per contestant: server workers, PostgreSQL, load generator."""
    if not cpu or not attempts:
        return None
    return {"server": round(cpu["server_s"] / attempts * 1000, 2),
            "postgres": round(cpu["others_top_s"].get("postgres", 0.0) / attempts * 1000, 2),
            "load_generator": round(cpu["client_s"] / attempts * 1000, 2)}


def percentile(values, q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Stats:
    latency: dict = field(default_factory=lambda: {n: array.array("d") for n in ENDPOINTS})
    status: dict = field(default_factory=lambda: defaultdict(Counter))
    errors: int = 0
    server_errors: int = 0
    exceptions: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)
    registered: int = 0
    started: int = 0
    resumed: int = 0
    result_mismatches: int = 0
    # attempt id -> (acknowledged score, digest of the answers the client expects stored)
    acknowledged: dict = field(default_factory=dict)
    started_ids: set = field(default_factory=set)
    began: float = field(default_factory=time.monotonic)

    def fail(self, name: str, method: str, path: str, sent, status, body: str) -> None:
        self.errors += 1
        if isinstance(status, int) and status >= 500:
            self.server_errors += 1
        if len(self.failures) < 25:
            self.failures.append({"at_s": round(time.monotonic() - self.began, 1),
                                  "endpoint": name, "request": f"{method} {path}",
                                  "sent": json.dumps(sent, ensure_ascii=False)[:300]
                                  if sent is not None else None,
                                  "status": status, "response": body[:500]})


# Mobile prefixes every carrier still issues: 70 million distinct, valid numbers.
PHONE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098")


def phone_number(serial: int) -> str:
    serial %= len(PHONE_PREFIXES) * 10**7
    return f"{PHONE_PREFIXES[serial % len(PHONE_PREFIXES)]}{serial // len(PHONE_PREFIXES):07d}"


def person(index: int, run_offset: int, units: list[int]) -> dict:
    """A valid, unique registration for contestant `index` (names, phones, dates spread)."""
    rng = random.Random(index * 7_919 + run_offset)
    n = index % NAME_COUNT
    family, rest = FAMILY[n % len(FAMILY)], n // len(FAMILY)
    middle, given = MIDDLE[rest % len(MIDDLE)], GIVEN[rest // len(MIDDLE)]
    # (name, birth date) never repeats for index < NAME_COUNT * BIRTH_SPAN_DAYS: the
    # "same person" rule (unit, name, birth date) cannot refuse anyone by chance.
    day = ((index // NAME_COUNT) * 997 + n * 31) % BIRTH_SPAN_DAYS
    return {
        "full_name": f"{family} {middle} {given}",
        "birth_date": (BIRTH_FIRST + timedelta(days=day)).isoformat(),
        "gender": "nu" if middle == "Thị" or rng.random() < 0.45 else "nam",
        "phone": phone_number(run_offset + index),
        "unit_id": rng.choice(units),
        "password": f"Thi-dua-{index:07d}-{run_offset % 9973}",
        "consent": True,
    }


def pick_answers(rng: random.Random, questions: list, count: int, multiple: bool) -> dict:
    answers = {}
    for question in rng.sample(questions, min(count, len(questions))):
        ids = [option["id"] for option in question["options"]]
        how_many = 1 if not multiple or rng.random() < 0.7 else rng.choice((2, 2, 3))
        answers[str(question["id"])] = rng.sample(ids, how_many)
    return answers


def answers_digest(answers: dict) -> str:
    canonical = {str(k): sorted(set(v)) for k, v in answers.items() if v}
    return hashlib.blake2b(json.dumps(canonical, sort_keys=True).encode(),
                           digest_size=8).hexdigest()


class Replay:
    def __init__(self, http: LeanClient, args, seeded: Seeded, units: list[int],
                 run_offset: int, server_group: int):
        self.http, self.args, self.seeded, self.units = http, args, seeded, units
        self.server_group = server_group
        self.phase_cpu: dict[str, dict] = {}
        self.run_offset = run_offset
        self.stats = Stats()
        self.next_index = 0
        self.stopping = False
        self.stopped_early = False
        self.in_flight = 0
        self.deadline = float("inf")
        self.phase_name = ""
        self.phase_seconds: dict[str, float] = {}

    async def call(self, name: str, method: str, path: str, *, body=None, headers=None):
        """One request: latency recorded; (status, parsed JSON) or (status, None) on failure."""
        begin = time.perf_counter()
        try:
            status, raw = await self.http.request(method, path, json_body=body, headers=headers)
        except Exception as error:  # any transport failure counts as an error
            self.stats.latency[name].append(time.perf_counter() - begin)
            self.stats.exceptions[type(error).__name__] += 1
            self.stats.status[name]["exception"] += 1
            self.stats.fail(name, method, path, body, type(error).__name__, str(error))
            return None, None
        self.stats.latency[name].append(time.perf_counter() - begin)
        self.stats.status[name][status] += 1
        if not 200 <= status < 300:
            self.stats.fail(name, method, path, body, status, raw.decode(errors="replace"))
            return status, None
        try:
            return status, json.loads(raw) if raw else {}
        except ValueError:
            self.stats.fail(name, method, path, body, status, "not JSON: " + raw[:200].decode(
                errors="replace"))
            return status, None

    async def register(self, index: int) -> dict | None:
        """Register contestant `index`; the bearer header of their token, or None."""
        _, token = await self.call(
            "register", "POST", f"/api/v1/contests/{self.seeded.contest_id}/register",
            body=person(index, self.run_offset, self.units))
        if token is None:
            return None
        self.stats.registered += 1
        return {"Authorization": f"Bearer {token['token']}"}

    async def attempt(self, index: int, auth: dict) -> None:
        """Start, autosave K times, submit (acknowledged only on 200), read the result."""
        stats, seeded = self.stats, self.seeded
        rng = random.Random(index * 104_729 + self.run_offset)
        status, paper = await self.call("start", "POST",
                                        f"/api/v1/rounds/{seeded.round_id}/attempts",
                                        headers=auth)
        if paper is None:
            return
        attempt_id = paper["id"]
        stats.started += 1
        stats.started_ids.add(attempt_id)
        stats.resumed += status == 200
        questions, multiple = paper["questions"], paper["multiple_answers"]
        expected: dict | None = {}
        for _ in range(self.args.saves):
            answers = pick_answers(rng, questions, rng.randint(2, 6), multiple)
            _, saved = await self.call("save", "PUT", f"/api/v1/attempts/{attempt_id}/answers",
                                       body={"answers": answers}, headers=auth)
            if saved is None:
                expected = None  # unknown whether it was stored
            elif expected is not None:
                expected.update(answers)
        final = pick_answers(rng, questions, 2, multiple)
        status, result = await self.call(
            "submit", "POST", f"/api/v1/attempts/{attempt_id}/submit", body={"answers": final},
            headers={**auth, "Idempotency-Key": uuid.uuid4().hex})
        if status == 200 and result is not None:
            if expected is not None:
                expected.update(final)
            stats.acknowledged[attempt_id] = (
                result["score"], answers_digest(expected) if expected is not None else None)
        _, shown = await self.call("result", "GET", f"/api/v1/attempts/{attempt_id}/result",
                                   headers=auth)
        if shown is not None and attempt_id in stats.acknowledged and (
                shown["score"] != stats.acknowledged[attempt_id][0]
                or shown["state"] != "submitted"):
            stats.result_mismatches += 1
            if len(stats.failures) < 25:
                stats.failures.append({"endpoint": "result", "attempt_id": attempt_id,
                                       "acknowledged": stats.acknowledged[attempt_id][0],
                                       "shown": shown["score"], "state": shown["state"]})

    async def contestant(self, index: int) -> None:
        auth = await self.register(index)
        if auth is not None:
            await self.attempt(index, auth)

    async def register_only(self, index: int) -> None:
        self.tokens[index] = await self.register(index)

    async def attempt_only(self, index: int) -> None:
        auth = self.tokens.pop(index, None)
        if auth is not None:
            await self.attempt(index, auth)

    async def worker(self, job) -> None:
        while not self.stopping and self.next_index < self.args.attempts:
            if time.monotonic() >= self.deadline:
                self.stopping = True
                break
            index = self.next_index
            self.next_index += 1
            self.in_flight += 1
            try:
                await job(index)
            finally:
                self.in_flight -= 1

    async def phase(self, name: str, job) -> float:
        """Run `job` over every contestant with C concurrent clients; its seconds."""
        profiler = None
        if self.args.py_spy and self.args.py_spy_phase in ("all", name):
            profiler = start_profiler(self.args, self.server_group)
        try:
            first = CpuSample.take()
            begin = time.monotonic()
            self.next_index, self.phase_name = 0, name
            await self.run_workers(job, begin)
            seconds = time.monotonic() - begin
            self.phase_cpu[name] = cpu_report(first, CpuSample.take(), self.server_group)
        finally:
            stop_profiler(profiler)
        self.phase_seconds[name] = round(seconds, 1)
        return seconds

    async def run_workers(self, job, begin: float) -> None:
        workers = [asyncio.create_task(self.worker(job)) for _ in range(self.args.concurrency)]
        done, pending = await asyncio.wait(workers, timeout=max(0, self.deadline - begin) + 1)
        if pending or self.stopping:
            self.stopped_early = True
            self.stopping = True
            log(f"--max-seconds {self.args.max_seconds:g} reached: no new contestants; "
                f"waiting up to 60 s for the {self.in_flight} in flight")
            more, pending = await asyncio.wait(pending, timeout=60) if pending else (set(), set())
            done |= more
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                raise task.exception()

    async def run(self) -> tuple[float, bool]:
        """The whole replay; (seconds, whether the time limit stopped it early)."""
        begin = time.monotonic()
        self.deadline = begin + self.args.max_seconds
        reporter = asyncio.create_task(self.report(begin))
        try:
            if self.args.split_phases:
                self.tokens: dict[int, dict | None] = {}
                await self.phase("register", self.register_only)
                if not self.stopping:
                    await self.phase("attempts", self.attempt_only)
            else:
                await self.phase("replay", self.contestant)
        finally:
            reporter.cancel()
            await asyncio.gather(reporter, return_exceptions=True)
        return time.monotonic() - begin, self.stopped_early

    async def report(self, begin: float) -> None:
        while True:
            await asyncio.sleep(self.args.progress_seconds)
            elapsed = time.monotonic() - begin
            acked = len(self.stats.acknowledged)
            log(f"{elapsed:7.0f} s  {self.phase_name}: {self.next_index - self.in_flight}/"
                f"{self.args.attempts} done  registered {self.stats.registered}  submitted "
                f"{acked} ({acked / elapsed:.1f}/s)  errors {self.stats.errors}")


async def measure_baseline(http: LeanClient, concurrency: int,
                           seconds: float, stagger: float) -> dict:
    """GET /healthz with the same client and concurrency: what this machine can carry."""
    counts = {"ok": 0, "errors": 0}
    latencies = array.array("d")
    measuring = False

    async def loop(until: float, delay: float = 0.0) -> None:
        await asyncio.sleep(delay)
        while time.monotonic() < until:
            begin = time.perf_counter()
            try:
                status, _ = await http.request("GET", "/healthz")
                good = status == 200
            except (ClientError, TimeoutError):
                good = False
            if measuring:
                latencies.append(time.perf_counter() - begin)
                counts["ok" if good else "errors"] += 1

    # Warm-up, opening the connections one by one (10 ms apart) rather than in one burst:
    # uvicorn's workers share the listening socket, and a burst of connects is accepted by
    # whichever worker wakes first, which then serves every keep-alive connection alone.
    warm_until = time.monotonic() + 1.0 + concurrency * stagger
    await asyncio.gather(*(loop(warm_until, n * stagger) for n in range(concurrency)))
    measuring = True
    begin = time.monotonic()
    await asyncio.gather(*(loop(begin + seconds) for _ in range(concurrency)))
    elapsed = time.monotonic() - begin
    return {"requests_per_s": round(counts["ok"] / elapsed, 1), "errors": counts["errors"],
            "p50_ms": round(percentile(latencies, 0.5) * 1000, 2) if latencies else None,
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 2) if latencies else None,
            "seconds": round(elapsed, 1)}


async def drive(args, port: int, seeded: Seeded, server_group: int) -> dict:
    http = LeanClient(HOST, port, timeout=args.request_timeout)
    try:
        log(f"baseline: GET /healthz for {args.baseline_seconds:g} s at concurrency "
            f"{args.concurrency}")
        baseline = await measure_baseline(http, args.concurrency, args.baseline_seconds,
                                          args.connect_stagger_ms / 1000)
        baseline["server_sockets_per_process"] = sockets_per_process(server_group)
        log(f"baseline: {baseline['requests_per_s']} requests/s")
        units = [u["unit_id"] for u in
                 await http.get_json(f"/api/v1/contests/{seeded.contest_id}/units")]
        replay = Replay(http, args, seeded, units, run_offset=random.randrange(10**8),
                        server_group=server_group)
        first = CpuSample.take()
        seconds, stopped_early = await replay.run()
        last = CpuSample.take()
    finally:
        await http.close()
    return {"baseline": baseline, "replay": replay, "seconds": seconds,
            "stopped_early": stopped_early, "cpu": cpu_report(first, last, server_group),
            "units_listed": len(units)}


def start_profiler(args, server_group: int) -> subprocess.Popen | None:
    if not args.py_spy:
        return None
    binary = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    command = [binary, "record", "--pid", str(server_group), "--subprocesses",
               "--rate", str(args.py_spy_rate), "--format", "speedscope",
               "-o", args.py_spy]
    if args.py_spy_mode != "default":
        command.append(f"--{args.py_spy_mode}")
    log("profiler: " + " ".join(command))
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def stop_profiler(profiler: subprocess.Popen | None) -> None:
    if profiler is None:
        return
    with contextlib.suppress(ProcessLookupError):
        profiler.send_signal(signal.SIGINT)
    try:
        _, err = profiler.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        profiler.kill()
        _, err = profiler.communicate()
    if profiler.returncode not in (0, -signal.SIGINT):
        log("py-spy: " + err.decode(errors="replace")[-500:])


# --- Checking the database directly -----------------------------------------------------

def loaded(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


def verify(database_url: str, seeded: Seeded, stats: Stats) -> dict:
    """Plain SQL over the stored rows, and a scorer of our own: the product's scorer is not
    trusted to check itself."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(database_url, poolclass=NullPool)
    correct: dict[int, set[int]] = defaultdict(set)
    report: dict = {"attempts_in_db": 0, "finished_in_db": 0, "stored": 0, "lost": 0,
                    "ack_state_or_score_differs": 0, "answer_mismatches": 0,
                    "score_mismatches": 0, "unknown_to_client": 0, "samples": []}
    per_contestant: Counter = Counter()
    seen_ids = set()
    with engine.connect() as connection:
        for question_id, option_id, is_correct in connection.execute(text(
                "SELECT o.question_id, o.id, o.is_correct FROM question_option o "
                "JOIN question q ON q.id = o.question_id WHERE q.contest_id = :contest"),
                {"contest": seeded.contest_id}):
            if is_correct:
                correct[question_id].add(option_id)
        rows = connection.execution_options(yield_per=2000).execute(text(
            "SELECT id, contestant_id, state, score, paper, answers FROM attempt "
            "WHERE round_id = :round"), {"round": seeded.round_id})
        for attempt_id, contestant_id, state, score, paper, answers in rows:
            report["attempts_in_db"] += 1
            per_contestant[contestant_id] += 1
            seen_ids.add(attempt_id)
            paper, answers = loaded(paper), loaded(answers) or {}
            if state != "in_progress":
                report["finished_in_db"] += 1
                recomputed = sum(
                    1 for question_id, _options in paper
                    if correct.get(question_id)
                    and set(answers.get(str(question_id), ())) == correct[question_id])
                if recomputed != score:
                    report["score_mismatches"] += 1
                    note(report, {"attempt": attempt_id, "stored_score": score,
                                  "recomputed": recomputed})
            if attempt_id not in stats.started_ids:
                report["unknown_to_client"] += 1
            if attempt_id in stats.acknowledged:
                acked_score, digest = stats.acknowledged[attempt_id]
                if state == "submitted" and score == acked_score:
                    report["stored"] += 1
                else:
                    report["ack_state_or_score_differs"] += 1
                    note(report, {"attempt": attempt_id, "acknowledged": acked_score,
                                  "stored_state": state, "stored_score": score})
                if digest is not None and digest != answers_digest(answers):
                    report["answer_mismatches"] += 1
                    note(report, {"attempt": attempt_id, "problem": "stored answers differ "
                                  "from what the client saved and submitted"})
        report["lost"] = len(stats.acknowledged.keys() - seen_ids)
        report["started_but_missing"] = len(stats.started_ids - seen_ids)
        report["duplicates"] = sum(n - 1 for n in per_contestant.values() if n > 1)
        report["contestants_with_several_attempts"] = sum(
            1 for n in per_contestant.values() if n > 1)
        report["double_submit_events"] = connection.execute(text(
            "SELECT COUNT(*) FROM (SELECT e.attempt_id FROM attempt_event e "
            "JOIN attempt a ON a.id = e.attempt_id WHERE a.round_id = :round "
            "AND e.kind = 'submitted' GROUP BY e.attempt_id HAVING COUNT(*) > 1) AS twice"),
            {"round": seeded.round_id}).scalar_one()
        report["contestants_in_db"] = connection.execute(text(
            "SELECT COUNT(*) FROM contestant WHERE contest_id = :contest"),
            {"contest": seeded.contest_id}).scalar_one()
        stored_hash = connection.execute(text(
            "SELECT password_hash FROM contestant WHERE contest_id = :contest LIMIT 1"),
            {"contest": seeded.contest_id}).scalar()
    engine.dispose()
    report["stored_hash_parameters"] = (stored_hash.split("$")[1:4] if stored_hash else None)
    return report


def note(report: dict, sample: dict) -> None:
    if len(report["samples"]) < 10:
        report["samples"].append(sample)


# --- Putting it together ----------------------------------------------------------------

def endpoint_table(stats: Stats, seconds: float) -> dict:
    table = {}
    for name in ENDPOINTS:
        values = stats.latency[name]
        if not values:
            continue
        ordered = sorted(values)
        table[name] = {
            "count": len(values), "per_s": round(len(values) / seconds, 1),
            "p50_ms": round(ordered[len(ordered) // 2] * 1000, 1),
            "p90_ms": round(ordered[int(len(ordered) * 0.9)] * 1000, 1),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1),
            "mean_ms": round(sum(values) / len(values) * 1000, 1),
            "status": {str(k): v for k, v in sorted(stats.status[name].items(), key=str)},
        }
    return table


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=5000,
                        help="contestants to replay, one attempt each (default 5000)")
    parser.add_argument("--concurrency", type=int, default=64,
                        help="concurrent clients, one keep-alive connection each (default 64)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (default 2)")
    parser.add_argument("--database-url",
                        help="default: a fresh SQLite file in a temporary directory; a "
                             "PostgreSQL database named here is dropped and created again")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--redis-url", help="shared rate-limit counters in Redis instead of "
                                            "the database")
    parser.add_argument("--saves", type=int, default=3, help="autosaves per attempt (default 3)")
    parser.add_argument("--baseline-seconds", type=float, default=5.0,
                        help="how long /healthz is measured before the replay (default 5)")
    parser.add_argument("--max-seconds", type=float, default=3 * 3600,
                        help="stop starting contestants after this long (default 3 h)")
    parser.add_argument("--split-phases", action="store_true",
                        help="register everyone first, then replay the attempts (timed "
                             "separately): separates password hashing from the attempt path")
    parser.add_argument("--request-timeout", type=float, default=120.0)
    parser.add_argument("--connect-stagger-ms", type=float, default=10.0,
                        help="open the C connections this far apart (0: all at once, which "
                             "lets one uvicorn worker take every connection)")
    parser.add_argument("--progress-seconds", type=float, default=10.0)
    parser.add_argument("--server-env", action="append", default=[], metavar="THIDUA_X=V",
                        help="an extra server setting, e.g. THIDUA_THREADPOOL_SIZE=4 "
                             "(password hashing cannot be changed)")
    parser.add_argument("--py-spy", metavar="FILE.json",
                        help="record a py-spy speedscope profile of the server workers "
                             "during the replay")
    parser.add_argument("--py-spy-rate", type=int, default=50)
    parser.add_argument("--py-spy-phase", choices=("all", "register", "attempts"),
                        default="all", help="with --split-phases: profile only this phase")
    parser.add_argument("--py-spy-mode", choices=("default", "idle", "gil"), default="default",
                        help="idle: include waiting threads (lock and pool waits); gil: only "
                             "the thread holding the GIL (Python CPU)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (SQLite file, server log)")
    args = parser.parse_args(argv)
    if args.attempts < 1 or args.concurrency < 1 or args.workers < 1 or args.saves < 0:
        parser.error("--attempts, --concurrency and --workers must be positive, --saves >= 0")
    if args.attempts > NAME_COUNT * BIRTH_SPAN_DAYS:
        parser.error("too many contestants for unique names and birth dates")
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())

    from backend.config import Settings
    from backend.migrate import upgrade

    workdir = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    is_sqlite = database_url.startswith("sqlite")
    secret = secrets.token_urlsafe(36)  # 48 characters
    env = server_environment(args, database_url, secret, workdir)
    settings = Settings(**{k.removeprefix("THIDUA_").lower(): v for k, v in env.items()
                           if k.startswith("THIDUA_")})
    process = None
    try:
        if not is_sqlite:
            log(f"database: recreating {redacted(database_url)}")
            recreate_postgres_database(database_url)
        log(f"database: migrating {redacted(database_url)}")
        upgrade(database_url)
        seeded = seed(settings, round_closes_in=timedelta(seconds=args.max_seconds + 2 * 3600))
        log(f"seeded contest {seeded.contest_id}, round {seeded.round_id}: "
            f"{seeded.questions} questions ({seeded.multi_answer_questions} with several "
            f"correct options), {seeded.units} units")
        hashing = hashing_parameters(settings)
        log(f"password hashing: {hashing}")
        loop_ms = python_loop_ms()
        log(f"machine speed: a fixed Python loop takes {loop_ms} ms")

        port = args.port or free_port()
        logfile = workdir / "server.log"
        process = start_server(args, env, port, logfile)
        wait_ready(process, port, logfile)
        log(f"server ready on {HOST}:{port} (pid {process.pid}, {args.workers} workers)")
        outcome = asyncio.run(drive(args, port, seeded, process.pid))
        code = stop_server(process)
        log(f"server stopped (exit {code})")
        server_log = tail(logfile, 15)
        if server_log.strip():
            log("server log tail:\n" + server_log)
        process = None
        replay: Replay = outcome["replay"]
        stats = replay.stats
        log("checking the database")
        checked = verify(database_url, seeded, stats)
    finally:
        if process is not None:
            stop_server(process)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    seconds = outcome["seconds"]
    every = [v for name in ENDPOINTS for v in stats.latency[name]]
    requests = len(every)
    requests_per_s = requests / seconds if seconds else 0.0
    baseline = outcome["baseline"]["requests_per_s"]
    acknowledged = len(stats.acknowledged)
    result = {
        "attempts": args.attempts,
        "seconds": round(seconds, 1),
        "attempts_per_s": round(acknowledged / seconds, 1) if seconds else 0.0,
        "requests": requests,
        "requests_per_s": round(requests_per_s, 1),
        "p50_ms": round(percentile(every, 0.5) * 1000, 1) if every else None,
        "p99_ms": round(percentile(every, 0.99) * 1000, 1) if every else None,
        "errors": stats.errors,
        "server_errors_5xx": stats.server_errors,
        "registered": stats.registered,
        "contestants_in_db": checked["contestants_in_db"],
        "started": stats.started,
        "acknowledged": acknowledged,
        "stored": checked["stored"],
        "lost": checked["lost"],
        "duplicates": checked["duplicates"],
        "attempts_in_db": checked["attempts_in_db"],
        "attempts_match_starts": checked["attempts_in_db"] == stats.started,
        "score_mismatches": checked["score_mismatches"],
        "ack_state_or_score_differs": checked["ack_state_or_score_differs"],
        "answer_mismatches": checked["answer_mismatches"],
        "result_mismatches": stats.result_mismatches,
        "double_submit_events": checked["double_submit_events"],
        "baseline_requests_per_s": baseline,
        "ratio": round(requests_per_s / baseline, 4) if baseline else None,
        "database": "sqlite" if is_sqlite else redacted(database_url),
        "rate_limiter": "redis" if args.redis_url else "database",
        "workers": args.workers,
        "concurrency": args.concurrency,
        "saves": args.saves,
        "hashing": {**hashing, "stored": checked["stored_hash_parameters"]},
        "python_loop_ms": loop_ms,
        "cpu_ms_per_attempt": cpu_per_attempt(outcome["cpu"], acknowledged),
        "stopped_early": outcome["stopped_early"],
        "phases_s": replay.phase_seconds,
        "phases_cpu": replay.phase_cpu if args.split_phases else None,
        "endpoints": endpoint_table(stats, seconds),
        "baseline": outcome["baseline"],
        "cpu": outcome["cpu"],
        "server_env": args.server_env,
        "exceptions": dict(stats.exceptions),
        "failure_samples": stats.failures[:10],
        "check_samples": checked["samples"],
    }
    if args.py_spy:
        result["profile"] = args.py_spy
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

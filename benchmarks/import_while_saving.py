"""Import while saving: contestants' saves during a 5,000-question import, and hostile files.

Starts the real server (uvicorn, 2 workers) on a fresh database, registers contestants and
starts their attempts through the JSON API, and keeps a steady stream of answer saves going
(PUT /api/v1/attempts/{id}/answers). Meanwhile, signed in as an organiser, it uploads:

1. hostile spreadsheets, one after another: a 2.8 MB file that unpacks to 200 MB, a sheet of
   rows that stops only at the row limit, 15 MB of shared strings, 5,000 rows each wrong; for
   each, the answer, its time and size, and the workers' resident memory (peak during the
   request, from /proc);
2. a good file of 5,000 questions into a second contest, through the staff API.

It reports the saves' latency and errors while nothing else runs, during the hostile uploads
and during the import. SQLite holds one writer: an import that held the write lock while it
parsed made saves wait 10 s and fail with "database is locked".

    .venv/bin/python benchmarks/import_while_saving.py
    .venv/bin/python benchmarks/import_while_saving.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/thidua_bench

Progress goes to stderr; the last line on stdout is one JSON object with the figures.
"""

import argparse
import asyncio
import contextlib
import http.client
import json
import random
import secrets
import shutil
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

from contest_replay import (
    HOST,
    free_port,
    log,
    percentile,
    person,
    processes,
    python_loop_ms,
    recreate_postgres_database,
    redacted,
    seed,
    server_environment,
    start_server,
    stop_server,
    tail,
    wait_ready,
)
from lean_http import LeanClient

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ORGANISER = ("bantochuc.do-tai", "Mat-khau-do-tai-2026")
MB = 1024 * 1024


def prepare(settings) -> tuple:
    """The contest replay's seed (a published contest with an open round), an organiser and a
    second contest, being prepared, to import questions into."""
    from backend.accounts import service as accounts
    from backend.accounts.models import Role
    from backend.accounts.passwords import staff_passwords
    from backend.clock import utcnow
    from backend.contests import service as contests
    from backend.db import Database

    seeded = seed(settings, round_closes_in=timedelta(hours=3))
    database = Database(settings)
    with database.scope() as session:
        accounts.create_user(session=session, username=ORGANISER[0], full_name="Ban tổ chức",
                             password=ORGANISER[1], role=Role.ORGANISER, unit_id=None,
                             can_view_personal_data=False, passwords=staff_passwords(settings),
                             actor_id=None, now=utcnow())
        target = contests.create_contest(
            session=session, title="Cuộc thi đang chuẩn bị (nhập câu hỏi)", rules_text="Thể lệ",
            requires_id_number=False, scope_unit_ids=[], actor_id=None, now=utcnow())
    database.dispose()
    return seeded, target.id


# --- Files ------------------------------------------------------------------------------

def hostile_files() -> list[tuple[str, bytes]]:
    """Spreadsheets that unpack large, built with zipfile and raw XML."""
    from tests.questions.raw_xlsx import QUESTION_HEADERS, questions_workbook, workbook

    header = "<row>" + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>'
                               for h in QUESTION_HEADERS) + "</row>"
    # Rows without r="…" are all alike and compress ~1000:1; random padding brings the whole
    # file back to a ratio the zip checks accept, as an attacker would.
    same = ('<row><c t="inlineStr"><is><t>Câu hỏi?</t></is></c><c t="inlineStr"><is><t>Có'
            '</t></is></c><c t="inlineStr"><is><t>Không</t></is></c><c t="inlineStr"><is>'
            '<t>A</t></is></c></row>')
    bomb = workbook([header, same * (195 * MB // len(same.encode()))], padding=2_700_000)
    rows = workbook([header, same * (15 * MB // len(same.encode()))], padding=200_000)
    strings = [f"Đoạn chữ dùng chung số {n} " + "x" * 50 for n in range(150_000)]
    shared = workbook([header], strings=strings, padding=1_000_000)
    return [("unpacks_to_200_mb", bomb), ("rows_until_the_limit", rows),
            ("shared_strings_15_mb", shared),
            ("5000_rows_all_wrong", questions_workbook(5000, answer="Z"))]


def unpacked_size(data: bytes) -> int:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return sum(info.file_size for info in archive.infolist())


def upload(port: int, path: str, token: str, filename: str, data: bytes,
           timeout: float) -> tuple[int, bytes]:
    """POST a multipart form with one file (http.client, in a thread of its own)."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{filename}\"\r\nContent-Type: {XLSX}\r\n\r\n").encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("POST", path, body, {
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


# --- Memory of the server's workers -----------------------------------------------------

def group_memory(group: int) -> dict[int, tuple[float, float]]:
    """pid -> (resident MB now, peak resident MB) for every process of the server group."""
    found = {}
    for pid, (_name, pgrp, _cpu) in processes().items():
        if pgrp != group:
            continue
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        found[pid] = (int(fields["VmRSS"].split()[0]) / 1024,
                      int(fields["VmHWM"].split()[0]) / 1024)
    return found


class MemoryWatch:
    """Samples the server's resident memory every 20 ms while a request runs."""

    def __init__(self, group: int):
        self.group, self.peak, self._stop = group, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            now = group_memory(self.group)
            self.peak = max([self.peak, *(rss for rss, _ in now.values())])
            self._stop.wait(0.02)

    def __enter__(self) -> "MemoryWatch":
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


# --- Saves ------------------------------------------------------------------------------

class Saves:
    """A steady stream of answer saves: each attempt saves every `interval` seconds, on a
    keep-alive connection of its own (never idle long enough for the server to close it)."""

    def __init__(self, port: int, attempts: list[tuple[int, dict, list]], interval: float):
        self.port, self.attempts, self.interval = port, attempts, interval
        self.records: list[tuple[float, float, int | str]] = []  # (started, seconds, status)
        self.stopping = False

    async def loop(self, attempt_id: int, auth: dict, questions: list, offset: float) -> None:
        rng = random.Random(attempt_id)
        http = LeanClient(HOST, self.port, timeout=120)
        await asyncio.sleep(offset)
        try:
            while not self.stopping:
                question = rng.choice(questions)
                body = {"answers": {str(question["id"]): [rng.choice(question["options"])["id"]]}}
                began = time.monotonic()
                try:
                    status, _ = await http.request(
                        "PUT", f"/api/v1/attempts/{attempt_id}/answers", json_body=body,
                        headers=auth)
                except Exception as error:  # any transport failure is a failed save
                    status = type(error).__name__
                self.records.append((began, time.monotonic() - began, status))
                await asyncio.sleep(max(0.0, self.interval - (time.monotonic() - began)))
        finally:
            await http.close()

    def start(self) -> list[asyncio.Task]:
        step = self.interval / max(1, len(self.attempts))
        return [asyncio.create_task(self.loop(attempt_id, auth, questions, n * step))
                for n, (attempt_id, auth, questions) in enumerate(self.attempts)]

    def between(self, begin: float, end: float) -> dict:
        chosen = [(seconds, status) for began, seconds, status in self.records
                  if begin <= began < end]
        times = [seconds for seconds, _ in chosen]
        errors = [status for _, status in chosen if status != 200]
        span = end - begin
        return {"count": len(chosen), "per_s": round(len(chosen) / span, 1) if span else None,
                "p50_ms": _ms(percentile(times, 0.5)), "p99_ms": _ms(percentile(times, 0.99)),
                "max_ms": _ms(max(times) if times else None), "errors": len(errors),
                "error_statuses": sorted({str(s) for s in errors})}


def _ms(seconds: float | None) -> float | None:
    return round(seconds * 1000, 1) if seconds is not None else None


async def begin_attempts(http: LeanClient, seeded, count: int) -> list[tuple[int, dict, list]]:
    units = [u["unit_id"] for u in await http.get_json(
        f"/api/v1/contests/{seeded.contest_id}/units")]
    offset = random.randrange(10**8)
    attempts = []
    for index in range(count):
        status, raw = await http.request("POST", f"/api/v1/contests/{seeded.contest_id}/register",
                                         json_body=person(index, offset, units))
        if status not in (200, 201):
            raise SystemExit(f"register: HTTP {status} {raw[:300]!r}")
        auth = {"Authorization": f"Bearer {json.loads(raw)['token']}"}
        status, raw = await http.request("POST", f"/api/v1/rounds/{seeded.round_id}/attempts",
                                         headers=auth)
        if status not in (200, 201):
            raise SystemExit(f"start: HTTP {status} {raw[:300]!r}")
        paper = json.loads(raw)
        attempts.append((paper["id"], auth, paper["questions"]))
    return attempts


async def drive(args, port: int, seeded, target: int, group: int, files) -> dict:
    http = LeanClient(HOST, port, timeout=120)
    status, raw = await http.request("POST", "/api/v1/auth/login", json_body={
        "username": ORGANISER[0], "password": ORGANISER[1]})
    if status != 200:
        raise SystemExit(f"login: HTTP {status} {raw[:300]!r}")
    token = json.loads(raw)["token"]
    attempts = await begin_attempts(http, seeded, args.contestants)
    await http.close()  # idle keep-alive connections are closed by the server after 5 s
    log(f"{len(attempts)} attempts started; saves every {args.interval_ms:g} ms each")
    saves = Saves(port, attempts, args.interval_ms / 1000)
    tasks = saves.start()
    path = f"/api/v1/contests/{target}/questions/import"
    try:
        await asyncio.sleep(1)  # the first saves of each worker load the bank: not counted
        saving_from = time.monotonic()
        await asyncio.sleep(args.baseline_seconds)
        baseline_end = time.monotonic()
        hostile, hostile_begin = [], time.monotonic()
        for name, data in files:
            hostile.append(await send_hostile(port, path, token, name, data, group))
            log(f"hostile {name}: {hostile[-1]['status']} in {hostile[-1]['seconds']} s, "
                f"workers' peak {hostile[-1]['worker_peak_rss_mb']} MB")
        hostile_end = time.monotonic()
        await asyncio.sleep(2)
        good = files_good(args.questions)
        log(f"importing {args.questions} questions ({len(good):,} bytes) while saving")
        began = time.monotonic()
        status, raw = await asyncio.to_thread(upload, port, path, token, "cau-hoi.xlsx", good,
                                              600)
        ended = time.monotonic()
        await asyncio.sleep(1)
        http = LeanClient(HOST, port, timeout=120)
        _, counts = await http.request("GET", f"/api/v1/contests/{target}/questions/counts",
                                       headers={"Authorization": f"Bearer {token}"})
        await http.close()
    finally:
        saves.stopping = True
        await asyncio.gather(*tasks, return_exceptions=True)
    answer = json.loads(raw) if raw.startswith(b"{") else {}
    return {
        "saves_before": saves.between(saving_from, baseline_end),
        "saves_during_hostile_uploads": saves.between(hostile_begin, hostile_end),
        "saves_during_import": saves.between(began, ended),
        "import": {"questions": args.questions, "status": status,
                   "seconds": round(ended - began, 2), "added": answer.get("added"),
                   "in_bank": sum(c["count"] for c in json.loads(counts)),
                   "detail": answer.get("detail")},
        "hostile": hostile,
    }


def files_good(count: int) -> bytes:
    from tests.questions.raw_xlsx import questions_workbook

    return questions_workbook(count)


async def send_hostile(port: int, path: str, token: str, name: str, data: bytes,
                       group: int) -> dict:
    before = group_memory(group)
    with MemoryWatch(group) as watch:
        began = time.monotonic()
        status, raw = await asyncio.to_thread(upload, port, path, token, f"{name}.xlsx", data,
                                              600)
        seconds = time.monotonic() - began
    after = group_memory(group)
    body = json.loads(raw) if raw.startswith(b"{") else {}
    problems = body.get("problems") or [{}]
    return {"name": name, "bytes": len(data), "unpacked_bytes": unpacked_size(data),
            "status": status, "seconds": round(seconds, 2), "response_bytes": len(raw),
            "problem_count": body.get("problem_count"),
            "first_problem": problems[0].get("text"),
            "worker_peak_rss_mb": round(watch.peak, 1),
            "worker_peak_hwm_mb": round(max(hwm for _, hwm in after.values()), 1),
            "rss_growth_mb": round(max(hwm for _, hwm in after.values())
                                   - max(hwm for _, hwm in before.values()), 1)}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url",
                        help="default: a fresh SQLite file in a temporary directory; a "
                             "PostgreSQL database named here is dropped and created again")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--contestants", type=int, default=20,
                        help="attempts saving in parallel (default 20)")
    parser.add_argument("--interval-ms", type=float, default=200,
                        help="each attempt saves this often (default 200 ms)")
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--baseline-seconds", type=float, default=5)
    parser.add_argument("--no-hostile", action="store_true",
                        help="skip the hostile files (only the import while saving)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from backend.config import Settings
    from backend.migrate import upgrade

    workdir = Path(tempfile.mkdtemp(prefix="thidua-import-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    is_sqlite = database_url.startswith("sqlite")
    server_args = SimpleNamespace(attempts=10 * args.contestants, redis_url=None, server_env=[],
                                  workers=args.workers)
    env = server_environment(server_args, database_url, secrets.token_urlsafe(36), workdir)
    settings = Settings(**{k.removeprefix("THIDUA_").lower(): v for k, v in env.items()
                           if k.startswith("THIDUA_")})
    process = None
    try:
        if not is_sqlite:
            recreate_postgres_database(database_url)
        upgrade(database_url)
        seeded, target = prepare(settings)
        log("building the hostile files")
        files = [] if args.no_hostile else hostile_files()
        port, logfile = free_port(), workdir / "server.log"
        process = start_server(server_args, env, port, logfile)
        wait_ready(process, port, logfile)
        log(f"server ready on {HOST}:{port} ({args.workers} workers)")
        outcome = asyncio.run(drive(args, port, seeded, target, process.pid, files))
        peak = max(hwm for _, hwm in group_memory(process.pid).values())
        stop_server(process)
        process = None
        with contextlib.suppress(OSError):
            server_log = tail(logfile, 15)
            if server_log.strip():
                log("server log tail:\n" + server_log)
    finally:
        if process is not None:
            stop_server(process)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    during, hostile = outcome["saves_during_import"], outcome["hostile"]
    print(json.dumps({
        "database": "sqlite" if is_sqlite else redacted(database_url),
        "save_max_ms_during_import": during["max_ms"],
        "save_p99_ms_during_import": during["p99_ms"],
        "save_errors_during_import": during["errors"],
        "import_seconds": outcome["import"]["seconds"],
        "imported": outcome["import"]["added"],
        "hostile_max_seconds": max((h["seconds"] for h in hostile), default=None),
        "hostile_worker_peak_rss_mb": max((h["worker_peak_rss_mb"] for h in hostile),
                                          default=None),
        "workers": args.workers, "contestants_saving": args.contestants,
        "save_interval_ms": args.interval_ms, **outcome,
        "server_peak_rss_mb": round(peak, 1), "python_loop_ms": python_loop_ms(),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()

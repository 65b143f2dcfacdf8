"""The writing competition at scale: 50 units in three blocks, 8,000 essays as small .docx
files (scored by their units), 1,546 of them forwarded to the city round and scored there by
two judges each; measures one unit's bulk intake of 300 essays (.xlsx + .zip, through the
background worker), assigning judges for the city round, aggregating and ranking it, and the
exports.

    .venv/bin/python benchmarks/writing.py
    .venv/bin/python benchmarks/writing.py --database-url \\
        postgresql+psycopg://postgres@127.0.0.1:5432/thidua_bench

Builds a fresh database (a PostgreSQL database named here is dropped and created again; its
filled tables are then vacuumed and analysed, as autovacuum would on a live system). Each
measured step goes through the services the pages, API and CLI use, with `now` moved past
the city level's window instead of waiting:

    bulk_import_300_s  start_intake + run_intake of one unit's 300 rows (target 60 s)
    extract_texts_s    the text of those 300 read afterwards by extract_pending_texts
    assign_s           start_judging on the city level: codes, two judges each (target 5 s)
    aggregate_s        aggregate_level: final scores, ranks, prizes (target 2 s)
    export_s           the essays, scores (after ráp phách) and prizes files, summed;
                       export_*_s each, and the scores by code before ráp phách

The judges' scores in between are generated, not measured (see `score`). Progress goes to
stderr; the last line on stdout is one JSON object with the figures.
"""

import argparse
import hashlib
import io
import json
import random
import sys
import tempfile
import time
import zipfile
from datetime import timedelta
from pathlib import Path

from contest_replay import import_unit_rows, log
from results import fresh_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BLOCKS = ("Khối Quận, huyện", "Khối Đảng ủy cấp trên cơ sở", "Khối Mặt trận, đoàn thể")
MARK = "BENCHMARK-ESSAY-TEXT"


def unit_rows(units: int) -> list[tuple]:
    """A city and `units` units under it: three in five districts, the rest party committees
    and mass organisations."""
    rows = [("HCM", "Thành phố Hồ Chí Minh", "", "", "Tỉnh, thành phố", 0, "")]
    for n in range(1, units + 1):
        block = BLOCKS[0] if n % 5 < 3 else BLOCKS[1] if n % 5 == 3 else BLOCKS[2]
        rows.append((f"U{n}", f"Đơn vị số {n}", "HCM", block, "Khác", 2000 + 37 * n, ""))
    return rows


class Docx:
    """Small distinct .docx files: one made by python-docx, its body text swapped per essay
    (making each with python-docx costs ~40 ms here, five minutes for 8,000)."""

    def __init__(self):
        from docx import Document

        document = Document()
        document.add_heading("Bài dự thi", level=1)
        document.add_paragraph(MARK)
        buffer = io.BytesIO()
        document.save(buffer)
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
            self.parts = [(info, source.read(info)) for info in source.infolist()]

    def make(self, text: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info, data in self.parts:
                if info.filename == "word/document.xml":
                    data = data.replace(MARK.encode(), text.encode())
                target.writestr(info, data)
        return buffer.getvalue()


def essay_text(n: int) -> str:
    return (f"Bài viết số {n}: kinh nghiệm dân vận khéo ở cơ sở, lắng nghe dân, "
            "hiểu dân, giúp dân. " * 12).strip()


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` over `parts`, unevenly (weights 1..4), summing exactly to `total`."""
    weights = [rng.randint(1, 4) for _ in range(parts)]
    shares = [total * w // sum(weights) for w in weights]
    for i in range(total - sum(shares)):
        shares[i % parts] += 1
    return shares


def build(settings, *, units: int, essays: int, forwarded: int, judges: int,
          seed: int = 7) -> dict:
    """Units, a competition (unit level open now, city level judged blind), `essays` essays
    with authors, files and their units' scores, `forwarded` of them in signed batches into
    the city level, and a panel of `judges` spread over the blocks."""
    from sqlalchemy import insert, select

    from backend.blobs.models import BlobPlace, StoredBlob
    from backend.clock import utcnow
    from backend.contestants.models import Gender
    from backend.db import Database
    from backend.essays.models import Essay, EssayAuthor, EssayFormat, EssayVersion, TextState
    from backend.forwarding.models import BatchStatus, ForwardBatch, ForwardedEssay
    from backend.judging.models import EssayResult
    from backend.units.models import Block, Unit
    from backend.uploads.text import word_count
    from backend.writing import service as writing
    from backend.writing.models import (
        LevelKind,
        QuotaKind,
        Scoring,
        WritingCompetition,
        WritingJudge,
    )

    rng = random.Random(seed)
    database = Database(settings)
    now = utcnow()
    import_unit_rows(database, unit_rows(units), now)
    docx = Docx()
    with database.scope() as session:
        top = list(session.execute(select(Unit).where(Unit.depth == 1).order_by(Unit.id))
                   .scalars())
        blocks = {b.id: b.name for b in session.execute(select(Block)).scalars()}
        competition = writing.create_competition(
            session=session, title="Cuộc thi viết Dân vận khéo (đo hiệu năng)", actor_id=None,
            now=now, rules=writing.Rules(max_words=3000, judge_cap=400), levels=[
                writing.LevelSpec(kind=LevelKind.UNIT, name="Cấp đơn vị",
                                  opens_at=now - timedelta(days=10),
                                  closes_at=now + timedelta(days=5)),
                writing.LevelSpec(kind=LevelKind.CITY, name="Cấp thành phố",
                                  opens_at=now + timedelta(days=6),
                                  closes_at=now + timedelta(days=20),
                                  quota_kind=QuotaKind.FIXED, quota_value=200,
                                  scoring=Scoring.BLIND)])
        first, city = writing.levels_of(session=session, competition_id=competition.id)
        competition_id, first_id, city_id = competition.id, first.id, city.id
        session.commit()

    per_unit = split(essays, len(top), rng)
    sent_per_unit = split(forwarded, len(top), rng)
    n = 0
    for unit, count, sent in zip(top, per_unit, sent_per_unit, strict=True):
        blobs, authors = [], []
        for _ in range(count):
            n += 1
            content = docx.make(essay_text(n))
            blobs.append({"sha256": hashlib.sha256(content).hexdigest(), "size": len(content),
                          "place": BlobPlace.DATABASE.value, "content": content,
                          "created_at": now})
            authors.append({"competition_id": competition_id, "full_name": f"Tác giả {n}",
                            "name_key": f"tác giả {n}", "birth_year": 1960 + n % 40,
                            "gender": (Gender.FEMALE if n % 2 else Gender.MALE).value,
                            "position": "Chuyên viên", "unit_id": unit.id,
                            "phone": f"+849{n:08d}", "created_at": now})
        with database.scope() as session:
            session.execute(insert(StoredBlob), blobs)
            author_ids = session.execute(insert(EssayAuthor).returning(EssayAuthor.id),
                                         authors).scalars().all()
            first_number = n - count + 1
            rows = [{"competition_id": competition_id, "author_id": author_id,
                     "unit_id": unit.id, "title": f"Bài viết số {number}",
                     "title_key": f"bài viết số {number}", "format": EssayFormat.DOCX.value,
                     "file_sha256": blob["sha256"], "version_count": 1,
                     "word_count": word_count(essay_text(number)),
                     "submitted_at": now - timedelta(minutes=number), "withdrawn_reason": ""}
                    for number, author_id, blob in zip(range(first_number, n + 1), author_ids,
                                                       blobs, strict=True)]
            essay_ids = session.execute(insert(Essay).returning(Essay.id), rows).scalars().all()
            session.execute(insert(EssayVersion), [
                {"essay_id": essay_id, "number": 1, "format": EssayFormat.DOCX.value,
                 "sha256": blob["sha256"], "blind_sha256": blob["sha256"],
                 "filename": f"bai-{number}.docx", "size": blob["size"],
                 "text": essay_text(number), "word_count": row["word_count"],
                 "text_state": TextState.DONE.value, "text_error": "", "uploaded_at": now}
                for essay_id, blob, row, number in zip(
                    essay_ids, blobs, rows, range(first_number, n + 1), strict=True)])
            scores = [round(rng.uniform(50, 98), 1) for _ in essay_ids]
            session.execute(insert(EssayResult), [
                {"level_id": first_id, "essay_id": essay_id, "score": score,
                 "judges_counted": 0, "updated_at": now}
                for essay_id, score in zip(essay_ids, scores, strict=True)])
            best = sorted(zip(scores, essay_ids, strict=True), reverse=True)[:sent]
            batch = ForwardBatch(level_id=city_id, unit_id=unit.id, status=BatchStatus.SIGNED,
                                 signed_at=now, created_at=now)
            session.add(batch)
            session.flush()
            session.execute(insert(ForwardedEssay), [
                {"batch_id": batch.id, "level_id": city_id, "essay_id": essay_id,
                 "source_level_id": first_id, "source_score": score, "source_rank": rank,
                 "forwarded_at": now}
                for rank, (score, essay_id) in enumerate(best, start=1)])
            session.commit()
    log(f"built {n:,} essays over {len(top)} units, {forwarded:,} forwarded to the city")

    from backend.accounts import service as accounts
    from backend.accounts.models import Role
    from backend.accounts.passwords import staff_passwords

    block_ids = sorted(blocks)
    with database.scope() as session:
        for j in range(judges):
            user = accounts.create_user(
                session=session, username=f"giamkhao{j}", full_name=f"Giám khảo {j}",
                password="benchmark-" + "x" * 12, role=Role.JUDGE, unit_id=None,
                can_view_personal_data=False, passwords=staff_passwords(settings),
                actor_id=None, now=now)
            session.add(WritingJudge(competition_id=competition_id, user_id=user.id,
                                     block_id=block_ids[j % len(block_ids)], added_at=now))
        session.commit()
        assert session.get(WritingCompetition, competition_id) is not None
    database.dispose()
    return {"competition_id": competition_id, "first_level_id": first_id,
            "city_level_id": city_id, "now": now, "top_units": [u.code for u in top]}


# --- What is measured ---------------------------------------------------------------------

FILLED = ("unit", "stored_blob", "essay_author", "essay", "essay_version", "essay_result",
          "forward_batch", "forwarded_essay", "writing_judge", "user_account")
JUDGED = ("blind_code", "judge_assignment", "score_record", "essay_result")
INTAKE_HEADERS = ("STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Đơn vị",
                  "Số điện thoại", "CCCD", "Số tài khoản", "Ngân hàng", "Tên bài viết",
                  "Tên tệp")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
MIDDLE = ("Thị", "Văn", "Minh", "Ngọc", "Quốc", "Thanh")
GIVEN = ("Hoa", "Lan", "Hùng", "Dũng", "Mai", "Tâm", "Bình", "Hương", "Sơn", "Yến")


def vacuum(url: str, tables: tuple[str, ...]) -> None:
    """PostgreSQL: what autovacuum does within minutes of bulk inserts on a live system
    (statistics and the visibility map), as benchmarks/tallies.py does."""
    if url.startswith("sqlite"):
        return
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                         autocommit=True) as connection:
        for table in tables:
            connection.execute(f"VACUUM (ANALYZE) {table}")
    log(f"vacuum analyze {', '.join(tables)}: {time.perf_counter() - started:.1f} s")


def person(n: int) -> str:
    """A name of letters only (a name with a digit is refused), 600 different ones."""
    return (f"{SURNAMES[n % 10]} {MIDDLE[n // 10 % 6]} {GIVEN[n // 60 % 10]}")


def intake_files(count: int, unit_code: str) -> tuple[bytes, bytes]:
    """A unit's batch as officers send it: the list (.xlsx, a title line above the columns
    backend/essays/intake_rows.py COLUMNS reads) and a .zip of `count` distinct small .docx."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH BÀI DỰ THI GỬI THEO LÔ"])
    sheet.append(list(INTAKE_HEADERS))
    docx = Docx()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(1, count + 1):
            file_name = f"bai-lo-{n:03d}.docx"
            sheet.append([n, person(n), 1960 + n % 40,
                          "Nữ" if n % 2 else "Nam", "Chuyên viên", unit_code,
                          f"0912{n:06d}", None, None, None,
                          f"Dân vận khéo gửi theo lô, bài {n}", file_name])
            archive.writestr(file_name, docx.make(
                f"Bài gửi theo lô số {n}: " + essay_text(100_000 + n)))
    listing = io.BytesIO()
    workbook.save(listing)
    return listing.getvalue(), buffer.getvalue()


def bulk_import(settings, built: dict, count: int) -> dict:
    """One unit's batch through the platform: start_intake (the files judged, stored, the
    batch queued) and run_intake (the background work, in-process, every row), timed
    together; every row must be accepted."""
    from sqlalchemy import select

    from backend.clock import utcnow
    from backend.db import Database
    from backend.essays.intake import Upload, start_intake
    from backend.essays.intake_worker import run_intake
    from backend.essays.models import BatchState, IntakeBatch, IntakeRow, RowOutcome
    from backend.units.models import Unit

    code = built["top_units"][0]
    sheet, archive = intake_files(count, code)
    log(f"bulk intake: {count} rows for {code}, list {len(sheet) / 1024:.0f} KB, "
        f"zip {len(archive) / 1024:.0f} KB")
    database = Database(settings)
    with database.scope() as session:
        unit_id = session.execute(select(Unit.id).where(Unit.code == code)).scalar_one()
        session.commit()
    rows_done = []
    started = time.perf_counter()
    with database.scope() as session:
        batch = start_intake(session=session, settings=settings,
                             competition_id=built["competition_id"], unit_id=unit_id,
                             sheet=Upload("danh-sach.xlsx", io.BytesIO(sheet)),
                             archive=Upload("bai-du-thi.zip", io.BytesIO(archive)),
                             actor=None, now=utcnow())
        batch_id = batch.id
    queued = time.perf_counter() - started

    def progress(done: int, total: int) -> None:
        rows_done.append(done)
        if done % 50 == 0 or done == total:
            log(f"  intake {done}/{total} rows, {time.perf_counter() - started:.1f} s")

    state = run_intake(database=database, settings=settings, batch_id=batch_id, now=utcnow(),
                       progress=progress)
    seconds = time.perf_counter() - started
    with database.scope(write=False) as session:
        batch = session.get(IntakeBatch, batch_id)
        counts = (batch.state, batch.total_rows, batch.accepted, batch.duplicates,
                  batch.rejected)
        session.commit()
    log(f"bulk intake: {seconds:.2f} s (start_intake {queued:.2f} s), {counts}")
    if state is not BatchState.DONE or counts[1:] != (count, count, 0, 0):
        with database.scope(write=False) as session:
            refused = session.execute(select(IntakeRow.row_number, IntakeRow.message).where(
                IntakeRow.batch_id == batch_id, IntakeRow.outcome != RowOutcome.ACCEPTED)
                .order_by(IntakeRow.row_number).limit(5)).all()
        raise SystemExit(f"bulk intake did not accept every row: {state} {counts} {refused}")
    database.dispose()
    return {"bulk_import_300_s": round(seconds, 2), "bulk_import_start_s": round(queued, 2),
            "bulk_import_rows": count}


def extract(settings, count: int) -> dict:
    """The text of the batch's essays, read afterwards by the scheduled job
    (extract_pending_texts: each file in a child process), timed apart: the intake answers
    without it, and the build's essays carry their text already."""
    from backend.db import Database
    from backend.essays.extraction import extract_pending_texts

    database = Database(settings)
    started = time.perf_counter()
    run = extract_pending_texts(database=database, seconds=600)
    seconds = time.perf_counter() - started
    database.dispose()
    log(f"text extraction: {seconds:.2f} s, {run.done} done, {run.failed} failed")
    if (run.done, run.failed) != (count, 0):
        raise SystemExit(f"text extraction: {run}")
    return {"extract_texts_s": round(seconds, 2)}


def assign(settings, built: dict, judging_now) -> dict:
    """start_judging on the city level at a moment after its window: codes, the rubric
    locked, two judges for every essay, in one transaction; checked."""
    from collections import Counter

    from sqlalchemy import select

    from backend.db import Database
    from backend.judging import service as judging
    from backend.judging.models import Assignment

    database = Database(settings)
    city = built["city_level_id"]
    with database.scope() as session:
        started = time.perf_counter()
        report = judging.start_judging(session=session, level_id=city, actor_id=None,
                                       now=judging_now)
        seconds = time.perf_counter() - started
        pairs = Counter(session.execute(select(Assignment.essay_id).where(
            Assignment.level_id == city, Assignment.revoked_at.is_(None))).scalars())
        loads = Counter(session.execute(select(Assignment.judge_id).where(
            Assignment.level_id == city)).scalars())
        session.commit()
    database.dispose()
    log(f"assign: {seconds:.2f} s, {report.coded} coded, {report.assigned} assigned, "
        f"{len(report.unassigned)} unassigned; judges' loads {min(loads.values())}-"
        f"{max(loads.values())}")
    if report.unassigned or len(pairs) != report.coded or set(pairs.values()) != {2}:
        raise SystemExit(f"not every essay has two judges: {report.problems[:5]}")
    return {"assign_s": round(seconds, 2), "coded": report.coded,
            "assignments": report.assigned}


def score_rows(assignments, criteria, judging_now, rng: random.Random, *,
               disagree: set[int]) -> list[dict]:
    """A score record for each assignment: the two judges of an essay agree within the
    competition's thresholds (totals a few points apart), except on the essays in
    `disagree`, whose second judge gives 25 points less."""
    quality: dict[int, float] = {}
    rows = []
    for a in assignments:
        base = quality.setdefault(a.essay_id, rng.uniform(0.45, 0.95))
        share = min(1.0, max(0.0, base + rng.uniform(-0.03, 0.03)))
        if a.essay_id in disagree and a.kind.value == "second":
            share = max(0.0, share - 0.25)
        points = {str(c.id): round(c.max_points * share * 2) / 2 for c in criteria}
        rows.append({"assignment_id": a.id, "level_id": a.level_id, "essay_id": a.essay_id,
                     "judge_id": a.judge_id, "points": points,
                     "total": sum(points.values()), "reason": "",
                     "recorded_by": a.user_id,
                     "recorded_at": judging_now + timedelta(minutes=rng.randint(1, 600))})
    return rows


def score(settings, built: dict, judging_now, *, thirds: int, seed: int = 11) -> dict:
    """Two judges' scores for every assignment, written straight as ScoreRecord rows (one
    bulk insert: generating data, not measuring the judges' page, which record_score serves
    one score at a time). `thirds` essays whose pair share a block (a third judge must come
    from a block neither belongs to) get scores apart beyond the threshold; assign_judges,
    the service, then calls their third judges, whose scores are inserted the same way."""
    from sqlalchemy import insert, select

    from backend.db import Database
    from backend.judging import service as judging
    from backend.judging.models import Assignment, AssignmentKind, ScoreRecord
    from backend.writing import service as writing
    from backend.writing.models import WritingJudge

    rng = random.Random(seed)
    database = Database(settings)
    city = built["city_level_id"]

    def active(session, kinds):
        return session.execute(
            select(Assignment.id, Assignment.level_id, Assignment.essay_id,
                   Assignment.judge_id, Assignment.kind, WritingJudge.user_id,
                   WritingJudge.block_id)
            .join(WritingJudge, WritingJudge.id == Assignment.judge_id)
            .where(Assignment.level_id == city, Assignment.revoked_at.is_(None),
                   Assignment.kind.in_(kinds)).order_by(Assignment.id)).all()

    started = time.perf_counter()
    with database.scope() as session:
        criteria = writing.rubric_of(session=session, competition_id=built["competition_id"])
        pairs = active(session, [AssignmentKind.FIRST, AssignmentKind.SECOND])
        blocks: dict[int, set] = {}
        for a in pairs:
            blocks.setdefault(a.essay_id, set()).add(a.block_id)
        same_block = sorted(e for e, b in blocks.items() if len(b) == 1)
        disagree = set(rng.sample(same_block, min(thirds, len(same_block))))
        session.execute(insert(ScoreRecord), score_rows(pairs, criteria, judging_now, rng,
                                                        disagree=disagree))
        session.commit()
    later = judging_now + timedelta(hours=12)
    with database.scope() as session:
        report = judging.assign_judges(session=session, level_id=city, actor_id=None,
                                       now=later)
    with database.scope() as session:
        called = active(session, [AssignmentKind.THIRD])
        session.execute(insert(ScoreRecord), score_rows(called, criteria, later, rng,
                                                        disagree=set()))
        session.commit()
    database.dispose()
    log(f"scores: {len(pairs):,} + {len(called)} third judges' in "
        f"{time.perf_counter() - started:.1f} s ({len(disagree)} pairs apart, "
        f"{report.thirds} third judges called, {len(report.third_missing)} missing)")
    return {"scores": len(pairs) + len(called), "third_judges": report.thirds}


def aggregate(settings, built: dict, judging_now) -> dict:
    """Prize tiers on the city level (set_prize_tiers), then aggregate_level timed: every
    essay's final score, rank and prize; checked."""
    from backend.db import Database
    from backend.judging.aggregate import aggregate_level
    from backend.writing import service as writing

    database = Database(settings)
    city = built["city_level_id"]
    with database.scope() as session:
        writing.set_prize_tiers(session=session, level_id=city, tiers=[
            ("Giải A", 5, None), ("Giải B", 15, None), ("Giải C", 30, None),
            ("Khuyến khích", 76, None)], actor_id=None, now=judging_now)
    now = judging_now + timedelta(days=1)
    with database.scope() as session:
        started = time.perf_counter()
        summary = aggregate_level(session=session, level_id=city, now=now)
        seconds = time.perf_counter() - started
    database.dispose()
    given = sum(p.given for p in summary.prizes)
    log(f"aggregate: {seconds:.2f} s, {summary.essays} essays, {summary.scored} scored, "
        f"{summary.ranked} ranked, {given} prizes, {summary.changed} rows written")
    if summary.ranked != summary.essays or summary.missing or summary.pending_third:
        raise SystemExit(f"not every essay ranked: {summary}")
    return {"aggregate_s": round(seconds, 2), "ranked": summary.ranked, "prizes": given}


def export(settings, built: dict, judging_now) -> dict:
    """The writing spreadsheets as the organisers download them (backend.writing.downloads
    .build, each timed): essays per unit and block, the city scores by code, then, scores
    locked and identities re-joined (ráp phách), the scores with names and the prize list."""
    from backend.db import Database
    from backend.judging.reveal import lock_scores, reveal_identities
    from backend.writing import downloads

    database = Database(settings)
    city = built["city_level_id"]
    now = judging_now + timedelta(days=2)
    figures = {}

    def timed(kind: str, key: str) -> None:
        with database.scope() as session:
            started = time.perf_counter()
            made = downloads.build(session=session, competition_id=built["competition_id"],
                                   user=None, kind=kind, zone=settings.zone, now=now)
            figures[key] = round(time.perf_counter() - started, 3)
        log(f"export {key}: {figures[key]:.2f} s, {made.rows:,} rows, "
            f"{len(made.content) / 1024:.0f} KB")

    timed("essays", "export_essays_s")
    timed("scores", "export_scores_by_code_s")
    with database.scope() as session:
        lock_scores(session=session, level_id=city, actor_id=None, now=now)
        reveal_identities(session=session, level_id=city, actor_id=None, now=now)
    timed("scores", "export_scores_s")
    timed("prizes", "export_prizes_s")
    database.dispose()
    # export_s: the three files an organiser downloads after ráp phách, one after another.
    figures["export_s"] = round(figures["export_essays_s"] + figures["export_scores_s"]
                                + figures["export_prizes_s"], 2)
    return figures


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL URL of a database of the benchmark's own (dropped and "
                             "created again); SQLite in a temporary folder by default")
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--essays", type=int, default=8_000)
    parser.add_argument("--forwarded", type=int, default=1_546)
    parser.add_argument("--judges", type=int, default=24)
    parser.add_argument("--intake", type=int, default=300, help="rows of the bulk intake")
    parser.add_argument("--thirds", type=int, default=30,
                        help="essays whose two judges disagree (a third judge is called)")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="thidua-writing-") as folder:
        url, settings = fresh_database(args.database_url, folder, "writing")
        started = time.perf_counter()
        built = build(settings, units=args.units, essays=args.essays,
                      forwarded=args.forwarded, judges=args.judges)
        build_s = time.perf_counter() - started
        log(f"build: {build_s:.1f} s")
        vacuum(url, FILLED)
        figures = {"essays": args.essays, "units": args.units, "forwarded": args.forwarded,
                   "judges": args.judges, "database": url.split(":", 1)[0].split("+")[0]}
        figures |= bulk_import(settings, built, args.intake)
        figures |= extract(settings, args.intake)
        # The services take `now`: a moment after the city level's window instead of a wait.
        judging_now = built["now"] + timedelta(days=21)
        figures |= assign(settings, built, judging_now)
        figures |= score(settings, built, judging_now, thirds=args.thirds)
        vacuum(url, JUDGED)
        figures |= aggregate(settings, built, judging_now)
        figures |= export(settings, built, judging_now)
        figures["build_s"] = round(build_s, 1)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()

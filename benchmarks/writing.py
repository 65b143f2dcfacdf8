"""The writing competition at scale: 50 units in three blocks, 8,000 essays as small .docx
files (scored by their units), 1,546 of them forwarded to the city round and scored there by
two judges each; measures one unit's bulk intake of 300 essays (.xlsx + .zip, through the
background worker), assigning judges for the city round, aggregating and ranking it, and the
exports.

    .venv/bin/python benchmarks/writing.py
    .venv/bin/python benchmarks/writing.py --database-url \\
        postgresql+psycopg://postgres@127.0.0.1:5432/thidua_bench

Builds a fresh database (a PostgreSQL database named here is dropped and created again).
Progress goes to stderr; the last line on stdout is one JSON object with the figures.
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
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="thidua-writing-") as folder:
        _, settings = fresh_database(args.database_url, folder, "writing")
        started = time.perf_counter()
        built = build(settings, units=args.units, essays=args.essays,
                      forwarded=args.forwarded, judges=args.judges)
        log(f"build: {time.perf_counter() - started:.1f} s")
        figures = {"essays": args.essays, "units": args.units, "forwarded": args.forwarded,
                   "judges": args.judges}
        print(json.dumps(figures, ensure_ascii=False))
        assert built


if __name__ == "__main__":
    main()

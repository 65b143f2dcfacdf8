"""The "Dân vận khéo" movement at the city's size: the 2023 unit tree, a year of 9,000 entries,
15,000 nominees (6,400 collectives, 8,600 individuals) in the units' proposals, and one
decision awarding them all; measures building that decision's commendation list.

    .venv/bin/python benchmarks/movement.py
    .venv/bin/python benchmarks/movement.py --database-url \\
        postgresql+psycopg://postgres@127.0.0.1:5432/thidua_movement_bench

Builds a fresh database (a PostgreSQL database named here is dropped and created again, and
its filled tables vacuumed and analysed, as autovacuum would on a live system): the demo tree
of 2023 (`backend/demo/units_2023.py`: 22 districts, 5 party committees, 6 mass organisations,
wards of two districts), a movement year with entries spread over units, kinds, fields and
steps, the default award forms and two more, a submitted proposal per unit directly under the
city and the organiser's own, and the nominees, all by bulk inserts of plain rows. Then, in a
child process of its own (so that its peak memory is the export's):

    export_s   backend.commendations.lists.write_decision_list, the function the page, the
               API and `thidua commendations export` call, into a spooled temporary file as
               the page does (target 10 s); export_cpu_s the CPU time it took, rows the
               sheet's rows taken (nominees and unit heading rows), file_mb, and
               export_peak_rss_mb the child's resident-memory high-water mark

Progress goes to stderr; the last line on stdout is one JSON object with the figures.
"""

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from contest_replay import import_unit_rows, log
from results import fresh_database
from writing import person, vacuum

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FILLED = ("movement_entry", "movement_entry_step", "commendation_proposal",
          "commendation_nominee", "commendation_decision")
POSITIONS = ("Bí thư Chi bộ", "Chủ tịch UBMTTQ", "Tổ trưởng tổ dân phố", "Chuyên viên",
             "Phó Chủ tịch Hội Phụ nữ", "Bí thư Đoàn phường", "Trưởng khu phố")
COLLECTIVE_NAMES = ("Ủy ban Mặt trận Tổ quốc", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên",
                    "Hội Cựu chiến binh", "Tổ dân phố số", "Chi bộ khu phố")


def build(settings, *, entries: int, collectives: int, individuals: int, seed: int = 11
          ) -> dict:
    """The tree, a year with `entries` entries, proposals and nominees, and the decision."""
    from sqlalchemy import insert, select

    from backend.commendations import service as commendations
    from backend.commendations.models import (
        AwardKind,
        Decision,
        Nominee,
        NomineeKind,
        Proposal,
        ProposalStatus,
        Source,
    )
    from backend.db import Database
    from backend.demo.units_2023 import unit_rows
    from backend.movement import service as movement
    from backend.movement.models import EntryKind, EntryStatus, EntryStep, MovementEntry
    from backend.units.models import Unit

    rng = random.Random(seed)
    database = Database(settings)
    now = datetime(2023, 10, 10, 3, 0, tzinfo=UTC)
    import_unit_rows(database, unit_rows(), now)
    with database.scope() as session:
        units = list(session.execute(select(Unit.id, Unit.parent_id, Unit.depth)).all())
        period = movement.create_year(session=session, year=2023, title="Dân vận khéo 2023",
                                      opens_at=now - timedelta(days=200),
                                      closes_at=now - timedelta(days=100))
        year_id = period.id
        fields = [f.id for f in movement.fields_of(session=session, year_id=year_id)]
        forms = commendations.ensure_default_forms(session=session)
        forms += [commendations.add_award_form(
            session=session, kind=AwardKind.CUSTOM, name=name, issuing_level="Thành ủy")
            for name in ("Kỷ niệm chương Vì sự nghiệp Dân vận", "Giấy chứng nhận tiêu biểu")]
        form_ids = [form.id for form in forms]
        session.commit()
    below = [u.id for u in units if u.depth >= 1]
    top = [u.id for u in units if u.depth == 1]
    top_of = {u.id: (u.id if u.depth == 1 else u.parent_id) for u in units if u.depth >= 1}
    statuses, kinds = list(EntryStatus), list(EntryKind)
    entry_ids = _insert_entries(database, insert, MovementEntry, EntryStep, rng, entries,
                                year_id, below, kinds, fields, statuses, now)
    with database.scope() as session:
        proposal_ids = dict(zip(top, session.execute(insert(Proposal).returning(Proposal.id), [
            {"year": 2023, "title": f"Đề nghị khen thưởng Dân vận khéo 2023 ({unit_id})",
             "unit_id": unit_id, "status": ProposalStatus.SUBMITTED.value,
             "created_at": now, "submitted_at": now} for unit_id in top]).scalars(), strict=True))
        decision_id = session.execute(insert(Decision).returning(Decision.id), [{
            "number": "127-QĐ/BDVTU", "signed_date": date(2023, 10, 15),
            "title": "Về việc khen thưởng tập thể, cá nhân điển hình “Dân vận khéo” năm 2023",
            "signer_name": "Nguyễn Văn Minh", "signer_title": "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ",
            "issuing_body": "Ban Thường vụ Thành ủy", "year": 2023, "created_at": now,
            "notes": ""}]).scalar_one()
        rows = []
        for n in range(collectives + individuals):
            unit_id = rng.choice(below)
            individual = n >= collectives
            key = (f"movement_entry:{entry_ids[n]}" if n < len(entry_ids)
                   else f"direct:{n}")
            rows.append({
                "proposal_id": proposal_ids[top_of[unit_id]],
                "kind": (NomineeKind.INDIVIDUAL if individual else NomineeKind.COLLECTIVE).value,
                "name": person(n) if individual else f"{rng.choice(COLLECTIVE_NAMES)} {n}",
                "birth_year": 1955 + n % 45 if individual else None,
                "gender": ("nu" if n % 3 else "nam") if individual else None,
                "position": rng.choice(POSITIONS) if individual else "", "unit_id": unit_id,
                "achievement": f"Có mô hình, giải pháp “Dân vận khéo” tiêu biểu năm 2023 "
                               f"(số {n}), được nhân rộng ở địa phương",
                "award_form_id": form_ids[n % len(form_ids)], "note": "",
                "source": (Source.MOVEMENT_ENTRY if n < len(entry_ids) else Source.DIRECT).value,
                "achievement_key": key, "decision_id": decision_id, "created_at": now})
        for start in range(0, len(rows), 5_000):
            session.execute(insert(Nominee), rows[start:start + 5_000])
        session.commit()
    database.dispose()
    return {"decision_id": decision_id, "units": len(units), "proposals": len(proposal_ids)}


def _insert_entries(database, insert, entry_model, step_model, rng, count, year_id, units,
                    kinds, fields, statuses, now) -> list[int]:
    rows = [{"year_id": year_id, "unit_id": rng.choice(units), "kind": rng.choice(kinds).value,
             "title": f"Mô hình số {n}", "title_key": f"mô hình số {n}",
             "field_id": rng.choice(fields), "people": "Tổ dân phố",
             "description": "Vận động nhân dân cùng làm.", "results": "Được nhân rộng.",
             "status": rng.choice(statuses).value, "rejected_reason": "",
             "created_at": now, "updated_at": now} for n in range(1, count + 1)]
    with database.scope() as session:
        ids = list(session.execute(insert(entry_model).returning(entry_model.id),
                                   rows).scalars())
        session.execute(insert(step_model), [
            {"entry_id": entry_id, "to_status": "registered", "reason": "", "at": now}
            for entry_id in ids])
        session.commit()
    return ids


def child(url: str, decision_id: int) -> None:
    """The export alone in this process: its time, rows, file size and peak memory."""
    from backend.commendations import list_api, lists, service
    from backend.config import Settings
    from backend.db import Database

    database = Database(Settings(database_url=url, environment="production",
                                 secret_key="benchmark-" + "x" * 40))
    with database.scope(write=False) as session, \
            tempfile.SpooledTemporaryFile(list_api.SPOOL) as target:
        started, cpu = time.perf_counter(), time.process_time()
        decision = service.get_decision(session=session, decision_id=decision_id)
        rows = lists.write_decision_list(session=session, decision=decision, target=target)
        export_s, cpu_s = time.perf_counter() - started, time.process_time() - cpu
        size = target.tell()
    database.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"export_s": round(export_s, 2), "export_cpu_s": round(cpu_s, 2),
                      "rows": rows,
                      "file_mb": round(size / 1e6, 2), "export_peak_rss_mb": round(peak, 1)}))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL URL of a database of the benchmark's own (dropped and "
                             "created again); SQLite in a temporary folder by default")
    parser.add_argument("--entries", type=int, default=9_000)
    parser.add_argument("--collectives", type=int, default=6_400)
    parser.add_argument("--individuals", type=int, default=8_600)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)  # the decision's id
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.child:
        child(args.database_url, args.child)
        return
    with tempfile.TemporaryDirectory(prefix="thidua-movement-") as folder:
        url, settings = fresh_database(args.database_url, folder, "movement")
        started = time.perf_counter()
        built = build(settings, entries=args.entries, collectives=args.collectives,
                      individuals=args.individuals)
        build_s = time.perf_counter() - started
        log(f"build: {build_s:.1f} s, {built}")
        vacuum(url, FILLED)
        measured = subprocess.run(
            [sys.executable, __file__, "--database-url", url, "--child",
             str(built["decision_id"])], check=True, capture_output=True, text=True)
        figures = {"entries": args.entries, "nominees": args.collectives + args.individuals,
                   "collectives": args.collectives, "individuals": args.individuals,
                   "units": built["units"], "database": url.split(":", 1)[0].split("+")[0],
                   **json.loads(measured.stdout.strip().splitlines()[-1]),
                   "build_s": round(build_s, 1)}
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()

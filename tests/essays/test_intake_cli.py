"""`thidua essays import`: a batch taken in the foreground with its counts and each refused
row named; a command killed with SIGKILL mid-batch, then resumed, leaves exactly one essay per
good row."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select, update

from backend.clock import utcnow
from backend.essays.models import BatchState, Essay, IntakeBatch, IntakeRow, RowOutcome
from tests.essays.intake_files import archive, essay_docx, good_batch, line, sheet
from tests.factories import settings_environment

ROOT = Path(__file__).resolve().parents[2]


def write_batch(tmp_path: Path, files: tuple[bytes, bytes]) -> tuple[Path, Path]:
    paths = tmp_path / "DS.xlsx", tmp_path / "BAI.zip"
    for path, data in zip(paths, files, strict=True):
        path.write_bytes(data)
    return paths


def test_the_command_takes_a_batch_and_names_each_refused_row(thidua, tmp_path, session,
                                                             competition, tree):
    session.commit()
    paths = write_batch(tmp_path, (
        sheet([line(1), line(2), line(3, **{"Tên tệp": "thieu.docx"})]),
        archive({"bai-01.docx": essay_docx(1), "bai-02.docx": essay_docx(2)})))

    result = thidua("essays", "import", "--competition", competition.id, "--unit", "q1",
                    *paths)

    assert result.exit_code == 0, result.output
    assert "Lô số 1: 3 dòng (đang chờ)." in result.output
    assert ("Danh sách “DS.xlsx”, tệp nén “BAI.zip”: 3 dòng, đã xử lý 3; đã nhận 2, trùng 0, "
            "bị từ chối 1.") in result.output
    assert ("DS.xlsx: Bị từ chối: Dòng 5, cột “Tên tệp (cột L)”: Không có tệp “thieu.docx” "
            "trong tệp nén “BAI.zip”.") in result.output


def test_a_list_that_cannot_be_read_is_refused_naming_the_file_and_column(
        thidua, tmp_path, session, competition, tree):
    session.commit()
    from tests.factories import xlsx_bytes

    paths = write_batch(tmp_path, (xlsx_bytes(["Họ và tên", "Năm sinh"], [("Lê Hoa", 1980)]),
                                   archive({"bai-01.docx": essay_docx(1)})))

    result = thidua("essays", "import", "--competition", competition.id, "--unit", "Q1",
                    *paths)

    assert result.exit_code == 1
    assert "Tệp “DS.xlsx” có 1 lỗi, chưa có dòng nào được lưu." in result.output
    assert f"{paths[0]}: Trang tính “Sheet”: Không tìm thấy cột “Giới tính”" in result.output


def test_a_command_killed_mid_batch_then_resumed_leaves_one_essay_per_good_row(
        thidua, tmp_path, session, database, database_url, competition, tree):
    session.commit()
    count = 20
    paths = write_batch(tmp_path, good_batch(count))
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    env.update(settings_environment(database_url))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = subprocess.Popen(
        [sys.executable, "-c", "from backend.cli import app; app()", "essays", "import",
         "--competition", str(competition.id), "--unit", "Q1", *map(str, paths)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and done_rows(database) < 3:
            assert command.poll() is None, "the command ended before it could be killed"
            time.sleep(0.02)
        os.kill(command.pid, signal.SIGKILL)
    finally:
        command.wait()
    batch = batch_of(database)
    assert batch.state is BatchState.RUNNING
    assert 3 <= batch.done_rows < count
    # The dead command's lease runs out (2 minutes), as the clock would have it.
    with database.scope() as write:
        write.execute(update(IntakeBatch).values(lease_until=utcnow()))
        write.commit()

    result = thidua("essays", "import", "--resume", batch.id)

    assert result.exit_code == 0, result.output
    batch = batch_of(database)
    with database.scope(write=False) as read:
        essays = read.execute(select(func.count()).select_from(Essay)).scalar()
        rows = read.execute(select(IntakeRow.outcome, IntakeRow.essay_id)).all()
    assert (batch.state, batch.done_rows, batch.accepted, essays) == (
        BatchState.DONE, count, count, count)
    assert {outcome for outcome, _ in rows} == {RowOutcome.ACCEPTED}
    assert len({essay_id for _, essay_id in rows}) == count


def batch_of(database) -> IntakeBatch:
    with database.scope(write=False) as read:
        batch = read.execute(select(IntakeBatch)).scalar_one()
        read.commit()
    return batch


def done_rows(database) -> int:
    with database.scope(write=False) as read:
        done = read.execute(select(IntakeBatch.done_rows)).scalar() or 0
        read.commit()
    return done

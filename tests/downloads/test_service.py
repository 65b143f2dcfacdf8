"""Asking for files and building them: one file per board version reused by all, built
once whoever races for it, taken over when its builder dies, logged, and cleaned up."""

import hashlib
import io
import threading
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select, update

from backend.audit.models import AuditEntry
from backend.clock import utcnow
from backend.downloads import build, upkeep
from backend.downloads.build import build_export
from backend.downloads.models import ExportChunk, ExportFile, ExportKind, ExportState
from backend.letterhead import service as letterhead
from backend.letterhead.models import Heading
from backend.results import service as results
from backend.results.models import ResultBoard, ResultState
from scheduled import jobs
from scheduled.registry import registered_jobs
from scheduled.runner import run_job
from tests.exports.conftest import row_of


def test_asking_again_for_the_same_board_version_reuses_the_file(scene):
    first = scene.built()

    again = scene.request()

    assert again.reused
    assert again.ready
    assert again.export.id == first.id
    assert scene.count(ExportFile) == 1


def test_a_new_ranking_gets_a_new_file_and_the_old_one_is_cleaned_up(scene):
    old = scene.built()
    scene.board.prizes = [{"tier": "Giải Nhất", "count": 2, "group": ""}]
    scene.session.add(scene.board)
    scene.session.commit()
    board = scene.finalise(round_=scene.round)  # ranked again: a new version
    new = scene.built(board=board)

    gone = upkeep.forget_superseded(database=scene.database, now=utcnow())

    assert new.id != old.id
    assert new.board_version == board.version
    assert gone == 1
    assert scene.count(ExportFile) == 1
    assert scene.count(ExportChunk, ExportChunk.export_id == old.id) == 0


def test_a_built_file_is_stored_in_chunks_with_its_size_and_digest(scene, monkeypatch):
    monkeypatch.setattr(build, "CHUNK_BYTES", 4096)

    export = scene.built()

    data = scene.file_bytes(export)
    assert export.state is ExportState.DONE
    assert (export.size, export.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert export.parts == scene.count(ExportChunk, ExportChunk.export_id == export.id) > 1
    assert (export.rows_done, export.rows_total) == (15, 15)


def test_building_goes_from_queued_to_running_to_done_with_progress(scene, monkeypatch):
    monkeypatch.setattr(build, "PROGRESS_EVERY", 5)
    export = scene.request().export
    seen = []

    def watch(done, total):
        stored = scene.stored(export.id)
        seen.append((stored.state, stored.rows_done, stored.rows_total, done))

    assert export.state is ExportState.QUEUED
    state = build_export(database=scene.database, export_id=export.id, progress=watch)

    assert state is ExportState.DONE
    assert seen[:4] == [(ExportState.RUNNING, 0, 15, 0), (ExportState.RUNNING, 5, 15, 5),
                        (ExportState.RUNNING, 10, 15, 10), (ExportState.RUNNING, 15, 15, 15)]
    assert seen[-1][0] is ExportState.DONE


def test_two_builders_at_once_build_the_file_once(scene):
    export = scene.request().export
    barrier, results = threading.Barrier(4), []

    def builder():
        barrier.wait()
        results.append(build_export(database=scene.database, export_id=export.id))

    threads = [threading.Thread(target=builder) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count(ExportState.DONE) == 1
    assert results.count(None) == 3
    assert scene.stored(export.id).state is ExportState.DONE


def test_a_builder_that_died_is_replaced_once_its_lease_runs_out(scene):
    export = scene.request().export
    later = utcnow() + build.LEASE + timedelta(seconds=1)
    with scene.database.scope() as session:  # a process claimed it, then was killed
        session.execute(update(ExportFile).where(ExportFile.id == export.id).values(
            state=ExportState.RUNNING, holder="dead:1", lease_until=utcnow() + build.LEASE,
            rows_done=4))
        session.commit()

    too_soon = build_export(database=scene.database, export_id=export.id)
    with scene.database.scope(write=False) as session:
        waiting = upkeep.pending(session=session, now=later)
    built = upkeep.build_pending(database=scene.database, clock=lambda: later)

    assert too_soon is None
    assert waiting == [export.id]
    assert built == 1
    assert scene.stored(export.id).state is ExportState.DONE


def test_a_stopping_process_puts_its_build_back_in_the_queue(scene, monkeypatch):
    monkeypatch.setattr(build, "PROGRESS_EVERY", 5)
    export = scene.request().export
    stop = threading.Event()

    state = build_export(database=scene.database, export_id=export.id, stop=stop,
                         progress=lambda done, total: done >= 5 and stop.set())

    stored = scene.stored(export.id)
    assert state is ExportState.QUEUED
    assert (stored.state, stored.holder, stored.rows_done) == (ExportState.QUEUED, "", 0)
    assert scene.count(ExportChunk) == 0


def test_a_failed_file_says_why_and_is_queued_again_when_asked_again(scene):
    export = scene.request().export
    with scene.database.scope() as session:  # the board was ranked again meanwhile
        session.execute(update(ResultBoard).where(ResultBoard.id == scene.board.id)
                        .values(version=ResultBoard.version + 1))
        session.commit()

    state = build_export(database=scene.database, export_id=export.id)
    failed = scene.stored(export.id)
    with scene.database.scope() as session:
        session.execute(update(ResultBoard).where(ResultBoard.id == scene.board.id)
                        .values(version=ResultBoard.version - 1))
        session.commit()
    again = scene.request()

    assert state is ExportState.FAILED
    assert failed.error.startswith("Kết quả đã được tổng hợp lại")
    assert (again.export.id, again.export.state, again.export.error) == (
        export.id, ExportState.QUEUED, "")


def test_every_request_is_audited_with_who_what_and_masking(scene, organiser):
    scene.request(actor_id=organiser.id, masked=False)
    scene.request(actor_id=organiser.id, masked=False)

    with scene.database.scope(write=False) as session:
        entries = [(e.actor_id, e.target, e.details["kind"], e.details["masked"],
                    e.details["reused"]) for e in session.execute(select(AuditEntry).where(
            AuditEntry.action == "results.export.request")).scalars()]
    assert entries == [(organiser.id, f"board:{scene.board.id}", "results", False,
                                   False),
                                  (organiser.id, f"board:{scene.board.id}", "results", False,
                                   True)]


def test_the_scheduled_job_prepares_results_and_prize_lists_once(scene):
    overall = scene.finalise()
    job = next(j for j in registered_jobs(scene.database.settings)
               if j.name == "prepare_result_files")

    built = run_job(database=scene.database, job=job, holder="a")
    again = jobs.prepare_result_files(database=scene.database, now=utcnow())

    assert built == 8  # two boards × results and prize list × masked and in full
    assert again == 0
    with scene.database.scope(write=False) as session:
        files = {(f.board_id, f.kind, f.masked, f.state) for f in session.execute(
            select(ExportFile)).scalars()}
    assert files == {
        (board, kind, masked, ExportState.DONE) for board in (scene.board.id, overall.id)
        for kind in (ExportKind.RESULTS, ExportKind.PRIZES) for masked in (True, False)}
    assert scene.request(kind=ExportKind.PRIZES).ready


def test_the_queue_job_builds_what_a_stopped_app_left_queued(scene):
    export = scene.request(kind=ExportKind.ATTEMPTS).export

    built = jobs.build_queued_exports(database=scene.database, now=utcnow())

    assert built == 1
    assert scene.stored(export.id).state is ExportState.DONE
    assert jobs.build_queued_exports(database=scene.database, now=utcnow()) == 0


def test_a_published_board_gets_a_file_saying_so_and_the_earlier_one_goes(scene):
    before = scene.built()
    with scene.database.scope() as session:
        results.publish(session=session, board=session.get(ResultBoard, scene.board.id),
                        actor_id=None, now=utcnow())

    after = scene.built()
    gone = upkeep.forget_superseded(database=scene.database, now=utcnow())

    assert after.id != before.id
    assert (after.board_version, after.board_state) == (before.board_version,
                                                        ResultState.PROVISIONAL)
    sheet = load_workbook(io.BytesIO(scene.file_bytes(after))).active
    assert row_of(sheet, "Tuần 1 – Kết quả tạm thời, đang trong thời hạn khiếu nại")
    assert gone == 1
    assert scene.count(ExportFile) == 1


def test_a_file_made_before_the_letterhead_changed_is_made_again(scene):
    before = scene.built()
    with scene.database.scope() as session:
        letterhead.update_letterhead(
            session=session, governing_body="Đảng bộ Quận 3", issuing_body="Ban Dân vận",
            heading=Heading.PARTY, place="Quận 3", signer_titles="Trưởng ban", signer_name="",
            recipients="", actor_id=None, now=utcnow())

    asked = scene.request()
    after = scene.built()

    assert (asked.export.id, asked.export.state) == (before.id, ExportState.QUEUED)
    assert after.id == before.id
    assert load_workbook(io.BytesIO(scene.file_bytes(after))).active["A1"].value == (
        "ĐẢNG BỘ QUẬN 3")

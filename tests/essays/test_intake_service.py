"""Bulk intake without HTTP: a unit's list and zip taken row by row, each bad row reported
with its place, the same files twice changing nothing, and a stopped batch resumed."""

import io

import pytest
from sqlmodel import func, select

from backend.blobs.models import StoredBlob
from backend.clock import utcnow
from backend.errors import Forbidden
from backend.essays.intake import Upload, report_of, start_intake
from backend.essays.intake_worker import run_intake
from backend.essays.models import BatchState, Essay, IntakeBatch, IntakeRow, RowOutcome
from tests.essays.intake_files import archive, essay_docx, good_batch, line, renamed_exe, sheet


def start(session, settings, competition, unit, files, *, actor=None, names=("DS.xlsx",
                                                                              "BAI.zip")):
    return start_intake(session=session, settings=settings, competition_id=competition.id,
                        unit_id=unit.id, sheet=Upload(names[0], io.BytesIO(files[0])),
                        archive=Upload(names[1], io.BytesIO(files[1])), actor=actor,
                        now=utcnow())


def run(database, settings, batch, **options):
    return run_intake(database=database, settings=settings, batch_id=batch.id, now=utcnow(),
                      **options)


def rows_of(session, batch) -> dict[int, IntakeRow]:
    rows = {r.row_number: r for r in session.exec(
        select(IntakeRow).where(IntakeRow.batch_id == batch.id))}
    session.commit()
    return rows


def essay_count(session) -> int:
    count = session.exec(select(func.count()).select_from(Essay)).one()
    session.commit()  # on SQLite this session would hold the only write connection
    return count


def fresh(session, batch) -> IntakeBatch:
    session.refresh(batch)
    session.commit()
    return batch


def test_a_good_batch_of_ten_is_taken_whole(session, settings, database, competition, tree,
                                            officer):
    batch = start(session, settings, competition, tree["Q1"], good_batch(10), actor=officer)

    assert (batch.state, batch.total_rows, batch.done_rows) == (BatchState.QUEUED, 10, 0)
    assert run(database, settings, batch) is BatchState.DONE
    fresh(session, batch)
    assert (batch.state, batch.done_rows, batch.accepted, batch.duplicates, batch.rejected) == (
        BatchState.DONE, 10, 10, 0, 0)
    rows = rows_of(session, batch)
    assert sorted(rows) == list(range(3, 13))  # a title line and the header come first
    assert {r.outcome for r in rows.values()} == {RowOutcome.ACCEPTED}
    essays = session.exec(select(Essay).order_by(Essay.id)).all()
    assert [e.title for e in essays] == [f"Dân vận khéo ở khu phố {n}" for n in range(1, 11)]
    assert {(e.intake_batch_id, e.unit_id, e.submitted_by) for e in essays} == {
        (batch.id, tree["Q1-BN"].id, officer.id)}


def test_bad_rows_are_reported_one_by_one_and_the_good_ones_taken(
        session, settings, database, competition, tree, officer):
    earlier_file = essay_docx(90)
    earlier = (sheet([line(90, **{"Năm sinh": 1975})]), archive({"bai-90.docx": earlier_file}))
    first = start(session, settings, competition, tree["Q1"], earlier, actor=officer)
    run(database, settings, first)
    lines = [
        line(1),
        line(2, **{"Tên tệp": "khong-co.docx"}),
        line(3, **{"Số điện thoại": "12345"}),
        line(4, **{"Năm sinh": "năm 80"}),
        line(5, unit="KHONG-CO"),
        line(6, unit="Q3-VTS"),
        line(7, **{"Tên tệp": "chuong-trinh.docx"}),
        line(8, **{"Tên tệp": "bai-cu.docx"}),
        line(9, **{"Tên tệp": "bai-01-ban-sao.docx"}),
        line(10, unit="Phường Bến Nghé"),
    ]
    files = {f"bai-{n:02d}.docx": essay_docx(n) for n in (1, 10)}
    files |= {"chuong-trinh.docx": renamed_exe(), "bai-cu.docx": earlier_file,
              "bai-01-ban-sao.docx": files["bai-01.docx"]}
    for n in (3, 4, 5, 6):
        files[f"bai-{n:02d}.docx"] = essay_docx(n)

    batch = start(session, settings, competition, tree["Q1"], (sheet(lines), archive(files)),
                  actor=officer)
    assert run(database, settings, batch) is BatchState.DONE

    fresh(session, batch)
    rows = rows_of(session, batch)
    assert (batch.done_rows, batch.accepted, batch.duplicates, batch.rejected) == (10, 2, 2, 6)
    said = {number - 2: (row.outcome, row.message) for number, row in rows.items()}
    assert said[1] == (RowOutcome.ACCEPTED, "")
    assert said[10] == (RowOutcome.ACCEPTED, "")
    assert said[2] == (RowOutcome.REJECTED, "Dòng 4, cột “Tên tệp (cột L)”: Không có tệp "
                       "“khong-co.docx” trong tệp nén “BAI.zip”.")
    assert said[3][1].startswith("Dòng 5, cột “Số điện thoại (cột G)”: Số điện thoại “12345” "
                                 "không hợp lệ.")
    assert said[4][1] == ("Dòng 6, cột “Năm sinh (cột C)”: Năm sinh “năm 80” không hợp lệ: hãy "
                          "ghi năm gồm 4 chữ số, ví dụ 1985.")
    assert said[5][1] == ("Dòng 7, cột “Đơn vị (cột F)”: Không có đơn vị “KHONG-CO” (theo mã "
                          "hoặc tên) trong cây đơn vị.")
    assert said[6][1] == ("Dòng 8, cột “Đơn vị (cột F)”: Đơn vị “Phường Võ Thị Sáu” không "
                          "thuộc Quận 1: lô này chỉ nhận bài của Quận 1 và các đơn vị trực "
                          "thuộc.")
    assert said[7][0] is RowOutcome.REJECTED
    assert said[7][1] == ("Dòng 9, cột “Tên tệp (cột L)”: Tệp “chuong-trinh.docx” không phải "
                          "tài liệu Word thật: nội dung là tệp chương trình (.exe). Hãy lưu bài "
                          "thành .docx, .pdf hoặc .odt rồi tải lên lại.")
    assert said[8][0] is RowOutcome.DUPLICATE
    assert said[8][1].startswith("Dòng 10: Trùng (cùng tệp) với bài “Dân vận khéo ở khu phố "
                                 f"90” (mã bài {rows_of(session, first)[3].essay_id}) đã nộp "
                                 "lúc ")
    assert said[8][1].endswith(f" qua lô số {first.id}.")
    assert said[9] == (RowOutcome.DUPLICATE, "Dòng 11: Trùng (cùng tệp) với dòng 3 của lô "
                       f"này: bài “Dân vận khéo ở khu phố 1” (mã bài {rows[3].essay_id}).")


def test_the_same_files_again_are_the_same_batch_and_change_nothing(
        session, settings, database, competition, tree, officer):
    files = good_batch(4)
    batch = start(session, settings, competition, tree["Q1"], files, actor=officer)
    run(database, settings, batch)
    blobs = session.exec(select(func.count()).select_from(StoredBlob)).one()

    again = start(session, settings, competition, tree["Q1"], files, actor=officer,
                  names=("DS (2).xlsx", "BAI (2).zip"))
    assert run(database, settings, again) is None  # done: nothing to take

    fresh(session, again)
    assert (again.id, again.state, again.accepted, again.sheet_name) == (
        batch.id, BatchState.DONE, 4, "DS.xlsx")
    assert essay_count(session) == 4
    assert session.exec(select(func.count()).select_from(IntakeBatch)).one() == 1
    assert session.exec(select(func.count()).select_from(StoredBlob)).one() == blobs


def test_a_stopped_batch_resumes_with_one_essay_per_good_row(
        session, settings, database, competition, tree, officer):
    batch = start(session, settings, competition, tree["Q1"], good_batch(10), actor=officer)

    assert run(database, settings, batch, max_rows=4) is BatchState.QUEUED
    fresh(session, batch)
    assert (batch.state, batch.done_rows, essay_count(session)) == (BatchState.QUEUED, 4, 4)

    assert run(database, settings, batch) is BatchState.DONE
    fresh(session, batch)
    assert (batch.done_rows, batch.accepted, essay_count(session)) == (10, 10, 10)


def test_an_essay_stored_but_not_recorded_before_a_crash_is_the_rows_own(
        session, settings, database, competition, tree, officer):
    batch = start(session, settings, competition, tree["Q1"], good_batch(3), actor=officer)
    run(database, settings, batch)
    # As if the worker died between storing row 4's essay and recording it.
    row = session.exec(select(IntakeRow).where(IntakeRow.row_number == 4)).one()
    essay_id = row.essay_id
    session.delete(row)
    session.execute(IntakeBatch.__table__.update().values(state="queued", done_rows=2,
                                                          accepted=2))
    session.commit()

    assert run(database, settings, batch) is BatchState.DONE
    fresh(session, batch)
    rows = rows_of(session, batch)
    assert (rows[4].outcome, rows[4].essay_id) == (RowOutcome.ACCEPTED, essay_id)
    assert (batch.done_rows, batch.accepted, batch.duplicates, essay_count(session)) == (
        3, 3, 0, 3)
    assert [r.outcome for r in rows.values()] == [RowOutcome.ACCEPTED] * 3


def test_a_running_batch_under_a_live_lease_is_left_alone(session, settings, database,
                                                          competition, tree, officer):
    batch = start(session, settings, competition, tree["Q1"], good_batch(2), actor=officer)
    session.execute(IntakeBatch.__table__.update().values(state="running",
                                                          lease_until=utcnow().replace(
                                                              year=2100)))
    session.commit()

    assert run(database, settings, batch) is None
    assert essay_count(session) == 0


def test_an_officer_cannot_start_a_batch_for_another_unit(session, settings, competition, tree,
                                                          officer):
    with pytest.raises(Forbidden) as refused:
        start(session, settings, competition, tree["Q3"], good_batch(2, unit="Q3-VTS"),
              actor=officer)

    assert "không có quyền" in refused.value.message
    session.rollback()
    assert session.exec(select(func.count()).select_from(IntakeBatch)).one() == 0


def test_the_report_lists_every_row_with_its_author_and_title(session, settings, database,
                                                             competition, tree, officer):
    batch = start(session, settings, competition, tree["Q1"], (
        sheet([line(1), line(2, **{"Năm sinh": 3000})]),
        archive({"bai-01.docx": essay_docx(1), "bai-02.docx": essay_docx(2)})), actor=officer)
    run(database, settings, batch)

    lines = report_of(session=session, settings=settings, batch=batch)

    assert [(x.row, x.author, x.title, x.outcome) for x in lines] == [
        (3, "Trần Thị Hoa", "Dân vận khéo ở khu phố 1", RowOutcome.ACCEPTED),
        (4, "Lê Thị Hoa", "Dân vận khéo ở khu phố 2", RowOutcome.REJECTED)]


def test_the_scheduled_job_takes_queued_and_abandoned_batches(session, settings, database,
                                                              competition, tree, officer):
    from scheduled import jobs

    queued = start(session, settings, competition, tree["Q1"], good_batch(2), actor=officer)
    abandoned = start(session, settings, competition, tree["Q1"], good_batch(3, first=11),
                      actor=officer)
    run(database, settings, abandoned, max_rows=1)
    session.execute(IntakeBatch.__table__.update().where(IntakeBatch.id == abandoned.id)
                    .values(state="running", lease_until=utcnow()))  # its worker died
    session.commit()

    assert jobs.take_essay_batches(database=database, now=utcnow()) == 2

    assert [(b.state, b.accepted) for b in (fresh(session, queued), fresh(session, abandoned))
            ] == [(BatchState.DONE, 2), (BatchState.DONE, 3)]
    assert essay_count(session) == 5


def test_two_workers_at_once_take_each_row_once(session, settings, database, competition, tree,
                                                officer):
    from concurrent.futures import ThreadPoolExecutor

    batch = start(session, settings, competition, tree["Q1"], good_batch(8), actor=officer)

    with ThreadPoolExecutor(2) as pool:
        ended = list(pool.map(lambda _: run(database, settings, batch), range(2)))

    assert sorted(ended, key=str) == sorted([BatchState.DONE, None], key=str)
    fresh(session, batch)
    assert (batch.done_rows, batch.accepted, essay_count(session)) == (8, 8, 8)


def test_files_are_found_in_folders_whatever_the_unicode_form_of_their_names(
        session, settings, database, competition, tree, officer):
    import unicodedata

    named = [line(1, **{"Tên tệp": "Bài dự thi - Trần Thị Hoa.docx"}),
             line(2, **{"Tên tệp": "Q1/Bài 2.docx"}),
             line(3, **{"Tên tệp": "bai-03.docx"})]
    files = {unicodedata.normalize("NFD", "Lô của Quận 1/Bài dự thi - Trần Thị Hoa.docx"):
             essay_docx(1), "Q1/Bài 2.docx": essay_docx(2), "Q3/Bài 2.docx": essay_docx(3),
             "a/bai-03.docx": essay_docx(4), "b/bai-03.docx": essay_docx(5)}
    batch = start(session, settings, competition, tree["Q1"], (sheet(named), archive(files)),
                  actor=officer)

    run(database, settings, batch)

    rows = rows_of(session, batch)
    assert [rows[n].outcome for n in (3, 4)] == [RowOutcome.ACCEPTED] * 2
    assert rows[5].message == ("Dòng 5, cột “Tên tệp (cột L)”: Tệp nén có 2 tệp tên "
                               "“bai-03.docx” ở các thư mục khác nhau; hãy ghi cả thư mục, ví "
                               "dụ “a/bai-03.docx”.")


def test_a_row_repeating_an_essay_sent_on_its_own_is_a_duplicate_naming_it(
        session, settings, database, competition, tree, officer):
    from backend.contestants.models import Gender
    from backend.essays import service as essays

    sent_alone = essays.submit_essay(
        session=session, settings=settings, competition_id=competition.id,
        author=essays.AuthorDetails(full_name="Trần Thị Hoa", birth_year=1961,
                                    gender=Gender.FEMALE, position="", unit_id=tree["Q1-BN"].id,
                                    phone="0912000001"),
        title="Dân vận khéo ở khu phố 1", upload=None,
        text="Dân vận khéo là biết lắng nghe dân. " * 20, actor=officer, now=utcnow())
    batch = start(session, settings, competition, tree["Q1"], good_batch(1), actor=officer)

    run(database, settings, batch)

    row = rows_of(session, batch)[3]
    assert (row.outcome, row.essay_id) == (RowOutcome.DUPLICATE, sent_alone.id)
    assert row.message.startswith("Dòng 3: Trùng (cùng tác giả và tên bài) với bài “Dân vận "
                                  f"khéo ở khu phố 1” (mã bài {sent_alone.id}) đã nộp lúc ")
    assert essay_count(session) == 1

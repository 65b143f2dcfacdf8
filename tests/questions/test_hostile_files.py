"""Spreadsheets that unpack large are refused with one clear problem, before they are read
whole; a file with thousands of bad rows lists 200 problems and the count of the rest."""

import io
import zipfile

import pytest

from backend import xlsxguard
from backend.errors import ImportRejected
from backend.questions import importer
from tests.questions.conftest import stored
from tests.questions.raw_xlsx import (
    QUESTION_HEADERS,
    many_rows_workbook,
    questions_workbook,
    row,
    shared_row,
    workbook,
)

SPLIT = "chia thành nhiều tệp nhỏ hơn rồi tải lên lần lượt"


def refusal(database, session, contest, data: bytes) -> ImportRejected:
    """Import a file that must be refused; nothing stored may change."""
    before = stored(database, contest.id)
    with database.scope(write=False) as read, pytest.raises(ImportRejected) as refused:
        importer.import_questions(read=read, write=session, contest_id=contest.id, data=data,
                                  filename="de-thi.xlsx", actor_id=None, now=None)
    assert stored(database, contest.id) == before
    return refused.value


def test_a_sheet_of_60_000_rows_is_refused_at_the_row_limit_with_one_problem(
        database, session, contest):
    data = many_rows_workbook(60_000, padding=60_000)

    refused = refusal(database, session, contest, data)

    assert len(data) < 2_000_000
    assert [str(p) for p in refused.problems] == [
        "Trang tính “Câu hỏi”: Trang tính có hơn 6.000 dòng (kể cả dòng trống có định dạng); "
        "mỗi lần nhập tối đa 5.000 dòng dữ liệu. Hãy xóa các dòng thừa ở cuối trang tính; nếu "
        f"vẫn nhiều, hãy {SPLIT}."]


def test_a_sheet_with_rows_far_below_is_refused_without_reading_the_gap(
        database, session, contest):
    data = workbook([shared_row(1, range(len(QUESTION_HEADERS))),
                     row(1_048_576, ["Câu hỏi ở tận cuối trang tính?"])],
                    strings=QUESTION_HEADERS)

    refused = refusal(database, session, contest, data)

    assert "Trang tính có hơn 6.000 dòng" in refused.problems[0].message


def test_another_sheet_that_openpyxl_would_read_whole_at_load_is_counted_first(
        database, session, contest):
    rows = [shared_row(n, (1, 2)) for n in range(1, 60_001)]
    data = workbook([shared_row(1, range(len(QUESTION_HEADERS)))], strings=QUESTION_HEADERS,
                    more=[("Danh mục", None, rows)], padding=60_000)

    refused = refusal(database, session, contest, data)

    assert refused.problems[0].sheet == "Danh mục"
    assert refused.problems[0].message.startswith("Trang tính có hơn 6.000 dòng")


def test_another_sheet_that_declares_its_size_is_left_unread(database, session, contest):
    rows = [shared_row(n, (1, 2)) for n in range(1, 20_001)]
    good = questions_workbook(3)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        first = archive.read("xl/worksheets/sheet1.xml").decode()
    body = first[first.index("<sheetData>") + 11:first.index("</sheetData>")]
    data = workbook([body], more=[("Danh mục", "A1:B20000", rows)])

    with database.scope(write=False) as read:
        checked = importer.check_questions_file(read=read, contest_id=contest.id, data=data,
                                                filename="de-thi.xlsx")

    assert len(checked) == 3


def test_5001_rows_of_data_are_one_too_many(database, session, contest):
    refused = refusal(database, session, contest, questions_workbook(5001))

    assert [str(p) for p in refused.problems] == [
        "Trang tính “Câu hỏi”: Trang tính có hơn 5.000 dòng dữ liệu; mỗi lần nhập tối đa "
        f"5.000 dòng. Hãy {SPLIT}."]


def test_a_sheet_declaring_a_million_rows_is_refused_before_a_row_is_read(
        database, session, contest):
    data = workbook([shared_row(1, range(len(QUESTION_HEADERS)))], strings=QUESTION_HEADERS,
                    dimension="A1:XFD1048576")

    refused = refusal(database, session, contest, data)

    assert [p.message for p in refused.problems] == [
        "Trang tính khai báo vùng dữ liệu A1:XFD1048576 (1.048.576 dòng, 16.384 cột), quá giới "
        "hạn 6.000 dòng và 200 cột của một lần nhập (5.000 dòng dữ liệu). Hãy xóa các dòng, "
        "cột thừa ở cuối trang tính (kể cả ô trống có định dạng) rồi lưu lại."]


def test_a_row_of_a_hundred_thousand_cells_is_refused(database, session, contest):
    wide = '<row r="2">' + '<c r="A2"/>' * 100_000 + "</row>"
    data = workbook([shared_row(1, range(len(QUESTION_HEADERS))), wide],
                    strings=QUESTION_HEADERS, padding=20_000)

    refused = refusal(database, session, contest, data)

    assert [p.message for p in refused.problems] == [
        "Dòng 2 có hơn 200 ô; mỗi dòng được đọc tối đa 200 cột. Hãy xóa các cột thừa bên phải."]


def test_a_shared_strings_table_that_unpacks_large_is_refused_from_the_zip_directory(
        database, session, contest):
    data = workbook([shared_row(1, range(len(QUESTION_HEADERS)))],
                    strings=[*QUESTION_HEADERS, "x" * (20 * 1024 * 1024)], padding=200_000)

    refused = refusal(database, session, contest, data)

    assert len(data) < 1_000_000
    assert [str(p) for p in refused.problems] == [
        "Phần chữ dùng chung của tệp (“xl/sharedStrings.xml”) quá lớn: giải nén ra 20,0 MB, "
        "tối đa 16,0 MB và 200.000 đoạn chữ. Hãy xóa các trang tính không cần nhập; nếu vẫn "
        f"lớn, hãy {SPLIT}."]


def test_a_shared_strings_table_of_too_many_strings_is_refused_while_counting(
        database, session, contest):
    data = workbook([shared_row(1, range(len(QUESTION_HEADERS)))],
                    strings=[*QUESTION_HEADERS, *(str(n) for n in range(250_000))])

    refused = refusal(database, session, contest, data)

    assert refused.problems[0].message.startswith(
        "Phần chữ dùng chung của tệp (“xl/sharedStrings.xml”) quá lớn")


def test_a_part_that_unpacks_beyond_its_limit_is_refused_before_it_is_read(
        database, session, contest):
    data = many_rows_workbook(100_000, padding=100_000)

    refused = refusal(database, session, contest, data)

    assert [str(p) for p in refused.problems] == [
        "Phần “xl/worksheets/sheet1.xml” của tệp giải nén ra 23,8 MB, quá giới hạn 16,0 MB cho "
        f"một phần. Hãy {SPLIT}."]


def test_a_sheet_with_a_dtd_is_refused_as_damaged(database, session, contest):
    source = workbook([shared_row(1, range(len(QUESTION_HEADERS)))], strings=QUESTION_HEADERS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(buffer, "w") as new:
        for name in old.namelist():
            text = old.read(name)
            if name == "xl/worksheets/sheet1.xml":
                text = text.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet')
            new.writestr(name, text)

    refused = refusal(database, session, contest, buffer.getvalue())

    assert [p.message for p in refused.problems] == [xlsxguard.DAMAGED]


def test_thousands_of_bad_rows_list_200_problems_and_count_the_rest(database, session, contest):
    data = questions_workbook(5000, answer="Z")

    refused = refusal(database, session, contest, data)

    assert refused.total == 5000
    assert refused.message.startswith("Tệp “de-thi.xlsx” có 5.000 lỗi, chưa có dòng nào được lưu.")
    assert len(refused.problems) == 201
    assert refused.problems[0].row == 2
    assert refused.problems[199].row == 201
    assert str(refused.problems[200]) == "… và 4.800 lỗi khác."
    assert refused.extra["problem_count"] == 5000
    assert len(refused.extra["problems"]) == 201


def test_a_good_file_of_5000_questions_is_read_whole(database, session, contest):
    with database.scope(write=False) as read:
        rows = importer.check_questions_file(read=read, contest_id=contest.id,
                                             data=questions_workbook(5000), filename="x.xlsx")

    assert (len(rows), rows[-1].row, rows[-1].draft.text) == (
        5000, 5001, "Câu hỏi số 5000 về công tác dân vận ở cơ sở?")

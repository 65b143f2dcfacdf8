"""Importing questions from .xlsx: all rows or none, every problem named by row and column."""

import hashlib
import io
import os
import unicodedata
import zipfile

import pytest

from backend.clock import utcnow
from backend.errors import ImportRejected
from backend.questions import importer, service
from backend.questions.models import Difficulty
from tests.questions.conftest import stored, take_contest, xlsx
from tests.questions.raw_xlsx import QUESTION_HEADERS

GOOD = [
    (1, "Bài báo “Dân vận” được đăng năm nào?", "1945", "1949", "1954", "1969", "B",
     "Lịch sử", "Dễ"),
    (2, "Ngày truyền thống công tác dân vận là ngày nào?", "15/10", "3/2", "19/5", "", "A",
     "Lịch sử", "TB"),
    (3, "Những phong trào nào do Ban Dân vận phát động?", "Dân vận khéo", "Xuân tình nguyện",
     "Học tập và làm theo", "Không có", "A, C", "Phong trào", "khó"),
]


def import_file(database, session, contest, data: bytes, filename: str = "cau-hoi.xlsx"):
    """Import as the pages and API do: read and checked on a read session of `database`,
    written on `session`."""
    with database.scope(write=False) as read:
        return importer.import_questions(read=read, write=session, contest_id=contest.id,
                                         data=data, filename=filename, actor_id=None,
                                         now=utcnow())


def refused(session, database, contest, data: bytes, filename="cau-hoi.xlsx") -> list[str]:
    """Import a file that must be refused; nothing stored may change. Returns problem lines."""
    before = stored(database, contest.id)
    with pytest.raises(ImportRejected) as rejected:
        import_file(database, session, contest, data, filename)
    assert "chưa có dòng nào được lưu" in rejected.value.message
    assert stored(database, contest.id) == before
    return [str(problem) for problem in rejected.value.problems]


def test_import_adds_questions_with_options_key_topic_and_difficulty(session, database, contest):
    summary = import_file(database, session, contest, xlsx(GOOD))

    assert (summary.added, summary.bank_version) == (3, 2)
    found = service.list_questions(session=session, contest_id=contest.id)
    assert [(b.question.number, b.question.topic, b.question.difficulty) for b in found] == [
        (1, "Lịch sử", Difficulty.EASY), (2, "Lịch sử", Difficulty.MEDIUM),
        (3, "Phong trào", Difficulty.HARD)]
    assert [o.text for o in found[1].options] == ["15/10", "3/2", "19/5"]
    assert [b.correct_letters for b in found] == [["B"], ["A"], ["A", "C"]]
    assert stored(database, contest.id)["audit"] == 1


def test_text_is_stored_nfc_and_hashed_by_its_folded_form(session, database, contest):
    decomposed = unicodedata.normalize("NFD", "  Mặt trận   Tổ quốc Việt Nam thành lập năm nào? ")
    data = xlsx([(1, decomposed, "1930", "1955", "", "", "A", "", "")])

    import_file(database, session, contest, data)

    question = service.list_questions(session=session, contest_id=contest.id)[0].question
    assert question.text == "Mặt trận Tổ quốc Việt Nam thành lập năm nào?"
    assert unicodedata.is_normalized("NFC", question.text)
    expected = hashlib.sha256("mặt trận tổ quốc việt nam thành lập năm nào?".encode()).hexdigest()
    assert question.text_hash == expected == service.text_hash(decomposed)
    assert question.difficulty == Difficulty.MEDIUM


@pytest.mark.parametrize("answer", ["A, C", "A;C", "AC", "a c", "C/A"])
def test_several_correct_letters_are_read_in_any_common_spelling(session, database, contest,
                                                                    answer):
    data = xlsx([(1, "Chọn hai ý đúng", "x", "y", "z", "", answer, "", "")])

    import_file(database, session, contest, data)

    bank = service.list_questions(session=session, contest_id=contest.id)[0]
    assert bank.correct_letters == ["A", "C"]


@pytest.mark.parametrize(("typed", "expected"), [
    ("dễ", Difficulty.EASY), ("DE", Difficulty.EASY), ("Trung bình", Difficulty.MEDIUM),
    ("trung binh", Difficulty.MEDIUM), ("TB", Difficulty.MEDIUM), ("KHÓ", Difficulty.HARD),
    ("kho", Difficulty.HARD)])
def test_difficulty_is_matched_ignoring_case_and_diacritics(session, database, contest,
                                                               typed, expected):
    data = xlsx([(1, "Câu hỏi", "a", "b", "", "", "A", "", typed)])

    import_file(database, session, contest, data)

    assert service.list_questions(session=session, contest_id=contest.id)[0].question.difficulty \
        == expected


def test_headers_match_loosely_and_options_e_f_are_optional_columns(session, database,
                                                                    contest):
    headers = ["cau hoi", "PHUONG AN A", "phương án b", "Phuong an C", "Phương Án D",
               "Phương án E", "Phương án F", "dap an", "chu de", "muc do"]
    rows = [("Câu sáu phương án", "1", "2", "3", "4", "5", "6", "F", "Tổng hợp", "Khó")]

    import_file(database, session, contest, xlsx(rows, headers=headers))

    bank = service.list_questions(session=session, contest_id=contest.id)[0]
    assert [o.letter for o in bank.options] == list("ABCDEF")
    assert bank.correct_letters == ["F"]


def test_each_import_increments_the_bank_version_by_one(session, database, contest):
    import_file(database, session, contest, xlsx(GOOD[:1]))
    import_file(database, session, contest, xlsx(GOOD[1:]))

    assert stored(database, contest.id)["version"] == 3
    assert [q[0] for q in stored(database, contest.id)["questions"]] == [1, 2, 3]


def test_a_topic_typed_differently_joins_the_topic_already_in_the_bank(session, database,
                                                                      contest):
    import_file(database, session, contest, xlsx(GOOD[:1]))
    import_file(database, session, contest,
                xlsx([(1, "Câu mới", "a", "b", "", "", "A", "LICH SU", "")]))

    counts = service.bank_counts(session=session, contest_id=contest.id)
    assert [(c.topic, c.difficulty, c.count) for c in counts] == [
        ("Lịch sử", Difficulty.EASY, 1), ("Lịch sử", Difficulty.MEDIUM, 1)]


def test_answer_letter_pointing_at_an_empty_option_is_refused(session, database, contest):
    problems = refused(session, database, contest,
                       xlsx([(1, "Câu hỏi", "a", "b", "c", "", "D", "", "")]))

    assert problems == ["Trang tính “Câu hỏi”, dòng 2, cột “Đáp án (cột G)”: "
                        "Đáp án D trỏ tới phương án D đang để trống."]


def test_fewer_than_two_options_is_refused(session, database, contest):
    problems = refused(session, database, contest,
                       xlsx([(1, "Câu hỏi", "Chỉ một phương án", "", "", "", "A", "", "")]))

    assert problems == ["Trang tính “Câu hỏi”, dòng 2, cột “Phương án B (cột D)”: "
                        "Câu hỏi cần ít nhất hai phương án (đang có 1)."]


def test_options_must_be_contiguous_from_a(session, database, contest):
    problems = refused(session, database, contest,
                       xlsx([(1, "Câu hỏi", "a", "b", "", "d", "A", "", "")]))

    assert problems == ["Trang tính “Câu hỏi”, dòng 2, cột “Phương án C (cột E)”: Phương án C "
                        "đang để trống trong khi phương án D có nội dung; các phương án phải "
                        "liền nhau từ A."]


def test_duplicate_question_within_the_file_is_refused(session, database, contest):
    twin = unicodedata.normalize("NFD", "BÀI BÁO  “DÂN VẬN” được đăng năm nào?")
    problems = refused(session, database, contest,
                       xlsx([GOOD[0], (2, twin, "1", "2", "", "", "A", "", "")]))

    assert problems == ["Trang tính “Câu hỏi”, dòng 3, cột “Câu hỏi (cột B)”: Câu hỏi trùng "
                        "với câu hỏi ở dòng 2 (chỉ khác chữ hoa, khoảng trắng hay cách gõ dấu "
                        "cũng là trùng)."]


def test_duplicate_of_a_question_already_in_the_bank_is_refused(session, database, contest):
    import_file(database, session, contest, xlsx(GOOD))

    problems = refused(session, database, contest, xlsx([
        (1, "Câu hỏi hoàn toàn mới", "a", "b", "", "", "A", "", ""),
        (2, "ngày truyền thống công tác dân vận là ngày nào?", "a", "b", "", "", "A", "", "")]))

    assert problems == ["Trang tính “Câu hỏi”, dòng 3, cột “Câu hỏi (cột B)”: Ngân hàng đã có "
                        "câu hỏi này (câu số 2). Muốn sửa câu đó, hãy dùng nút “Sửa” trong danh "
                        "sách câu hỏi."]


def test_empty_question_is_refused(session, database, contest):
    problems = refused(session, database, contest,
                       xlsx([(1, "   ", "a", "b", "", "", "A", "", "")]))

    assert problems == ["Trang tính “Câu hỏi”, dòng 2, cột “Câu hỏi (cột B)”: "
                        "Câu hỏi đang để trống."]


def test_unknown_difficulty_is_refused(session, database, contest):
    problems = refused(session, database, contest,
                       xlsx([(1, "Câu hỏi", "a", "b", "", "", "A", "", "Rất khó")]))

    assert problems == ["Trang tính “Câu hỏi”, dòng 2, cột “Mức độ (cột I)”: Mức độ “Rất khó” "
                        "không hợp lệ; chỉ dùng Dễ, Trung bình (TB) hoặc Khó."]


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "message"), [
    (os.urandom(2048), "Đây không phải tệp Excel .xlsx hợp lệ. Hãy mở tệp bằng Excel và lưu lại "
                       "dưới dạng “Excel Workbook (.xlsx)”."),
    (b"", "Tệp rỗng."),
    (docx_bytes(), "Tệp nén này không phải bảng tính Excel .xlsx."),
], ids=["random-bytes", "empty", "renamed-docx"])
def test_a_file_that_is_not_xlsx_is_refused(session, database, contest, data, message):
    assert refused(session, database, contest, data, filename="cau-hoi.xlsx") == [message]


def test_missing_required_column_is_refused(session, database, contest):
    headers = [h for h in QUESTION_HEADERS if h != "Đáp án"]
    problems = refused(session, database, contest,
                       xlsx([(1, "Câu hỏi", "a", "b", "", "", "", "")], headers=headers))

    assert problems == ["Trang tính “Câu hỏi”: Không tìm thấy cột “Đáp án” ở dòng tiêu đề "
                        "(trong 10 dòng đầu)."]


def test_empty_answer_is_refused(session, database, contest):
    problems = refused(session, database, contest,
                       xlsx([(1, "Câu hỏi", "a", "b", "", "", None, "", "")]))

    assert problems == ["Trang tính “Câu hỏi”, dòng 2, cột “Đáp án (cột G)”: Chưa có phương án "
                        "đúng: hãy ghi chữ cái của phương án đúng, ví dụ “A” hoặc “A, C”."]


@pytest.mark.parametrize("answer", ["1", "X", "A và C", "Đ"])
def test_answer_with_something_other_than_letters_a_to_f_is_refused(session, database, contest,
                                                                    answer):
    problems = refused(session, database, contest,
                       xlsx([(1, "Câu hỏi", "a", "b", "", "", answer, "", "")]))

    assert problems == [f"Trang tính “Câu hỏi”, dòng 2, cột “Đáp án (cột G)”: Đáp án “{answer}” "
                        "không hợp lệ: chỉ ghi chữ cái của phương án đúng (A đến F), ví dụ “A”, "
                        "“A, C” hoặc “AC”."]


def test_every_problem_of_a_file_is_listed_and_good_rows_are_not_stored(session, database,
                                                                        contest):
    rows = [GOOD[0], (2, "", "a", "b", "", "", "A", "", ""),
            (3, "Câu ba", "a", "", "", "", "Z", "", "vừa"), GOOD[1]]

    problems = refused(session, database, contest, xlsx(rows))

    assert [p.split(":")[0] for p in problems] == [
        "Trang tính “Câu hỏi”, dòng 3, cột “Câu hỏi (cột B)”",
        "Trang tính “Câu hỏi”, dòng 4, cột “Đáp án (cột G)”",
        "Trang tính “Câu hỏi”, dòng 4, cột “Mức độ (cột I)”",
        "Trang tính “Câu hỏi”, dòng 4, cột “Phương án B (cột D)”"]
    assert stored(database, contest.id)["questions"] == []


def test_import_after_attempts_adds_new_questions_but_refuses_existing_ones(session, database,
                                                                           contest, tree):
    import_file(database, session, contest, xlsx(GOOD[:1]))
    take_contest(session, contest, tree["Q1"])

    problems = refused(session, database, contest, xlsx([GOOD[0]]))
    summary = import_file(database, session, contest, xlsx(GOOD[1:]))

    assert problems == ["Trang tính “Câu hỏi”, dòng 2, cột “Câu hỏi (cột B)”: Ngân hàng đã có "
                        "câu hỏi này (câu số 1). Cuộc thi đã có lượt thi nên khi nhập chỉ được "
                        "thêm câu mới, không sửa câu đã có."]
    assert summary.added == 2
    assert [q[1] for q in stored(database, contest.id)["questions"]] == [g[1] for g in GOOD]

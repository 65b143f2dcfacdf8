"""Importing questions from .xlsx: every row is added, or none is and each error is located.

The file is read and checked on a read session, which takes no write lock (parsing 5,000 rows
takes seconds; SQLite has one writer, and contestants' saves must not wait behind it). The rows
are then written in short transactions of BATCH_ROWS questions, hidden (not in use), and the
last, short transaction puts them all in use at once. A hidden question is never drawn into a
paper, so until then nothing of the file reaches a contestant, and if a batch fails (someone
added one of the same questions meanwhile, or the database gave up) the batches already written
are removed again: for the organiser it is still all rows or none.
"""

import logging
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session

from backend.audit import service as audit
from backend.contests import service as contests
from backend.contests.models import Contest
from backend.db import is_unique_violation
from backend.errors import CellProblem, Conflict, ImportRejected, Unavailable
from backend.questions import service
from backend.questions.models import LETTERS, Difficulty, Question, QuestionOption
from backend.spreadsheet import Column, Row, Table, cell_text, read_table
from backend.vntext import fold

COLUMNS = [
    Column("number", "STT", required=False, aliases=("Số thứ tự", "TT")),
    Column("text", "Câu hỏi", aliases=("Nội dung câu hỏi", "Nội dung")),
    *(Column(f"option_{letter}", f"Phương án {letter}", required=letter in "ABCD",
             aliases=(f"PA {letter}", f"Lựa chọn {letter}", letter)) for letter in LETTERS),
    Column("answer", "Đáp án", aliases=("Đáp án đúng",)),
    Column("topic", "Chủ đề", required=False),
    Column("difficulty", "Mức độ", required=False, aliases=("Mức độ khó", "Độ khó")),
]
MAX_ROWS = 5000
# 5-7 ms of write lock per batch on SQLite here (100 rows: 15 ms, with outliers near 200 ms);
# between batches other writers get their turn.
BATCH_ROWS = 50
BATCH_PAUSE_S = 0.003
DIFFICULTY_WORDS = {"de": Difficulty.EASY, "trung binh": Difficulty.MEDIUM,
                    "trung_binh": Difficulty.MEDIUM, "tb": Difficulty.MEDIUM,
                    "kho": Difficulty.HARD}
RACED = ("Trong lúc nhập, ngân hàng vừa có người thêm một câu hỏi trùng với câu trong tệp. "
         "Các câu đã ghi được gỡ lại, chưa có câu nào được lưu; hãy tải lại danh sách rồi nhập "
         "lại.")
INTERRUPTED = ("Việc nhập bị gián đoạn do lỗi cơ sở dữ liệu. Các câu đã ghi được gỡ lại, chưa "
               "có câu nào được lưu; hãy thử lại sau ít phút.")
LEFT_HIDDEN = ("Việc nhập bị gián đoạn do lỗi cơ sở dữ liệu; chưa có câu nào được đưa vào sử "
               "dụng, nhưng {count} câu đã ghi chưa gỡ lại được (đang ở trạng thái ngừng sử dụng, "
               "không được đưa vào đề). Hãy thử lại sau ít phút: khi nhập lại, các câu đó được "
               "báo là đã có.")
log = logging.getLogger(__name__)


@dataclass
class QuestionRow:
    row: int
    draft: service.QuestionDraft


@dataclass
class ImportSummary:
    added: int
    bank_version: int


def parse_difficulty(text: str) -> Difficulty | None:
    """"Dễ", "trung bình", "TB", "kho"... ignoring case and diacritics; None when unknown."""
    return DIFFICULTY_WORDS.get(fold(text))


def _field_key(field: str) -> str:
    return f"option_{field}" if field in LETTERS else field


def _typed_row(table: Table, raw: Row, problems: list[CellProblem]) -> QuestionRow:
    values, number = raw.values, raw.number
    answer = cell_text(values.get("answer"))
    try:
        correct = service.parse_answer(answer)
    except ValueError:
        correct = None
        problems.append(table.problem(
            f"Đáp án “{answer}” không hợp lệ: chỉ ghi chữ cái của phương án đúng (A đến F), "
            "ví dụ “A”, “A, C” hoặc “AC”.", number, "answer"))
    level = cell_text(values.get("difficulty"))
    difficulty = parse_difficulty(level) if level else Difficulty.MEDIUM
    if difficulty is None:
        problems.append(table.problem(
            f"Mức độ “{level}” không hợp lệ; chỉ dùng Dễ, Trung bình (TB) hoặc Khó.",
            number, "difficulty"))
    draft = service.normalise_draft(service.QuestionDraft(
        text=cell_text(values.get("text")),
        options=[cell_text(values.get(f"option_{letter}")) for letter in LETTERS],
        correct=correct or set(), topic=cell_text(values.get("topic")),
        difficulty=difficulty or Difficulty.MEDIUM))
    for field, message in service.draft_problems(draft):
        if field == "answer" and correct is None:
            continue  # the letters themselves were already reported
        problems.append(table.problem(message, number, _field_key(field)))
    return QuestionRow(row=number, draft=draft)


def _check_bank(session: Session, contest: Contest, table: Table, rows: list[QuestionRow],
                problems: list[CellProblem]) -> None:
    """Questions already in the bank or twice in the file; topics spelt as the bank does."""
    hashes = {row.row: service.text_hash(row.draft.text) for row in rows if row.draft.text}
    existing = service.find_by_hashes(session=session, contest_id=contest.id,
                                      hashes=set(hashes.values()))
    taken = contests.contest_has_attempts(session=session, contest_id=contest.id)
    advice = (" Cuộc thi đã có lượt thi nên khi nhập chỉ được thêm câu mới, không sửa câu đã có."
              if taken else " Muốn sửa câu đó, hãy dùng nút “Sửa” trong danh sách câu hỏi.")
    spellings = service.topic_spellings(session=session, contest_id=contest.id)
    first_row: dict[str, int] = {}
    for row in rows:
        row.draft.topic = spellings.setdefault(fold(row.draft.topic), row.draft.topic)
        key = hashes.get(row.row)
        if key is None:
            continue
        if key in existing:
            problems.append(table.problem(service.describe_existing(existing[key]) + advice,
                                          row.row, "text"))
        elif key in first_row:
            problems.append(table.problem(
                f"Câu hỏi trùng với câu hỏi ở dòng {first_row[key]} (chỉ khác chữ hoa, "
                "khoảng trắng hay cách gõ dấu cũng là trùng).", row.row, "text"))
        else:
            first_row[key] = row.row


def check_questions_file(*, read: Session, contest_id: int, data: bytes,
                         filename: str) -> list[QuestionRow]:
    """The questions of an .xlsx file, read and checked against the bank on a read session
    (no write lock); ImportRejected names every row and column that is wrong."""
    contest = contests.get_contest(session=read, contest_id=contest_id)
    table = read_table(data, filename=filename, columns=COLUMNS, max_rows=MAX_ROWS)
    if not table.rows:
        raise ImportRejected([table.problem("Tệp không có câu hỏi nào dưới dòng tiêu đề.")],
                             filename=filename)
    problems: list[CellProblem] = []
    rows = [_typed_row(table, raw, problems) for raw in table.rows]
    _check_bank(read, contest, table, rows, problems)
    read.commit()  # the read ends here: nothing stays open while the rows are written
    if problems:
        raise ImportRejected(problems, filename=filename)
    return rows


def import_questions(
    *, read: Session, write: Session, contest_id: int, data: bytes, filename: str,
    actor_id: int | None, now: datetime,
) -> ImportSummary:
    """Add every question of an .xlsx file to the bank, or none: read and checked on `read`,
    then written on `write` in short batches that hold the write lock only for milliseconds."""
    rows = check_questions_file(read=read, contest_id=contest_id, data=data, filename=filename)
    return write_questions(write=write, contest_id=contest_id, rows=rows, filename=filename,
                           actor_id=actor_id, now=now)


def write_questions(
    *, write: Session, contest_id: int, rows: list[QuestionRow], filename: str,
    actor_id: int | None, now: datetime,
) -> ImportSummary:
    """Write checked rows in short batches, hidden, then put them all in use in one short
    transaction; if any step fails, what was written is removed again."""
    written: list[int] = []
    try:
        for start in range(0, len(rows), BATCH_ROWS):
            began = time.monotonic()
            written += _write_hidden(write, contest_id, rows[start:start + BATCH_ROWS], now)
            write.commit()
            # As long as the batch held the lock, so a waiting save gets in before the next.
            time.sleep(max(BATCH_PAUSE_S, time.monotonic() - began))
        contest = contests.get_contest(session=write, contest_id=contest_id)
        for chunk in _chunks(written):
            write.execute(update(Question).where(Question.id.in_(chunk)).values(is_active=True)
                          .execution_options(synchronize_session=False))
        service.bump_bank_version(session=write, contest=contest)
        audit.record(session=write, actor_id=actor_id, action="question.import",
                     target=f"contest:{contest_id}",
                     details={"filename": filename, "added": len(rows)}, now=now)
        write.commit()
    except SQLAlchemyError as error:
        write.rollback()
        if not _remove(write, written):
            raise Unavailable(LEFT_HIDDEN.format(count=len(written)),
                              code="import_interrupted") from error
        if isinstance(error, IntegrityError) and is_unique_violation(error):
            raise Conflict(RACED, code="duplicate_question") from None
        raise Unavailable(INTERRUPTED, code="import_interrupted") from error
    return ImportSummary(added=len(rows), bank_version=contest.bank_version)


def _write_hidden(write: Session, contest_id: int, rows: list[QuestionRow],
                  now: datetime) -> list[int]:
    """One batch as questions not yet in use (flushes, does not commit); their ids."""
    number = service.next_number(session=write, contest_id=contest_id)
    ids = list(write.scalars(insert(Question).returning(Question.id, sort_by_parameter_order=True),
                             [{"contest_id": contest_id, "number": number + offset,
                               "text": row.draft.text, "text_hash": service.text_hash(
                                   row.draft.text), "topic": row.draft.topic,
                               "difficulty": row.draft.difficulty, "is_active": False,
                               "created_at": now, "updated_at": now}
                              for offset, row in enumerate(rows)]))
    write.execute(insert(QuestionOption), [
        {"question_id": question_id, "position": position, "text": text,
         "is_correct": position in row.draft.correct}
        for question_id, row in zip(ids, rows, strict=True)
        for position, text in enumerate(row.draft.options) if text])
    return ids


def _remove(write: Session, ids: list[int]) -> bool:
    """Take out again the hidden questions a failed import wrote, a batch at a time; False
    when the database refused that too."""
    try:
        for chunk in _chunks(ids):
            hidden = list(write.scalars(select(Question.id).where(
                Question.id.in_(chunk), Question.is_active.is_(False))))
            write.execute(delete(QuestionOption).where(QuestionOption.question_id.in_(hidden)))
            write.execute(delete(Question).where(Question.id.in_(hidden)))
            write.commit()
    except SQLAlchemyError:
        write.rollback()
        log.exception("Không gỡ được %d câu hỏi của lần nhập bị gián đoạn", len(ids))
        return False
    return True


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]

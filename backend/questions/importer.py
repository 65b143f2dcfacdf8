"""Importing questions from .xlsx: every row is added, or none is and each error is located."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from backend.audit import service as audit
from backend.contests import service as contests
from backend.contests.models import Contest
from backend.errors import CellProblem, ImportRejected
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
DIFFICULTY_WORDS = {"de": Difficulty.EASY, "trung binh": Difficulty.MEDIUM,
                    "trung_binh": Difficulty.MEDIUM, "tb": Difficulty.MEDIUM,
                    "kho": Difficulty.HARD}


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


def _check_duplicates(session: Session, contest: Contest, table: Table, rows: list[QuestionRow],
                      problems: list[CellProblem]) -> None:
    hashes = {row.row: service.text_hash(row.draft.text) for row in rows if row.draft.text}
    existing = service.find_by_hashes(session=session, contest_id=contest.id,
                                      hashes=set(hashes.values()))
    taken = contests.contest_has_attempts(session=session, contest_id=contest.id)
    advice = (" Cuộc thi đã có lượt thi nên khi nhập chỉ được thêm câu mới, không sửa câu đã có."
              if taken else " Muốn sửa câu đó, hãy dùng nút “Sửa” trong danh sách câu hỏi.")
    first_row: dict[str, int] = {}
    for row in rows:
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


def import_questions(
    *, session: Session, contest: Contest, data: bytes, filename: str, actor_id: int | None,
    now: datetime,
) -> ImportSummary:
    """Add every question of an .xlsx file to the bank in one transaction; on any problem
    nothing is stored and ImportRejected names each row and column."""
    table = read_table(data, filename=filename, columns=COLUMNS, max_rows=MAX_ROWS)
    if not table.rows:
        raise ImportRejected([table.problem("Tệp không có câu hỏi nào dưới dòng tiêu đề.")],
                             filename=filename)
    problems: list[CellProblem] = []
    rows = [_typed_row(table, raw, problems) for raw in table.rows]
    _check_duplicates(session, contest, table, rows, problems)
    if problems:
        raise ImportRejected(problems, filename=filename)
    _store(session, contest, rows, now)
    service.bump_bank_version(session=session, contest=contest)
    audit.record(session=session, actor_id=actor_id, action="question.import",
                 target=f"contest:{contest.id}",
                 details={"filename": filename, "added": len(rows)}, now=now)
    session.commit()
    return ImportSummary(added=len(rows), bank_version=contest.bank_version)


def _store(session: Session, contest: Contest, rows: list[QuestionRow], now: datetime) -> None:
    spellings = service.topic_spellings(session=session, contest_id=contest.id)
    number = service.next_number(session=session, contest_id=contest.id)
    questions = []
    for offset, row in enumerate(rows):
        draft = row.draft
        topic = spellings.setdefault(fold(draft.topic), draft.topic)
        questions.append(Question(
            contest_id=contest.id, number=number + offset, text=draft.text,
            text_hash=service.text_hash(draft.text), topic=topic, difficulty=draft.difficulty,
            created_at=now, updated_at=now))
    session.add_all(questions)
    service.flush_unique(session)
    session.add_all(
        QuestionOption(question_id=question.id, position=position, text=text,
                       is_correct=position in row.draft.correct)
        for question, row in zip(questions, rows, strict=True)
        for position, text in enumerate(row.draft.options) if text)
    session.flush()

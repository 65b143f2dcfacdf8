"""The question bank of a contest: browsing, adding, editing, retiring, counting, previewing."""

import hashlib
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from backend.audit import service as audit
from backend.contests import service as contests
from backend.contests.models import Contest
from backend.db import is_unique_violation
from backend.errors import Conflict, InvalidInput, NotFound
from backend.questions import papers
from backend.questions.models import LETTERS, Difficulty, Question, QuestionOption
from backend.questions.pool import pool_for
from backend.usecase import Reads
from backend.vntext import clean, fold, natural_key, same_text_key

MAX_TEXT = 2000
MAX_OPTION = 500
MAX_TOPIC = 120
_ANSWER_SEPARATORS = re.compile(r"[\s,;/+&.\-]+")
EDIT_LOCKED = ("Cuộc thi đã có người thi nên không sửa được câu hỏi (bài đã làm phải được chấm "
               "đúng như lúc thi). Hãy cho câu này ngừng sử dụng rồi thêm một câu mới.")
RACED = ("Ngân hàng câu hỏi vừa có người khác thêm đúng câu hỏi này. "
         "Hãy tải lại danh sách để kiểm tra rồi thử lại.")


@dataclass
class QuestionDraft:
    """A question as a person typed it: option texts from A on, correct options by position."""

    text: str
    options: list[str]
    correct: set[int]
    topic: str = ""
    difficulty: Difficulty = Difficulty.MEDIUM


@dataclass
class BankQuestion:
    question: Question
    options: list[QuestionOption]

    @property
    def correct_letters(self) -> list[str]:
        return [o.letter for o in self.options if o.is_correct]


@dataclass(frozen=True)
class StratumCount:
    topic: str
    difficulty: Difficulty
    count: int


@dataclass
class PreviewQuestion:
    question_id: int
    number: int
    text: str
    topic: str
    difficulty: Difficulty
    options: list[tuple[int, str, bool]] = field(default_factory=list)  # (id, text, correct)


def text_hash(text: str) -> str:
    """SHA-256 hex of the text with case, spacing and Unicode form folded: one per question."""
    return hashlib.sha256(same_text_key(text).encode("utf-8")).hexdigest()


def parse_answer(text: str) -> set[int]:
    """Correct letters ("A", "A, C", "A;C", "AC") as positions; ValueError for anything else."""
    letters = _ANSWER_SEPARATORS.sub("", clean(text).upper())
    if any(letter not in LETTERS for letter in letters):
        raise ValueError(text)
    return {LETTERS.index(letter) for letter in letters}


def answer_positions(letters: Iterable[str]) -> set[int]:
    """Correct options chosen as letters in a form or the API, as positions."""
    try:
        return parse_answer(" ".join(letters))
    except ValueError:
        raise InvalidInput("Phương án đúng chỉ được ghi bằng chữ cái từ A đến F.") from None


def normalise_draft(draft: QuestionDraft) -> QuestionDraft:
    """Texts cleaned to NFC with spacing folded, options padded to six."""
    options = [clean(o) for o in draft.options]
    return QuestionDraft(text=clean(draft.text), options=options + [""] * (6 - len(options)),
                         correct=set(draft.correct), topic=clean(draft.topic),
                         difficulty=draft.difficulty)


def draft_problems(draft: QuestionDraft) -> list[tuple[str, str]]:
    """What is wrong with a normalised draft, as (field, message); a field is "text", "topic",
    "answer", "options" or an option's letter."""
    problems = []
    if not draft.text:
        problems.append(("text", "Câu hỏi đang để trống."))
    elif len(draft.text) > MAX_TEXT:
        problems.append(("text", f"Câu hỏi dài quá {MAX_TEXT} ký tự."))
    if len(draft.topic) > MAX_TOPIC:
        problems.append(("topic", f"Chủ đề dài quá {MAX_TOPIC} ký tự."))
    if len(draft.options) > len(LETTERS):
        problems.append(("options", "Mỗi câu hỏi có tối đa 6 phương án (A đến F)."))
        return problems
    filled = [i for i, text in enumerate(draft.options) if text]
    last = filled[-1] if filled else -1
    for i in range(last):
        if not draft.options[i]:
            problems.append((LETTERS[i], f"Phương án {LETTERS[i]} đang để trống trong khi phương "
                             f"án {LETTERS[last]} có nội dung; các phương án phải liền nhau từ A."))
    if len(filled) < 2:
        first_empty = draft.options.index("")
        problems.append((LETTERS[first_empty],
                         f"Câu hỏi cần ít nhất hai phương án (đang có {len(filled)})."))
    seen: dict[str, int] = {}
    for i in filled:
        if len(draft.options[i]) > MAX_OPTION:
            problems.append((LETTERS[i], f"Phương án {LETTERS[i]} dài quá {MAX_OPTION} ký tự."))
        earlier = seen.setdefault(same_text_key(draft.options[i]), i)
        if earlier != i:
            problems.append((LETTERS[i], f"Phương án {LETTERS[i]} trùng với phương án "
                             f"{LETTERS[earlier]}."))
    if not draft.correct:
        problems.append(("answer", "Chưa có phương án đúng: hãy ghi chữ cái của phương án đúng, "
                         "ví dụ “A” hoặc “A, C”."))
    for position in sorted(draft.correct):
        if position >= len(draft.options) or not draft.options[position]:
            letter = LETTERS[position]
            problems.append(("answer", f"Đáp án {letter} trỏ tới phương án {letter} "
                             "đang để trống."))
    return problems


def topic_spellings(*, session: Session, contest_id: int) -> dict[str, str]:
    """Topics already in the bank by folded form, so "lịch sử" joins "Lịch sử"."""
    topics = session.exec(select(Question.topic).where(Question.contest_id == contest_id)
                          .order_by(Question.id))
    spellings: dict[str, str] = {}
    for topic in topics:
        spellings.setdefault(fold(topic), topic)
    return spellings


def find_by_hashes(*, session: Session, contest_id: int, hashes: set[str]) -> dict[str, Question]:
    if not hashes:
        return {}
    found = session.exec(select(Question).where(Question.contest_id == contest_id,
                                                Question.text_hash.in_(list(hashes))))
    return {q.text_hash: q for q in found}


def describe_existing(question: Question) -> str:
    state = "" if question.is_active else ", đang ngừng sử dụng"
    return f"Ngân hàng đã có câu hỏi này (câu số {question.number}{state})."


def next_number(*, session: Session, contest_id: int) -> int:
    top = session.scalar(select(func.max(Question.number))
                         .where(Question.contest_id == contest_id))
    return (top or 0) + 1


def bump_bank_version(*, session: Session, contest: Contest) -> None:
    """Tell every worker's cached pool that the bank changed (flushes, does not commit)."""
    # In SQL, so two changes committed at once still give two different versions.
    session.execute(update(Contest).where(Contest.id == contest.id)
                    .values(bank_version=Contest.bank_version + 1)
                    .execution_options(synchronize_session=False))
    session.refresh(contest, attribute_names=["bank_version"])


def flush_unique(session: Session) -> None:
    """Flush, turning a lost race on "one text per bank" into a Conflict."""
    try:
        session.flush()
    except IntegrityError as error:
        session.rollback()
        if is_unique_violation(error):
            raise Conflict(RACED, code="duplicate_question") from None
        raise


def list_questions(
    *, session: Session, contest_id: int, topic: str | None = None,
    difficulty: Difficulty | None = None, active: bool | None = None, query: str = "",
) -> list[BankQuestion]:
    """A contest's questions in bank order; topic and the words of `query` match ignoring
    case and diacritics."""
    statement = (select(Question).where(Question.contest_id == contest_id)
                 .order_by(Question.number, Question.id))
    if difficulty is not None:
        statement = statement.where(Question.difficulty == difficulty)
    if active is not None:
        statement = statement.where(Question.is_active == active)
    found = list(session.exec(statement))
    if topic is not None:
        found = [q for q in found if fold(q.topic) == fold(topic)]
    words = fold(query).split()
    if words:
        found = [q for q in found if all(word in fold(q.text) for word in words)]
    return _with_options(session, contest_id, found)


def get_question(*, session: Session, contest_id: int, question_id: int) -> BankQuestion:
    """One question of the contest's bank, or NotFound."""
    question = session.get(Question, question_id)
    if question is None or question.contest_id != contest_id:
        raise NotFound("Không tìm thấy câu hỏi này trong ngân hàng của cuộc thi.")
    return _with_options(session, contest_id, [question])[0]


def _with_options(session: Session, contest_id: int,
                  questions: list[Question]) -> list[BankQuestion]:
    wanted = {q.id for q in questions}
    options: dict[int, list[QuestionOption]] = {q.id: [] for q in questions}
    if wanted:
        rows = session.exec(select(QuestionOption)
                            .join(Question, Question.id == QuestionOption.question_id)
                            .where(Question.contest_id == contest_id)
                            .order_by(QuestionOption.question_id, QuestionOption.position))
        for option in rows:
            if option.question_id in wanted:
                options[option.question_id].append(option)
    return [BankQuestion(q, options[q.id]) for q in questions]


def _checked(session: Session, contest_id: int, draft: QuestionDraft,
             except_id: int | None = None) -> QuestionDraft:
    draft = normalise_draft(draft)
    problems = draft_problems(draft)
    if problems:
        raise InvalidInput(" ".join(message for _, message in problems))
    existing = find_by_hashes(session=session, contest_id=contest_id,
                              hashes={text_hash(draft.text)})
    for question in existing.values():
        if question.id != except_id:
            raise Conflict(describe_existing(question) + " Hai câu chỉ khác nhau về chữ hoa, "
                           "khoảng trắng hay cách gõ dấu được coi là trùng.",
                           code="duplicate_question")
    spellings = topic_spellings(session=session, contest_id=contest_id)
    draft.topic = spellings.get(fold(draft.topic), draft.topic)
    return draft


def _set_options(session: Session, bank: BankQuestion, draft: QuestionDraft) -> None:
    """Options updated in place by position, so their ids stay what papers refer to."""
    by_position = {o.position: o for o in bank.options}
    for position, text in enumerate(draft.options):
        option = by_position.get(position)
        if not text:
            if option is not None:
                session.delete(option)
            continue
        if option is None:
            option = QuestionOption(question_id=bank.question.id, position=position, text=text)
        option.text, option.is_correct = text, position in draft.correct
        session.add(option)
    session.flush()


def _snapshot(bank: BankQuestion) -> dict:
    q = bank.question
    return {"number": q.number, "text": q.text, "topic": q.topic,
            "difficulty": q.difficulty.value, "options": [o.text for o in bank.options],
            "correct": bank.correct_letters}


def add_question(*, session: Session, contest: Contest, draft: QuestionDraft,
                 actor_id: int | None, now: datetime) -> BankQuestion:
    """Add one question with 2 to 6 options, at least one of them correct."""
    draft = _checked(session, contest.id, draft)
    question = Question(contest_id=contest.id, number=next_number(session=session,
                        contest_id=contest.id), text=draft.text, text_hash=text_hash(draft.text),
                        topic=draft.topic, difficulty=draft.difficulty,
                        created_at=now, updated_at=now)
    session.add(question)
    flush_unique(session)
    bank = BankQuestion(question, [])
    _set_options(session, bank, draft)
    bump_bank_version(session=session, contest=contest)
    audit.record(session=session, actor_id=actor_id, action="question.add",
                 target=f"question:{question.id}",
                 details={"contest_id": contest.id, "number": question.number}, now=now)
    bank = get_question(session=session, contest_id=contest.id, question_id=question.id)
    session.commit()
    return bank


def edit_question(*, session: Session, contest: Contest, question_id: int,
                  draft: QuestionDraft, actor_id: int | None, now: datetime) -> BankQuestion:
    """Change a question's text, options, answer, topic or difficulty; only before anyone
    has taken the contest."""
    bank = get_question(session=session, contest_id=contest.id, question_id=question_id)
    if contests.contest_has_attempts(session=session, contest_id=contest.id):
        raise Conflict(EDIT_LOCKED, code="bank_locked")
    draft = _checked(session, contest.id, draft, except_id=question_id)
    before = _snapshot(bank)
    question = bank.question
    question.text, question.text_hash = draft.text, text_hash(draft.text)
    question.topic, question.difficulty, question.updated_at = draft.topic, draft.difficulty, now
    flush_unique(session)
    _set_options(session, bank, draft)
    bump_bank_version(session=session, contest=contest)
    bank = get_question(session=session, contest_id=contest.id, question_id=question_id)
    audit.record(session=session, actor_id=actor_id, action="question.edit",
                 target=f"question:{question_id}",
                 details={"contest_id": contest.id, "before": before, "after": _snapshot(bank)},
                 now=now)
    session.commit()
    return bank


def _set_active(session: Session, contest: Contest, question_id: int, active: bool,
                actor_id: int | None, now: datetime) -> BankQuestion:
    bank = get_question(session=session, contest_id=contest.id, question_id=question_id)
    if bank.question.is_active == active:
        raise Conflict("Câu hỏi này đang được sử dụng." if active
                       else "Câu hỏi này đã ngừng sử dụng từ trước.")
    bank.question.is_active, bank.question.updated_at = active, now
    session.flush()
    bump_bank_version(session=session, contest=contest)
    audit.record(session=session, actor_id=actor_id,
                 action="question.reactivate" if active else "question.retire",
                 target=f"question:{question_id}",
                 details={"contest_id": contest.id, "number": bank.question.number}, now=now)
    session.commit()
    return bank


def retire_question(*, session: Session, contest: Contest, question_id: int,
                    actor_id: int | None, now: datetime) -> BankQuestion:
    """Stop drawing a question into new papers; papers already drawn keep it."""
    return _set_active(session, contest, question_id, False, actor_id, now)


def reactivate_question(*, session: Session, contest: Contest, question_id: int,
                        actor_id: int | None, now: datetime) -> BankQuestion:
    """Let a retired question be drawn again."""
    return _set_active(session, contest, question_id, True, actor_id, now)


def bank_counts(*, session: Session, contest_id: int) -> list[StratumCount]:
    """Active questions per (topic, difficulty): what a round's quotas can ask for."""
    rows = session.exec(select(Question.topic, Question.difficulty, func.count())
                        .where(Question.contest_id == contest_id, Question.is_active)
                        .group_by(Question.topic, Question.difficulty))
    # Papers match topics ignoring case and diacritics, so the counts do too.
    merged: dict[tuple[str, Difficulty], list] = {}
    for topic, difficulty, count in rows:
        merged.setdefault((fold(topic), difficulty), [topic, 0])[1] += count
    order = list(Difficulty)
    counts = [StratumCount(topic, difficulty, count)
              for (_, difficulty), (topic, count) in merged.items()]
    return sorted(counts, key=lambda c: (natural_key(c.topic), order.index(c.difficulty)))


def preview_paper(
    *, session: Session, contest: Contest, question_count: int,
    quotas: Iterable[tuple[str, str, int]] = (), rng: random.Random | None = None,
) -> list[PreviewQuestion]:
    """A paper drawn the way contestants' papers are, with the key shown: for organisers only.
    Quotas are (topic or "", difficulty value or "", count)."""
    quotas = [(clean(topic), difficulty or "", count) for topic, difficulty, count in quotas]
    contests.check_quotas(question_count, quotas)
    pool = pool_for(db=Reads(session), contest_id=contest.id, version=contest.bank_version)
    paper = papers.draw_paper(pool, question_count=question_count, quotas=quotas,
                              rng=rng or random.SystemRandom())
    numbers = dict(session.exec(select(Question.id, Question.number)
                                .where(Question.id.in_([qid for qid, _ in paper]))).all())
    preview = []
    for qid, option_ids in paper:
        drawn = pool.questions[qid]
        preview.append(PreviewQuestion(
            question_id=qid, number=numbers.get(qid, 0), text=drawn.text, topic=drawn.topic,
            difficulty=Difficulty(drawn.difficulty),
            options=[(oid, drawn.options[oid], oid in drawn.correct) for oid in option_ids]))
    return preview

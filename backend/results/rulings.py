"""Faulty questions: an organiser voids a question (everyone gets the mark, or it no longer
counts) or corrects its key, with a reason. Every finished attempt holding it is scored again
(rescoring.py), each changed score is kept with the ruling, and the boards already finalised
are ranked again under the ruling's reason, so that official results accept the change and
their history shows who moved.

The ruling itself is one short transaction: the question, the bank's version (guarded, so a
ruling is decided on the bank as it was read) and the revision of every attempt still in
progress, so that a submit scored with the old bank is refused and scored again with the
new one. Attempts started later are scored with the ruling anyway (the pool follows the
bank's version). Ruling a question the way it already stands changes nothing: it only
finishes re-scoring and re-ranking that an interruption may have left undone."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session

from backend import vntext
from backend.attempts.models import Attempt, AttemptState
from backend.audit import service as audit
from backend.contests import service as contests
from backend.contests.models import Contest
from backend.errors import Conflict, InvalidInput
from backend.questions import service as questions
from backend.questions.models import Question, QuestionOption
from backend.results import reranking
from backend.results.models import QuestionRuling, RulingKind
from backend.results.rescoring import rescore

MAX_REASON = 2000
VOIDED = {RulingKind.VOID_MARK: "mark", RulingKind.VOID_DROP: "drop", RulingKind.REKEY: ""}
_A, _C = Attempt.__table__, Contest.__table__


@dataclass
class RulingOutcome:
    ruling: QuestionRuling | None  # None: nothing was ever ruled and nothing needed to be
    changed: bool  # False: the question already stood so
    rescored: int = 0
    changes: list[dict] = field(default_factory=list)  # the scores this call changed
    boards: list[reranking.Reranked] = field(default_factory=list)


def void_question(*, read: Session, write: Session, contest_id: int, question_id: int,
                  drop: bool, reason: str, actor_id: int | None,
                  now: datetime) -> RulingOutcome:
    """Void a question: everyone who had it gets the mark, or (drop) it no longer counts."""
    kind = RulingKind.VOID_DROP if drop else RulingKind.VOID_MARK
    return _rule(read, write, contest_id, question_id, kind, None, reason, actor_id, now)


def rekey_question(*, read: Session, write: Session, contest_id: int, question_id: int,
                   correct_option_ids: list[int], reason: str, actor_id: int | None,
                   now: datetime) -> RulingOutcome:
    """Correct a question's key: its correct options become `correct_option_ids`."""
    return _rule(read, write, contest_id, question_id, RulingKind.REKEY,
                 set(correct_option_ids), reason, actor_id, now)


def checked_reason(reason: str) -> str:
    return vntext.checked_reason(reason, max_length=MAX_REASON, missing=(
        "Hãy ghi lý do xử lý câu hỏi: lý do được lưu cùng quyết định, hiện trong lịch sử kết "
        "quả và cho biết vì sao điểm thay đổi."))


def _rule(read: Session, write: Session, contest_id: int, question_id: int,
          kind: RulingKind, correct: set[int] | None, reason: str, actor_id: int | None,
          now: datetime) -> RulingOutcome:
    reason = checked_reason(reason)
    for _ in range(2):  # a bank changed meanwhile (a double click): decide again
        stands, version, number = _as_it_stands(read, contest_id, question_id, kind, correct)
        if stands:
            ruling = _latest(read, question_id, kind, correct)
            if ruling is None:
                return RulingOutcome(None, False)
            break
        ruling = _record(write, contest_id, question_id, kind, correct, reason, actor_id,
                         now, version)
        if ruling is not None:
            break
        read.expire_all()
    else:
        raise Conflict("Ngân hàng câu hỏi vừa được người khác thay đổi. Hãy tải lại trang, xem "
                       "lại câu hỏi rồi xử lý lại.")
    done = rescore(read=read, write=write, ruling_id=ruling.id, contest_id=contest_id,
                   question_id=question_id)
    boards = reranking.rerank(
        read=read, write=write, contest_id=contest_id, rounds=done.rounds, actor_id=actor_id,
        now=now, reason=f"Câu hỏi số {number}: {ruling.kind.label}. Lý do: {ruling.reason}")
    ruling = read.get(QuestionRuling, ruling.id, populate_existing=True)
    read.expunge(ruling)  # handed back as it stands now, whatever the session does next
    read.commit()
    return RulingOutcome(ruling, not stands, done.rescored, done.changes, boards)


def _as_it_stands(read: Session, contest_id: int, question_id: int, kind: RulingKind,
                  correct: set[int] | None) -> tuple[bool, int, int]:
    """Whether the question already stands as ruled, the bank's version and its number."""
    contest = contests.get_contest(session=read, contest_id=contest_id)
    bank = questions.get_question(session=read, contest_id=contest_id, question_id=question_id)
    if correct is not None:
        _check_key(bank, correct)
    stands = bank.question.voided == VOIDED[kind] and (
        correct is None or correct == {o.id for o in bank.options if o.is_correct})
    read.commit()
    return stands, contest.bank_version, bank.question.number


def _check_key(bank: questions.BankQuestion, correct: set[int]) -> None:
    if not correct:
        raise InvalidInput("Hãy chọn ít nhất một phương án đúng.")
    if not correct <= {o.id for o in bank.options}:
        raise InvalidInput(f"Phương án đúng phải là phương án của chính câu số "
                           f"{bank.question.number}.")


def _latest(read: Session, question_id: int, kind: RulingKind,
            correct: set[int] | None) -> QuestionRuling | None:
    """The ruling that made the question stand as asked, when the latest one did."""
    ruling = read.execute(select(QuestionRuling).where(QuestionRuling.question_id == question_id)
                          .order_by(QuestionRuling.id.desc()).limit(1)).scalar()
    read.commit()
    same = ruling is not None and ruling.kind is kind and (
        correct is None or set(ruling.correct_option_ids) == correct)
    return ruling if same else None


def _record(write: Session, contest_id: int, question_id: int, kind: RulingKind,
            correct: set[int] | None, reason: str, actor_id: int | None, now: datetime,
            version: int) -> QuestionRuling | None:
    """The ruling in one short transaction: the question, the bank's version, attempts in
    progress told to score again at submit, and the ruling's row; None, and nothing written,
    when the bank is no longer at `version`."""
    bumped = write.execute(update(_C).where(_C.c.id == contest_id, _C.c.bank_version == version)
                           .values(bank_version=version + 1)).rowcount
    if not bumped:
        write.rollback()
        return None
    question = write.get(Question, question_id)
    question.voided, question.updated_at = VOIDED[kind], now
    if correct is not None:
        for option in write.execute(select(QuestionOption)
                                    .where(QuestionOption.question_id == question_id)).scalars():
            option.is_correct = option.id in correct
    write.execute(update(_A).where(_A.c.contest_id == contest_id,
                                   _A.c.state == AttemptState.IN_PROGRESS)
                  .values(revision=_A.c.revision + 1))
    ruling = QuestionRuling(contest_id=contest_id, question_id=question_id, kind=kind,
                            correct_option_ids=sorted(correct or ()), reason=reason,
                            actor_id=actor_id, at=now)
    write.add(ruling)
    write.flush()
    audit.record(session=write, actor_id=actor_id, action=f"results.ruling.{kind.value}",
                 target=f"question:{question_id}",
                 details={"contest_id": contest_id, "ruling_id": ruling.id, "reason": reason,
                          "correct_option_ids": ruling.correct_option_ids}, now=now)
    write.commit()
    return ruling


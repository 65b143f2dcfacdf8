"""A contest's question bank over JSON: everything the bank pages do."""

from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from backend.contests.deps import ContestManager, ManagedContest
from backend.deps import Id, Now, ReadSessionDep, SessionDep
from backend.questions import importer, service
from backend.questions.models import LETTERS, Difficulty
from backend.questions.schemas import (
    ImportResult,
    OptionRead,
    PreviewOptionRead,
    PreviewQuestionRead,
    PreviewRequest,
    QuestionRead,
    QuestionWrite,
    StratumCountRead,
)

router = APIRouter(prefix="/api/v1/contests/{contest_id}/questions",
                   tags=["Ngân hàng câu hỏi"])


def question_read(bank: service.BankQuestion) -> QuestionRead:
    q = bank.question
    return QuestionRead(
        id=q.id, number=q.number, text=q.text, topic=q.topic, difficulty=q.difficulty,
        difficulty_label=q.difficulty.label, is_active=q.is_active,
        correct=bank.correct_letters, created_at=q.created_at, updated_at=q.updated_at,
        options=[OptionRead(id=o.id, letter=o.letter, text=o.text, is_correct=o.is_correct)
                 for o in bank.options])


def _draft(body: QuestionWrite) -> service.QuestionDraft:
    return service.QuestionDraft(text=body.text, options=body.options,
                                 correct=service.answer_positions(body.correct),
                                 topic=body.topic, difficulty=body.difficulty)


@router.get("")
def list_questions(contest: ManagedContest, session: SessionDep, q: str = "",
                   topic: str | None = None, difficulty: Difficulty | None = None,
                   active: bool | None = None) -> list[QuestionRead]:
    """The bank, filtered by topic, difficulty, in use or not; `q` ignores diacritics."""
    found = service.list_questions(session=session, contest_id=contest.id, topic=topic,
                                   difficulty=difficulty, active=active, query=q)
    return [question_read(bank) for bank in found]


@router.post("", status_code=201)
def add_question(body: QuestionWrite, contest: ManagedContest, user: ContestManager,
                 session: SessionDep, now: Now) -> QuestionRead:
    """Add one question (2-6 options, at least one correct)."""
    bank = service.add_question(session=session, contest=contest, draft=_draft(body),
                                actor_id=user.id, now=now)
    return question_read(bank)


@router.post("/import")
def import_questions(contest_id: Id, user: ContestManager, read: ReadSessionDep,
                     session: SessionDep, now: Now,
                     file: Annotated[UploadFile, File()]) -> ImportResult:
    """Add questions from .xlsx; all rows or none. Errors name sheet, row and column. The file
    is read without the write lock, and written in short batches."""
    summary = importer.import_questions(
        read=read, write=session, contest_id=contest_id, data=file.file.read(),
        filename=file.filename or "tệp tải lên", actor_id=user.id, now=now)
    return ImportResult(added=summary.added, bank_version=summary.bank_version)


@router.get("/counts")
def bank_counts(contest: ManagedContest, session: SessionDep) -> list[StratumCountRead]:
    """Questions in use per topic and difficulty, for setting a round's quotas."""
    return [StratumCountRead(topic=c.topic, difficulty=c.difficulty,
                             difficulty_label=c.difficulty.label, count=c.count)
            for c in service.bank_counts(session=session, contest_id=contest.id)]


@router.post("/preview")
def preview_paper(body: PreviewRequest, contest: ManagedContest,
                  session: SessionDep) -> list[PreviewQuestionRead]:
    """A random paper drawn as contestants' are, with the key shown (nothing is stored)."""
    quotas = [(quota.topic, quota.difficulty.value if quota.difficulty else "", quota.count)
              for quota in body.quotas]
    paper = service.preview_paper(session=session, contest=contest,
                                  question_count=body.question_count, quotas=quotas)
    return [PreviewQuestionRead(
        id=p.question_id, number=p.number, text=p.text, topic=p.topic, difficulty=p.difficulty,
        options=[PreviewOptionRead(id=oid, letter=LETTERS[i], text=text, is_correct=correct)
                 for i, (oid, text, correct) in enumerate(p.options)])
        for p in paper]


@router.get("/{question_id}")
def get_question(question_id: Id, contest: ManagedContest, session: SessionDep) -> QuestionRead:
    """One question of the bank with its options and key."""
    return question_read(service.get_question(session=session, contest_id=contest.id,
                                              question_id=question_id))


@router.put("/{question_id}")
def edit_question(question_id: Id, body: QuestionWrite, contest: ManagedContest,
                  user: ContestManager, session: SessionDep, now: Now) -> QuestionRead:
    """Replace a question's text, options and key; refused (409) once anyone has taken it."""
    bank = service.edit_question(session=session, contest=contest, question_id=question_id,
                                 draft=_draft(body), actor_id=user.id, now=now)
    return question_read(bank)


@router.post("/{question_id}/retire")
def retire_question(question_id: Id, contest: ManagedContest, user: ContestManager,
                    session: SessionDep, now: Now) -> QuestionRead:
    """Stop drawing a question into new papers."""
    return question_read(service.retire_question(session=session, contest=contest,
                                                 question_id=question_id, actor_id=user.id,
                                                 now=now))


@router.post("/{question_id}/reactivate")
def reactivate_question(question_id: Id, contest: ManagedContest, user: ContestManager,
                        session: SessionDep, now: Now) -> QuestionRead:
    """Let a retired question be drawn again."""
    return question_read(service.reactivate_question(session=session, contest=contest,
                                                     question_id=question_id, actor_id=user.id,
                                                     now=now))


"""Faulty questions over JSON: void or re-key a question, list the contest's rulings and the
scores each changed. Staff bearer token, MANAGE_RESULTS."""

from typing import Annotated

from fastapi import APIRouter, Query

from backend.deps import Id, Now, ReadSessionDep, SessionDep
from backend.results import ruling_views as views
from backend.results import rulings
from backend.results.deps import ResultsContest, ResultsManager
from backend.results.schemas import (
    RekeyIn,
    RulingDetailOut,
    RulingOut,
    RulingOutcomeOut,
    VoidIn,
)

router = APIRouter(prefix="/api/v1/contests/{contest_id}/rulings",
                   tags=["Xử lý câu hỏi lỗi"])
CHANGES_SHOWN = 1000


def ruling_out(row: views.RulingRow) -> RulingOut:
    r = row.ruling
    return RulingOut(id=r.id, question_id=r.question_id, question_number=row.number,
                     kind=r.kind.value, kind_label=r.kind.label,
                     correct_option_ids=r.correct_option_ids, reason=r.reason,
                     actor_id=r.actor_id, actor_name=row.actor, at=r.at,
                     rescored=r.rescored, changed_count=len(r.changes))


def outcome_out(session, contest_id: int, outcome: rulings.RulingOutcome) -> RulingOutcomeOut:
    row = views.get_ruling(session=session, contest_id=contest_id,
                           ruling_id=outcome.ruling.id) if outcome.ruling else None
    return RulingOutcomeOut(
        ruling=ruling_out(row) if row else None, changed=outcome.changed,
        rescored=outcome.rescored, changed_count=len(outcome.changes),
        changes=views.named_changes(session=session, contest_id=contest_id,
                                    changes=outcome.changes[:CHANGES_SHOWN]),
        boards=outcome.boards)


@router.post("/void")
def void_question(body: VoidIn, contest: ResultsContest, user: ResultsManager,
                  read: ReadSessionDep, session: SessionDep, now: Now) -> RulingOutcomeOut:
    """Void a question (everyone who had it gets the mark, or with `drop` it no longer
    counts); finished attempts are scored again and finalised boards ranked again."""
    outcome = rulings.void_question(read=read, write=session, contest_id=contest.id,
                                    question_id=body.question_id, drop=body.drop,
                                    reason=body.reason, actor_id=user.id, now=now)
    return outcome_out(read, contest.id, outcome)


@router.post("/rekey")
def rekey_question(body: RekeyIn, contest: ResultsContest, user: ResultsManager,
                   read: ReadSessionDep, session: SessionDep, now: Now) -> RulingOutcomeOut:
    """Correct a question's key to the given options of that question; finished attempts
    are scored again and finalised boards ranked again."""
    outcome = rulings.rekey_question(read=read, write=session, contest_id=contest.id,
                                     question_id=body.question_id,
                                     correct_option_ids=body.correct_option_ids,
                                     reason=body.reason, actor_id=user.id, now=now)
    return outcome_out(read, contest.id, outcome)


@router.get("")
def list_rulings(contest: ResultsContest, session: SessionDep) -> list[RulingOut]:
    """The contest's rulings, newest first: who, when, why, how many scores changed."""
    return [ruling_out(row) for row in views.rulings_of(session=session, contest_id=contest.id)]


@router.get("/{ruling_id}")
def get_ruling(ruling_id: Id, contest: ResultsContest, session: SessionDep,
               offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
               limit: Annotated[int, Query(ge=1, le=CHANGES_SHOWN)] = 100) -> RulingDetailOut:
    """One ruling and the scores it changed (before, after), `limit` at a time."""
    row = views.get_ruling(session=session, contest_id=contest.id, ruling_id=ruling_id)
    return RulingDetailOut(
        ruling=ruling_out(row), offset=offset, limit=limit,
        changes=views.named_changes(session=session, contest_id=contest.id,
                                    changes=row.ruling.changes[offset:offset + limit]))

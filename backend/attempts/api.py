"""The attempt lifecycle over JSON: start, resume, autosave, submit, result, history."""

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from backend.attempts import service
from backend.attempts.schemas import (
    AnswersIn,
    AttemptOut,
    AttemptSummaryOut,
    OptionOut,
    QuestionOut,
    SavedOut,
)
from backend.contestants.deps import Credential, CurrentContestant
from backend.deps import (
    ClientIP,
    LimiterDep,
    Now,
    ReadSessionDep,
    SessionDep,
    SettingsDep,
    WriteSessionDep,
)

router = APIRouter(prefix="/api/v1", tags=["Lượt thi"])


def attempt_out(view: service.AttemptView, now) -> AttemptOut:
    return AttemptOut(
        id=view.id, round_id=view.round_id, attempt_no=view.attempt_no, state=view.state,
        state_label=view.state.label, started_at=view.started_at, deadline_at=view.deadline_at,
        server_now=now, finished_at=view.finished_at, duration_ms=view.duration_ms,
        score=view.score, question_count=view.question_count,
        multiple_answers=view.multiple_answers, answers=view.answers,
        prediction=view.prediction, prediction_prompt=view.prediction_prompt,
        resumed=view.resumed,
        questions=None if view.questions is None else [
            QuestionOut(id=q["id"], text=q["text"],
                        options=[OptionOut(**o) for o in q["options"]])
            for q in view.questions],
    )


# The busiest endpoints check the contestant's token in their own thread (see Credential), read
# on a connection that takes no write lock and write in one short transaction.
@router.post("/rounds/{round_id}/attempts", status_code=201,
             responses={200: {"description": "Lượt thi đang làm dở được trả lại"}})
def start(request: Request, round_id: int, response: Response, credential: Credential,
          read: ReadSessionDep, session: SessionDep, settings: SettingsDep, limiter: LimiterDep,
          now: Now, ip: ClientIP) -> AttemptOut:
    """Start an attempt (or get back the one in progress) with its paper and the deadline."""
    contestant = credential.resolve(request, read, now)
    service.start_limits(limiter=limiter, settings=settings, contestant_id=contestant.id,
                         ip=ip, now=now, session=session)
    view = service.start_attempt(session=session, read=read, contestant=contestant,
                                 round_id=round_id, now=now,
                                 grace_seconds=settings.answer_grace_seconds)
    if view.resumed:
        response.status_code = 200
    return attempt_out(view, now)


@router.get("/attempts/{attempt_id}")
def get_attempt(request: Request, attempt_id: int, credential: Credential, read: ReadSessionDep,
                session: WriteSessionDep, settings: SettingsDep, now: Now) -> AttemptOut:
    """The attempt: the paper with saved answers and time left, or the result once finished."""
    contestant = credential.resolve(request, read, now)
    view = service.attempt_view(session=session, read=read, attempt_id=attempt_id,
                                contestant_id=contestant.id, now=now,
                                grace_seconds=settings.answer_grace_seconds)
    return attempt_out(view, now)


@router.put("/attempts/{attempt_id}/answers")
def save(request: Request, attempt_id: int, body: AnswersIn, credential: Credential,
         read: ReadSessionDep, session: SessionDep, settings: SettingsDep, now: Now) -> SavedOut:
    """Save answer changes; a later save of a question replaces the earlier one."""
    contestant = credential.resolve(request, read, now)
    saved = service.save_answers(session=session, read=read, attempt_id=attempt_id,
                                 contestant_id=contestant.id, answers=body.answers,
                                 prediction=body.prediction, now=now,
                                 grace_seconds=settings.answer_grace_seconds)
    return SavedOut(attempt_id=saved.attempt_id, saved_at=saved.saved_at,
                    deadline_at=saved.deadline_at, server_now=now,
                    answered=sum(1 for chosen in saved.answers.values() if chosen))


@router.post("/attempts/{attempt_id}/submit")
def submit(request: Request, attempt_id: int, credential: Credential, read: ReadSessionDep,
           session: SessionDep, settings: SettingsDep, now: Now, body: AnswersIn | None = None,
           idempotency_key: Annotated[str | None, Header(max_length=80)] = None) -> AttemptOut:
    """Hand in the attempt. Safe to repeat: every call gets the one stored result."""
    contestant = credential.resolve(request, read, now)
    view = service.submit_attempt(
        session=session, read=read, attempt_id=attempt_id, contestant_id=contestant.id,
        answers=body.answers if body else None, prediction=body.prediction if body else None,
        idempotency_key=idempotency_key, now=now, grace_seconds=settings.answer_grace_seconds)
    return attempt_out(view, now)


@router.get("/attempts/{attempt_id}/result")
def result(request: Request, attempt_id: int, credential: Credential, read: ReadSessionDep,
           session: WriteSessionDep, settings: SettingsDep, now: Now) -> AttemptOut:
    """The result of a finished attempt (score, time taken); no answer key is ever shown."""
    return get_attempt(request, attempt_id, credential, read, session, settings, now)


@router.get("/contestant/attempts")
def history(contestant: CurrentContestant, session: SessionDep) -> list[AttemptSummaryOut]:
    """The contestant's attempts, newest first."""
    return [AttemptSummaryOut(
        id=a.id, round_id=a.round_id, attempt_no=a.attempt_no, state=a.state,
        state_label=a.state.label, started_at=a.started_at, finished_at=a.finished_at,
        duration_ms=a.duration_ms, score=None if a.finished_at is None else a.score,
        question_count=a.question_count) for a in service.attempts_of(
            session=session, contestant_id=contestant.id)]

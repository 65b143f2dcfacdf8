"""The attempt lifecycle over JSON: start, resume, autosave, submit, result, history."""

from typing import Annotated

from fastapi import APIRouter, Header, Response

from backend.attempts import service
from backend.attempts.schemas import AnswersIn, AttemptOut, AttemptSummaryOut, SavedOut
from backend.contestants.deps import Call, ContestantCall, CurrentContestant, json_answer
from backend.deps import SessionDep

router = APIRouter(prefix="/api/v1", tags=["Lượt thi"])


def attempt_json(view: service.AttemptView, now, status_code: int = 200) -> Response:
    """An AttemptOut; `questions` are the public paper (ids and texts, never the key)."""
    return json_answer({**vars(view), "state_label": view.state.label, "server_now": now},
                 status_code)


# The busiest endpoints: one dependency (see ContestantCall), reads on a connection that takes
# no write lock, one short write (on PostgreSQL mostly a single autocommit statement), no ORM on
# the way; `call.run` runs the work on the event loop (see Database.run).
@router.post("/rounds/{round_id}/attempts", status_code=201, response_model=AttemptOut,
             responses={200: {"description": "Lượt thi đang làm dở được trả lại",
                              "model": AttemptOut}})
async def start(round_id: int, call: Call) -> Response:
    """Start an attempt (or get back the one in progress) with its paper and the deadline."""
    return await call.run(_start, call, round_id)


def _start(call: ContestantCall, round_id: int) -> Response:
    with call:
        view = service.start_signed_in(
            session=call.write, read=call.read, autocommit=call.autocommit,
            signed_in=call.signed_in, round_id=round_id, now=call.now,
            grace_seconds=call.settings.answer_grace_seconds,
            counting=lambda contestant_id: service.start_counting(
                limiter=call.limiter, settings=call.settings, contestant_id=contestant_id,
                ip=call.ip, now=call.now, session=call.counters, read=call.read))
    return attempt_json(view, call.now, 200 if view.resumed else 201)


@router.get("/attempts/{attempt_id}", response_model=AttemptOut)
async def get_attempt(attempt_id: int, call: Call) -> Response:
    """The attempt: the paper with saved answers and time left, or the result once finished."""
    return await call.run(_attempt, call, attempt_id)


def _attempt(call: ContestantCall, attempt_id: int) -> Response:
    with call:
        view = service.attempt_view(session=call.write, read=call.read, attempt_id=attempt_id,
                                    signed_in=call.signed_in, now=call.now,
                                    grace_seconds=call.settings.answer_grace_seconds)
    return attempt_json(view, call.now)


@router.put("/attempts/{attempt_id}/answers", response_model=SavedOut)
async def save(attempt_id: int, body: AnswersIn, call: Call) -> Response:
    """Save answer changes; a later save of a question replaces the earlier one."""
    return await call.run(_save, call, attempt_id, body)


def _save(call: ContestantCall, attempt_id: int, body: AnswersIn) -> Response:
    with call:
        saved = service.save_answers(session=call.write, read=call.read_before_lock,
                                     autocommit=call.autocommit, attempt_id=attempt_id,
                                     signed_in=call.signed_in, answers=body.answers,
                                     prediction=body.prediction, now=call.now,
                                     grace_seconds=call.settings.answer_grace_seconds)
    return json_answer({"attempt_id": saved.attempt_id, "saved_at": saved.saved_at,
                  "deadline_at": saved.deadline_at, "server_now": call.now,
                  "answered": sum(1 for chosen in saved.answers.values() if chosen)})


@router.post("/attempts/{attempt_id}/submit", response_model=AttemptOut)
async def submit(attempt_id: int, call: Call, body: AnswersIn | None = None,
                 idempotency_key: Annotated[str | None, Header(max_length=80)] = None
                 ) -> Response:
    """Hand in the attempt. Safe to repeat: every call gets the one stored result."""
    return await call.run(_submit, call, attempt_id, body, idempotency_key)


def _submit(call: ContestantCall, attempt_id: int, body: AnswersIn | None,
            idempotency_key: str | None) -> Response:
    with call:
        view = service.submit_attempt(
            session=call.write, read=call.read_before_lock, autocommit=call.autocommit,
            attempt_id=attempt_id,
            signed_in=call.signed_in, answers=body.answers if body else None,
            prediction=body.prediction if body else None, idempotency_key=idempotency_key,
            now=call.now, grace_seconds=call.settings.answer_grace_seconds)
    return attempt_json(view, call.now)


@router.get("/attempts/{attempt_id}/result", response_model=AttemptOut)
async def result(attempt_id: int, call: Call) -> Response:
    """The result of a finished attempt (score, time taken); no answer key is ever shown."""
    return await call.run(_attempt, call, attempt_id)


@router.get("/contestant/attempts")
def history(contestant: CurrentContestant, session: SessionDep) -> list[AttemptSummaryOut]:
    """The contestant's attempts, newest first."""
    return [AttemptSummaryOut(
        id=a.id, round_id=a.round_id, attempt_no=a.attempt_no, state=a.state,
        state_label=a.state.label, started_at=a.started_at, finished_at=a.finished_at,
        duration_ms=a.duration_ms, score=None if a.finished_at is None else a.score,
        question_count=a.question_count) for a in service.attempts_of(
            session=session, contestant_id=contestant.id)]

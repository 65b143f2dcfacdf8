"""The attempt lifecycle over JSON: start, resume, autosave, submit, result, history.

Each endpoint runs one use case on the event loop (ContestantCall.run) and writes its answer
straight to JSON (its response model documents it; a test checks one against the other)."""

from typing import Annotated

from fastapi import APIRouter, Header, Response

from backend.attempts import service
from backend.attempts.schemas import AnswersIn, AttemptOut, AttemptSummaryOut, SavedOut
from backend.contestants.deps import Call, json_answer
from backend.deps import Id

router = APIRouter(prefix="/api/v1", tags=["Lượt thi"])


def attempt_json(view: service.AttemptView, now, status_code: int = 200) -> Response:
    """An AttemptOut; `questions` are the public paper (ids and texts, never the key)."""
    return json_answer({**vars(view), "state_label": view.state.label, "server_now": now},
                       status_code)


@router.post("/rounds/{round_id}/attempts", status_code=201, response_model=AttemptOut,
             responses={200: {"description": "Lượt thi đang làm dở được trả lại",
                              "model": AttemptOut}})
async def start(round_id: Id, call: Call) -> Response:
    """Start an attempt (or get back the one in progress) with its paper and the deadline."""
    view = await call.run(service.start_attempt, who=call.who, round_id=round_id,
                          now=call.now, ip=call.ip, settings=call.settings)
    return attempt_json(view, call.now, 200 if view.resumed else 201)


@router.get("/attempts/{attempt_id}", response_model=AttemptOut)
async def get_attempt(attempt_id: Id, call: Call) -> Response:
    """The attempt: the paper with saved answers and time left, or the result once finished."""
    view = await call.run(service.attempt_view, who=call.who, attempt_id=attempt_id,
                          now=call.now, grace_seconds=call.settings.answer_grace_seconds)
    return attempt_json(view, call.now)


@router.put("/attempts/{attempt_id}/answers", response_model=SavedOut)
async def save(attempt_id: Id, body: AnswersIn, call: Call) -> Response:
    """Save answer changes; a later save of a question replaces the earlier one."""
    saved = await call.run(service.save_answers, who=call.who, attempt_id=attempt_id,
                           answers=body.answers, prediction=body.prediction, now=call.now,
                           grace_seconds=call.settings.answer_grace_seconds)
    return json_answer({"attempt_id": saved.attempt_id, "saved_at": saved.saved_at,
                        "deadline_at": saved.deadline_at, "server_now": call.now,
                        "answered": sum(1 for chosen in saved.answers.values() if chosen)})


@router.post("/attempts/{attempt_id}/submit", response_model=AttemptOut)
async def submit(attempt_id: Id, call: Call, body: AnswersIn | None = None,
                 idempotency_key: Annotated[str | None, Header(max_length=80)] = None
                 ) -> Response:
    """Hand in the attempt. Safe to repeat: every call gets the one stored result."""
    view = await call.run(service.submit_attempt, who=call.who, attempt_id=attempt_id,
                          answers=body.answers if body else None,
                          prediction=body.prediction if body else None,
                          idempotency_key=idempotency_key, now=call.now,
                          grace_seconds=call.settings.answer_grace_seconds)
    return attempt_json(view, call.now)


@router.get("/attempts/{attempt_id}/result", response_model=AttemptOut)
async def result(attempt_id: Id, call: Call) -> Response:
    """The result of a finished attempt (score, time taken); no answer key is ever shown."""
    return await get_attempt(attempt_id, call)


@router.get("/contestant/attempts", response_model=list[AttemptSummaryOut])
async def history(call: Call) -> Response:
    """The contestant's attempts, newest first."""
    attempts = await call.run(service.attempts_of, who=call.who, now=call.now)
    return json_answer([{
        "id": a.id, "round_id": a.round_id, "attempt_no": a.attempt_no, "state": a.state,
        "state_label": a.state.label, "started_at": a.started_at, "finished_at": a.finished_at,
        "duration_ms": a.duration_ms, "question_count": a.question_count,
        "score": None if a.finished_at is None else a.score} for a in attempts])

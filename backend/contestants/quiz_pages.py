"""A contestant's attempts as pages: start, the quiz, hand-in without JavaScript, result.

The same use cases as the JSON API, run in the page's worker thread (run_in_thread), the
contestant known by the contest cookie."""

from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from backend.accounts.tokens import SignedIn
from backend.attempts import rules
from backend.attempts import service as attempts
from backend.attempts.models import AttemptState
from backend.attempts.views import AttemptView
from backend.contestants.deps import Contestant, Published, contestant_token, run_in_thread
from backend.contestants.pages import landing_context
from backend.contests import service as contests
from backend.contests.models import RoundStatus, round_status
from backend.deps import ClientIP, Id, Now, ReadSessionDep, SettingsDep
from backend.errors import Conflict, DomainError, InvalidInput
from backend.usecase import Reads
from backend.web import redirect, render, templates


def duration_text(ms: int | None) -> str:
    """4 phút 05 giây, as a person reads a time taken."""
    if ms is None:
        return ""
    minutes, seconds = divmod(round(ms / 1000), 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} giờ"] if hours else []
    if hours or minutes:
        parts.append(f"{minutes} phút")
    return " ".join([*parts, f"{seconds:02d} giây" if parts else f"{seconds} giây"])


templates.env.filters["duration"] = duration_text
router = APIRouter(include_in_schema=False)


@router.post("/thi/{contest_id}/tuan-thi/{round_id}/bat-dau")
def start(request: Request, round_id: Id, contest: Published, who: Contestant,
          read: ReadSessionDep, settings: SettingsDep, now: Now, ip: ClientIP):
    try:
        view = run_in_thread(request, attempts.start_attempt, who=_token(request),
                             round_id=round_id, now=now, ip=ip, settings=settings)
    except DomainError as error:
        context = landing_context(request, read, contest, who, now, error=error.message)
        return render(request, "contest/landing.html", context, status_code=error.status_code)
    return redirect(f"/thi/{contest.id}/bai/{view.id}", request)


def _quiz(request, contest, view: AttemptView, round_, now, settings, *, error=None,
          status_code=200):
    return render(request, "contest/quiz.html", {
        "contest": contest, "view": view, "round": round_, "now": now, "error": error,
        "grace_ms": settings.answer_grace_seconds * 1000,
        "seconds_left": (view.deadline_at - now).total_seconds(),
        "prediction_max": rules.PREDICTION_MAX,
    }, status_code=status_code)


@router.get("/thi/{contest_id}/bai/{attempt_id}")
def attempt_page(request: Request, attempt_id: Id, contest: Published, who: Contestant,
                 read: ReadSessionDep, settings: SettingsDep, now: Now):
    """The quiz while the attempt is in progress (saved answers checked), else its result."""
    view = run_in_thread(request, attempts.attempt_view, who=_token(request),
                         attempt_id=attempt_id, now=now,
                         grace_seconds=settings.answer_grace_seconds)
    round_ = contests.get_round(session=read, round_id=view.round_id, contest_id=contest.id)
    if view.state == AttemptState.IN_PROGRESS:
        response = _quiz(request, contest, view, round_, now, settings)
        # Never a stale copy from the back button: the paper shows what the server holds.
        response.headers["Cache-Control"] = "no-store"
        return response
    # Attempts of this round so far; the one just finished was counted when it started.
    used = sum(1 for a in attempts.attempts_of(db=Reads(read), who=_token(request), now=now)
               if a.round_id == round_.id)
    left = rules.attempts_left(round_.max_attempts, used)
    return render(request, "contest/result.html", {
        "contest": contest, "view": view, "round": round_, "used": used, "left": left,
        "can_start": round_status(round_, now) is RoundStatus.OPEN and left != 0,
    })


@dataclass
class Posted:
    """The quiz form as sent without JavaScript: every question shown, and what was ticked."""

    answers: dict[int, list[int]]
    prediction: int | None
    key: str | None
    problem: str | None = None


async def posted_answers(request: Request) -> Posted:
    form = await request.form()
    answers = {int(q): [] for q in form.getlist("cau") if _small_number(q)}
    for name, value in form.multi_items():
        qid, choice = name.removeprefix("q-"), str(value)
        if name.startswith("q-") and _small_number(qid) and int(qid) in answers \
                and _small_number(choice):
            answers[int(qid)].append(int(choice))
    raw = str(form.get("prediction") or "").strip()
    # Only whether it is a whole number is checked here; its range is the service's rule.
    prediction = int(raw) if _small_number(raw, digits=20) else None
    problem = ("Câu hỏi dự đoán cần một số nguyên không âm."
               if raw and prediction is None else None)
    key = str(form.get("idempotency_key") or "")[:80] or None
    return Posted(answers=answers, prediction=prediction, key=key, problem=problem)


def _small_number(text, digits: int = 10) -> bool:
    return str(text).isdigit() and len(str(text)) <= digits


@router.post("/thi/{contest_id}/bai/{attempt_id}/nop")
def submit(request: Request, attempt_id: Id, contest: Published, who: Contestant,
           read: ReadSessionDep, settings: SettingsDep, now: Now,
           posted: Annotated[Posted, Depends(posted_answers)]):
    """Hand in the ticked answers (the form works without JavaScript)."""
    done = f"/thi/{contest.id}/bai/{attempt_id}"
    try:
        if posted.problem:
            raise InvalidInput(posted.problem, code="invalid_prediction")
        run_in_thread(request, attempts.submit_attempt, who=_token(request),
                      attempt_id=attempt_id, answers=posted.answers,
                      prediction=posted.prediction, idempotency_key=posted.key, now=now,
                      grace_seconds=settings.answer_grace_seconds)
    except Conflict as error:
        if error.code == "deadline_passed":
            return redirect(f"{done}?het_gio=1", request)
        raise
    except InvalidInput as error:
        view = run_in_thread(request, attempts.attempt_view, who=_token(request),
                             attempt_id=attempt_id, now=now,
                             grace_seconds=settings.answer_grace_seconds)
        if view.state != AttemptState.IN_PROGRESS:
            return redirect(done, request)
        # Show what was ticked, not only what had been saved, so nothing has to be redone.
        ticked = {**view.answers, **{str(q): c for q, c in posted.answers.items()}}
        view = replace(view, answers=ticked, prediction=posted.prediction)
        round_ = contests.get_round(session=read, round_id=view.round_id)
        return _quiz(request, contest, view, round_, now, settings, error=error.message,
                     status_code=error.status_code)
    return redirect(done, request)


@router.get("/thi/{contest_id}/lich-su")
def history(request: Request, contest: Published, who: Contestant, read: ReadSessionDep,
            now: Now):
    """The contestant's attempts in this contest, newest first."""
    rounds = {r.id: r for r in contests.rounds_of(session=read, contest_id=contest.id)}
    mine = attempts.attempts_of(db=Reads(read), who=_token(request), now=now)
    return render(request, "contest/history.html", {
        "contest": contest, "attempts": [a for a in mine if a.round_id in rounds],
        "rounds": rounds,
    })


def _token(request: Request) -> SignedIn:
    return SignedIn(contestant_token(request))

"""The judges' pages: "Bài được giao" by code, an essay to read and score by the rubric, and
its blind file. Nothing on them names the author, their unit or block."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import StringConstraints

from backend.deps import Id, Now, SessionDep, SettingsDep
from backend.errors import DomainError
from backend.judging import service, views
from backend.judging.assignment import points_text
from backend.judging.deps import GivenEssay, JudgeUser
from backend.judging.judge_api import attachment
from backend.judging.scoring import MAX_REASON
from backend.web import redirect, render

router = APIRouter(prefix="/giam-khao", include_in_schema=False)


def pts(value) -> str:
    """Points as the pages show and the form takes them back: "7,5"."""
    return "" if value is None or value == "" else points_text(float(value))


def field(value) -> str:
    """Points as a form field holds them, without a thousands dot: "1000", "7,5"."""
    return "" if value is None or value == "" else f"{float(value):g}".replace(".", ",")


@router.get("")
def given_page(request: Request, user: JudgeUser, session: SessionDep, now: Now):
    given = views.given_to(session=session, user_id=user.id, now=now)
    levels: dict[int, list[views.Given]] = {}
    for row in given:
        levels.setdefault(row.level_id, []).append(row)
    return render(request, "judging/given.html", {"levels": list(levels.values()),
                                                     "pts": pts})


def _essay_page(request: Request, seen: views.JudgeEssay, *, status_code: int = 200,
                **extra):
    return render(request, "judging/essay.html", {
        "seen": seen, "given": seen.given, "pts": pts, "field": field, "max_reason": MAX_REASON,
        "names": {str(c.id): c.name for c in seen.criteria},
        "done": "Đã lưu điểm." if request.query_params.get("da_luu") else "", **extra},
        status_code=status_code)


@router.get("/bai/{assignment_id}")
def essay_page(request: Request, seen: GivenEssay):
    return _essay_page(request, seen)


@router.post("/bai/{assignment_id}")
def score(request: Request, assignment_id: Id, user: JudgeUser, seen: GivenEssay,
          session: SessionDep, now: Now,
          criterion: Annotated[list[Id], Form(max_length=20)],
          points: Annotated[list[Annotated[str, StringConstraints(max_length=20)]],
                            Form(max_length=20)],
          reason: Annotated[str, Form(max_length=MAX_REASON * 2)] = ""):
    typed = {str(c): p.strip() for c, p in zip(criterion, points, strict=False)}
    try:
        service.record_score(session=session, assignment_id=assignment_id,
                             judge_user_id=user.id, points=typed, reason=reason, now=now)
    except DomainError as error:
        session.rollback()
        return _essay_page(request, seen, status_code=error.status_code, error=error.message,
                           typed=typed, typed_reason=reason)
    return redirect(f"{router.prefix}/bai/{assignment_id}?da_luu=1", request)


@router.get("/bai/{assignment_id}/tep")
def download(assignment_id: Id, user: JudgeUser, session: SessionDep, settings: SettingsDep,
             now: Now):
    return attachment(views.blind_file(session=session, assignment_id=assignment_id,
                                       user_id=user.id, now=now, settings=settings))

"""The organisers' judging page of a level: start judging, each judge's load, essays short of
judges, third judges and notices, and changing one essay's judge."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request

from backend.deps import Id, Now, ReadSessionDep, SessionDep
from backend.errors import DomainError
from backend.judging import manual, overview, service
from backend.judging.deps import WritingManager
from backend.judging.models import AssignmentKind
from backend.judging.scoring import MAX_REASON
from backend.web import redirect, render

router = APIRouter(prefix="/quan-ly/cuoc-thi-viet/cap/{level_id}/cham-bai",
                   include_in_schema=False)
Reason = Annotated[str, Form(max_length=MAX_REASON * 2)]
Code = Annotated[str, Query(max_length=20)]
DONE = {"da_doi": "Đã đổi giám khảo.", "da_giao": "Đã giao bài cho giám khảo."}


def _base(level_id: int) -> str:
    return f"/quan-ly/cuoc-thi-viet/cap/{level_id}/cham-bai"


def _page(request: Request, session, level_id: int, *, code: str = "", status_code: int = 200,
          report: service.AssignReport | None = None, **extra):
    return render(request, "judging/overview.html", {
        "seen": overview.overview(session=session, level_id=level_id, code=code),
        "base": _base(level_id), "code": code, "report": report, "max_reason": MAX_REASON,
        "done": next((m for k, m in DONE.items() if request.query_params.get(k)), ""), **extra},
        status_code=status_code)


def _refused(request: Request, read, write, level_id: int, error: DomainError, **extra):
    write.rollback()
    read.rollback()
    return _page(request, read, level_id, status_code=error.status_code, error=error.message,
                 **extra)


@router.get("")
def overview_page(request: Request, level_id: Id, user: WritingManager,
                  session: ReadSessionDep, ma: Code = ""):
    return _page(request, session, level_id, code=ma)


@router.post("/bat-dau")
def start(request: Request, level_id: Id, user: WritingManager, read: ReadSessionDep,
          session: SessionDep, now: Now):
    try:
        report = service.start_judging(session=session, level_id=level_id, actor_id=user.id,
                                       now=now)
    except DomainError as error:
        return _refused(request, read, session, level_id, error)
    read.rollback()
    return _page(request, read, level_id, report=report)


@router.post("/phan-cong")
def assign(request: Request, level_id: Id, user: WritingManager, read: ReadSessionDep,
           session: SessionDep, now: Now):
    try:
        report = service.assign_judges(session=session, level_id=level_id, actor_id=user.id,
                                       now=now)
    except DomainError as error:
        return _refused(request, read, session, level_id, error)
    read.rollback()
    return _page(request, read, level_id, report=report)


@router.post("/phan-cong/{assignment_id}/doi")
def reassign(request: Request, level_id: Id, assignment_id: Id, user: WritingManager,
             read: ReadSessionDep, session: SessionDep, now: Now,
             judge_id: Annotated[Id, Form()], code: Annotated[str, Form(max_length=20)] = "",
             reason: Reason = "", despite_scores: Annotated[bool, Form()] = False):
    try:
        manual.reassign(session=session, assignment_id=assignment_id, judge_id=judge_id,
                        reason=reason, actor_id=user.id, now=now,
                        despite_scores=despite_scores, level_id=level_id)
    except DomainError as error:
        return _refused(request, read, session, level_id, error, code=code,
                        error_for=assignment_id, typed_reason=reason)
    return redirect(f"{_base(level_id)}?ma={quote(code)}&da_doi=1#phan-cong", request)


@router.post("/phan-cong/them")
def assign_place(request: Request, level_id: Id, user: WritingManager, read: ReadSessionDep,
                 session: SessionDep, now: Now, judge_id: Annotated[Id, Form()],
                 kind: Annotated[AssignmentKind, Form()],
                 code: Annotated[str, Form(max_length=20)] = "", reason: Reason = ""):
    try:
        manual.assign_place(session=session, level_id=level_id, code=code, kind=kind,
                            judge_id=judge_id, reason=reason, actor_id=user.id, now=now)
    except DomainError as error:
        return _refused(request, read, session, level_id, error, code=code,
                        error_for=f"them-{kind.value}", typed_reason=reason)
    return redirect(f"{_base(level_id)}?ma={quote(code)}&da_giao=1#phan-cong", request)

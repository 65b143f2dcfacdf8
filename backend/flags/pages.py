"""The organisers' page of suspicious attempts: the flags grouped by kind with their
evidence, a form to exclude each person involved from prizes, the exclusions with a form to
lift each, and the thresholds."""

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from pydantic import BaseModel, Field

from backend.deps import INT_MAX, Id, Now, ReadSessionDep, SessionDep, SettingsDep
from backend.errors import DomainError
from backend.flags import service
from backend.flags.models import BOUNDS
from backend.results.deps import ResultsContest, ResultsManager
from backend.web import redirect, render

router = APIRouter(prefix="/quan-ly/cuoc-thi/{contest_id}/nghi-van", include_in_schema=False)
Reason = Annotated[str, Form(max_length=service.MAX_REASON)]
DONE = {"nguong": "Đã lưu ngưỡng cảnh báo.",
        "da_loai": "Đã loại thí sinh khỏi giải; các bảng kết quả đã tổng hợp được xếp lại.",
        "khoi_phuc": "Đã khôi phục quyền nhận giải; các bảng kết quả đã tổng hợp được xếp lại."}


class RulesForm(BaseModel):
    fast_seconds_per_question: int = Field(ge=0, le=INT_MAX)
    burst_count: int = Field(ge=0, le=INT_MAX)
    burst_minutes: int = Field(ge=0, le=INT_MAX)
    similar_percent: int = Field(ge=0, le=INT_MAX)
    similar_min_shared: int = Field(ge=0, le=INT_MAX)
    similar_submit_seconds: int = Field(ge=0, le=INT_MAX)
    similar_duration_seconds: int = Field(ge=0, le=INT_MAX)


def _base(contest) -> str:
    return f"/quan-ly/cuoc-thi/{contest.id}/nghi-van"


def _page(request: Request, session, contest, settings, *, round_id: int | None = None,
          status_code: int = 200, **extra):
    return render(request, "flags/review.html", {
        "contest": contest, "base": _base(contest), "round_id": round_id,
        "rounds": service.rounds_of(session=session, contest_id=contest.id),
        "review": service.review(session=session, contest_id=contest.id, zone=settings.zone,
                                 round_id=round_id),
        "exclusions": service.exclusions_of(session=session, contest_id=contest.id),
        "labels": service.LABELS, "bounds": BOUNDS,
        "done": next((m for k, m in DONE.items() if request.query_params.get(k)), ""),
        **extra}, status_code=status_code)


def _refused(request: Request, read, write, contest, settings, error: DomainError, **extra):
    write.rollback()
    read.rollback()
    return _page(request, read, contest, settings, status_code=error.status_code,
                 error=error.message, **extra)


@router.get("")
def review_page(request: Request, contest: ResultsContest, session: ReadSessionDep,
                settings: SettingsDep,
                vong: Annotated[int | None, Query(ge=1, le=INT_MAX)] = None):
    return _page(request, session, contest, settings, round_id=vong)


@router.post("/nguong")
def save_rules(request: Request, contest: ResultsContest, user: ResultsManager,
               read: ReadSessionDep, session: SessionDep, settings: SettingsDep, now: Now,
               body: Annotated[RulesForm, Form()]):
    try:
        service.update_rules(session=session, contest_id=contest.id,
                             changes=body.model_dump(), actor_id=user.id, now=now)
    except DomainError as error:
        return _refused(request, read, session, contest, settings, error,
                        typed_rules=body.model_dump())
    return redirect(f"{_base(contest)}?nguong=1#nguong", request)


@router.post("/loai")
def exclude(request: Request, contest: ResultsContest, user: ResultsManager,
            read: ReadSessionDep, session: SessionDep, settings: SettingsDep, now: Now,
            contestant_id: Annotated[Id, Form()], reason: Reason = ""):
    try:
        service.exclude_from_prizes(read=read, write=session, contest_id=contest.id,
                                    contestant_id=contestant_id, reason=reason,
                                    actor_id=user.id, now=now)
    except DomainError as error:
        return _refused(request, read, session, contest, settings, error,
                        error_for=contestant_id, typed_reason=reason)
    return redirect(f"{_base(contest)}?da_loai={contestant_id}#da-loai", request)


@router.post("/loai/{contestant_id}/khoi-phuc")
def lift(request: Request, contestant_id: Id, contest: ResultsContest, user: ResultsManager,
         read: ReadSessionDep, session: SessionDep, settings: SettingsDep, now: Now,
         reason: Reason = ""):
    try:
        service.lift_exclusion(read=read, write=session, contest_id=contest.id,
                               contestant_id=contestant_id, reason=reason, actor_id=user.id,
                               now=now)
    except DomainError as error:
        return _refused(request, read, session, contest, settings, error,
                        error_for=f"lift-{contestant_id}", typed_reason=reason)
    return redirect(f"{_base(contest)}?khoi_phuc={contestant_id}#da-loai", request)

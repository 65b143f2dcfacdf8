"""The organisers' page of a judged level's results: final scores by code (names only after
ráp phách), the tie-break chain, the judges' severity, and the buttons that aggregate, lock,
unlock, open calibration and reveal."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from backend.deps import Now, ReadSessionDep, SessionDep
from backend.errors import DomainError
from backend.judging import aggregate, calibration, reveal
from backend.judging.ranking import TIE_BREAK_CHAIN
from backend.judging.results_deps import ResultsLevel, WritingManager
from backend.web import redirect, render
from backend.writing import service as writing

router = APIRouter(prefix="/quan-ly/cuoc-thi-viet/cap-thi/{level_id}/ket-qua",
                   include_in_schema=False)
Reason = Annotated[str, Form(max_length=reveal.MAX_REASON)]
Confirmed = Annotated[bool, Form()]
DONE = {"tong_hop": "Đã tổng hợp điểm, xếp hạng và xét giải.",
        "da_khoa": "Đã khóa điểm: giám khảo không thể chấm hay sửa điểm nữa.",
        "mo_khoa": "Đã mở khóa điểm; lý do đã được ghi vào nhật ký.",
        "rap_phach": "Đã ráp phách: tên tác giả, đơn vị và khối đã hiện cùng mã phách.",
        "cham_thu": "Đã mở chấm thử: các giám khảo đã được phân công bài chấm thử."}


def _base(level) -> str:
    return f"/quan-ly/cuoc-thi-viet/cap-thi/{level.id}/ket-qua"


def _page(request: Request, session, level, *, status_code: int = 200, **extra):
    level = writing.get_level(session=session, level_id=level.id)
    rows = reveal.level_results(session=session, level_id=level.id,
                                reveal=level.revealed_at is not None)
    return render(request, "judging/results.html", {
        "level": level, "base": _base(level), "rows": rows,
        "competition": writing.get_competition(session=session,
                                               competition_id=level.competition_id),
        "rubric": writing.rubric_of(session=session, competition_id=level.competition_id),
        "severity": calibration.severity_table(session=session, level_id=level.id),
        "chain": TIE_BREAK_CHAIN, "revealed": level.revealed_at is not None,
        "missing": sum(r.score is None and not r.withdrawn for r in rows),
        "done": next((m for k, m in DONE.items() if request.query_params.get(k)), ""),
        **extra}, status_code=status_code)


def _refused(request: Request, read, write, level, error: DomainError, **extra):
    write.rollback()
    read.rollback()
    return _page(request, read, level, status_code=error.status_code, error=error.message,
                 error_details=_details(error), **extra)


def _details(error: DomainError) -> list[str]:
    return [f"{label}: {error.extra[key]}" for key, label in (
        ("missing", "Bài chưa đủ điểm"), ("pending_third", "Bài chờ giám khảo thứ ba"))
        if error.extra.get(key)]


@router.get("")
def results_page(request: Request, level: ResultsLevel, session: ReadSessionDep):
    return _page(request, session, level)


@router.post("/tong-hop")
def aggregate_scores(request: Request, level: ResultsLevel, user: WritingManager,
                     read: ReadSessionDep, session: SessionDep, now: Now):
    try:
        aggregate.aggregate_level(session=session, level_id=level.id, now=now)
    except DomainError as error:
        return _refused(request, read, session, level, error)
    return redirect(f"{_base(level)}?tong_hop=1", request)


@router.post("/khoa-diem")
def lock(request: Request, level: ResultsLevel, user: WritingManager, read: ReadSessionDep,
         session: SessionDep, now: Now, confirmed: Confirmed = False):
    if not confirmed:
        return _page(request, read, level, status_code=422,
                     error="Hãy đánh dấu xác nhận trước khi khóa điểm.")
    try:
        reveal.lock_scores(session=session, level_id=level.id, actor_id=user.id, now=now)
    except DomainError as error:
        return _refused(request, read, session, level, error)
    return redirect(f"{_base(level)}?da_khoa=1", request)


@router.post("/mo-khoa")
def unlock(request: Request, level: ResultsLevel, user: WritingManager, read: ReadSessionDep,
           session: SessionDep, now: Now, reason: Reason = ""):
    try:
        reveal.unlock_scores(session=session, level_id=level.id, reason=reason,
                             actor_id=user.id, now=now)
    except DomainError as error:
        return _refused(request, read, session, level, error, typed_reason=reason)
    return redirect(f"{_base(level)}?mo_khoa=1", request)


@router.post("/rap-phach")
def reveal_identities(request: Request, level: ResultsLevel, user: WritingManager,
                      read: ReadSessionDep, session: SessionDep, now: Now,
                      confirmed: Confirmed = False):
    if not confirmed:
        return _page(request, read, level, status_code=422,
                     error="Hãy đánh dấu xác nhận trước khi ráp phách.")
    try:
        reveal.reveal_identities(session=session, level_id=level.id, actor_id=user.id, now=now)
    except DomainError as error:
        return _refused(request, read, session, level, error)
    return redirect(f"{_base(level)}?rap_phach=1", request)


@router.post("/cham-thu")
def open_calibration(request: Request, level: ResultsLevel, user: WritingManager,
                     read: ReadSessionDep, session: SessionDep, now: Now,
                     codes: Annotated[str, Form(max_length=2000)] = ""):
    try:
        essay_ids = calibration.essays_with_codes(
            session=session, level_id=level.id, codes=codes.replace(",", " ").split())
        calibration.open_calibration(session=session, level_id=level.id, essay_ids=essay_ids,
                                     actor_id=user.id, now=now)
    except DomainError as error:
        return _refused(request, read, session, level, error, typed_codes=codes)
    return redirect(f"{_base(level)}?cham_thu=1", request)

"""The forwarding pages: a level's batches (organisers every unit, with the reopen form;
officers their own units), and a unit's page to enter scores, pick essays within the quota
and sign with confirmation."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from backend.deps import Id, Now, ReadSessionDep, SessionDep
from backend.errors import DomainError, InvalidInput
from backend.forwarding import queries, service
from backend.forwarding.deps import Forwarder, ForwardingUnit, TargetLevel, WritingManager
from backend.units import service as units
from backend.web import redirect, render
from backend.writing import service as writing

router = APIRouter(prefix="/quan-ly/cuoc-thi-viet/cap/{level_id}/chuyen-bai",
                   include_in_schema=False)
DONE = {"diem": "Đã lưu điểm sơ khảo.", "chon": "Đã lưu danh sách bài chọn chuyển lên.",
        "ky": "Đã ký chuyển bài; đợt chuyển bài đã khóa.",
        "mo_lai": "Đã mở lại đợt chuyển bài; đơn vị có thể chọn và ký lại."}
Scores = Annotated[list[str], Form(max_length=10_000)]
Essays = Annotated[list[Id], Form(max_length=10_000)]


def _base(level) -> str:
    return f"/quan-ly/cuoc-thi-viet/cap/{level.id}/chuyen-bai"


def _done(request: Request) -> str:
    return next((m for k, m in DONE.items() if request.query_params.get(k)), "")


@router.get("")
def overview_page(request: Request, level: TargetLevel, user: Forwarder, session: SessionDep,
                  now: Now):
    within = units.scope_of(session=session, user=user)
    return render(request, "forwarding/overview.html", {
        "level": level, "base": _base(level), "now": now,
        "competition": writing.get_competition(session=session,
                                               competition_id=level.competition_id),
        "status": writing.level_status(level, now), "done": _done(request),
        "lines": queries.batch_lines(session=session, level=level, within=within)})


def _unit_page(request: Request, session, level, unit, now, *, status_code: int = 200,
               **extra):
    _, source = service.level_into(session=session, level_id=level.id)
    view = queries.unit_view(session=session, level=level, source=source, unit=unit, now=now)
    return render(request, "forwarding/unit.html", {
        "view": view, "base": _base(level), "done": _done(request),
        "competition": writing.get_competition(session=session,
                                               competition_id=level.competition_id),
        **extra}, status_code=status_code)


@router.get("/{unit_id}")
def unit_page(request: Request, level: TargetLevel, unit: ForwardingUnit, session: SessionDep,
              now: Now):
    return _unit_page(request, session, level, unit, now)


def _refused(request, read, write, level, unit, now, error: DomainError):
    write.rollback()
    return _unit_page(request, read, level, unit, now, status_code=error.status_code,
                      error=error.message)


@router.post("/{unit_id}/diem")
def save_scores(request: Request, level: TargetLevel, unit: ForwardingUnit, user: Forwarder,
                read: ReadSessionDep, session: SessionDep, now: Now, essay_id: Essays = (),
                score: Scores = ()):
    try:
        if len(essay_id) != len(score):
            raise InvalidInput("Biểu mẫu điểm không đầy đủ; hãy tải lại trang rồi nhập lại.")
        _, source = service.level_into(session=session, level_id=level.id)
        service.enter_scores(session=session, level_id=source.id, unit_id=unit.id,
                             scores={e: service.parsed_score(s) for e, s in zip(
                                 essay_id, score, strict=True)}, actor=user, now=now)
    except DomainError as error:
        return _refused(request, read, session, level, unit, now, error)
    return redirect(f"{_base(level)}/{unit.id}?diem=1", request)


@router.post("/{unit_id}/chon")
def select_essays(request: Request, level: TargetLevel, unit: ForwardingUnit, user: Forwarder,
                  read: ReadSessionDep, session: SessionDep, now: Now,
                  essay_id: Essays = ()):
    try:
        service.forward_essays(session=session, level_id=level.id, unit_id=unit.id,
                               essay_ids=essay_id, actor=user, now=now)
    except DomainError as error:
        return _refused(request, read, session, level, unit, now, error)
    return redirect(f"{_base(level)}/{unit.id}?chon=1", request)


@router.post("/{unit_id}/ky")
def sign(request: Request, level: TargetLevel, unit: ForwardingUnit, user: Forwarder,
         read: ReadSessionDep, session: SessionDep, now: Now,
         confirmed: Annotated[bool, Form()] = False):
    try:
        if not confirmed:
            raise InvalidInput("Hãy đánh dấu ô xác nhận trước khi ký: sau khi ký, đợt chuyển "
                               "bài bị khóa.")
        service.sign_batch(session=session, level_id=level.id, unit_id=unit.id, actor=user,
                           now=now)
    except DomainError as error:
        return _refused(request, read, session, level, unit, now, error)
    return redirect(f"{_base(level)}/{unit.id}?ky=1", request)


@router.post("/{unit_id}/mo-lai")
def reopen(request: Request, level: TargetLevel, unit: ForwardingUnit, user: WritingManager,
           read: ReadSessionDep, session: SessionDep, now: Now,
           reason: Annotated[str, Form(max_length=service.MAX_REASON)] = ""):
    try:
        batch = queries.existing_batch(session=session, level=level, unit=unit)
        service.reopen_batch(session=session, batch_id=batch.id, reason=reason, actor=user,
                             now=now)
    except DomainError as error:
        return _refused(request, read, session, level, unit, now, error)
    return redirect(f"{_base(level)}/{unit.id}?mo_lai=1", request)

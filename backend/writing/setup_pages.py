"""Organiser pages of writing competitions: the list with a form to create one, and each
competition's setup (rules, levels, rubric, prize tiers, the judges' panel)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field

from backend.clock import local_to_utc
from backend.deps import Id, Now, ReadSessionDep, SessionDep, SettingsDep
from backend.errors import DomainError, InvalidInput
from backend.units import service as units
from backend.web import redirect, render
from backend.writing import service
from backend.writing.deps import ManagedCompetition, WritingManager
from backend.writing.models import FORMATS, FinalMethod, LevelKind, QuotaKind, Scoring

router = APIRouter(prefix="/quan-ly/cuoc-thi-viet", include_in_schema=False)
DONE = {"tao": "Đã tạo cuộc thi viết.", "quy_dinh": "Đã lưu quy định.",
        "thang_diem": "Đã lưu thang điểm.", "giai": "Đã lưu cơ cấu giải.",
        "giam_khao": "Đã cập nhật hội đồng giám khảo."}
Text = Annotated[str, Form(max_length=20_000)]


class CreateForm(BaseModel):
    title: str = Field(default="", max_length=255)
    theme: str = Field(default="", max_length=500)
    rules_text: str = Field(default="", max_length=50_000)
    grassroots: bool = False
    opens_1: str = Field(default="", max_length=20)
    closes_1: str = Field(default="", max_length=20)
    opens_2: str = Field(default="", max_length=20)
    closes_2: str = Field(default="", max_length=20)
    quota_kind_2: QuotaKind = QuotaKind.FIXED
    quota_value_2: int = Field(default=0, ge=0, le=100_000)
    opens_3: str = Field(default="", max_length=20)
    closes_3: str = Field(default="", max_length=20)
    quota_kind_3: QuotaKind = QuotaKind.FIXED
    quota_value_3: int = Field(default=0, ge=0, le=100_000)


class RulesForm(BaseModel):
    min_words: int = Field(default=0, ge=0, le=1_000_000)
    max_words: int = Field(default=0, ge=0, le=1_000_000)
    formats: list[str] = Field(default_factory=list, max_length=len(FORMATS))
    third_judge_gap: int = Field(default=15, ge=1, le=1000)
    criterion_gap_percent: int = Field(default=40, ge=1, le=100)
    final_method: FinalMethod = FinalMethod.CLOSEST_PAIR
    exclude_own_block: bool = False
    judge_cap: int = Field(default=300, ge=1, le=100_000)
    normalise_judges: bool = False


def _moment(text: str, label: str, zone) -> datetime:
    try:
        return local_to_utc(datetime.fromisoformat(text.strip()), zone)
    except ValueError:
        raise InvalidInput(f"Hãy chọn ngày giờ cho “{label}”.") from None


def level_specs(form: CreateForm, zone) -> list[service.LevelSpec]:
    """The levels the create form describes: (grassroots,) unit, city."""
    kinds = ([LevelKind.GRASSROOTS] if form.grassroots else []) + [LevelKind.UNIT,
                                                                     LevelKind.CITY]
    windows = [(form.opens_1, form.closes_1, QuotaKind.NONE, 0),
               (form.opens_2, form.closes_2, form.quota_kind_2, form.quota_value_2),
               (form.opens_3, form.closes_3, form.quota_kind_3, form.quota_value_3)]
    return [service.LevelSpec(
        kind=kind, name=kind.label,
        opens_at=_moment(opens, f"{kind.label}: bắt đầu", zone),
        closes_at=_moment(closes, f"{kind.label}: kết thúc", zone),
        quota_kind=quota_kind, quota_value=quota_value,
        scoring=Scoring.BLIND if kind is LevelKind.CITY else Scoring.ENTERED)
        for kind, (opens, closes, quota_kind, quota_value) in zip(kinds, windows, strict=False)]


def parse_lines(text: str, what: str) -> list[list[str]]:
    """Lines "name | number [| more]" of a textarea, blank lines skipped."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            parts = [part.strip() for part in line.split("|")]
            if len(parts) < 2 or not parts[1].isdigit():
                raise InvalidInput(f"Dòng {number} của {what} cần dạng “Tên | số”: “{line}”.")
            rows.append(parts)
    return rows


def _list(request: Request, session, *, status_code: int = 200, **extra):
    return render(request, "writing/list.html", {
        "competitions": service.list_competitions(session=session),
        "form": extra.pop("form", CreateForm()), "quota_kinds": list(QuotaKind),
        "done": next((m for k, m in DONE.items() if request.query_params.get(k)), ""),
        **extra}, status_code=status_code)


@router.get("")
def competitions_page(request: Request, user: WritingManager, session: ReadSessionDep):
    return _list(request, session)


@router.post("")
def create(request: Request, user: WritingManager, session: SessionDep, settings: SettingsDep,
           now: Now, form: Annotated[CreateForm, Form()]):
    try:
        competition = service.create_competition(
            session=session, title=form.title, theme=form.theme, rules_text=form.rules_text,
            levels=level_specs(form, settings.zone), actor_id=user.id, now=now)
    except DomainError as error:
        session.rollback()
        return _list(request, session, status_code=error.status_code, error=error.message,
                     form=form)
    return redirect(f"/quan-ly/cuoc-thi-viet/{competition.id}/thiet-lap?tao=1", request)


def _setup(request: Request, session, competition, *, status_code: int = 200, **extra):
    setup = service.setup_of(session=session, competition_id=competition.id)
    unit_ids = {judge.unit_id for judge, _ in setup.judges if judge.unit_id}
    return render(request, "writing/setup.html", {
        "setup": setup, "unit_names": {u.id: u.name for u in units.list_units(session=session)
                                       if u.id in unit_ids},
        "base": f"/quan-ly/cuoc-thi-viet/{competition.id}",
        "formats": {f: service.FORMAT_LABELS[f] for f in FORMATS},
        "methods": list(FinalMethod), "blocks": units.blocks(session=session),
        "candidates": service.judge_candidates(session=session),
        "status_of": service.level_status,
        "done": next((m for k, m in DONE.items() if request.query_params.get(k)), ""),
        **extra}, status_code=status_code)


def _refused(request: Request, session, competition, error: DomainError, **extra):
    session.rollback()
    return _setup(request, session, competition, status_code=error.status_code,
                  error=error.message, **extra)


@router.get("/{competition_id}/thiet-lap")
def setup_page(request: Request, competition: ManagedCompetition, session: ReadSessionDep,
               now: Now):
    return _setup(request, session, competition, now=now)


@router.post("/{competition_id}/quy-dinh")
def save_rules(request: Request, competition: ManagedCompetition, user: WritingManager,
               session: SessionDep, now: Now, form: Annotated[RulesForm, Form()]):
    try:
        service.update_rules(session=session, competition_id=competition.id, now=now,
                             actor_id=user.id,
                             rules=service.Rules(**{**form.model_dump(),
                                                    "formats": tuple(form.formats)}))
    except DomainError as error:
        return _refused(request, session, competition, error, now=now)
    return redirect(f"/quan-ly/cuoc-thi-viet/{competition.id}/thiet-lap?quy_dinh=1", request)


@router.post("/{competition_id}/thang-diem")
def save_rubric(request: Request, competition: ManagedCompetition, user: WritingManager,
                session: SessionDep, now: Now, criteria: Text = ""):
    try:
        rows = parse_lines(criteria, "thang điểm")
        service.set_rubric(session=session, competition_id=competition.id, now=now,
                           actor_id=user.id, criteria=[(r[0], int(r[1])) for r in rows])
    except DomainError as error:
        return _refused(request, session, competition, error, now=now, typed_criteria=criteria)
    return redirect(f"/quan-ly/cuoc-thi-viet/{competition.id}/thiet-lap?thang_diem=1#thang-diem",
                    request)


@router.post("/{competition_id}/cap/{level_id}/giai")
def save_prizes(request: Request, level_id: Id, competition: ManagedCompetition,
                user: WritingManager, session: SessionDep, now: Now, tiers: Text = ""):
    try:
        service.get_level(session=session, level_id=level_id, competition_id=competition.id)
        blocks = {b.name.casefold(): b.id for b in units.blocks(session=session)}
        parsed = []
        for row in parse_lines(tiers, "cơ cấu giải"):
            block = row[2].casefold() if len(row) > 2 and row[2] else ""
            if block and block not in blocks:
                raise InvalidInput(f"Không có khối “{row[2]}”.")
            parsed.append((row[0], int(row[1]), blocks.get(block)))
        service.set_prize_tiers(session=session, level_id=level_id, tiers=parsed,
                                actor_id=user.id, now=now)
    except DomainError as error:
        return _refused(request, session, competition, error, now=now, typed_tiers=tiers,
                        tiers_level=level_id)
    return redirect(f"/quan-ly/cuoc-thi-viet/{competition.id}/thiet-lap?giai=1#giai", request)


@router.post("/{competition_id}/giam-khao")
def add_judge(request: Request, competition: ManagedCompetition, user: WritingManager,
              session: SessionDep, now: Now, user_id: Annotated[Id, Form()],
              unit_code: Annotated[str, Form(max_length=40)] = "",
              block_id: Annotated[Id | None, Form()] = None,
              cap: Annotated[int | None, Form(ge=1, le=100_000)] = None):
    try:
        unit_id = None
        if unit_code.strip():
            found = units.find_by_codes(session=session, codes={unit_code.strip()})
            if not found:
                raise InvalidInput(f"Không có đơn vị mã “{unit_code.strip()}”.")
            unit_id = next(iter(found.values())).id
        service.add_judge(session=session, competition_id=competition.id, user_id=user_id,
                          unit_id=unit_id, block_id=block_id, cap=cap, actor_id=user.id,
                          now=now)
    except DomainError as error:
        return _refused(request, session, competition, error, now=now)
    return redirect(f"/quan-ly/cuoc-thi-viet/{competition.id}/thiet-lap?giam_khao=1#giam-khao",
                    request)


@router.post("/{competition_id}/giam-khao/{judge_id}/rut")
def remove_judge(request: Request, judge_id: Id, competition: ManagedCompetition,
                 user: WritingManager, session: SessionDep, now: Now):
    try:
        service.remove_judge(session=session, competition_id=competition.id,
                             judge_id=judge_id, actor_id=user.id, now=now)
    except DomainError as error:
        return _refused(request, session, competition, error, now=now)
    return redirect(f"/quan-ly/cuoc-thi-viet/{competition.id}/thiet-lap?giam_khao=1#giam-khao",
                    request)

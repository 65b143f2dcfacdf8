"""Organiser pages for online contests: list and create, settings, rounds, monitor, contestants."""

import math
import re
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from pydantic import BaseModel, Field

from backend.clock import local_to_utc, utc_to_local
from backend.contests import queries, roster
from backend.contests import service as contests
from backend.contests.deps import (
    ContestantViewer,
    ContestManager,
    ContestMonitor,
    ManagedContest,
    ManagedRound,
    MonitoredContest,
    ViewedContest,
)
from backend.deps import INT_MAX, Id, Now, PageNumber, SessionDep, SettingsDep
from backend.errors import DomainError, InvalidInput
from backend.policy import Permission, has_permission, may_see_personal_data
from backend.questions.models import Difficulty
from backend.units import service as units
from backend.web import redirect, render

router = APIRouter(prefix="/quan-ly/cuoc-thi", include_in_schema=False)
BLANK_QUOTAS = 3
INPUT_FORMAT = "%Y-%m-%dT%H:%M"


def _base(contest) -> str:
    return f"/quan-ly/cuoc-thi/{contest.id}"


class ContestForm(BaseModel):
    title: str = Field(default="", max_length=255)
    rules_text: str = Field(default="", max_length=50_000)
    requires_id_number: bool = False
    is_published: bool = False
    scope: str = "all"
    unit_codes: str = Field(default="", max_length=20_000)
    unit_ids: list[Id] = Field(default_factory=list, max_length=2000)
    override_reason: str = Field(default="", max_length=1000)
    groups: str = Field(default="", max_length=5000)  # one group ("bảng") a line
    one_prize_per_person: bool = False


def _list_context(session, now, user, **extra) -> dict:
    manager = has_permission(user, Permission.MANAGE_CONTESTS)
    within = units.scope_of(session=session, user=user)
    context = {"summaries": queries.contest_summaries(session=session, now=now,
                                                      published_only=not manager,
                                                      within=within),
               "manager": manager, "within": within, "form": ContestForm(), **extra}
    if manager:
        context["roots"] = units.build_tree(units.list_units(session=session))
    return context


@router.get("")
def contests_page(request: Request, user: ContestMonitor, session: SessionDep, now: Now):
    return render(request, "contests/manage/list.html", _list_context(session, now, user))


@router.post("")
def create(request: Request, user: ContestManager, session: SessionDep, now: Now,
           body: Annotated[ContestForm, Form()]):
    codes = [c for c in re.split(r"[\s,;]+", body.unit_codes) if c]
    try:
        scope = (contests.chosen_scope(session=session, codes=codes, unit_ids=body.unit_ids)
                 if body.scope == "chosen" or codes or body.unit_ids else [])
        contest = contests.create_contest(
            session=session, title=body.title, rules_text=body.rules_text,
            requires_id_number=body.requires_id_number, is_published=body.is_published,
            groups=body.groups.splitlines(), one_prize_per_person=body.one_prize_per_person,
            scope_unit_ids=scope, actor_id=user.id, now=now)
    except DomainError as error:
        session.rollback()
        return render(request, "contests/manage/list.html", _list_context(
            session, now, user, form=body, error=error.message), status_code=error.status_code)
    return redirect(f"{_base(contest)}?da_tao=1", request)


def _contest_context(session, contest, now, **extra) -> dict:
    frozen = queries.frozen_units(session=session, contest_id=contest.id)
    scope_ids = {u.id for u in contests.scope_units(session=session, contest_id=contest.id)}
    rounds = queries.round_views(
        session=session, rounds=contests.rounds_of(session=session, contest_id=contest.id),
        now=now)
    return {"contest": contest, "base": _base(contest), "frozen": frozen, "rounds": rounds,
            "scope": [u for u in frozen if u.unit_id in scope_ids],
            "attempts": sum(v.attempts for v in rounds),
            "locked": contests.contest_has_attempts(session=session, contest_id=contest.id),
            "form": ContestForm(**contest.model_dump(include={
                "title", "rules_text", "requires_id_number", "is_published",
                "one_prize_per_person"}), groups="\n".join(contest.groups)), **extra}


@router.get("/{contest_id}")
def contest_page(request: Request, contest: ManagedContest, session: SessionDep, now: Now):
    return render(request, "contests/manage/contest.html",
                  _contest_context(session, contest, now))


@router.post("/{contest_id}")
def save_settings(request: Request, contest: ManagedContest, user: ContestManager,
                  session: SessionDep, now: Now, body: Annotated[ContestForm, Form()]):
    try:
        contests.update_contest(
            session=session, contest=contest, title=body.title, rules_text=body.rules_text,
            requires_id_number=body.requires_id_number, is_published=body.is_published,
            groups=body.groups.splitlines(), one_prize_per_person=body.one_prize_per_person,
            override_reason=body.override_reason, actor_id=user.id, now=now)
    except DomainError as error:
        session.rollback()
        return render(request, "contests/manage/contest.html", _contest_context(
            session, contest, now, form=body, error=error.message),
            status_code=error.status_code)
    return redirect(f"{_base(contest)}?da_luu=1", request)


@router.post("/{contest_id}/don-vi")
def refresh_units(request: Request, contest: ManagedContest, user: ContestManager,
                  session: SessionDep, now: Now):
    scope = [u.id for u in contests.scope_units(session=session, contest_id=contest.id)]
    try:
        count = contests.refresh_units(session=session, contest=contest, scope_unit_ids=scope,
                                       actor_id=user.id, now=now)
    except DomainError as error:
        session.rollback()
        return render(request, "contests/manage/contest.html", _contest_context(
            session, contest, now, units_error=error.message), status_code=error.status_code)
    return redirect(f"{_base(contest)}?don_vi={count}", request)


class RoundForm(BaseModel):
    name: str = Field(default="", max_length=200)
    opens_at: str = Field(default="", max_length=40)
    closes_at: str = Field(default="", max_length=40)
    question_count: str = Field(default="10", max_length=10)
    time_limit_minutes: str = Field(default="10", max_length=10)
    max_attempts: str = Field(default="", max_length=10)
    prediction_prompt: str = Field(default="", max_length=500)
    quota_topic: list[str] = Field(default_factory=list, max_length=60)
    quota_difficulty: list[str] = Field(default_factory=list, max_length=60)
    quota_count: list[str] = Field(default_factory=list, max_length=60)
    override_reason: str = Field(default="", max_length=1000)


def _round_form(round_, quotas, zone, *, shift=None) -> RoundForm:
    """A form filled from a round: the round itself, or (with `shift`) the next one like it."""
    opens, closes = (round_.opens_at, round_.closes_at) if shift is None else (
        round_.closes_at, round_.closes_at + shift)
    minutes = round_.time_limit_seconds / 60
    return RoundForm(
        name=round_.name if shift is None else "",
        opens_at=utc_to_local(opens, zone).strftime(INPUT_FORMAT),
        closes_at=utc_to_local(closes, zone).strftime(INPUT_FORMAT),
        question_count=str(round_.question_count),
        time_limit_minutes=f"{minutes:g}", max_attempts=str(round_.max_attempts or ""),
        prediction_prompt=round_.prediction_prompt or "",
        quota_topic=[q.topic for q in quotas], quota_difficulty=[q.difficulty for q in quotas],
        quota_count=[str(q.count) for q in quotas])


def _number(text: str, what: str, *, decimal: bool = False) -> float:
    try:
        value = float(text.replace(",", ".")) if decimal else int(text)
        if not math.isfinite(value):
            raise ValueError(text)
    except ValueError:
        raise InvalidInput(f"{what} phải là một số{'' if decimal else ' nguyên'}.") from None
    # The rules' own limits come later, in the service; this keeps the number storable.
    if abs(value) > INT_MAX:
        raise InvalidInput(f"{what} quá lớn; hãy kiểm tra lại.")
    return value


def _moment(text: str, what: str, zone) -> datetime:
    try:
        return local_to_utc(datetime.fromisoformat(text.strip()), zone)
    except ValueError:
        raise InvalidInput(f"{what} chưa đúng dạng ngày giờ (ngày/tháng/năm giờ:phút).") from None


def _rules(body: RoundForm, zone) -> contests.RoundRules:
    quotas = []
    for topic, difficulty, count in zip(body.quota_topic, body.quota_difficulty,
                                        body.quota_count, strict=False):
        if count.strip():
            quotas.append((topic, difficulty, _number(count, "Số câu của cơ cấu đề")))
        elif topic.strip() or difficulty:
            raise InvalidInput("Hãy điền số câu cho từng dòng cơ cấu đề đã chọn chủ đề hoặc "
                               "mức độ (hoặc xóa dòng đó).")
    return contests.RoundRules(
        name=body.name, opens_at=_moment(body.opens_at, "Thời điểm mở", zone),
        closes_at=_moment(body.closes_at, "Thời điểm đóng", zone),
        question_count=_number(body.question_count, "Số câu hỏi mỗi lượt"),
        time_limit_seconds=round(_number(body.time_limit_minutes, "Thời gian làm bài",
                                         decimal=True) * 60),
        max_attempts=(_number(body.max_attempts, "Số lượt thi tối đa")
                      if body.max_attempts.strip() else None),
        prediction_prompt=body.prediction_prompt or None, quotas=quotas)


def _round_context(session, contest, form: RoundForm, **extra) -> dict:
    filled = list(zip(form.quota_topic, form.quota_difficulty, form.quota_count, strict=False))
    return {"contest": contest, "base": _base(contest), "form": form,
            "quota_rows": filled + [("", "", "")] * BLANK_QUOTAS,
            "strata": queries.question_strata(session=session, contest_id=contest.id),
            "difficulties": list(Difficulty), **extra}


@router.get("/{contest_id}/tuan-thi/moi")
def new_round_page(request: Request, contest: ManagedContest, session: SessionDep,
                   settings: SettingsDep):
    rounds = contests.rounds_of(session=session, contest_id=contest.id)
    form = RoundForm()
    if rounds:
        last = rounds[-1]
        form = _round_form(last, contests.quotas_of(session=session, round_id=last.id),
                           settings.zone, shift=last.closes_at - last.opens_at)
    form.name = f"Tuần {len(rounds) + 1}"
    return render(request, "contests/manage/round.html", _round_context(session, contest, form))


@router.post("/{contest_id}/tuan-thi/moi")
def add_round(request: Request, contest: ManagedContest, user: ContestManager,
              session: SessionDep, settings: SettingsDep, now: Now,
              body: Annotated[RoundForm, Form()]):
    try:
        added = contests.add_round(session=session, contest=contest,
                                   rules=_rules(body, settings.zone), actor_id=user.id, now=now)
    except DomainError as error:
        session.rollback()
        return render(request, "contests/manage/round.html", _round_context(
            session, contest, body, error=error.message), status_code=error.status_code)
    return redirect(f"{_base(contest)}/tuan-thi/{added.id}?da_tao=1", request)


@router.get("/{contest_id}/tuan-thi/{round_id}")
def round_page(request: Request, contest: ManagedContest, round_: ManagedRound,
               session: SessionDep, settings: SettingsDep, now: Now):
    view = queries.round_views(session=session, rounds=[round_], now=now)[0]
    form = _round_form(round_, [q for q, _ in view.quotas], settings.zone)
    return render(request, "contests/manage/round.html",
                  _round_context(session, contest, form, view=view))


@router.post("/{contest_id}/tuan-thi/{round_id}")
def save_round(request: Request, contest: ManagedContest, round_: ManagedRound,
               user: ContestManager, session: SessionDep, settings: SettingsDep, now: Now,
               body: Annotated[RoundForm, Form()]):
    try:
        contests.update_round(session=session, round_=round_, rules=_rules(body, settings.zone),
                              override_reason=body.override_reason, actor_id=user.id, now=now)
    except DomainError as error:
        session.rollback()
        view = queries.round_views(session=session, rounds=[round_], now=now)[0]
        return render(request, "contests/manage/round.html", _round_context(
            session, contest, body, view=view, error=error.message),
            status_code=error.status_code)
    return redirect(f"{_base(contest)}/tuan-thi/{round_.id}?da_luu=1", request)


def _monitor_context(session, contest, user, now, round_id: int | None) -> dict:
    within = units.scope_of(session=session, user=user)
    rounds = queries.watched_rounds(session=session, contest_id=contest.id, now=now,
                                    round_id=round_id)
    query = f"?tuan_thi={round_id}" if round_id else ""
    return {"contest": contest, "base": _base(contest), "within": within, "now": now,
            "all_rounds": contests.rounds_of(session=session, contest_id=contest.id),
            "chosen": round_id, "figures_url": f"{_base(contest)}/theo-doi/so-lieu{query}",
            "monitor": queries.monitor(session=session, contest_id=contest.id, rounds=rounds,
                                       now=now, within=within)}


@router.get("/{contest_id}/theo-doi")
def monitor_page(request: Request, contest: MonitoredContest, user: ContestMonitor,
                 session: SessionDep, now: Now, tuan_thi: Id | None = None):
    return render(request, "contests/manage/monitor.html",
                  _monitor_context(session, contest, user, now, tuan_thi))


@router.get("/{contest_id}/theo-doi/so-lieu")
def monitor_figures(request: Request, contest: MonitoredContest, user: ContestMonitor,
                    session: SessionDep, now: Now, tuan_thi: Id | None = None):
    return render(request, "contests/manage/_monitor_figures.html",
                  _monitor_context(session, contest, user, now, tuan_thi))


@router.get("/{contest_id}/thi-sinh")
def contestants_page(request: Request, contest: ViewedContest, user: ContestantViewer,
                     session: SessionDep, q: Annotated[str, Query(max_length=120)] = "",
                     page: PageNumber = 1):
    reveal = may_see_personal_data(user)
    within = units.scope_of(session=session, user=user)
    found = roster.contestant_page(session=session, contest_id=contest.id, reveal=reveal,
                                   within=within, query=q, page=page)
    return render(request, "contests/manage/contestants.html", {
        "contest": contest, "base": _base(contest), "found": found, "q": q, "reveal": reveal,
        "within": within, "manager": has_permission(user, Permission.MANAGE_CONTESTS)})

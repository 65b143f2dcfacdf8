"""Setting up and watching contests over JSON: everything the organiser pages do."""

from fastapi import APIRouter

from backend.clock import local_to_utc
from backend.contests import queries, roster, service
from backend.contests.deps import (
    ContestantViewer,
    ContestManager,
    ContestMonitor,
    ManagedContest,
    ManagedRound,
    MonitoredContest,
    ViewedContest,
)
from backend.contests.models import Contest, RoundStatus
from backend.contests.schemas import (
    ContestantPageOut,
    ContestantRowOut,
    ContestCreate,
    ContestManageOut,
    ContestPatch,
    ContestSummaryOut,
    ContestUnitManageOut,
    MonitorBlockOut,
    MonitorFiguresOut,
    MonitorOut,
    MonitorUnitOut,
    QuotaOut,
    RoundIn,
    RoundManageOut,
    RoundOut,
    UnitsRefreshIn,
    UnitsRefreshOut,
)
from backend.deps import Id, Now, PageNumber, SessionDep, SettingsDep
from backend.policy import may_see_personal_data
from backend.units import service as units

router = APIRouter(prefix="/api/v1/manage", tags=["Quản lý cuộc thi"])


def round_out(view: queries.RoundView) -> RoundManageOut:
    r = view.round
    return RoundManageOut(
        **r.model_dump(), is_open=view.status == RoundStatus.OPEN,
        status=view.status.value, status_label=view.status.label, attempt_count=view.attempts,
        rules_locked=view.locked, warnings=view.warnings,
        quotas=[QuotaOut(topic=q.topic, difficulty=q.difficulty, count=q.count, available=n)
                for q, n in view.quotas])


def contest_out(session, contest: Contest, now) -> ContestManageOut:
    frozen = service.contest_units(session=session, contest_id=contest.id)
    rounds = service.rounds_of(session=session, contest_id=contest.id)
    return ContestManageOut(
        **contest.model_dump(include={"id", "title", "rules_text", "requires_id_number",
                                      "is_published", "groups", "one_prize_per_person",
                                      "created_at", "updated_at"}),
        rules_locked=service.contest_has_attempts(session=session, contest_id=contest.id),
        unit_count=len(frozen),
        scope_unit_ids=[u.id for u in service.scope_units(session=session,
                                                          contest_id=contest.id)],
        server_now=now, rounds=[round_out(v) for v in queries.round_views(
            session=session, rounds=rounds, now=now)])


def _scope(session, ids: list[int] | None, codes: list[str] | None) -> list[int] | None:
    if not ids and not codes:
        return None
    return service.chosen_scope(session=session, codes=codes or [], unit_ids=ids or [])


@router.get("/contests")
def list_contests(user: ContestManager, session: SessionDep, now: Now) -> list[ContestSummaryOut]:
    """Every contest, newest first, with rounds and registrations counted."""
    return [ContestSummaryOut(
        **s.contest.model_dump(include={"id", "title", "is_published", "requires_id_number",
                                        "created_at"}),
        round_count=len(s.rounds), open_round_count=len(s.open_rounds),
        contestant_count=s.contestants)
        for s in queries.contest_summaries(session=session, now=now)]


@router.post("/contests", status_code=201)
def create_contest(body: ContestCreate, user: ContestManager, session: SessionDep,
                   now: Now) -> ContestManageOut:
    """Create a contest; no scope ids nor codes means the whole unit tree takes part."""
    contest = service.create_contest(
        session=session, title=body.title, rules_text=body.rules_text,
        requires_id_number=body.requires_id_number, is_published=body.is_published,
        scope_unit_ids=_scope(session, body.scope_unit_ids, body.scope_unit_codes) or [],
        groups=body.groups, one_prize_per_person=body.one_prize_per_person,
        actor_id=user.id, now=now)
    return contest_out(session, contest, now)


@router.get("/contests/{contest_id}")
def get_contest(contest: ManagedContest, session: SessionDep, now: Now) -> ContestManageOut:
    """One contest with its settings and rounds (status computed from the server's clock)."""
    return contest_out(session, contest, now)


@router.patch("/contests/{contest_id}")
def update_contest(body: ContestPatch, contest: ManagedContest, user: ContestManager,
                   session: SessionDep, now: Now) -> ContestManageOut:
    """Change title, rules text, CCCD requirement, groups, one prize per person or publication;
    locked rules need a reason, and a group someone registered in cannot be removed."""
    service.update_contest(
        session=session, contest=contest, title=_keep(body.title, contest.title),
        rules_text=_keep(body.rules_text, contest.rules_text),
        requires_id_number=_keep(body.requires_id_number, contest.requires_id_number),
        is_published=_keep(body.is_published, contest.is_published), groups=body.groups,
        one_prize_per_person=body.one_prize_per_person,
        override_reason=body.override_reason, actor_id=user.id, now=now)
    return contest_out(session, contest, now)


def _keep(value, current):
    return current if value is None else value


@router.get("/contests/{contest_id}/units")
def contest_units(contest: ManagedContest, session: SessionDep) -> list[ContestUnitManageOut]:
    """The participating units as frozen when the contest was set up, parents first."""
    return [ContestUnitManageOut(**u.model_dump())
            for u in queries.frozen_units(session=session, contest_id=contest.id)]


@router.post("/contests/{contest_id}/units/refresh")
def refresh_units(contest: ManagedContest, user: ContestManager, session: SessionDep, now: Now,
                  body: UnitsRefreshIn | None = None) -> UnitsRefreshOut:
    """Freeze the participating units again from today's tree; refused once anyone has started."""
    body = body or UnitsRefreshIn()
    scope = _scope(session, body.scope_unit_ids, body.scope_unit_codes)
    if scope is None:
        scope = [u.id for u in service.scope_units(session=session, contest_id=contest.id)]
    count = service.refresh_units(session=session, contest=contest, scope_unit_ids=scope,
                                  actor_id=user.id, now=now)
    return UnitsRefreshOut(unit_count=count)


def _rules(body: RoundIn, zone) -> service.RoundRules:
    return service.RoundRules(
        name=body.name, opens_at=local_to_utc(body.opens_at, zone),
        closes_at=local_to_utc(body.closes_at, zone), question_count=body.question_count,
        time_limit_seconds=body.time_limit_seconds, max_attempts=body.max_attempts,
        prediction_prompt=body.prediction_prompt,
        quotas=[(q.topic, q.difficulty, q.count) for q in body.quotas])


@router.get("/contests/{contest_id}/rounds")
def list_rounds(contest: ManagedContest, session: SessionDep, now: Now) -> list[RoundManageOut]:
    """The rounds, with status, attempts so far and quotas checked against the bank."""
    rounds = service.rounds_of(session=session, contest_id=contest.id)
    return [round_out(v) for v in queries.round_views(session=session, rounds=rounds, now=now)]


@router.post("/contests/{contest_id}/rounds", status_code=201)
def add_round(body: RoundIn, contest: ManagedContest, user: ContestManager, session: SessionDep,
              settings: SettingsDep, now: Now) -> RoundManageOut:
    """Add the next round; times without an offset are Asia/Ho_Chi_Minh wall-clock time."""
    added = service.add_round(session=session, contest=contest,
                              rules=_rules(body, settings.zone), actor_id=user.id, now=now)
    return round_out(queries.round_views(session=session, rounds=[added], now=now)[0])


@router.get("/contests/{contest_id}/rounds/{round_id}")
def get_round(round_: ManagedRound, session: SessionDep, now: Now) -> RoundManageOut:
    """One round with its quotas."""
    return round_out(queries.round_views(session=session, rounds=[round_], now=now)[0])


@router.put("/contests/{contest_id}/rounds/{round_id}")
def update_round(body: RoundIn, round_: ManagedRound, user: ContestManager, session: SessionDep,
                 settings: SettingsDep, now: Now) -> RoundManageOut:
    """Replace a round's rules; once it has attempts this needs `override_reason` (10+ chars)."""
    service.update_round(session=session, round_=round_, rules=_rules(body, settings.zone),
                         override_reason=body.override_reason, actor_id=user.id, now=now)
    return round_out(queries.round_views(session=session, rounds=[round_], now=now)[0])


def figures_out(f: queries.Figures) -> MonitorFiguresOut:
    return MonitorFiguresOut(
        in_progress=f.in_progress, submitted=f.submitted, expired=f.expired,
        submitted_last_5_min=f.submitted_5, expired_last_5_min=f.expired_5,
        submitted_last_15_min=f.submitted_15, expired_last_15_min=f.expired_15,
        contestants=f.contestants, total=f.total)


@router.get("/contests/{contest_id}/monitor")
def monitor(contest: MonitoredContest, user: ContestMonitor, session: SessionDep, now: Now,
            round_id: Id | None = None) -> MonitorOut:
    """Attempts of the open rounds (or `round_id`) by unit and block; officers: own subtree."""
    within = units.scope_of(session=session, user=user)
    rounds = queries.watched_rounds(session=session, contest_id=contest.id, now=now,
                                    round_id=round_id)
    seen = queries.monitor(session=session, contest_id=contest.id, rounds=rounds, now=now,
                           within=within)
    return MonitorOut(
        server_now=now, totals=figures_out(seen.totals),
        rounds=[RoundOut(**r.model_dump(), is_open=r.is_open(now)) for r in rounds],
        blocks=[MonitorBlockOut(name=b.name, figures=figures_out(b.figures))
                for b in seen.blocks],
        units=[MonitorUnitOut(unit_id=row.unit.unit_id, code=row.unit.code, name=row.unit.name,
                              block_name=row.unit.block_name, headcount=row.unit.headcount,
                              figures=figures_out(row.figures))
               for b in seen.blocks for row in b.units])


@router.get("/contests/{contest_id}/contestants")
def contestants(contest: ViewedContest, user: ContestantViewer, session: SessionDep,
                q: str = "", page: PageNumber = 1) -> ContestantPageOut:
    """Contestants, newest first, 100 a page; unit officers: their subtree only. Phone, CCCD,
    email and birth date masked unless permitted."""
    reveal = may_see_personal_data(user)
    found = roster.contestant_page(session=session, contest_id=contest.id, reveal=reveal,
                                   within=units.scope_of(session=session, user=user),
                                   query=q, page=page)
    return ContestantPageOut(
        total=found.total, page=found.page, pages=found.pages, personal_data_masked=not reveal,
        items=[ContestantRowOut(
            id=r.contestant.id, full_name=r.contestant.full_name, unit_id=r.contestant.unit_id,
            unit_name=r.unit_name, registered_at=r.contestant.registered_at, phone=r.phone,
            id_number=r.id_number, email=r.email, birth_date=r.birth_date,
            attempt_count=r.attempts, best_score=r.best_score)
            for r in found.rows])

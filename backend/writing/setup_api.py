"""A writing competition's setup over JSON: create, read, rules, rubric, prize tiers and the
judges' panel, through the same services as the pages. Staff bearer token."""

from fastapi import APIRouter, Response

from backend.deps import Id, Now, ReadSessionDep, SessionDep
from backend.writing import service
from backend.writing.deps import ManagedCompetition, WritingManager
from backend.writing.schemas import (
    CompetitionIn,
    CompetitionOut,
    CompetitionSummary,
    CriterionIn,
    CriterionOut,
    JudgeIn,
    JudgeOut,
    LevelOut,
    RulesIn,
    TierIn,
    TierOut,
)

router = APIRouter(prefix="/api/v1/manage/writing", tags=["Cuộc thi viết"])


def _rules(body: RulesIn) -> service.Rules:
    return service.Rules(**{**body.model_dump(), "formats": tuple(body.formats)})


def competition_out(setup: service.Setup, now) -> CompetitionOut:
    c = setup.competition
    return CompetitionOut(
        id=c.id, title=c.title, theme=c.theme, rules_text=c.rules_text,
        rules=RulesIn(**{name: getattr(c, name) for name in RulesIn.model_fields}),
        rubric_locked_at=c.rubric_locked_at,
        levels=[LevelOut(**level.model_dump(include=set(LevelOut.model_fields) - {"status"}),
                         status=service.level_status(level, now).label)
                for level in setup.levels],
        rubric=[CriterionOut(**r.model_dump(include={"id", "position", "name", "max_points"}))
                for r in setup.rubric],
        prize_tiers=[TierOut(**t.model_dump(include={"id", "level_id", "position", "name",
                                                     "count", "block_id"}))
                     for tiers in setup.tiers.values() for t in tiers],
        judges=[JudgeOut(id=j.id, user_id=j.user_id, full_name=u.full_name, unit_id=j.unit_id,
                         block_id=j.block_id, cap=j.cap) for j, u in setup.judges])


@router.get("")
def list_competitions(user: WritingManager, session: ReadSessionDep) -> list[CompetitionSummary]:
    """Every writing competition, newest first."""
    return [CompetitionSummary(id=c.id, title=c.title, theme=c.theme)
            for c in service.list_competitions(session=session)]


@router.post("", status_code=201)
def create(body: CompetitionIn, user: WritingManager, session: SessionDep,
           now: Now) -> CompetitionOut:
    """A new competition with its levels (from the first to the city) and the default rubric."""
    competition = service.create_competition(
        session=session, title=body.title, theme=body.theme, rules_text=body.rules_text,
        rules=_rules(body.rules), actor_id=user.id, now=now,
        levels=[service.LevelSpec(kind=lv.kind, name=lv.name or lv.kind.label,
                                  opens_at=lv.opens_at, closes_at=lv.closes_at,
                                  quota_kind=lv.quota_kind, quota_value=lv.quota_value,
                                  scoring=lv.scoring) for lv in body.levels])
    return competition_out(service.setup_of(session=session, competition_id=competition.id),
                           now)


@router.get("/{competition_id}")
def show(competition: ManagedCompetition, session: ReadSessionDep, now: Now) -> CompetitionOut:
    return competition_out(service.setup_of(session=session, competition_id=competition.id),
                           now)


@router.put("/{competition_id}/rules")
def rules(body: RulesIn, competition: ManagedCompetition, user: WritingManager,
          session: SessionDep, now: Now) -> CompetitionOut:
    service.update_rules(session=session, competition_id=competition.id, rules=_rules(body),
                         actor_id=user.id, now=now)
    return competition_out(service.setup_of(session=session, competition_id=competition.id),
                           now)


@router.put("/{competition_id}/rubric")
def rubric(body: list[CriterionIn], competition: ManagedCompetition, user: WritingManager,
           session: SessionDep, now: Now) -> list[CriterionOut]:
    """Replace the rubric; refused (409) once judging has started."""
    rows = service.set_rubric(session=session, competition_id=competition.id,
                              criteria=[(c.name, c.max_points) for c in body[:20]],
                              actor_id=user.id, now=now)
    return [CriterionOut(id=r.id, position=r.position, name=r.name, max_points=r.max_points)
            for r in rows]


@router.put("/{competition_id}/levels/{level_id}/prizes")
def prizes(level_id: Id, body: list[TierIn], competition: ManagedCompetition,
           user: WritingManager, session: SessionDep, now: Now) -> list[TierOut]:
    service.get_level(session=session, level_id=level_id, competition_id=competition.id)
    rows = service.set_prize_tiers(session=session, level_id=level_id,
                                   tiers=[(t.name, t.count, t.block_id) for t in body[:200]],
                                   actor_id=user.id, now=now)
    return [TierOut(id=t.id, level_id=t.level_id, position=t.position, name=t.name,
                    count=t.count, block_id=t.block_id) for t in rows]


@router.post("/{competition_id}/judges", status_code=201)
def add_judge(body: JudgeIn, competition: ManagedCompetition, user: WritingManager,
              session: SessionDep, now: Now) -> JudgeOut:
    judge = service.add_judge(session=session, competition_id=competition.id,
                              user_id=body.user_id, unit_id=body.unit_id,
                              block_id=body.block_id, cap=body.cap, actor_id=user.id, now=now)
    account = service.judge_account(session=session, judge=judge)
    return JudgeOut(id=judge.id, user_id=judge.user_id, full_name=account.full_name,
                    unit_id=judge.unit_id, block_id=judge.block_id, cap=judge.cap)


@router.delete("/{competition_id}/judges/{judge_id}", status_code=204)
def remove_judge(judge_id: Id, competition: ManagedCompetition, user: WritingManager,
                 session: SessionDep, now: Now) -> Response:
    service.remove_judge(session=session, competition_id=competition.id, judge_id=judge_id,
                         actor_id=user.id, now=now)
    return Response(status_code=204)


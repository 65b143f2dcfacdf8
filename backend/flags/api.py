"""Suspicious attempts over JSON: the flags of a contest, its thresholds, and excluding a
contestant from prizes or lifting it. Staff bearer token, MANAGE_RESULTS."""

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import inspect

from backend.deps import INT_MAX, Id, Now, ReadSessionDep, SessionDep, SettingsDep
from backend.flags import service
from backend.flags.models import BOUNDS
from backend.flags.schemas import (
    ExclusionIn,
    ExclusionOut,
    ExclusionOutcomeOut,
    FlaggedPerson,
    FlagOut,
    FlagRulesIn,
    FlagRulesOut,
    FlagsOut,
    LiftIn,
)
from backend.results.deps import ResultsContest, ResultsManager

router = APIRouter(prefix="/api/v1/manage/contests/{contest_id}",
                   tags=["Nghi vấn gian lận"])


def rules_out(rules) -> FlagRulesOut:
    stored = inspect(rules).has_identity  # not stored: the defaults, never changed
    return FlagRulesOut(**{name: getattr(rules, name) for name in BOUNDS},
                        updated_at=rules.updated_at if stored else None)


def exclusion_out(row: service.ExclusionRow) -> ExclusionOut:
    e = row.exclusion
    return ExclusionOut(contestant_id=e.contestant_id, full_name=row.full_name,
                        unit_name=row.unit_name, active=e.lifted_at is None, reason=e.reason,
                        excluded_by=row.excluded_by, excluded_at=e.excluded_at,
                        lifted_at=e.lifted_at, lifted_by=row.lifted_by if e.lifted_at else None,
                        lift_reason=e.lift_reason)


@router.get("/flags")
def list_flags(contest: ResultsContest, session: ReadSessionDep, settings: SettingsDep,
               round_id: Annotated[int | None, Query(ge=1, le=INT_MAX)] = None) -> FlagsOut:
    """The contest's suspicious attempts (or one round's), each with who is involved and the
    evidence, under the contest's thresholds; for review, nothing is decided. Read on a read
    session: a large contest takes a while, and no writer waits for it."""
    found = service.review(session=session, contest_id=contest.id, zone=settings.zone,
                           round_id=round_id)
    return FlagsOut(rules=rules_out(found.rules), more=found.flags.more, flags=[
        FlagOut(kind=f.kind.value, kind_label=f.kind.label, evidence=f.evidence,
                details=f.details, attempt_ids=f.attempt_ids, contestants=[
                    FlaggedPerson(contestant_id=p.contestant_id, full_name=p.full_name,
                                  unit_name=p.unit_name, excluded=p.contestant_id in
                                  found.excluded) for p in f.people])
        for flags in found.flags.by_kind.values() for f in flags])


@router.get("/flags/rules")
def get_rules(contest: ResultsContest, session: ReadSessionDep) -> FlagRulesOut:
    """The thresholds that flag attempts (the defaults until changed)."""
    return rules_out(service.rules_of(session=session, contest_id=contest.id))


@router.put("/flags/rules")
def put_rules(body: FlagRulesIn, contest: ResultsContest, user: ResultsManager,
              session: SessionDep, now: Now) -> FlagRulesOut:
    """Change the thresholds given; the others stay."""
    return rules_out(service.update_rules(session=session, contest_id=contest.id,
                                          changes=body.model_dump(exclude_none=True),
                                          actor_id=user.id, now=now))


@router.get("/exclusions")
def list_exclusions(contest: ResultsContest, session: ReadSessionDep) -> list[ExclusionOut]:
    """Who was excluded from prizes, by whom, when and why, lifted ones too."""
    return [exclusion_out(r) for r in service.exclusions_of(session=session,
                                                            contest_id=contest.id)]


def _outcome(session, contest_id: int, outcome: service.ExclusionOutcome) -> ExclusionOutcomeOut:
    row = next(r for r in service.exclusions_of(session=session, contest_id=contest_id)
               if r.exclusion.contestant_id == outcome.exclusion.contestant_id)
    return ExclusionOutcomeOut(exclusion=exclusion_out(row), boards=outcome.boards)


@router.post("/exclusions", status_code=201)
def exclude(body: ExclusionIn, contest: ResultsContest, user: ResultsManager,
            read: ReadSessionDep, session: SessionDep, now: Now) -> ExclusionOutcomeOut:
    """Exclude a contestant from the contest's prizes, with a reason: they stay ranked, win
    nothing, and the finalised boards are ranked again. A second exclusion is refused (409)."""
    outcome = service.exclude_from_prizes(read=read, write=session, contest_id=contest.id,
                                          contestant_id=body.contestant_id, reason=body.reason,
                                          actor_id=user.id, now=now)
    return _outcome(read, contest.id, outcome)


@router.post("/exclusions/{contestant_id}/lift")
def lift(contestant_id: Id, body: LiftIn, contest: ResultsContest, user: ResultsManager,
         read: ReadSessionDep, session: SessionDep, now: Now) -> ExclusionOutcomeOut:
    """Give an excluded contestant back their right to prizes, with a reason; the finalised
    boards are ranked again."""
    outcome = service.lift_exclusion(read=read, write=session, contest_id=contest.id,
                                     contestant_id=contestant_id, reason=body.reason,
                                     actor_id=user.id, now=now)
    return _outcome(read, contest.id, outcome)

"""Judging a level over JSON, for organisers (MANAGE_WRITING): the overview, starting,
assigning again and changing one essay's judge."""

from fastapi import APIRouter

from backend.deps import Id, Now, ReadSessionDep, SessionDep
from backend.judging import manual, overview, service
from backend.judging.deps import WritingManager
from backend.judging.models import AssignmentKind
from backend.judging.schemas import (
    AssignmentOut,
    AssignReportOut,
    JudgeLoadOut,
    OverviewOut,
    PlaceIn,
    ReassignIn,
    ThirdOut,
)

router = APIRouter(prefix="/api/v1/manage/writing/levels/{level_id}/judging",
                   tags=["Chấm bài (Ban Tổ chức)"])


def report_out(report: service.AssignReport) -> AssignReportOut:
    return AssignReportOut(coded=report.coded, assigned=report.assigned, thirds=report.thirds,
                           problems=report.problems)


@router.get("")
def get_overview(level_id: Id, user: WritingManager, session: ReadSessionDep) -> OverviewOut:
    """Each judge's load, essays short of two judges (and why), third judges and notices."""
    seen = overview.overview(session=session, level_id=level_id)
    return OverviewOut(
        level_id=level_id, level_name=seen.level.name, started=seen.started,
        essays=seen.essays, coded=seen.coded, missing=seen.missing, notices=seen.notices,
        loads=[JudgeLoadOut(judge_id=x.judge.id, full_name=x.full_name,
                            block_name=x.block_name, assigned=x.assigned, scored=x.scored,
                            cap=x.judge.cap) for x in seen.loads],
        thirds=[ThirdOut(essay_code=t.code, judge_id=t.assignment.judge_id,
                         full_name=t.full_name, scored=t.scored) for t in seen.thirds])


@router.post("/start")
def start(level_id: Id, user: WritingManager, session: SessionDep, now: Now) -> AssignReportOut:
    """Code the level's essays, fix the rubric and assign two judges to each essay."""
    return report_out(service.start_judging(session=session, level_id=level_id,
                                            actor_id=user.id, now=now))


@router.post("/assign")
def assign(level_id: Id, user: WritingManager, session: SessionDep, now: Now) -> AssignReportOut:
    """Fill the judges' places still empty and call the third judges still missing."""
    return report_out(service.assign_judges(session=session, level_id=level_id,
                                            actor_id=user.id, now=now))


@router.post("/assignments/{assignment_id}/reassign")
def reassign(level_id: Id, assignment_id: Id, body: ReassignIn, user: WritingManager,
             session: SessionDep, now: Now) -> AssignmentOut:
    """Give an essay to another eligible judge, with a reason (audit-logged)."""
    new = manual.reassign(session=session, assignment_id=assignment_id, judge_id=body.judge_id,
                          reason=body.reason, actor_id=user.id, now=now,
                          despite_scores=body.despite_scores, level_id=level_id)
    code = overview.code_of(session=session, level_id=level_id, essay_id=new.essay_id)
    return AssignmentOut(id=new.id, essay_code=code, judge_id=new.judge_id,
                         kind=new.kind.value, assigned_at=new.assigned_at)


@router.post("/assignments", status_code=201)
def assign_place(level_id: Id, body: PlaceIn, user: WritingManager, session: SessionDep,
                 now: Now) -> AssignmentOut:
    """Give an essay's empty place (first, second or third judge) to a judge of your choice,
    under the same rules as the automatic assignment, with a reason (audit-logged)."""
    new = manual.assign_place(session=session, level_id=level_id, code=body.code,
                              kind=AssignmentKind(body.kind), judge_id=body.judge_id,
                              reason=body.reason, actor_id=user.id, now=now)
    return AssignmentOut(id=new.id, essay_code=body.code.strip().upper(), judge_id=new.judge_id,
                         kind=new.kind.value, assigned_at=new.assigned_at)

"""Forwarding over JSON, mirroring its pages: a level's batches, a unit's essays below with
their scores and ranks, entering scores, the selection, signing, and reopening (organisers).
Staff bearer token: SUBMIT_ESSAYS within the unit's subtree; reopening MANAGE_WRITING."""

from fastapi import APIRouter

from backend.deps import Now, SessionDep
from backend.forwarding import queries, service
from backend.forwarding.deps import Forwarder, ForwardingUnit, TargetLevel, WritingManager
from backend.forwarding.schemas import (
    BatchOut,
    ReopenIn,
    ScoresIn,
    SelectionIn,
    UnitForwardingOut,
    batch_out,
    unit_out,
)
from backend.units import service as units

router = APIRouter(prefix="/api/v1/writing/levels/{level_id}/forwarding",
                   tags=["Chuyển bài cuộc thi viết"])


def _unit(session, level, unit, now) -> UnitForwardingOut:
    _, source = service.level_into(session=session, level_id=level.id)
    view = queries.unit_view(session=session, level=level, source=source, unit=unit, now=now)
    return unit_out(view, queries.line_of(session=session, view=view))


@router.get("")
def list_batches(level: TargetLevel, user: Forwarder, session: SessionDep) -> list[BatchOut]:
    """Every forwarding unit's batch into the level (an officer: their own units): status,
    essays at the level below, quota and how many are picked."""
    within = units.scope_of(session=session, user=user)
    return [batch_out(line) for line in queries.batch_lines(session=session, level=level,
                                                            within=within)]


@router.get("/{unit_id}")
def unit_forwarding(level: TargetLevel, unit: ForwardingUnit, session: SessionDep,
                    now: Now) -> UnitForwardingOut:
    """The unit's essays at the level below, ranked by score, with its batch and quota."""
    return _unit(session, level, unit, now)


@router.put("/{unit_id}/scores")
def enter_scores(body: ScoresIn, level: TargetLevel, unit: ForwardingUnit, user: Forwarder,
                 session: SessionDep, now: Now) -> UnitForwardingOut:
    """Enter pre-screening scores at the level below (null clears one), until the batch is
    signed; each change is logged with the value before."""
    _, source = service.level_into(session=session, level_id=level.id)
    service.enter_scores(session=session, level_id=source.id, unit_id=unit.id,
                         scores={s.essay_id: s.score for s in body.scores}, actor=user, now=now)
    return _unit(session, level, unit, now)


@router.put("/{unit_id}/selection")
def select_essays(body: SelectionIn, level: TargetLevel, unit: ForwardingUnit, user: Forwarder,
                  session: SessionDep, now: Now) -> UnitForwardingOut:
    """Set the essays to forward (replacing the selection), within the quota and window;
    422 over the quota, 409 once signed or outside the window."""
    service.forward_essays(session=session, level_id=level.id, unit_id=unit.id,
                           essay_ids=body.essay_ids, actor=user, now=now)
    return _unit(session, level, unit, now)


@router.post("/{unit_id}/sign")
def sign(level: TargetLevel, unit: ForwardingUnit, user: Forwarder, session: SessionDep,
         now: Now) -> UnitForwardingOut:
    """Sign the selection off: the quota checked again, each essay's score and rank below
    recorded, the batch locked."""
    service.sign_batch(session=session, level_id=level.id, unit_id=unit.id, actor=user, now=now)
    return _unit(session, level, unit, now)


@router.post("/{unit_id}/reopen")
def reopen(body: ReopenIn, level: TargetLevel, unit: ForwardingUnit, user: WritingManager,
           session: SessionDep, now: Now) -> UnitForwardingOut:
    """Return a signed batch to draft: organisers only, with a reason (422 without), which
    the audit log keeps with who and when."""
    batch = queries.existing_batch(session=session, level=level, unit=unit)
    service.reopen_batch(session=session, batch_id=batch.id, reason=body.reason, actor=user,
                         now=now)
    return _unit(session, level, unit, now)

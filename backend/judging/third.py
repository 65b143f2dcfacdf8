"""The third judge: called when an essay's first two scores are apart beyond the
competition's thresholds, from a block neither of them belongs to. Flushes only: part of the
scoring (or assignment run) that found the disagreement."""

from datetime import datetime

from sqlmodel import Session

from backend.audit import service as audit
from backend.judging import assignment as planning
from backend.judging import queries
from backend.judging.assignment import Criterion
from backend.judging.models import Assignment, AssignmentKind, ScoreRecord
from backend.writing.models import WritingCompetition, WritingLevel


def pairs(active: list[Assignment]) -> dict[int, dict[AssignmentKind, Assignment]]:
    found: dict[int, dict[AssignmentKind, Assignment]] = {}
    for a in active:
        found.setdefault(a.essay_id, {})[a.kind] = a
    return found


def call_third(session: Session, level: WritingLevel, competition: WritingCompetition,
               criteria: list[Criterion], essay_id: int, now: datetime, *,
               latest: dict[int, ScoreRecord], held: dict[AssignmentKind, Assignment],
               judges: list[queries.Judge] | None = None, loads: dict[int, int] | None = None,
               place: queries.Place | None = None) -> Assignment | str | None:
    """A third judge for an essay whose first two scores disagree: the new assignment, or
    why none could be found (also written to the audit log), or None when none is needed.
    The panel, loads and essay's place are read here unless a bulk caller has them."""
    first, second = held.get(AssignmentKind.FIRST), held.get(AssignmentKind.SECOND)
    if not first or not second or first.id not in latest or second.id not in latest:
        return None
    why = planning.disagreement(latest[first.id].points, latest[second.id].points, criteria,
                                gap=competition.third_judge_gap,
                                percent=competition.criterion_gap_percent)
    if why is None:
        return None
    if judges is None:
        judges = queries.panel(session=session, competition_id=competition.id,
                               default_cap=competition.judge_cap)
        loads = queries.loads(session=session, level_id=level.id)
        place = queries.essay_place(session=session, essay_id=essay_id)
    by_id = {j.id: j for j in judges}
    existing = [by_id[a.judge_id] for a in (first, second) if a.judge_id in by_id]
    judge = planning.pick_third(essay=place, judges=judges, loads=loads, existing=existing,
                                exclude_own_block=competition.exclude_own_block)
    if judge is None:
        missing = (f"cần giám khảo thứ ba ({why}) nhưng không còn giám khảo nào khác khối với "
                   "hai giám khảo đã chấm, ngoài đơn vị và khối của bài và chưa đủ số bài tối "
                   "đa. Hãy thêm giám khảo rồi phân công lại.")
        audit.record(session=session, actor_id=None, action="judging.third_missing",
                     target=f"writing_level:{level.id}",
                     details={"essay_id": essay_id, "why": why}, now=now)
        return missing
    third = Assignment(level_id=level.id, essay_id=essay_id, judge_id=judge.id,
                       kind=AssignmentKind.THIRD, assigned_at=now)
    session.add(third)
    session.flush()
    loads[judge.id] = loads.get(judge.id, 0) + 1
    audit.record(session=session, actor_id=None, action="judging.third_called",
                 target=f"writing_level:{level.id}",
                 details={"essay_id": essay_id, "judge_id": judge.id, "why": why}, now=now)
    return third

"""Who may judge what, and the plan that gives every essay its judges: pure functions over
the rows queries.py reads, so that a level of thousands of essays is planned in memory and
written in one bulk insert."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from backend.judging.models import AssignmentKind
from backend.judging.queries import Judge, Place
from backend.vnformat import decimal, grouped

PAIR = (AssignmentKind.FIRST, AssignmentKind.SECOND)


def is_eligible(judge: Judge, essay: Place, *, exclude_own_block: bool) -> bool:
    """Never a judge of the essay's own line of the tree (their unit is the essay's, above it
    or below it), nor of its block when the competition says so."""
    if judge.place.path and essay.path and (essay.path.startswith(judge.place.path)
                                            or judge.place.path.startswith(essay.path)):
        return False
    return not (exclude_own_block and judge.place.block_id is not None
                and judge.place.block_id == essay.block_id)


@dataclass(frozen=True)
class Unassigned:
    essay_id: int
    code: str
    kind: AssignmentKind
    reason: str

    @property
    def message(self) -> str:
        return f"Bài {self.code} chưa có {self.kind.label.lower()}: {self.reason}"


@dataclass
class Plan:
    rows: list[tuple[int, int, AssignmentKind]] = field(default_factory=list)  # essay, judge
    unassigned: list[Unassigned] = field(default_factory=list)


def _least_loaded(candidates: Sequence[Judge], loads: Mapping[int, int]) -> Judge | None:
    """The judge with the fewest essays under their cap; ties go to the panel's order."""
    open_ = [j for j in candidates if loads.get(j.id, 0) < j.cap]
    return min(open_, key=lambda j: (loads.get(j.id, 0), j.id), default=None)


def _why_none(eligible: Sequence[Judge]) -> str:
    if not eligible:
        return "không có giám khảo nào ngoài đơn vị và khối của bài."
    return (f"{len(eligible)} giám khảo phù hợp đều đã đủ số bài tối đa hoặc đã được giao bài "
            "này. Hãy thêm giám khảo hoặc nâng số bài tối đa rồi phân công lại.")


def plan_pairs(*, essays: Mapping[int, tuple[str, Place]], judges: Sequence[Judge],
               loads: dict[int, int], present: Mapping[int, Mapping[AssignmentKind, int]],
               exclude_own_block: bool) -> Plan:
    """Give every essay its first and second judge where it lacks them, least loaded first.
    Essays with the fewest eligible judges are served first, so that a scarce judge is not
    spent on essays others could take. `loads` is updated as judges are given essays."""
    eligible = {essay_id: [j for j in judges
                           if is_eligible(j, place, exclude_own_block=exclude_own_block)]
                for essay_id, (_, place) in essays.items()}
    plan = Plan()
    order = sorted(essays, key=lambda e: (len(eligible[e]), essays[e][0]))
    for essay_id in order:
        held = dict(present.get(essay_id, {}))
        for kind in PAIR:
            if kind in held:
                continue
            taken = set(held.values())
            judge = _least_loaded([j for j in eligible[essay_id] if j.id not in taken], loads)
            if judge is None:
                plan.unassigned.append(Unassigned(essay_id, essays[essay_id][0], kind,
                                                  _why_none(eligible[essay_id])))
                continue
            held[kind] = judge.id
            loads[judge.id] = loads.get(judge.id, 0) + 1
            plan.rows.append((essay_id, judge.id, kind))
    return plan


def pick_third(*, essay: Place, judges: Sequence[Judge], loads: Mapping[int, int],
               existing: Sequence[Judge], exclude_own_block: bool) -> Judge | None:
    """The third judge: eligible for the essay, of a block neither existing judge belongs to
    (a judge of no block shares none), least loaded under their cap."""
    taken = {j.id for j in existing}
    blocks = {j.place.block_id for j in existing} - {None}
    return _least_loaded([j for j in judges if j.id not in taken
                          and (j.place.block_id is None or j.place.block_id not in blocks)
                          and is_eligible(j, essay, exclude_own_block=exclude_own_block)],
                         loads)


def points_text(value: float) -> str:
    """Points as Vietnamese writes them: "20", "7,5"."""
    return grouped(int(value)) if float(value).is_integer() else decimal(value, 1)


@dataclass(frozen=True)
class Criterion:
    id: int
    name: str
    max_points: int


def disagreement(first: Mapping[str, float], second: Mapping[str, float],
                 criteria: Sequence[Criterion], *, gap: float, percent: int) -> str | None:
    """Why two judges' scores call for a third judge (in Vietnamese), or None: totals apart
    by more than `gap`, or a criterion apart by more than `percent` % of its maximum."""
    total = abs(sum(first.values()) - sum(second.values()))
    if total > gap:
        return f"tổng điểm chênh {points_text(total)} điểm, quá ngưỡng {points_text(gap)} điểm"
    for criterion in criteria:
        apart = abs(first.get(str(criterion.id), 0) - second.get(str(criterion.id), 0))
        if apart * 100 > percent * criterion.max_points:
            return (f"tiêu chí “{criterion.name}” chênh {points_text(apart)} điểm, quá "
                    f"{percent}% của {criterion.max_points} điểm")
    return None

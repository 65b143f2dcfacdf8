"""The organisers' view of a level's judging: each judge's load, essays short of two judges
and why, the third judges called, and the essays that need one but have none. By code only."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.judging import assignment as planning
from backend.judging import queries
from backend.judging.models import Assignment, AssignmentKind, BlindCode
from backend.units.models import Block
from backend.writing import service as writing
from backend.writing.models import WritingCompetition, WritingLevel


@dataclass(frozen=True)
class JudgeLoad:
    judge: queries.Judge
    full_name: str
    block_name: str
    assigned: int
    scored: int


@dataclass(frozen=True)
class Line:
    """One active assignment, for the reassignment form."""

    assignment: Assignment
    code: str
    full_name: str
    scored: bool


@dataclass
class Overview:
    level: WritingLevel
    competition: WritingCompetition
    essays: int
    coded: int
    loads: list[JudgeLoad] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    thirds: list[Line] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    found: list[Line] = field(default_factory=list)  # the assignments of the essay searched
    found_code: str = ""  # the essay searched, when the level has it
    open_places: list[AssignmentKind] = field(default_factory=list)  # its empty places

    @property
    def started(self) -> bool:
        return self.coded > 0


def overview(*, session: Session, level_id: int, code: str = "") -> Overview:
    """The level's judging as it stands; `code` picks one essay's assignments to change."""
    level = writing.get_level(session=session, level_id=level_id)
    competition = session.get(WritingCompetition, level.competition_id)
    essays = queries.coded_essays(session=session, level=level)
    seen = Overview(level, competition, len(queries.essays_in_level(session=session,
                                                                      level=level)),
                    len(essays))
    judges = queries.panel(session=session, competition_id=competition.id,
                           default_cap=competition.judge_cap)
    names = dict(session.execute(select(UserAccount.id, UserAccount.full_name)
                                 .where(UserAccount.id.in_([j.user_id for j in judges]))).all())
    blocks = dict(session.execute(select(Block.id, Block.name)).all())
    active = [a for a in queries.active_assignments(session=session, level_id=level.id)
              if a.essay_id in essays]
    latest = queries.latest_scores(session=session, assignment_ids=[a.id for a in active])
    by_judge = {j.id: j for j in judges}

    def line(a: Assignment) -> Line:
        judge = by_judge.get(a.judge_id)
        return Line(a, essays[a.essay_id][0], names.get(judge.user_id, "") if judge else "",
                    a.id in latest)

    for judge in judges:
        mine = [a for a in active if a.judge_id == judge.id]
        seen.loads.append(JudgeLoad(judge, names.get(judge.user_id, ""),
                                    blocks.get(judge.place.block_id, "Không thuộc khối"),
                                    len(mine), sum(a.id in latest for a in mine)))
    present: dict[int, dict[AssignmentKind, int]] = {}
    pairs: dict[int, dict[AssignmentKind, Assignment]] = {}
    for a in active:
        present.setdefault(a.essay_id, {})[a.kind] = a.judge_id
        pairs.setdefault(a.essay_id, {})[a.kind] = a
    # What an assignment run would do now: its failures say why, its successes that one helps.
    trial = planning.plan_pairs(essays=essays, judges=judges,
                                loads=queries.loads(session=session, level_id=level.id),
                                present=present, exclude_own_block=competition.exclude_own_block)
    seen.missing = sorted(u.message for u in trial.unassigned)
    if trial.rows:
        seen.missing.append(f"{len(trial.rows)} chỗ giám khảo còn trống có thể phân công ngay: "
                            "hãy bấm “Phân công lại”.")
    criteria = [planning.Criterion(c.id, c.name, c.max_points)
                for c in writing.rubric_of(session=session, competition_id=competition.id)]
    for essay_id, held in sorted(pairs.items(), key=lambda p: essays[p[0]][0]):
        if AssignmentKind.THIRD in held:
            seen.thirds.append(line(held[AssignmentKind.THIRD]))
            continue
        first, second = held.get(AssignmentKind.FIRST), held.get(AssignmentKind.SECOND)
        if first and second and first.id in latest and second.id in latest:
            why = planning.disagreement(latest[first.id].points, latest[second.id].points,
                                        criteria, gap=competition.third_judge_gap,
                                        percent=competition.criterion_gap_percent)
            if why:
                seen.notices.append(f"Bài {essays[essay_id][0]} cần giám khảo thứ ba ({why}) "
                                    "nhưng chưa có giám khảo phù hợp: cần một giám khảo khác "
                                    "khối với hai giám khảo đã chấm.")
    code = code.strip().upper()
    essay_id = next((e for e, (c, _) in essays.items() if c == code), None) if code else None
    if essay_id is not None:
        held = pairs.get(essay_id, {})
        seen.found_code = code
        seen.found = [line(a) for a in held.values()]
        seen.open_places = [k for k in planning.PAIR if k not in held]
        if not seen.open_places and AssignmentKind.THIRD not in held:
            seen.open_places = [AssignmentKind.THIRD]
    return seen


def code_of(*, session: Session, level_id: int, essay_id: int) -> str:
    return session.scalar(select(BlindCode.code).where(BlindCode.level_id == level_id,
                                                       BlindCode.essay_id == essay_id)) or ""

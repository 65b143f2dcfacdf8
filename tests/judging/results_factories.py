"""Codes, assignments and scores written straight into the tables, as the judging pages leave
them, so that results can be tested on their own."""

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from backend.clock import utcnow
from backend.judging.models import Assignment, AssignmentKind, BlindCode, ScoreRecord
from backend.writing import service as writing
from tests.factories import make_author, make_essay, make_judge, make_writing_competition

KINDS = (AssignmentKind.FIRST, AssignmentKind.SECOND, AssignmentKind.THIRD)
START = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)


def blind_level(session: Session, **rules):
    """A unit → city competition; returns (competition, the city level, judged blind)."""
    competition, levels = make_writing_competition(session, **rules)
    return competition, levels[-1]


def panel(session: Session, settings, competition, count: int, *, unit=None):
    """`count` judges: giamkhao1, giamkhao2, …"""
    return [make_judge(session, settings, competition, username=f"giamkhao{n}", unit=unit)
            for n in range(1, count + 1)]


def coded(session: Session, competition, level, unit, *, n: int, calibration: bool = False,
          submitted_at: datetime | None = None, full_name: str | None = None):
    """An essay of `unit` with the code MP-000n at `level`."""
    author = make_author(session, competition, unit, n=n, full_name=full_name)
    essay = make_essay(session, competition, unit, n=n, author=author,
                       submitted_at=submitted_at or START + timedelta(minutes=n))
    session.add(BlindCode(level_id=level.id, essay_id=essay.id, code=f"MP-{n:04d}",
                          calibration=calibration))
    session.commit()
    return essay


def criteria_ids(session: Session, competition) -> list[str]:
    return [str(c.id) for c in writing.rubric_of(session=session, competition_id=competition.id)]


def points_of(session: Session, competition, total: float, first: float | None = None,
              second: float | None = None) -> dict:
    """Points per criterion adding up to `total`: Nội dung `first` (default half), Tính thực
    tiễn `second` (default a fifth), the rest on Tính sáng tạo."""
    ids = criteria_ids(session, competition)
    first = total / 2 if first is None else first
    second = total / 5 if second is None else second
    return {ids[0]: first, ids[1]: second, ids[2]: round(total - first - second, 4),
            ids[3]: 0, ids[4]: 0}


def assign(session: Session, level, essay, judge, kind: AssignmentKind) -> Assignment:
    assignment = Assignment(level_id=level.id, essay_id=essay.id, judge_id=judge.id, kind=kind)
    session.add(assignment)
    session.flush()
    return assignment


def score(session: Session, assignment: Assignment, total: float, points: dict | None = None,
          *, reason: str = "", at: datetime | None = None) -> ScoreRecord:
    record = ScoreRecord(assignment_id=assignment.id, level_id=assignment.level_id,
                         essay_id=assignment.essay_id, judge_id=assignment.judge_id,
                         points=points or {}, total=total, reason=reason,
                         recorded_at=at or utcnow())
    session.add(record)
    session.commit()
    return record


def judged(session: Session, competition, level, essay, judges, totals, *, points=None):
    """Each of `judges` assigned (first, second, third) and scoring the matching total."""
    made = []
    for index, (judge, total) in enumerate(zip(judges, totals, strict=False)):
        assignment = assign(session, level, essay, judge, KINDS[index])
        if total is not None:
            score(session, assignment, total, (points or {}).get(index) or points_of(
                session, competition, total))
        made.append(assignment)
    session.commit()
    return made

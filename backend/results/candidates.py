"""Reading what a board ranks: a round's finished attempts, or the round boards the overall
ranking combines, with the names and units every entry carries."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlmodel import Session

from backend.attempts.models import Attempt, AttemptState
from backend.contestants.models import Contestant
from backend.contests.models import ContestUnit
from backend.questions import papers
from backend.questions.models import Question
from backend.results.models import Combine, ResultBoard, ResultEntry
from backend.results.ranking import Candidate, Finished
from backend.units.models import Unit

_A, _E = Attempt.__table__, ResultEntry.__table__
_FINISHED = _A.c.state.in_([AttemptState.SUBMITTED, AttemptState.EXPIRED])


@dataclass(frozen=True)
class Person:
    full_name: str
    group: str
    unit_id: int
    unit_name: str
    block_name: str


def finished_attempts(session: Session, round_id: int, contest_id: int) -> list[Finished]:
    """Every submitted or expired attempt of a round. A dropped question no longer counts
    towards the most a paper can score (papers are read only when a question was dropped)."""
    dropped = set(session.execute(select(Question.id).where(
        Question.contest_id == contest_id, Question.voided == "drop")).scalars())
    columns = [_A.c.id, _A.c.contestant_id, _A.c.attempt_no, _A.c.score, _A.c.question_count,
               _A.c.prediction, _A.c.duration_ms, _A.c.started_at, _A.c.finished_at]
    rows = session.execute(select(*columns, *([_A.c.paper] if dropped else []))
                           .where(_A.c.round_id == round_id, _FINISHED).order_by(_A.c.id))
    return [Finished(row.id, row.contestant_id, row.attempt_no, row.score or 0,
                     papers.most(row.paper, dropped) if dropped else row.question_count,
                     row.prediction, row.duration_ms or 0, row.started_at, row.finished_at)
            for row in rows]


def shown_questions(session: Session, round_id: int) -> list[int]:
    """The questions the round's finished papers showed: its answer key, once published.
    Each paper is [[question id, [option ids]], ...]; the database unpacks them."""
    each = ("json_array_elements(attempt.paper) AS e", "CAST(e ->> 0 AS INTEGER)") \
        if session.get_bind().dialect.name == "postgresql" \
        else ("json_each(attempt.paper) AS e", "json_extract(e.value, '$[0]')")
    return sorted(session.execute(text(
        f"SELECT DISTINCT {each[1]} FROM attempt, {each[0]} "  # noqa: S608 - fixed texts
        "WHERE attempt.round_id = :round_id AND attempt.state IN ('submitted', 'expired')"),
        {"round_id": round_id}).scalars())


def people(session: Session, contest_id: int) -> dict[int, Person]:
    """Each contestant's name, group and unit as the contest froze its units."""
    units = {u.unit_id: (u.name, u.block_name) for u in session.execute(
        select(ContestUnit.unit_id, ContestUnit.name, ContestUnit.block_name)
        .where(ContestUnit.contest_id == contest_id))}
    found = {}
    for row in session.execute(
            select(Contestant.id, Contestant.full_name, Contestant.group_name,
                   Contestant.unit_id).where(Contestant.contest_id == contest_id)):
        name, block = units.get(row.unit_id, (None, ""))
        found[row.id] = Person(row.full_name, row.group_name, row.unit_id, name or "", block)
    missing = {p.unit_id for p in found.values() if not p.unit_name}
    if missing:  # a unit that joined after the contest froze its units
        names = dict(session.execute(select(Unit.id, Unit.name)
                                     .where(Unit.id.in_(missing))).all())
        found = {cid: p if p.unit_name else Person(p.full_name, p.group, p.unit_id,
                                                   names.get(p.unit_id, ""), p.block_name)
                 for cid, p in found.items()}
    return found


def combined_rounds(session: Session, boards: list[ResultBoard], combine: Combine,
                    groups: dict[int, str]) -> list[Candidate]:
    """The overall ranking's candidates from the round boards' current entries: the sum of a
    contestant's rounds, or their best round."""
    by_contestant: dict[int, list] = defaultdict(list)
    for board in boards:
        for row in session.execute(
                select(_E.c.contestant_id, _E.c.score, _E.c.max_score, _E.c.prediction,
                       _E.c.distance, _E.c.duration_ms, _E.c.started_at, _E.c.submitted_at)
                .where(_E.c.board_id == board.id, _E.c.version == board.version)):
            by_contestant[row.contestant_id].append(row)
    return [(_summed if combine is Combine.SUM else _best)(cid, rows, groups.get(cid, ""))
            for cid, rows in by_contestant.items()]


def _summed(contestant_id: int, rows: list, group: str) -> Candidate:
    distances = [r.distance for r in rows]
    return Candidate(
        contestant_id=contestant_id, group=group, score=sum(r.score for r in rows),
        max_score=sum(r.max_score for r in rows), prediction=None,
        distance=None if None in distances else sum(distances),
        duration_ms=sum(r.duration_ms for r in rows),
        started_at=min(r.started_at for r in rows),
        submitted_at=max(r.submitted_at for r in rows), rounds=len(rows))


def _best(contestant_id: int, rows: list, group: str) -> Candidate:
    r = min(rows, key=lambda r: (-r.score, r.distance is None, r.distance or 0, r.duration_ms,
                                 r.submitted_at))
    return Candidate(contestant_id=contestant_id, group=group, score=r.score,
                     max_score=r.max_score, prediction=r.prediction, distance=r.distance,
                     duration_ms=r.duration_ms, started_at=r.started_at,
                     submitted_at=r.submitted_at, rounds=len(rows))

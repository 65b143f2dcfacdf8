"""Candidates from an online contest: the prize winners of its published result boards (each
round's and the overall), and the units' collective prizes."""

from sqlalchemy import select
from sqlmodel import Session

from backend.commendations.candidate import (
    Candidate,
    contest_named,
    in_reach,
    in_subtree,
    individual,
    lowered,
    year_of,
)
from backend.commendations.models import NomineeKind, Source
from backend.contestants.models import Contestant
from backend.contests import service as contests
from backend.contests.models import Contest
from backend.results.models import ResultEntry
from backend.results.published import PUBLISHED, BoardView, boards_in
from backend.tallies import service as tallies
from backend.units.models import Unit

KIND = "Cuộc thi trực tuyến"


def _year(session: Session, contest: Contest, view: BoardView | None = None) -> int | None:
    """The year a board's results belong to: its round's closing; the last round's for the
    overall ranking and the collective prizes."""
    if view is not None and view.round is not None:
        return year_of(view.round.closes_at)
    rounds = contests.rounds_of(session=session, contest_id=contest.id)
    return year_of(max(r.closes_at for r in rounds)) if rounds else None


def prize_winners(*, session: Session, contest_id: int, reach: Unit | None) -> list[Candidate]:
    """Everyone with a prize on a published board of the contest, board by board."""
    contest = contests.get_contest(session=session, contest_id=contest_id)
    found = []
    for view in boards_in(session=session, contest_id=contest.id, states=PUBLISHED):
        named = contest_named(KIND, contest.title, _year(session, contest, view))
        board = view.board
        rows = session.execute(
            select(ResultEntry.contestant_id, ResultEntry.group_name, ResultEntry.prize,
                   Unit.id.label("unit_id"), Unit.name.label("unit_name"),
                   Contestant.full_name, Contestant.birth_date,
                   Contestant.gender, Contestant.position)
            .join(Contestant, Contestant.id == ResultEntry.contestant_id)
            .join(Unit, Unit.id == ResultEntry.unit_id)
            .where(ResultEntry.board_id == board.id, ResultEntry.version == board.version,
                   ResultEntry.prize.is_not(None), ResultEntry.prize != "",
                   ResultEntry.prize_excluded.is_(False), *in_subtree(reach))
            .order_by(ResultEntry.group_name, ResultEntry.position))
        for r in rows:
            group = f" ({r.group_name})" if r.group_name else ""
            found.append(individual(
                r, r.birth_date.year, f"Đạt {r.prize}{group} {lowered(view.name)} {named}",
                f"contest_prize:{board.id}:{r.contestant_id}", Source.CONTEST_PRIZE))
    return found


def collective_prizes(*, session: Session, contest_id: int,
                      reach: Unit | None) -> list[Candidate]:
    """The units given a collective prize, once the contest has published results."""
    contest = contests.get_contest(session=session, contest_id=contest_id)
    if not boards_in(session=session, contest_id=contest.id, states=PUBLISHED):
        return []
    _, ranked = tallies.collective_ranking(session=session, contest_id=contest.id)
    named = contest_named(KIND, contest.title, _year(session, contest))
    return collective(session, [(r.node.unit_id, r.node.name, r.prize, r.block)
                                for r in ranked if r.prize],
                      named, reach, Source.CONTEST_COLLECTIVE, contest.id)


def collective(session: Session, prizes: list[tuple[int, str, str, str]], named: str,
               reach: Unit | None, source: Source, ref: int) -> list[Candidate]:
    """Candidates of (unit id, name, prize, block) collective prizes in `reach`."""
    units = {u.id: u for u in session.execute(select(Unit).where(
        Unit.id.in_({unit_id for unit_id, *_ in prizes}))).scalars()}
    found = []
    for unit_id, name, prize, block in prizes:
        if not in_reach(reach, units.get(unit_id)):
            continue
        tier = prize if "tập thể" in prize.casefold() else f"{prize} tập thể"
        found.append(Candidate(
            NomineeKind.COLLECTIVE, name, unit_id, units[unit_id].name, None, None, "",
            f"Đạt {tier}{f' ({block})' if block else ''} {named}",
            f"{source.value}:{ref}:{unit_id}", source))
    return found

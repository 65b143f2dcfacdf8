"""Candidates from a writing competition: the authors of essays with a prize at a level whose
results are revealed (ráp phách done), and the units' collective prizes."""

from sqlalchemy import select
from sqlmodel import Session

from backend.commendations.candidate import (
    Candidate,
    contest_named,
    in_subtree,
    individual,
    lowered,
    year_of,
)
from backend.commendations.models import Source
from backend.commendations.sources_contests import collective
from backend.essays.models import Essay, EssayAuthor
from backend.judging.models import EssayResult
from backend.units.models import Unit
from backend.writing import collective as writing_collective
from backend.writing import service as writing
from backend.writing.models import PrizeTier, WritingLevel

KIND = "Cuộc thi viết"


def prize_winners(*, session: Session, competition_id: int,
                  reach: Unit | None) -> list[Candidate]:
    """The authors of prize-winning essays, the last level's first; a level's prizes count
    once its identities are revealed, withdrawn essays never."""
    competition = writing.get_competition(session=session, competition_id=competition_id)
    levels = writing.levels_of(session=session, competition_id=competition.id)
    last = max((lv.position for lv in levels), default=0)
    rows = session.execute(
        select(EssayResult.essay_id, PrizeTier.name.label("prize"), WritingLevel.id.label("level"),
               EssayAuthor.full_name, EssayAuthor.birth_year, EssayAuthor.gender,
               EssayAuthor.position, Unit.id.label("unit_id"), Unit.name.label("unit_name"))
        .join(WritingLevel, WritingLevel.id == EssayResult.level_id)
        .join(PrizeTier, PrizeTier.id == EssayResult.prize_tier_id)
        .join(Essay, Essay.id == EssayResult.essay_id)
        .join(EssayAuthor, EssayAuthor.id == Essay.author_id)
        .join(Unit, Unit.id == Essay.unit_id)
        .where(WritingLevel.competition_id == competition.id,
               WritingLevel.revealed_at.is_not(None), Essay.withdrawn_at.is_(None),
               *in_subtree(reach))
        .order_by(WritingLevel.position.desc(), PrizeTier.position, EssayResult.rank,
                  Essay.id))
    by_id = {lv.id: lv for lv in levels}
    found = []
    for r in rows:
        level = by_id[r.level]
        where = "" if level.position == last else f" {lowered(level.name)}"
        named = contest_named(KIND, competition.title, year_of(level.closes_at))
        found.append(individual(r, r.birth_year, f"Đạt {r.prize}{where} {named}",
                                f"writing_prize:{level.id}:{r.essay_id}",
                                Source.WRITING_PRIZE))
    return found


def collective_prizes(*, session: Session, competition_id: int,
                      reach: Unit | None) -> list[Candidate]:
    """The units given a collective prize, once the last level's results are revealed."""
    competition = writing.get_competition(session=session, competition_id=competition_id)
    levels = writing.levels_of(session=session, competition_id=competition.id)
    if not levels or max(levels, key=lambda lv: lv.position).revealed_at is None:
        return []
    _, ranked = writing_collective.ranking(session=session, competition_id=competition.id)
    named = contest_named(KIND, competition.title,
                          year_of(max(lv.closes_at for lv in levels)))
    return collective(session, [(r.node.unit_id, r.node.name, r.prize, r.block)
                                for r in ranked if r.prize],
                      named, reach, Source.WRITING_COLLECTIVE, competition.id)

"""What the writing spreadsheets read besides the tally: a level's scores by blind code (the
authors only once the level is revealed), and the individual prize winners."""

from collections.abc import Mapping

from sqlalchemy import select
from sqlmodel import Session

from backend.essays.models import Essay, EssayAuthor
from backend.judging import level_rows
from backend.judging.models import AssignmentKind, EssayResult
from backend.tallies.rollup import Member
from backend.writing.models import PrizeTier, WritingLevel
from exports.writing import Identity, ScoreLine, WinnerLine

JUDGE_ORDER = (AssignmentKind.FIRST, AssignmentKind.SECOND, AssignmentKind.THIRD)


def block_of(members: Mapping[int, Member], unit_id: int) -> str:
    """The block a unit counts in: its own, else the nearest one above it."""
    member = members.get(unit_id)
    while member is not None and not member.block:
        member = members.get(member.parent_id) if member.parent_id else None
    return member.block if member else ""


def level_scores(*, session: Session, level: WritingLevel, members: Mapping[int, Member]
                 ) -> list[ScoreLine]:
    """Each coded essay of the level (calibration essays aside) with each judge's current
    score (`judging.level_rows`, the one reading of them), the final score, rank and prize,
    by rank then code. Authors are read only when the level is revealed."""
    essays = [e for e in level_rows.essays_at(session=session, level_id=level.id)
              if not e.calibration]
    judged: dict[int, dict[AssignmentKind, float | None]] = {}
    for mark in level_rows.marks_at(session=session, level_id=level.id):
        judged.setdefault(mark.essay_id, {})[mark.kind] = mark.total
    results = {r.essay_id: r for r in session.execute(
        select(EssayResult.essay_id, EssayResult.score, EssayResult.rank,
               EssayResult.prize_tier_id).where(EssayResult.level_id == level.id))}
    tiers = dict(session.execute(select(PrizeTier.id, PrizeTier.name)
                                 .where(PrizeTier.level_id == level.id)).all())
    who: dict[int, Identity] = {}
    if level.revealed_at is not None:
        authors = {a.id: a for a in session.execute(select(EssayAuthor).where(
            EssayAuthor.id.in_({e.author_id for e in essays}))).scalars()}
        for e in essays:
            unit, author = members.get(e.unit_id), authors[e.author_id]
            who[e.essay_id] = Identity(author.full_name, author.birth_year,
                                       unit.name if unit else f"Đơn vị #{e.unit_id}",
                                       block_of(members, e.unit_id))
    lines = []
    for e in essays:
        scores, result = judged.get(e.essay_id, {}), results.get(e.essay_id)
        lines.append(ScoreLine(
            e.code, tuple(scores.get(k) for k in JUDGE_ORDER),
            result.score if result else None, result.rank if result else None,
            tiers.get(result.prize_tier_id, "") if result else "", who.get(e.essay_id)))
    return sorted(lines, key=lambda s: (s.rank is None, s.rank or 0, s.code))


def winners(*, session: Session, level: WritingLevel, members: Mapping[int, Member],
            block_order: Mapping[str, int]) -> list[WinnerLine]:
    """The level's individual prize winners by tier (highest first), block, rank."""
    found = []
    for position, tier, rank, score, author, essay in session.execute(
            select(PrizeTier.position, PrizeTier.name, EssayResult.rank, EssayResult.score,
                   EssayAuthor, Essay)
            .join(PrizeTier, PrizeTier.id == EssayResult.prize_tier_id)
            .join(Essay, Essay.id == EssayResult.essay_id)
            .join(EssayAuthor, EssayAuthor.id == Essay.author_id)
            .where(EssayResult.level_id == level.id)):
        unit = members.get(essay.unit_id)
        block = block_of(members, essay.unit_id)
        found.append(((position, block_order.get(block, 10**6), block, rank or 10**9),
                      WinnerLine(tier, block, author.full_name, author.birth_year,
                                 author.gender.label, author.position,
                                 unit.name if unit else f"Đơn vị #{essay.unit_id}",
                                 essay.title, score)))
    return [line for _, line in sorted(found, key=lambda pair: pair[0])]

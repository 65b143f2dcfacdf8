"""What the writing spreadsheets read besides the tally: a level's scores by blind code (the
authors only once the level is revealed), and the individual prize winners."""

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlmodel import Session

from backend.essays.models import Essay, EssayAuthor
from backend.judging.models import Assignment, AssignmentKind, BlindCode, EssayResult, ScoreRecord
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
    """Each coded essay of the level (calibration essays aside) with each judge's latest
    score, the final score, rank and prize, by rank then code. Authors are read only when
    the level is revealed."""
    latest = (select(func.max(ScoreRecord.id)).where(ScoreRecord.level_id == level.id)
              .group_by(ScoreRecord.assignment_id))
    judged: dict[int, dict[AssignmentKind, float]] = {}
    for essay_id, kind, total in session.execute(
            select(Assignment.essay_id, Assignment.kind, ScoreRecord.total)
            .join(ScoreRecord, ScoreRecord.assignment_id == Assignment.id)
            .where(Assignment.level_id == level.id, Assignment.revoked_at.is_(None),
                   ScoreRecord.id.in_(latest))):
        judged.setdefault(essay_id, {})[kind] = total
    tiers = dict(session.execute(select(PrizeTier.id, PrizeTier.name)
                                 .where(PrizeTier.level_id == level.id)).all())
    who: dict[int, Identity] = {}
    if level.revealed_at is not None:
        for essay_id, name, year, unit_id in session.execute(
                select(Essay.id, EssayAuthor.full_name, EssayAuthor.birth_year, Essay.unit_id)
                .join(EssayAuthor, EssayAuthor.id == Essay.author_id)
                .join(BlindCode, BlindCode.essay_id == Essay.id)
                .where(BlindCode.level_id == level.id)):
            unit = members.get(unit_id)
            who[essay_id] = Identity(name, year, unit.name if unit else f"Đơn vị #{unit_id}",
                                     block_of(members, unit_id))
    lines = []
    for essay_id, code, score, rank, tier_id in session.execute(
            select(BlindCode.essay_id, BlindCode.code, EssayResult.score, EssayResult.rank,
                   EssayResult.prize_tier_id)
            .outerjoin(EssayResult, (EssayResult.essay_id == BlindCode.essay_id)
                       & (EssayResult.level_id == BlindCode.level_id))
            .where(BlindCode.level_id == level.id, BlindCode.calibration.is_(False))):
        scores = judged.get(essay_id, {})
        lines.append(ScoreLine(code, tuple(scores.get(k) for k in JUDGE_ORDER), score, rank,
                               tiers.get(tier_id, ""), who.get(essay_id)))
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

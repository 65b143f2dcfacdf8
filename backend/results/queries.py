"""One page of a leaderboard: a board's current ranking by position, or found by name or
unit, within what the reader may see. Pages read the entries finalise precomputed, never the
attempts, and every read is one index range or one index scan (benchmarks/leaderboard.py)."""

from dataclasses import dataclass
from math import ceil

from sqlalchemy import func, select
from sqlmodel import Session

from backend.contestants.models import Contestant
from backend.contests.models import Contest, ContestUnit
from backend.errors import NotFound
from backend.personaldata import display_phone, mask_phone
from backend.results.models import ResultBoard, ResultEntry
from backend.units.models import Unit
from backend.vntext import fold

MAX_WORDS = 6
SEARCH_LIMIT = 1000
_E = ResultEntry


@dataclass(frozen=True)
class GroupCount:
    name: str  # "" when the contest ranks everyone in one table
    count: int


@dataclass(frozen=True)
class LeaderboardPage:
    rows: list[ResultEntry]
    groups: list[GroupCount]
    group: str
    query: str
    total: int  # entries of the group that the search and the reader's scope leave
    more: bool  # a search found more than SEARCH_LIMIT: total counts only those
    page: int
    pages: int
    per_page: int


def group_counts(*, session: Session, board: ResultBoard) -> list[GroupCount]:
    """The groups of the board's current version with how many it ranks, in the contest's
    order of groups. Positions run 1..N in each group, so N is the group's count, read from
    the index; only a group the contest no longer names needs the entries grouped."""
    named = list(dict.fromkeys([*session.get(Contest, board.contest_id).groups, ""]))
    current = (_E.board_id == board.id, _E.version == board.version)
    counts = dict(zip(named, session.execute(select(*[
        select(func.max(_E.position)).where(*current, _E.group_name == name).scalar_subquery()
        for name in named])).one(), strict=True))
    if sum(c or 0 for c in counts.values()) != board.ranked:
        counts = dict(session.execute(select(_E.group_name, func.max(_E.position))
                                      .where(*current).group_by(_E.group_name)).all())
    names = [g for g in named if counts.get(g)] + sorted(set(counts) - set(named))
    return [GroupCount(name, counts[name]) for name in names]


def leaderboard(*, session: Session, board: ResultBoard, group: str = "", page: int = 1,
                per_page: int = 50, query: str = "", within: Unit | None = None
                ) -> LeaderboardPage:
    """One page of a group of the board's current ranking, in order. `query` keeps the entries
    whose name or unit holds each of its words, diacritics and case ignored (over the whole
    board, the first SEARCH_LIMIT of them); `within` those of a unit officer's subtree."""
    groups = group_counts(session=session, board=board)
    chosen = _chosen(groups, group)
    current = (_E.board_id == board.id, _E.version == board.version, _E.group_name == chosen)
    found = [_E.search_key.contains(word, autoescape=True)
             for word in fold(query).split()[:MAX_WORDS]]
    more = False
    if within is not None:
        found.append(_E.unit_id.in_(select(ContestUnit.unit_id).where(
            ContestUnit.contest_id == board.contest_id,
            ContestUnit.path.startswith(within.path))))
        total = session.scalar(select(func.count()).select_from(_E).where(*current, *found))
    elif found:
        # One pass in position order that stops at the limit: a common word ends it early,
        # a rare one reads the search index (SQLite) or the trigram index (PostgreSQL).
        matches = list(session.execute(select(_E.position).where(*current, *found)
                                       .order_by(_E.position).limit(SEARCH_LIMIT + 1)).scalars())
        more, matches = len(matches) > SEARCH_LIMIT, matches[:SEARCH_LIMIT]
        total = len(matches)
    else:
        total = next((g.count for g in groups if g.name == chosen), 0)
    pages = max(1, ceil(total / per_page))
    page = min(max(page, 1), pages)
    start = (page - 1) * per_page
    if within is not None:
        # The subtree's positions from its own index, sorted, not the board read in order.
        shown = _E.position.in_(list(session.execute(
            select(_E.position).where(*current, *found).order_by(_E.position + 0)
            .offset(start).limit(per_page)).scalars()))
    elif found:
        shown = _E.position.in_(matches[start:start + per_page])
    else:
        shown = _E.position.between(start + 1, start + per_page)
    rows = list(session.execute(select(_E).where(*current, shown).order_by(_E.position))
                .scalars())
    return LeaderboardPage(rows, groups, chosen, " ".join(query.split()), total, more, page,
                           pages, per_page)


def _chosen(groups: list[GroupCount], group: str) -> str:
    names = [g.name for g in groups]
    if group and group not in names:
        raise NotFound(f"Kết quả này không có bảng «{group}».")
    return group if group else (names[0] if names else "")


def phones(*, session: Session, rows: list[ResultEntry], reveal: bool) -> dict[int, str]:
    """The phone of each contestant on the page, masked unless `reveal`."""
    found = session.execute(select(Contestant.id, Contestant.phone)
                            .where(Contestant.id.in_([r.contestant_id for r in rows])))
    return {cid: display_phone(phone) if reveal else mask_phone(phone) for cid, phone in found}

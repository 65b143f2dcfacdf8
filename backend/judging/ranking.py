"""An essay's final score from its judges' scores, the level's ranking and its prizes: pure
functions over plain rows (no database), so that every rule here is written once and tested
directly.

Final score (`final_score`):
- two scores: their mean;
- three (or more): CLOSEST_PAIR, the mean of the two closest scores; when two pairs are
  exactly as close (70, 75, 80), the pair with the higher mean counts (75 and 80), so that a
  judge who marks low cannot pull a disputed essay down by himself; MEDIAN, the median (with
  an even number of scores, the mean of the middle two);
- fewer than two: no final score yet ("chưa đủ điểm").
With normalisation each judge's total is first shifted by minus the judge's severity offset
and kept within 0 and the rubric's maximum. Criterion sub-scores (for the tie-break) are the
mean of the same judges' sub-scores, as recorded: an offset on the total cannot be shared out
among criteria without an arbitrary rule.
"""

import itertools
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from backend.writing.models import FinalMethod

PLACES = 2  # final scores are kept to two decimals, so that equal means compare equal

# The tie-break chain, shown on the results page with the rubric's criteria in order.
TIE_BREAK_CHAIN = (
    "Xếp hạng theo điểm chung cuộc, cao xếp trên. Bằng điểm thì xét lần lượt điểm từng tiêu "
    "chí theo thứ tự của thang điểm (tiêu chí đầu tiên là Nội dung), cao xếp trên; vẫn bằng "
    "thì bài nộp sớm hơn xếp trên; vẫn bằng nữa thì đồng hạng. Giải trao lần lượt từ giải cao "
    "nhất, mỗi giải đúng số lượng; các bài đồng hạng ở ranh giới một giải đều nhận giải đó "
    "(số giải có thể vượt số lượng); giải có điểm sàn chỉ trao cho bài đạt điểm sàn. Bài đã rút "
    "và bài chưa đủ điểm không được xếp hạng.")
ENTERED_CHAIN = ("Xếp hạng trong từng đơn vị theo điểm sơ khảo đơn vị nhập, cao xếp trên; bằng "
                 "điểm thì bài nộp sớm hơn xếp trên; vẫn bằng thì đồng hạng.")


@dataclass(frozen=True)
class JudgeScore:
    judge_id: int
    total: float
    points: Mapping[str, float]  # criterion id (text) -> points, as recorded


@dataclass(frozen=True)
class Final:
    score: float | None  # None: fewer than two scores
    judges_counted: int
    criteria: tuple[float, ...]  # mean sub-scores of the counted judges, in rubric order
    judge_ids: tuple[int, ...]  # whose scores counted


def _mean(values: Iterable[float]) -> float:
    return statistics.fmean(values)


def final_score(scores: Sequence[JudgeScore], *, method: FinalMethod,
                criterion_ids: Sequence[str], ceiling: float,
                offsets: Mapping[int, float] | None = None) -> Final:
    """The essay's final score from its judges' current scores (see the module's rules)."""
    if len(scores) < 2:
        return Final(None, len(scores), (), ())
    offsets = offsets or {}
    adjusted = [(min(max(s.total - offsets.get(s.judge_id, 0.0), 0.0), ceiling), s)
                for s in scores]
    if FinalMethod(method) is FinalMethod.MEDIAN:
        middle = statistics.median(total for total, _ in adjusted)
        ordered = sorted(adjusted, key=lambda pair: pair[0])
        half = len(ordered) // 2
        central = ordered[half - 1: half + 1] if len(ordered) % 2 == 0 else [ordered[half]]
        # Judges whose total equals the median's middle share it: their sub-scores are averaged.
        tied = [s for total, s in adjusted if round(total, 6) in
                {round(t, 6) for t, _ in central}]
        return Final(round(middle, PLACES), len(scores), _criteria(tied, criterion_ids),
                     tuple(s.judge_id for s in tied))
    best = min(itertools.combinations(adjusted, 2),
               key=lambda pair: (round(abs(pair[0][0] - pair[1][0]), 6),
                                 -round(pair[0][0] + pair[1][0], 6)))
    pair = [s for _, s in best]
    return Final(round(_mean(total for total, _ in best), PLACES), 2,
                 _criteria(pair, criterion_ids), tuple(s.judge_id for s in pair))


def _criteria(scores: Sequence[JudgeScore], criterion_ids: Sequence[str]) -> tuple[float, ...]:
    return tuple(round(_mean(float(s.points.get(c, 0.0)) for s in scores), PLACES)
                 for c in criterion_ids)


@dataclass(frozen=True)
class Entry:
    """An essay as the ranking sees it."""

    essay_id: int
    score: float | None
    criteria: tuple[float, ...]
    submitted_at: datetime
    group: int | None = None  # the block (prizes per block) or unit (entered levels)
    withdrawn: bool = False


@dataclass(frozen=True)
class Tier:
    id: int
    position: int
    count: int
    block_id: int | None
    min_score: float | None
    name: str = ""


@dataclass(frozen=True)
class Placed:
    rank: int | None
    tier_id: int | None


@dataclass(frozen=True)
class TierOutcome:
    """How many essays a tier went to; `extra` beyond its count are boundary ties."""

    tier_id: int
    given: int
    extra: int


def _key(entry: Entry) -> tuple:
    return (-entry.score, *(-c for c in entry.criteria), entry.submitted_at)


def rank(entries: Iterable[Entry]) -> list[tuple[Entry, int]]:
    """Ranked entries in order with their place (1, 2, 2, 4: equal keys share a place);
    withdrawn essays and essays without a score are left out."""
    ranked = sorted((e for e in entries if e.score is not None and not e.withdrawn), key=_key)
    placed, previous, place = [], None, 0
    for index, entry in enumerate(ranked, start=1):
        key = _key(entry)
        if key != previous:
            place, previous = index, key
        placed.append((entry, place))
    return placed


def _award(ranked: list[tuple[Entry, int]], tiers: Sequence[Tier],
           given: dict[int, int | None]) -> list[TierOutcome]:
    """Give `tiers` (highest first) down `ranked`; boundary ties all get the tier."""
    outcomes, cursor = [], 0
    for tier in sorted(tiers, key=lambda t: t.position):
        taken = 0
        while cursor < len(ranked):
            entry, place = ranked[cursor]
            last_place = ranked[cursor - 1][1] if taken else None
            if taken >= tier.count and place != last_place:
                break
            if tier.min_score is not None and entry.score < tier.min_score:
                break
            given[entry.essay_id] = tier.id
            taken += 1
            cursor += 1
        outcomes.append(TierOutcome(tier.id, taken, max(0, taken - tier.count)))
    return outcomes


def place_level(entries: Sequence[Entry], tiers: Sequence[Tier]
                ) -> tuple[dict[int, Placed], list[TierOutcome]]:
    """Every essay's rank and prize. Essays of a block that has tiers of its own are ranked
    and awarded within that block; the rest, over the whole level with the level's tiers. The
    rank is the place within that group."""
    own = {t.block_id for t in tiers if t.block_id is not None}
    groups: dict[int | None, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.group if entry.group in own else None, []).append(entry)
    placed: dict[int, Placed] = {e.essay_id: Placed(None, None) for e in entries}
    outcomes = []
    for block_id, members in groups.items():
        ranked = rank(members)
        given: dict[int, int | None] = {}
        outcomes += _award(ranked, [t for t in tiers if t.block_id == block_id], given)
        for entry, place in ranked:
            placed[entry.essay_id] = Placed(place, given.get(entry.essay_id))
    return placed, sorted(outcomes, key=lambda o: o.tier_id)


def rank_within_groups(entries: Sequence[Entry]) -> dict[int, int | None]:
    """Each essay's place within its group (a unit), by score then submission time."""
    places: dict[int, int | None] = {e.essay_id: None for e in entries}
    groups: dict[int | None, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)
    for members in groups.values():
        places.update({e.essay_id: place for e, place in rank(members)})
    return places

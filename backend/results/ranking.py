"""Ranking, written once: which attempt counts, the prediction's true value, the tie-break
chain, competition ranks and prizes. Pure functions over plain rows; the finalise step feeds
them from the database and stores what they return."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import NamedTuple

from backend.results.models import CountedAttempt, PredictionTarget
from backend.results.tiebreaks import sort_key


class Finished(NamedTuple):
    """A submitted or expired attempt, as ranking needs it."""
    attempt_id: int
    contestant_id: int
    attempt_no: int
    score: int
    max_score: int
    prediction: int | None
    duration_ms: int
    started_at: datetime
    submitted_at: datetime


class Candidate(NamedTuple):
    """One contestant's counted result, ready to rank."""
    contestant_id: int
    group: str
    score: int
    max_score: int
    prediction: int | None
    distance: int | None
    duration_ms: int
    started_at: datetime
    submitted_at: datetime
    attempt_id: int | None = None
    rounds: int = 1


class Placed(NamedTuple):
    candidate: Candidate
    position: int  # 1.. in the one deterministic order
    rank: int  # competition rank: 1, 2, 2, 4
    tied: bool
    prize: str | None = None


def counted_attempts(attempts: Iterable[Finished], mode: CountedAttempt) -> dict[int, Finished]:
    """The attempt that counts for each contestant."""
    choose = {
        CountedAttempt.BEST: lambda a: (-a.score, a.submitted_at, a.attempt_no),
        CountedAttempt.FIRST: lambda a: (a.attempt_no,),
        CountedAttempt.LAST: lambda a: (-a.attempt_no,),
    }[mode]
    counted: dict[int, Finished] = {}
    for attempt in attempts:
        held = counted.get(attempt.contestant_id)
        if held is None or choose(attempt) < choose(held):
            counted[attempt.contestant_id] = attempt
    return counted


def actual_value(attempts: list[Finished], target: PredictionTarget) -> int:
    """The true value the prediction question asked for, once the round has closed."""
    if target is PredictionTarget.ATTEMPTS:
        return len(attempts)
    if target is PredictionTarget.PARTICIPANTS:
        return len({a.contestant_id for a in attempts})
    return len({a.contestant_id for a in attempts if a.max_score > 0 and a.score == a.max_score})


def candidate(attempt: Finished, *, group: str, actual: int | None) -> Candidate:
    distance = (abs(attempt.prediction - actual)
                if attempt.prediction is not None and actual is not None else None)
    return Candidate(contestant_id=attempt.contestant_id, group=group, score=attempt.score,
                     max_score=attempt.max_score, prediction=attempt.prediction,
                     distance=distance, duration_ms=attempt.duration_ms,
                     started_at=attempt.started_at, submitted_at=attempt.submitted_at,
                     attempt_id=attempt.attempt_id)


def place(candidates: Iterable[Candidate], chain: list[str]) -> list[Placed]:
    """One deterministic order by the chain; contestants share a rank only when every key of
    the chain is equal (the contestant id then orders them, openly marked as tied)."""
    key = sort_key(chain)
    ordered = sorted((key(c), c.contestant_id, c) for c in candidates)
    placed: list[Placed] = []
    for _, same in groupby(ordered, key=lambda keyed: keyed[0]):
        same = [c for _, _, c in same]
        rank = len(placed) + 1
        placed.extend([Placed(c, rank + i, rank, len(same) > 1) for i, c in enumerate(same)])
    return placed


@dataclass(frozen=True)
class Tier:
    name: str
    count: int


def award(placed: list[Placed], tiers: list[Tier], *, max_share: int | None,
          excluded: frozenset[int] = frozenset()) -> list[Placed]:
    """Give the tiers in order down the ranking. Contestants sharing a rank share the prize
    (a tier may then go to more than its count); `excluded` (already won elsewhere, when one
    prize per person applies) are passed over; with a share cap, no prize goes past it, and a
    tied group that would cross it gets none."""
    cap = len(placed) * max_share // 100 if max_share else None
    eligible = [p for p in placed if p.candidate.contestant_id not in excluded]
    prizes: dict[int, str] = {}
    at = 0
    for tier in tiers:
        given = 0
        while given < tier.count and at < len(eligible):
            end = at + 1
            while end < len(eligible) and eligible[end].rank == eligible[at].rank:
                end += 1
            same = eligible[at:end]
            if cap is not None and len(prizes) + len(same) > cap:
                at = len(eligible)
                break
            for p in same:
                prizes[p.position] = tier.name
            given += len(same)
            at += len(same)
    return [p._replace(prize=prizes[p.position]) if p.position in prizes else p
            for p in placed]

"""The ranking rules as a table: each case a small scenario and the order it must give."""

from datetime import datetime, timedelta

import pytest

from backend.errors import InvalidInput
from backend.results.models import CountedAttempt, PredictionTarget
from backend.results.ranking import (
    Candidate,
    Finished,
    Tier,
    actual_value,
    award,
    counted_attempts,
    place,
)
from backend.results.tiebreaks import checked_chain, described

T0 = datetime(2026, 11, 2, 3, 0)
DEFAULT = ["score", "prediction", "duration", "submitted"]


def c(cid, score=10, distance=0, duration=300, submitted=0, started=0, prediction=1, group=""):
    """A candidate; times in seconds after T0, prediction None when distance is None."""
    return Candidate(contestant_id=cid, group=group, score=score, max_score=10,
                     prediction=None if distance is None else prediction, distance=distance,
                     duration_ms=duration * 1000, started_at=T0 + timedelta(seconds=started),
                     submitted_at=T0 + timedelta(seconds=submitted))


def order(candidates, chain=DEFAULT):
    return [(p.candidate.contestant_id, p.rank) for p in place(candidates, chain)]


TIE_BREAK_CASES = [
    ("higher score first",
     [c(1, score=7), c(2, score=9), c(3, score=8)], DEFAULT, [(2, 1), (3, 2), (1, 3)]),
    ("equal score: closer prediction first",
     [c(1, distance=50), c(2, distance=3), c(3, distance=10)], DEFAULT,
     [(2, 1), (3, 2), (1, 3)]),
    ("no prediction ranks after every prediction",
     [c(1, distance=None), c(2, distance=10_000)], DEFAULT, [(2, 1), (1, 2)]),
    ("equal score and prediction: shorter duration first",
     [c(1, duration=400), c(2, duration=200)], DEFAULT, [(2, 1), (1, 2)]),
    ("equal up to duration: earlier submission first",
     [c(1, submitted=90), c(2, submitted=30)], DEFAULT, [(2, 1), (1, 2)]),
    ("score outranks every later key",
     [c(1, score=9, distance=0, duration=10), c(2, score=10, distance=999, duration=900)],
     DEFAULT, [(2, 1), (1, 2)]),
    ("prediction outranks duration",
     [c(1, distance=1, duration=10), c(2, distance=0, duration=900)], DEFAULT,
     [(2, 1), (1, 2)]),
    ("every key equal: shared rank, competition numbering 1, 2, 2, 4",
     [c(1, score=10), c(2, score=9), c(3, score=9), c(4, score=8)], DEFAULT,
     [(1, 1), (2, 2), (3, 2), (4, 4)]),
    ("start time when chained",
     [c(1, started=60), c(2, started=5)], ["score", "started"], [(2, 1), (1, 2)]),
    ("without a prediction last, when chained",
     [c(1, distance=None, duration=1), c(2, distance=500, duration=999)],
     ["score", "has_prediction", "duration"], [(2, 1), (1, 2)]),
    ("a key left out of the chain does not break ties",
     [c(1, duration=400), c(2, duration=200)], ["score"], [(1, 1), (2, 1)]),
]


@pytest.mark.parametrize(("scenario", "candidates", "chain", "expected"), TIE_BREAK_CASES,
                         ids=[case[0] for case in TIE_BREAK_CASES])
def test_tie_break_chain(scenario, candidates, chain, expected):
    assert order(candidates, chain) == expected


def test_tied_contestants_are_marked_and_positions_stay_distinct():
    placed = place([c(5), c(3), c(9, score=1)], DEFAULT)
    assert [(p.position, p.rank, p.tied) for p in placed] == [(1, 1, True), (2, 1, True),
                                                              (3, 3, False)]
    assert [p.candidate.contestant_id for p in placed] == [3, 5, 9]


def attempt(cid, no, score, submitted, *, most=10):
    return Finished(attempt_id=cid * 10 + no, contestant_id=cid, attempt_no=no, score=score,
                    max_score=most, prediction=None, duration_ms=1000, started_at=T0,
                    submitted_at=T0 + timedelta(seconds=submitted))


ATTEMPTS = [attempt(1, 1, 6, 10), attempt(1, 2, 9, 20), attempt(1, 3, 9, 15),
            attempt(1, 4, 5, 40), attempt(2, 1, 10, 5)]


@pytest.mark.parametrize(("mode", "expected"), [
    (CountedAttempt.BEST, {1: 13, 2: 21}),  # 9 points twice: the earlier submitted (no 3)
    (CountedAttempt.FIRST, {1: 11, 2: 21}),
    (CountedAttempt.LAST, {1: 14, 2: 21}),
])
def test_which_attempt_counts(mode, expected):
    counted = counted_attempts(ATTEMPTS, mode)
    assert {cid: a.attempt_id for cid, a in counted.items()} == expected


@pytest.mark.parametrize(("target", "expected"), [
    (PredictionTarget.FULL_MARKS, 1),  # only contestant 2 ever scored 10 of 10
    (PredictionTarget.PARTICIPANTS, 2),
    (PredictionTarget.ATTEMPTS, 5),
])
def test_prediction_targets(target, expected):
    assert actual_value(ATTEMPTS, target) == expected


TIERS = [Tier("Giải Nhất", 1), Tier("Giải Nhì", 2), Tier("Giải Ba", 3)]


def prizes(placed):
    return [(p.candidate.contestant_id, p.prize) for p in placed]


def test_prizes_go_down_the_ranking_in_tier_order():
    placed = place([c(i, score=20 - i) for i in range(1, 9)], DEFAULT)
    assert prizes(award(placed, TIERS, max_share=None)) == [
        (1, "Giải Nhất"), (2, "Giải Nhì"), (3, "Giải Nhì"), (4, "Giải Ba"), (5, "Giải Ba"),
        (6, "Giải Ba"), (7, None), (8, None)]


def test_a_shared_rank_shares_the_prize():
    placed = place([c(1, score=10), c(2, score=10), c(3, score=8), c(4, score=7)], DEFAULT)
    assert prizes(award(placed, [Tier("Giải Nhất", 1), Tier("Giải Nhì", 1)], max_share=None)) \
        == [(1, "Giải Nhất"), (2, "Giải Nhất"), (3, "Giải Nhì"), (4, None)]


def test_share_cap_stops_prizes_at_the_cap():
    placed = place([c(i, score=20 - i) for i in range(1, 9)], DEFAULT)
    awarded = award(placed, TIERS, max_share=50)  # 8 contestants: at most 4 winners
    assert [p.prize for p in awarded].count(None) == 4
    assert prizes(awarded)[3] == (4, "Giải Ba")


def test_a_tied_group_crossing_the_cap_gets_nothing():
    placed = place([c(1, score=9), c(2, score=8), c(3, score=8), c(4, score=1)], DEFAULT)
    awarded = award(placed, [Tier("Giải Nhất", 1), Tier("Giải Nhì", 2)], max_share=50)
    assert prizes(awarded) == [(1, "Giải Nhất"), (2, None), (3, None), (4, None)]


def test_one_prize_per_person_passes_over_earlier_winners():
    placed = place([c(i, score=20 - i) for i in range(1, 5)], DEFAULT)
    awarded = award(placed, [Tier("Giải Nhất", 1), Tier("Giải Nhì", 1)], max_share=None,
                    excluded=frozenset({1}))
    assert prizes(awarded) == [(1, None), (2, "Giải Nhất"), (3, "Giải Nhì"), (4, None)]


def test_chain_with_an_unknown_key_is_refused_in_vietnamese():
    with pytest.raises(InvalidInput, match="Tiêu chí xếp hạng không có: tuoi"):
        checked_chain(["score", "tuoi"])
    with pytest.raises(InvalidInput, match="một lần"):
        checked_chain(["score", "score"])


def test_chain_is_written_out_in_plain_vietnamese():
    text = described(DEFAULT)
    assert text.startswith("Xếp hạng theo: điểm cao hơn xếp trên; nếu vẫn bằng nhau, dự đoán")
    assert "thời gian làm bài ngắn hơn" in text
    assert "nộp bài sớm hơn" in text
    assert text.endswith("Chỉ những người bằng nhau ở mọi tiêu chí mới đồng hạng.")

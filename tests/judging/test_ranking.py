"""The pure rules: final scores from the judges' scores, ranks with the tie-break chain, and
prizes per level and per block."""

from datetime import datetime, timedelta

import pytest

from backend.judging.ranking import (
    Entry,
    JudgeScore,
    Tier,
    final_score,
    place_level,
    rank,
    rank_within_groups,
)
from backend.writing.models import FinalMethod

IDS = ["1", "2"]
T0 = datetime(2026, 11, 1, 1, 0)


def scores(*totals, points=None):
    return [JudgeScore(n, total, (points or {}).get(n, {"1": total / 2, "2": total / 2}))
            for n, total in enumerate(totals, start=1)]


def final(*totals, method=FinalMethod.CLOSEST_PAIR, offsets=None):
    return final_score(scores(*totals), method=method, criterion_ids=IDS, ceiling=100,
                       offsets=offsets)


def test_two_scores_give_their_mean():
    result = final(70, 75)

    assert (result.score, result.judges_counted, result.criteria) == (72.5, 2, (36.25, 36.25))


def test_three_scores_give_the_mean_of_the_closest_two():
    result = final(60, 78, 80)

    assert (result.score, result.judge_ids) == (79.0, (2, 3))


def test_an_exact_tie_of_gaps_takes_the_pair_with_the_higher_mean():
    assert final(70, 75, 80).score == 77.5
    assert final(80, 70, 75).judge_ids == (1, 3)


def test_median_takes_the_middle_score_and_that_judges_sub_scores():
    result = final(60, 90, 78, method=FinalMethod.MEDIAN)

    assert (result.score, result.judges_counted, result.judge_ids) == (78, 3, (3,))
    assert result.criteria == (39, 39)


@pytest.mark.parametrize("totals", [(), (70,)])
def test_fewer_than_two_scores_give_no_final_score(totals):
    assert final(*totals).score is None


def test_normalisation_subtracts_each_judges_offset_within_the_rubric():
    assert final(70, 80, offsets={1: -4, 2: 6}).score == 74.0
    assert final(99, 98, offsets={1: -4, 2: -4}).score == 100.0


def entry(essay_id, score, criteria=(), minutes=0, group=None, withdrawn=False):
    return Entry(essay_id, score, criteria, T0 + timedelta(minutes=minutes), group, withdrawn)


def test_ties_are_broken_by_each_criterion_then_submission_time_then_shared():
    entries = [entry(1, 80, (40, 20)), entry(2, 80, (41, 19)), entry(3, 80, (40, 21)),
               entry(4, 80, (40, 20), minutes=-5), entry(5, 80, (40, 20)), entry(6, 90, (1, 1))]

    placed = [(e.essay_id, place) for e, place in rank(entries)]

    assert placed == [(6, 1), (2, 2), (3, 3), (4, 4), (1, 5), (5, 5)]


def test_withdrawn_and_unscored_essays_are_not_ranked():
    placed, _ = place_level([entry(1, 80), entry(2, 95, withdrawn=True), entry(3, None)],
                            [Tier(7, 1, 1, None, None)])

    assert {k: (p.rank, p.tier_id) for k, p in placed.items()} == {
        1: (1, 7), 2: (None, None), 3: (None, None)}


def test_prizes_go_down_the_ranking_and_a_boundary_tie_shares_the_higher_prize():
    entries = [entry(1, 95), entry(2, 90), entry(3, 90), entry(4, 85), entry(5, 80),
               entry(6, 70)]
    tiers = [Tier(10, 1, 1, None, None), Tier(20, 2, 1, None, None),
             Tier(30, 3, 2, None, 75)]

    placed, outcomes = place_level(entries, tiers)

    assert {k: p.tier_id for k, p in placed.items()} == {
        1: 10, 2: 20, 3: 20, 4: 30, 5: 30, 6: None}
    assert [(o.tier_id, o.given, o.extra) for o in outcomes] == [
        (10, 1, 0), (20, 2, 1), (30, 2, 0)]


def test_a_minimum_score_keeps_a_prize_from_essays_below_it():
    placed, outcomes = place_level([entry(1, 95), entry(2, 60)],
                                   [Tier(10, 1, 2, None, 80), Tier(20, 2, 5, None, None)])

    assert (placed[1].tier_id, placed[2].tier_id) == (10, 20)
    assert [(o.given, o.extra) for o in outcomes] == [(1, 0), (1, 0)]


def test_tiers_of_a_block_are_given_within_the_block_and_ranks_count_there():
    entries = [entry(1, 95, group=1), entry(2, 90, group=1), entry(3, 70, group=2),
               entry(4, 60, group=2), entry(5, 99, group=3)]
    tiers = [Tier(10, 1, 1, 1, None), Tier(20, 1, 1, 2, None), Tier(30, 1, 1, None, None)]

    placed, _ = place_level(entries, tiers)

    assert {k: (p.rank, p.tier_id) for k, p in placed.items()} == {
        1: (1, 10), 2: (2, None), 3: (1, 20), 4: (2, None), 5: (1, 30)}


def test_entered_scores_rank_within_each_unit_by_score_then_submission():
    places = rank_within_groups([entry(1, 80, group=4), entry(2, 80, minutes=-1, group=4),
                                 entry(3, 50, group=5), entry(4, 90, group=4),
                                 entry(5, 50, group=5), entry(6, None, group=5)])

    assert places == {1: 3, 2: 2, 3: 1, 4: 1, 5: 1, 6: None}

"""Aggregating a judged level: final scores from the current scores of active assignments,
normalisation, ranks, prizes (per level and per block), written as EssayResult rows."""

from datetime import timedelta

import pytest
from sqlmodel import select

from backend.clock import utcnow
from backend.errors import Conflict
from backend.judging import aggregate
from backend.judging.models import AssignmentKind, BlindCode, EssayResult
from backend.writing import service as writing
from backend.writing.models import FinalMethod
from tests.judging.results_factories import (
    START,
    assign,
    blind_level,
    coded,
    judged,
    panel,
    points_of,
    score,
)


def results(session, level):
    session.expire_all()
    return {r.essay_id: r for r in session.exec(select(EssayResult).where(
        EssayResult.level_id == level.id))}


@pytest.fixture
def setup(session, settings, tree):
    competition, level = blind_level(session)
    judges = panel(session, settings, competition, 4)
    return competition, level, judges


def test_final_scores_use_the_latest_score_of_active_assignments_only(session, setup, tree):
    competition, level, judges = setup
    essay = coded(session, competition, level, tree["Q1"], n=1)
    first, second = judged(session, competition, level, essay, judges[:2], [60, 70])
    score(session, first, 80, points_of(session, competition, 80), reason="Chấm lại")
    second.revoked_at = utcnow()
    replacement = assign(session, level, essay, judges[2], AssignmentKind.SECOND)
    score(session, replacement, 76, points_of(session, competition, 76))

    summary = aggregate.aggregate_level(session=session, level_id=level.id, now=utcnow())

    row = results(session, level)[essay.id]
    assert (row.score, row.judges_counted, row.rank) == (78.0, 2, 1)
    assert (summary.essays, summary.scored, summary.missing, summary.ranked) == (1, 1, 0, 1)


def test_an_essay_with_one_score_has_no_final_score_yet(session, setup, tree):
    competition, level, judges = setup
    essay = coded(session, competition, level, tree["Q1"], n=1)
    judged(session, competition, level, essay, judges[:2], [60, None])

    summary = aggregate.aggregate_level(session=session, level_id=level.id, now=utcnow())

    assert (results(session, level)[essay.id].score, summary.missing) == (None, 1)


def test_three_scores_take_the_closest_pair_or_the_median_as_configured(session, setup, tree):
    competition, level, judges = setup
    essay = coded(session, competition, level, tree["Q1"], n=1)
    judged(session, competition, level, essay, judges[:3], [50, 72, 80])

    aggregate.aggregate_level(session=session, level_id=level.id, now=utcnow())
    closest = results(session, level)[essay.id].score
    writing.update_rules(session=session, competition_id=competition.id, rules=writing.Rules(
        final_method=FinalMethod.MEDIAN), actor_id=None, now=utcnow())
    aggregate.aggregate_level(session=session, level_id=level.id, now=utcnow())

    assert (closest, results(session, level)[essay.id].score) == (76.0, 72.0)


def test_normalisation_shifts_each_judge_by_their_offset(session, settings, tree):
    competition, level = blind_level(session, normalise_judges=True)
    harsh, lenient = panel(session, settings, competition, 2)
    one = coded(session, competition, level, tree["Q1"], n=1)
    two = coded(session, competition, level, tree["Q3"], n=2)
    judged(session, competition, level, one, [harsh, lenient], [60, 70])
    judged(session, competition, level, two, [harsh, lenient], [70, 80])

    aggregate.aggregate_level(session=session, level_id=level.id, now=utcnow())

    # harsh is 10 below the other judge on both essays: offset -10, lenient +10.
    got = results(session, level)
    assert (got[one.id].score, got[two.id].score) == (65.0, 75.0)


def test_normalisation_moves_an_essay_scored_by_a_harsh_judge_up(session, settings, tree):
    competition, level = blind_level(session, normalise_judges=True)
    a, b, c = panel(session, settings, competition, 3)
    calibration = coded(session, competition, level, tree["TD"], n=9, calibration=True)
    for judge, total in ((a, 60), (b, 70), (c, 80)):
        score(session, assign(session, level, calibration, judge, AssignmentKind.CALIBRATION),
              total, points_of(session, competition, total))
    one = coded(session, competition, level, tree["Q1"], n=1)
    two = coded(session, competition, level, tree["Q3"], n=2)
    judged(session, competition, level, one, [a, b], [70, 70])
    judged(session, competition, level, two, [b, c], [70, 70])

    aggregate.aggregate_level(session=session, level_id=level.id, now=utcnow())

    # Offsets: a (-10 on calibration, 0 on essay one) -5, b 0, c +5.
    got = results(session, level)
    assert (got[one.id].score, got[two.id].score, got[calibration.id].score) == (
        72.5, 67.5, 70.0)
    assert (got[one.id].rank, got[calibration.id].rank, got[two.id].rank) == (1, 2, 3)


def test_results_are_recomputed_whole_and_an_essay_that_left_loses_its_result(session, setup,
                                                                            tree):
    competition, level, judges = setup
    stays = coded(session, competition, level, tree["Q1"], n=1)
    leaves = coded(session, competition, level, tree["Q3"], n=2)
    judged(session, competition, level, stays, judges[:2], [80, 80])
    judged(session, competition, level, leaves, judges[:2], [90, 90])
    aggregate.aggregate_level(session=session, level_id=level.id, now=utcnow())
    for code in session.exec(select(BlindCode).where(BlindCode.essay_id == leaves.id)):
        session.delete(code)
    session.commit()

    summary = aggregate.aggregate_level(session=session, level_id=level.id, now=utcnow())

    got = results(session, level)
    assert list(got) == [stays.id]
    assert got[stays.id].rank == 1
    assert summary.changed == 2  # one rank moved, one result removed


def test_ties_at_the_level_follow_the_chain_and_withdrawn_essays_are_not_ranked(
        session, setup, tree):
    competition, level, judges = setup
    early = coded(session, competition, level, tree["Q1"], n=1)
    late = coded(session, competition, level, tree["Q3"], n=2)
    content = coded(session, competition, level, tree["TD"], n=3)
    gone = coded(session, competition, level, tree["TDOAN"], n=4)
    for essay in (early, late):
        judged(session, competition, level, essay, judges[:2], [80, 80])
    judged(session, competition, level, content, judges[:2], [80, 80], points={
        0: points_of(session, competition, 80, first=45), 1: points_of(session, competition,
                                                                       80, first=45)})
    judged(session, competition, level, gone, judges[:2], [99, 99])
    gone.withdrawn_at = utcnow()
    session.commit()

    aggregate.aggregate_level(session=session, level_id=level.id, now=utcnow())

    got = results(session, level)
    assert [(got[e.id].rank, got[e.id].score) for e in (content, early, late, gone)] == [
        (1, 80.0), (2, 80.0), (3, 80.0), (None, 99.0)]


def test_prizes_per_block_with_a_tie_at_the_boundary(session, setup, tree):
    competition, level, judges = setup
    district = tree["Q1"].block_id
    mass = tree["TDOAN"].block_id
    writing.set_prize_tiers(session=session, level_id=level.id, tiers=[
        ("Giải A", 1, district), ("Giải B", 1, district), ("Giải A", 1, mass)],
        actor_id=None, now=utcnow())
    essays = {}
    for n, (unit, total) in enumerate([("Q1-BN", 90), ("Q3", 85), ("TD", 85), ("Q1", 60),
                                       ("TDOAN", 70)], start=1):
        essays[n] = coded(session, competition, level, tree[unit], n=n,
                          submitted_at=START)  # the tie at Giải B holds to the end
        judged(session, competition, level, essays[n], judges[:2], [total, total])
    tiers = {(t.name, t.block_id): t.id for t in writing.prize_tiers_of(
        session=session, level_id=level.id)}

    summary = aggregate.aggregate_level(session=session, level_id=level.id, now=utcnow())

    got = results(session, level)
    assert [(got[e.id].rank, got[e.id].prize_tier_id) for e in essays.values()] == [
        (1, tiers[("Giải A", district)]), (2, tiers[("Giải B", district)]),
        (2, tiers[("Giải B", district)]), (4, None), (1, tiers[("Giải A", mass)])]
    assert [(p.name, p.given, p.extra) for p in summary.prizes] == [
        ("Giải A", 1, 0), ("Giải B", 2, 1), ("Giải A", 1, 0)]


def test_an_entered_level_cannot_be_aggregated_but_ranks_within_each_unit(session, setup,
                                                                         tree):
    competition, _, _ = setup
    first = writing.levels_of(session=session, competition_id=competition.id)[0]
    from tests.factories import make_essay

    rows = {}
    for n, (unit, points) in enumerate([("Q1-BN", 70), ("Q1-BT", 80), ("Q3-VTS", 50),
                                        ("Q1", 70)], start=1):
        essay = make_essay(session, competition, tree[unit], n=n,
                           submitted_at=utcnow() + timedelta(minutes=n))
        rows[unit] = EssayResult(level_id=first.id, essay_id=essay.id, score=points)
        session.add(rows[unit])
    session.commit()

    with pytest.raises(Conflict) as refused:
        aggregate.aggregate_level(session=session, level_id=first.id, now=utcnow())
    ranked = aggregate.rank_entered_level(session=session, level_id=first.id)

    assert "không chấm kín" in refused.value.message
    session.expire_all()
    assert ranked == 4
    assert {unit: row.rank for unit, row in rows.items()} == {
        "Q1-BN": 2, "Q1-BT": 1, "Q3-VTS": 1, "Q1": 3}


def test_the_scheduled_sweep_aggregates_only_levels_whose_scores_changed(session, setup,
                                                                         tree, database):
    from scheduled import writing_results

    competition, level, judges = setup
    essay = coded(session, competition, level, tree["Q1"], n=1)
    first, _ = judged(session, competition, level, essay, judges[:2], [70, 80])
    past = utcnow() + timedelta(seconds=1)

    assert [s.level_id for s in writing_results.compute_aggregates(
        database=database, now=past)] == [level.id]
    assert writing_results.compute_aggregates(database=database, now=past) == []
    score(session, first, 90, points_of(session, competition, 90), reason="Sửa",
          at=past + timedelta(seconds=1))
    assert [s.changed for s in writing_results.compute_aggregates(
        database=database, now=past + timedelta(seconds=2))] == [1]
    assert results(session, level)[essay.id].score == 85.0

"""On the database (SQLite and PostgreSQL), with contestants and attempts generated across the
small tree (Hypothesis): each unit's tally equals what its own subtree holds, counted here
directly, zeros included; and a unit retired after the contest froze its units keeps its
figures."""

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.clock import utcnow
from backend.tallies import service as tallies
from backend.units import service as units
from tests.factories import add_contestants, add_finished_attempt, make_contest, make_round

CODES = ["Q1-BN", "Q1-BT", "Q3", "Q3-VTS", "TD", "TDOAN"]
people = st.lists(st.lists(st.integers(0, 5), max_size=3), max_size=3)  # each: its scores


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries(dict.fromkeys(CODES, people)))
def test_each_unit_holds_exactly_its_subtree(database, session, tree, plan):
    now = utcnow()
    contest = make_contest(session)
    round_ = make_round(session, contest, opens_at=now - timedelta(days=2),
                        closes_at=now - timedelta(days=1))
    expected = {code: [0, 0, 0, 0] for code in CODES}  # registered, people, attempts, sum
    for code, persons in plan.items():
        made = add_contestants(session, contest, [tree[code]], len(persons)) if persons else []
        for person, scores in zip(made, persons, strict=True):
            for n, score in enumerate(scores, start=1):
                add_finished_attempt(session, round_, person, score=score, attempt_no=n)
            expected[code] = [a + b for a, b in zip(
                expected[code], [1, 1 if scores else 0, len(scores), sum(scores)], strict=True)]
    session.commit()

    with database.scope(write=False) as read:
        period = tallies.period_of(session=read, contest_id=contest.id, round_id=None)
        tally = tallies.contest_tally(session=read, period=period)

    def figures(code):
        c = tally.nodes[tree[code].id].total
        return [c.registered, c.participants, c.attempts, c.score_sum]

    def summed(*codes):
        return [sum(values) for values in zip(*(expected[c] for c in codes), strict=True)]

    for code in CODES:
        if code != "Q3":
            assert figures(code) == expected[code]
    assert figures("Q1-BT") == expected["Q1-BT"]
    assert figures("Q1") == summed("Q1-BN", "Q1-BT")
    assert figures("Q3") == summed("Q3", "Q3-VTS")
    assert figures("HCM") == summed(*CODES)
    total = tally.total
    assert [total.registered, total.participants, total.attempts, total.score_sum] == \
        summed(*CODES)


def test_a_unit_retired_after_the_contest_began_keeps_its_figures(database, session, tree):
    contest = make_contest(session)
    round_ = make_round(session, contest)
    person, = add_contestants(session, contest, [tree["Q1-BT"]], 1)
    add_finished_attempt(session, round_, person, score=4)
    units.retire_unit(session=session, unit=tree["Q1-BT"], actor_id=None, now=utcnow())
    session.commit()

    with database.scope(write=False) as read:
        period = tallies.period_of(session=read, contest_id=contest.id, round_id=None)
        node = tallies.contest_tally(session=read, period=period).nodes[tree["Q1-BT"].id]

    assert (node.name, node.total.participants, node.total.score_sum) == (
        "Phường Bến Thành", 1, 4)

"""Tallies read from the database: every unit of the frozen tree present, zeros included;
levels rolled up from the same rows; results from the finalised board once there is one."""

def figures(node_or_group):
    c = node_or_group.total
    return (c.registered, c.participants, c.attempts, c.results, c.score_sum, c.full_marks,
            c.winners)


def test_every_unit_appears_and_each_level_adds_up(scene):
    ben_nghe, _ben_thanh, vts = scene.people("Q1-BN", 3), scene.people("Q1-BT", 1), \
        scene.people("Q3-VTS", 2)
    scene.sat(ben_nghe[0], 5)
    scene.sat(ben_nghe[0], 3, attempt_no=2)
    scene.sat(ben_nghe[1], 4)
    scene.sat(vts[0], 2)

    tally = scene.tally()

    nodes = {n.member.code: n for n in tally.nodes.values()}
    assert set(nodes) == {"HCM", "Q1", "Q1-BN", "Q1-BT", "Q3", "Q3-VTS", "TD", "TDOAN"}
    # registered, participants, attempts, results (finished attempts: not finalised), sum,
    # full marks (5 of 5), prize winners
    assert figures(nodes["Q1-BN"]) == (3, 2, 3, 3, 12, 1, 0)
    assert figures(nodes["Q1-BT"]) == (1, 0, 0, 0, 0, 0, 0)
    assert figures(nodes["Q1"]) == (4, 2, 3, 3, 12, 1, 0)
    assert figures(nodes["TD"]) == (0, 0, 0, 0, 0, 0, 0)
    assert [(g.name, [u.member.code for u in g.units]) for g in tally.blocks] == [
        ("Khối Mặt trận, đoàn thể", ["TDOAN"]),
        ("Khối Quận, huyện", ["Q1", "Q3", "TD"])]
    district = next(g for g in tally.blocks if g.name == "Khối Quận, huyện")
    assert figures(district) == (6, 3, 4, 4, 14, 1, 0)
    assert figures(tally) == figures(district)
    assert tally.total.headcount == 2400 + 130 + 140 + 2100 + 150 + 6800 + 980
    assert nodes["Q1"].total.rate == 2 / (2400 + 130 + 140)
    assert [(g.name, [u.member.code for u in g.units]) for g in tally.clusters] == [
        ("Cụm 1", ["Q1", "Q3"])]


def test_a_finalised_round_counts_its_counted_attempts_and_prize_winners(scene):
    people = scene.people("Q1-BN", 3)
    scene.sat(people[0], 5)
    scene.sat(people[0], 3, attempt_no=2)
    scene.sat(people[1], 4)
    scene.finalise(prizes=[{"tier": "Giải Nhất", "count": 1, "group": ""}])

    node = next(n for n in scene.tally().nodes.values() if n.member.code == "Q1-BN")

    # Two counted results (the best of each), 5 + 4; one full mark; one prize.
    assert figures(node) == (3, 2, 3, 2, 9, 1, 1)
    assert node.total.average == 4.5


def test_the_whole_contest_counts_people_once_across_rounds(scene):
    from tests.factories import make_round
    person, = scene.people("Q3-VTS", 1)
    scene.sat(person, 4)
    later = make_round(scene.session, scene.contest, opens_at=scene.round.opens_at,
                       closes_at=scene.round.closes_at)
    from tests.factories import add_finished_attempt
    add_finished_attempt(scene.session, later, person, score=5)

    node = next(n for n in scene.tally(round_=None).nodes.values()
                if n.member.code == "Q3-VTS")

    assert figures(node) == (1, 1, 2, 2, 9, 1, 0)


def test_a_unit_officer_sees_their_subtree_with_its_units_as_the_top(scene):
    scene.sat(scene.people("Q1-BN", 1)[0], 5)
    scene.sat(scene.people("Q3-VTS", 1)[0], 5)

    tally = scene.tally(within=scene.tree["Q1"])

    # Quận 1's own members (its own staff) get a row, so the rows add up to the total.
    assert [n.name for n in tally.top] == ["Phường Bến Nghé", "Phường Bến Thành",
                                           "Quận 1 (trực thuộc)"]
    assert sum(n.total.headcount for n in tally.top) == tally.total.headcount == 2670
    assert tally.total.participants == 1
    assert "Q3" not in {n.member.code for n in tally.nodes.values()}


def test_a_person_winning_in_two_rounds_is_one_prize_winner_of_the_contest(scene):
    from tests.factories import add_finished_attempt, make_round
    winner, other = scene.people("Q3-VTS", 2)
    scene.sat(winner, 5)
    scene.sat(other, 3)
    first_prize = [{"tier": "Giải Nhất", "count": 1, "group": ""}]
    scene.finalise(prizes=first_prize)
    later = make_round(scene.session, scene.contest, opens_at=scene.round.opens_at,
                       closes_at=scene.round.closes_at)
    add_finished_attempt(scene.session, later, winner, score=5)
    scene.finalise(prizes=first_prize, round_=later)

    rounds = [scene.tally(round_=r).nodes[scene.tree["Q3-VTS"].id].total.winners
              for r in (scene.round, later)]
    whole = scene.tally(round_=None).nodes[scene.tree["Q3-VTS"].id].total.winners

    assert (rounds, whole) == ([1, 1], 1)

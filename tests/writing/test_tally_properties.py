"""The writing tally adds up by construction, on generated essays over the small tree
(Hypothesis): each unit is its own figures plus its units', each block the sum of its units,
the city the sum of its blocks, per format and per measure, and nothing counted is lost."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.tallies.rollup import Member, roll_up
from backend.writing import tally
from backend.writing.counting import OUTSIDE, LevelCounts, WritingCounts
from tests.writing.tally_scene import WritingScene

CODES = ["HCM", "Q1", "Q1-BN", "Q1-BT", "Q3", "Q3-VTS", "TD", "TDOAN"]
# An essay: its format, withdrawn, forwarded into the city level, its result there.
essay = st.tuples(st.sampled_from(["docx", "pdf", "odt", "online"]), st.booleans(),
                  st.booleans(), st.sampled_from([None, "scored", "prize"]))


def plus(*counts: WritingCounts) -> WritingCounts:
    total = WritingCounts()
    for c in counts:
        total.add(c)
    return total


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({code: st.lists(essay, max_size=4) for code in CODES}))
def test_city_is_the_sum_of_blocks_and_units_per_format_and_measure(session, tree, plan):
    scene = WritingScene(session, tree)  # a competition of its own for each example
    expected = WritingCounts()
    for code, essays in plan.items():
        forwarded = []
        for fmt, withdrawn, forward, result in essays:
            made, = scene.essays(code, 1, fmt, withdrawn=int(withdrawn))
            if forward:
                forwarded.append(made)
                if result:
                    scene.result(made, 70 if not withdrawn else None,
                                 prize="Giải A" if result == "prize" else None)
            level = LevelCounts(forwarded=int(forward), withdrawn=int(forward and withdrawn),
                                judged=int(forward and bool(result) and not withdrawn),
                                winners=int(forward and result == "prize"),
                                stray_winners=int(forward and result == "prize" and withdrawn))
            expected.add(WritingCounts(
                received=int(not withdrawn), withdrawn=int(withdrawn),
                **({fmt: 1} if not withdrawn else {}),
                levels={scene.city.position: level} if forward else {}))
        if forwarded:
            scene.forward(code, forwarded)

    whole = tally.overview(session=session, competition_id=scene.competition.id).tally

    for node in whole.nodes.values():
        assert node.total == plus(node.own, *(c.total for c in node.children))
    for group in whole.blocks:
        assert group.total == plus(*(n.total for n in group.units))
    assert whole.total == plus(*(g.total for g in whole.blocks))
    total = whole.total
    assert total.received == total.docx + total.pdf + total.odt + total.online
    city = total.level(scene.city.position)
    expected_city = expected.level(scene.city.position)
    assert (total.received, total.withdrawn, total.docx, total.pdf, total.odt, total.online) == (
        expected.received, expected.withdrawn, expected.docx, expected.pdf, expected.odt,
        expected.online)
    assert (city.forwarded, city.withdrawn, city.judged, city.winners, city.stray_winners) == (
        expected_city.forwarded, expected_city.withdrawn, expected_city.judged,
        expected_city.winners, expected_city.stray_winners)


def test_figures_of_a_unit_outside_the_tree_are_kept_in_a_row_of_their_own():
    members = [Member(1, None, "TP", "Thành phố", "", 0, "", 0),
               Member(2, 1, "Q1", "Quận 1", "Khối Quận, huyện", 1, "", 10)]
    whole = roll_up(members, {2: WritingCounts(received=2), 99: WritingCounts(received=1)},
                    WritingCounts, OUTSIDE)

    assert [(n.name, n.total.received) for n in whole.top] == [
        ("Quận 1", 2), ("Đơn vị #99 (không có trong cây đơn vị)", 1)]
    assert whole.total.received == 3

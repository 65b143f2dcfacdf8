"""Tallies add up by construction, on generated trees and counts (Hypothesis): every unit
equals its own figures plus its children's, each block the sum of its units, the total the
sum of its blocks, every unit present even with zeros; and the reconciliation finds exactly
the disagreements planted among reported figures that otherwise agree."""

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.tallies.models import Measure, Target
from backend.tallies.reconcile import Reported, disagreements
from backend.tallies.rollup import Counts, Member, roll_up

BLOCKS = ["Khối Quận, huyện", "Khối Đảng ủy", "Khối Mặt trận, đoàn thể", ""]


@st.composite
def trees(draw):
    size = draw(st.integers(min_value=1, max_value=40))
    members = [Member(1, None, "U1", "Thành phố", "", 0, "", draw(st.integers(0, 50)))]
    for n in range(2, size + 1):
        parent = draw(st.integers(min_value=1, max_value=n - 1))
        members.append(Member(n, parent, f"U{n}", f"Đơn vị {n}", draw(st.sampled_from(BLOCKS)),
                              BLOCKS.index(members[-1].block) if members[-1].block in BLOCKS
                              else 0, "", draw(st.integers(0, 5000))))
    counted = st.builds(Counts, registered=st.integers(0, 90), participants=st.integers(0, 60),
                        attempts=st.integers(0, 200), results=st.integers(0, 60),
                        score_sum=st.integers(0, 1200), full_marks=st.integers(0, 10),
                        winners=st.integers(0, 3))
    own = draw(st.dictionaries(st.integers(1, size + 3), counted, max_size=size + 3))
    return members, own


def plus(a: Counts, b: Counts) -> Counts:
    total = a.copy()
    total.add(b)
    return total


@settings(max_examples=300, deadline=None)
@given(trees())
def test_every_level_is_the_sum_of_its_parts(tree):
    members, own = tree
    tally = roll_up(members, own)

    for member in members:  # zero rows present: every unit of the tree is there
        assert member.unit_id in tally.nodes
    for node in tally.nodes.values():
        expected = node.own.copy()
        for child in node.children:
            expected = plus(expected, child.total)
        assert node.total == expected
    for group in tally.blocks:
        expected = Counts()
        for unit in group.units:
            expected = plus(expected, unit.total)
        assert group.total == expected
    blocks = Counts()
    for group in tally.blocks:
        blocks = plus(blocks, group.total)
    assert tally.total == blocks
    everything = Counts(headcount=sum(m.headcount for m in members))
    for counts in own.values():
        everything = plus(everything, counts)
    assert tally.total == everything  # nothing counted is lost, even outside the tree


@settings(max_examples=200, deadline=None)
@given(trees(), st.data())
def test_the_reconciliation_finds_exactly_the_planted_disagreements(tree, data):
    members, own = tree
    tally = roll_up(members, own)
    units = [n for n in tally.nodes.values() if not n.synthetic]
    reported = data.draw(st.lists(st.sampled_from(units), unique_by=lambda n: n.unit_id))
    planted = data.draw(st.lists(st.sampled_from(reported), unique_by=lambda n: n.unit_id)) \
        if reported else []
    offset = {n.unit_id: data.draw(st.integers(1, 9)) for n in planted}
    figures = [Reported(0, Target.UNIT, n.unit_id, Measure.PARTICIPANTS,
                        n.total.participants + offset.get(n.unit_id, 0)) for n in reported]
    values = {f.target_id: f.value for f in figures}

    found = disagreements(figures, {0: tally}, {}, {})

    counted = {(d.target_id, d.reported - d.against) for d in found if not d.parts}
    assert counted == set(offset.items())
    summed = {d.target_id for d in found if d.parts}
    expected = set()
    for node in (n for n in reported if n.children):
        parts = [c for c in node.children if not c.synthetic]
        if parts and all(c.unit_id in values for c in parts) and \
                sum(values[c.unit_id] for c in parts) != values[node.unit_id]:
            expected.add(node.unit_id)
    assert summed == expected

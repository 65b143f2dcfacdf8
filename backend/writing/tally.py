"""A writing competition's tally at every level of the live unit tree, the figures units
reported beside it, and every check the overview flags: what the overview page, the API,
the essays spreadsheet and the collective prizes all read."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from backend.errors import NotFound
from backend.forwarding.models import ForwardBatch
from backend.tallies import reconcile
from backend.tallies.models import Target
from backend.tallies.rollup import Node, Tally, roll_up, subtree
from backend.units.models import Block, Unit
from backend.vnformat import grouped
from backend.writing import counting
from backend.writing import service as writing
from backend.writing.counting import OUTSIDE, WritingCounts
from backend.writing.models import (
    QuotaKind,
    WritingCompetition,
    WritingLevel,
    WritingMeasure,
    WritingReportedFigure,
)


@dataclass(frozen=True)
class Check:
    """A figure the overview flags, said in Vietnamese with the figures."""

    kind: str  # quota | judged | winners | reported | parts
    place: str  # the unit's or block's name
    text: str


@dataclass(frozen=True)
class Reports:
    """The figures reported off the platform, by (target, target id, measure)."""

    values: dict[tuple[str, int, WritingMeasure], int]
    block_ids: dict[str, int]

    def of_node(self, node: Node, measure: WritingMeasure) -> int | None:
        """The unit's own figure; else the sum of its units' (None: nobody reported)."""
        if node.synthetic:  # a unit's own row, or one outside the tree: nothing reported
            return None
        said = self.values.get(("unit", node.unit_id, measure))
        if said is not None:
            return said
        return _sum(self.of_node(c, measure) for c in node.children)

    def of_block(self, group, measure: WritingMeasure) -> int | None:
        said = self.values.get(("block", self.block_ids.get(group.name, 0), measure))
        return said if said is not None else _sum(self.of_node(n, measure)
                                                  for n in group.units)

    def of_total(self, tally: Tally, measure: WritingMeasure) -> int | None:
        if tally.root is not None:
            said = self.values.get(("unit", tally.root.unit_id, measure))
            if said is not None:
                return said
        return _sum(self.of_block(g, measure) for g in tally.blocks)


def _sum(values) -> int | None:
    given = [v for v in values if v is not None]
    return sum(given) if given else None


@dataclass(frozen=True)
class Overview:
    competition: WritingCompetition
    levels: list[WritingLevel]  # the levels after the first, forwarded into
    tally: Tally[WritingCounts]  # as the reader sees it (the city, or a unit drilled into)
    whole: Tally[WritingCounts]  # the city's, which the checks are made on
    reports: Reports
    checks: list[Check]
    place: list[Node]  # from the city's top down to the unit drilled into


def competition_tally(*, session: Session, competition: WritingCompetition,
                      levels: list[WritingLevel]) -> Tally[WritingCounts]:
    """The whole tree's tally: essays, and per later level forwarding, quotas and results."""
    later = levels[1:]
    own = counting.own_counts(session=session, competition_id=competition.id,
                              positions={lv.id: lv.position for lv in later})
    batch_units = set(session.execute(select(ForwardBatch.unit_id).where(
        ForwardBatch.level_id.in_([lv.id for lv in later]))).scalars())
    members = counting.members(session=session, competition_id=competition.id,
                               extra=batch_units)
    first = roll_up(members, own, WritingCounts, OUTSIDE)
    for level in later:
        if level.quota_kind is QuotaKind.NONE:
            continue
        for unit_id, counts in own.items():
            figures = counts.levels.get(level.position)
            if figures is None or not figures.forwarders:
                continue
            # The quota applies to what the unit's subtree had at the level below.
            below = first.nodes[unit_id].total
            basis = below.received if level.position == 2 else \
                below.level(level.position - 1).forwarded
            figures.quota = writing.quota_for(level, basis) or 0
    return roll_up(members, own, WritingCounts, OUTSIDE)


def reports_of(*, session: Session, competition_id: int) -> Reports:
    figures = session.execute(select(WritingReportedFigure).where(
        WritingReportedFigure.competition_id == competition_id)
        .order_by(WritingReportedFigure.id)).scalars()
    return Reports({(f.target, f.target_id, f.measure): f.value for f in figures},
                   {name: block_id for block_id, name in session.execute(
                       select(Block.id, Block.name)).all()})


def overview(*, session: Session, competition_id: int, unit_id: int | None = None
             ) -> Overview:
    """The tally, reported figures and checks; drilled down to `unit_id` when given."""
    competition = writing.get_competition(session=session, competition_id=competition_id)
    levels = writing.levels_of(session=session, competition_id=competition_id)
    whole = competition_tally(session=session, competition=competition, levels=levels)
    reports = reports_of(session=session, competition_id=competition_id)
    tally, place = whole, []
    if unit_id is not None:
        node = whole.node(unit_id)
        if node is None:
            raise NotFound("Không tìm thấy đơn vị này trong cây đơn vị.")
        while node is not None and node is not whole.root:
            place.insert(0, node)
            node = node.parent
        tally = subtree(whole, unit_id)
    return Overview(competition, levels[1:], tally, whole, reports,
                    checks(whole, levels[1:], reports), place)


def unit_tally(*, session: Session, competition_id: int, within: Unit | None
               ) -> Tally[WritingCounts]:
    """The tally as a reader of `within`'s subtree sees it (None: the whole city)."""
    competition = writing.get_competition(session=session, competition_id=competition_id)
    whole = competition_tally(session=session, competition=competition,
                              levels=writing.levels_of(session=session,
                                                       competition_id=competition_id))
    return whole if within is None else subtree(whole, within.id)


def checks(tally: Tally[WritingCounts], levels: list[WritingLevel], reports: Reports
           ) -> list[Check]:
    """Every flagged figure: forwarding over quota, judged ≠ forwarded − withdrawn (once the
    level has results), winners outside the judged, and reported figures that disagree
    with the count or with the sum of their parts."""
    found = []
    for level in levels:
        judging = tally.total.level(level.position).judged > 0
        for node in sorted(tally.nodes.values(), key=lambda n: n.member.code):
            f = node.own.levels.get(level.position)
            if f is None:
                continue
            if level.quota_kind is not QuotaKind.NONE and f.forwarders and \
                    f.forwarded > f.quota:
                found.append(Check("quota", node.name, (
                    f"{node.name} chuyển lên {level.name} {grouped(f.forwarded)} bài, vượt chỉ "
                    f"tiêu {grouped(f.quota)} bài (thừa {grouped(f.forwarded - f.quota)}).")))
            if judging and f.judged != f.forwarded - f.withdrawn:
                found.append(Check("judged", node.name, (
                    f"{level.name}, {node.name}: đã chấm {grouped(f.judged)} bài, nhưng chuyển "
                    f"lên {grouped(f.forwarded)} bài, rút {grouped(f.withdrawn)} bài (phải chấm "
                    f"{grouped(f.forwarded - f.withdrawn)}).")))
            if f.stray_winners:
                found.append(Check("winners", node.name, (
                    f"{level.name}, {node.name}: {grouped(f.stray_winners)} bài đạt giải nhưng "
                    "không nằm trong số bài được chấm (đã rút hoặc chưa có điểm).")))
    figures = [reconcile.Reported(0, Target(target), target_id, measure, value)
               for (target, target_id, measure), value in reports.values.items()]
    names = {block_id: name for name, block_id in reports.block_ids.items()}
    for d in reconcile.disagreements(figures, {0: tally}, names, {0: ""}):
        gap = grouped(abs(d.difference))
        if d.parts:
            found.append(Check("parts", d.name, (
                f"{d.measure.label} của {d.name}: cộng {d.over} được {grouped(d.against)}, "
                f"báo cáo {grouped(d.reported)}, lệch {gap}.")))
        else:
            found.append(Check("reported", d.name, (
                f"{d.measure.label} của {d.name}: báo cáo {grouped(d.reported)}, nền tảng đếm "
                f"được {grouped(d.against)}, lệch {gap}.")))
    return found

"""A movement year's statistics at every level of the live unit tree (entries registered,
recognised at the unit level and at the city level, exemplary, rejected; collectives and
individuals commended), and every check the statistics page flags: what the page, the API,
the command line and the yearly report all read."""

from dataclasses import dataclass

from sqlmodel import Session

from backend.errors import NotFound
from backend.movement import counting
from backend.movement import service as movement
from backend.movement.counting import OUTSIDE, MovementCounts
from backend.movement.models import MovementField, MovementYear
from backend.tallies.rollup import NO_BLOCK, Group, Node, Tally, roll_up, subtree
from backend.units.models import Unit
from backend.vnformat import grouped

# The figures that add, in the order the page, the API and the command line show them.
MEASURES = (
    ("registered", "Đăng ký"),
    ("recognised", "Công nhận cấp đơn vị trở lên"),
    ("city_recognised", "Công nhận cấp thành phố"),
    ("exemplary", "Tiêu biểu"),
    ("rejected", "Không công nhận"),
    ("collectives", "Tập thể được khen thưởng"),
    ("individuals", "Cá nhân được khen thưởng"),
)
LABELS = dict(MEASURES)
# Each figure is part of the one after it: it can never be larger.
WITHIN = (("recognised", "registered"), ("city_recognised", "recognised"),
          ("exemplary", "city_recognised"), ("rejected", "registered"))


@dataclass(frozen=True)
class Check:
    """A figure the statistics flag, said in Vietnamese with the figures."""

    kind: str  # order | kinds | fields | parts
    place: str  # the unit's or block's name, or "Tổng cộng"
    text: str


@dataclass(frozen=True)
class Statistics:
    period: MovementYear
    fields: list[MovementField]
    tally: Tally[MovementCounts]  # as the reader sees it: the city, a subtree, a unit drilled into
    checks: list[Check]  # on what the reader may see
    place: list[Node]  # from the reader's top down to the unit drilled into
    within: Unit | None  # the reader's subtree (None: the whole city)


def year_tally(*, session: Session, period: MovementYear) -> Tally[MovementCounts]:
    """The whole tree's tally of the year."""
    return roll_up(counting.members(session=session, period=period),
                   counting.own_counts(session=session, period=period), counting.zero, OUTSIDE)


def visible_tally(*, session: Session, period: MovementYear, within: Unit | None
                  ) -> Tally[MovementCounts]:
    """The tally a reader of `within`'s subtree sees (None: the whole city)."""
    whole = year_tally(session=session, period=period)
    if within is None:
        return whole
    _node(whole, within.id)
    return subtree(whole, within.id)


def statistics(*, session: Session, year_id: int, within: Unit | None,
               unit_id: int | None = None) -> Statistics:
    """The year's statistics as a reader of `within` sees them (None: the whole city),
    drilled down to `unit_id` (inside that subtree) when given; checks on all the reader sees."""
    period = movement.get_year(session=session, year_id=year_id)
    fields = movement.fields_of(session=session, year_id=year_id)
    seen = visible_tally(session=session, period=period, within=within)
    tally, place = seen, []
    if unit_id is not None:
        node = _node(seen, unit_id)
        while node is not None and node is not seen.root:
            place.insert(0, node)
            node = node.parent
        tally = subtree(seen, unit_id)
    return Statistics(period, fields, tally, checks(seen, fields), place, within)


def _node(tally: Tally, unit_id: int) -> Node:
    node = tally.node(unit_id)
    if node is None:
        raise NotFound("Không tìm thấy đơn vị này, hoặc đơn vị nằm ngoài phạm vi của bạn.")
    return node


def checks(tally: Tally[MovementCounts], fields: list[MovementField]) -> list[Check]:
    """Every figure that disagrees: a step counting more entries than the step before it,
    entries by kind or by field not adding up to those registered (or under a field the
    year does not have), and a unit, a block or the total that is not the sum of its parts."""
    known = {f.id for f in fields}
    found: list[Check] = []
    rows = [(n.name, n.total) for n in sorted(tally.nodes.values(), key=lambda n: n.member.code)]
    rows += [(g.name, g.total) for g in tally.blocks] + [("Tổng cộng", tally.total)]
    for name, c in rows:
        for part, whole in WITHIN:
            if getattr(c, part) > getattr(c, whole):
                found.append(Check("order", name, (
                    f"{name}: {LABELS[part].lower()} {grouped(getattr(c, part))} mục, nhiều "
                    f"hơn {LABELS[whole].lower()} ({grouped(getattr(c, whole))} mục).")))
        for kind, what, figures in (("kinds", "loại", c.kinds), ("fields", "lĩnh vực", c.fields)):
            if sum(figures.values()) != c.registered:
                found.append(Check(kind, name, (
                    f"{name}: cộng số mục theo {what} được {grouped(sum(figures.values()))}, "
                    f"nhưng số đăng ký là {grouped(c.registered)}.")))
        stray = sum(count for field_id, count in c.fields.items() if field_id not in known)
        if stray:
            found.append(Check("fields", name, (
                f"{name}: {grouped(stray)} mục đăng ký theo lĩnh vực không có trong năm.")))
    for node in tally.nodes.values():
        _parts(found, node.name, "các đơn vị trực thuộc", node.total,
               [node.own, *(child.total for child in node.children)])
    for group in tally.blocks:
        _parts(found, group.name, "các đơn vị của khối", group.total,
               [n.total for n in group.units])
    _parts(found, "Tổng cộng", "các khối", tally.total, [g.total for g in tally.blocks])
    return found


def _parts(found: list[Check], name: str, over: str, total: MovementCounts,
           parts: list[MovementCounts]) -> None:
    for measure, label in MEASURES:
        summed = sum(getattr(p, measure) for p in parts)
        if summed != getattr(total, measure):
            found.append(Check("parts", name, (
                f"{label} của {name}: cộng {over} được {grouped(summed)}, nhưng tổng là "
                f"{grouped(getattr(total, measure))} (lệch "
                f"{grouped(abs(getattr(total, measure) - summed))}).")))


def shown_blocks(tally: Tally[MovementCounts]) -> list[Group[MovementCounts]]:
    """The blocks as the page and the report show them: the city's units by block; a unit's
    subtree (a district's wards, its own row), or units none of which has a block, as one
    group without a name: the units, with no subtotal of their own."""
    below_city = tally.root is not None and tally.root.parent is not None
    if below_city or all(g.name == NO_BLOCK for g in tally.blocks):
        return [Group("", tally.total, [n for g in tally.blocks for n in g.units])]
    return tally.blocks

"""Tallies rolled up the contest's frozen unit tree: each unit's own figures, then every
level from the same rows (a unit = its own + its children's, a block = its units', the
contest = its blocks'), so that every total is the sum of its parts by construction.

Pure: units and counts in, a tree of figures out. The queries that count live in
`counting.py`."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Generic, Self, TypeVar

from backend.vntext import natural_key

NO_BLOCK = "Không thuộc khối nào"
OUTSIDE = "không có trong danh sách tham gia"


@dataclass
class Additive:
    """Figures that add, field by field: whole numbers, nested figures, and mappings of
    them (keys joined). A tally's counts type derives from it; the roll-up adds nothing
    else, so a level's figures are the sum of its parts' whatever the type."""

    def add(self, other: Self) -> None:
        for f in fields(self):
            setattr(self, f.name, _plus(getattr(self, f.name), getattr(other, f.name)))

    def copy(self) -> Self:
        return type(self)(**{f.name: _copied(getattr(self, f.name)) for f in fields(self)})

    def as_dict(self) -> dict:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @property
    def empty(self) -> bool:
        return not any(_held(getattr(self, f.name)) for f in fields(self))


def _plus(a, b):
    if isinstance(a, Additive):
        total = a.copy()
        total.add(b)
        return total
    if isinstance(a, dict):
        merged = {key: _copied(value) for key, value in a.items()}
        for key, value in b.items():
            merged[key] = _plus(merged[key], value) if key in merged else _copied(value)
        return merged
    return a + b


def _mapped(value, figures: Callable):
    """`value` with `figures` applied to each Additive in it, mappings walked through."""
    if isinstance(value, Additive):
        return figures(value)
    if isinstance(value, dict):
        return {key: _mapped(v, figures) for key, v in value.items()}
    return value


def _copied(value):
    return _mapped(value, Additive.copy)


def _plain(value):
    return _mapped(value, Additive.as_dict)


def _held(value) -> bool:
    if isinstance(value, Additive):
        return not value.empty
    if isinstance(value, dict):
        return any(_held(v) for v in value.values())
    return bool(value)


@dataclass
class Counts(Additive):
    """A contest's figures: a level's are the sum of its parts'. Rates and averages are
    derived, never added."""

    registered: int = 0  # contestants who registered
    participants: int = 0  # contestants with at least one attempt
    attempts: int = 0
    results: int = 0  # results averaged: counted ones once finalised, finished attempts before
    score_sum: int = 0
    full_marks: int = 0  # results with every question right
    winners: int = 0  # people who won at least one individual prize
    headcount: int = 0  # members, as frozen with the contest

    @property
    def rate(self) -> float | None:
        """Participants per member, 0..1 (above 1 when members were under-counted)."""
        return self.participants / self.headcount if self.headcount else None

    @property
    def average(self) -> float | None:
        return self.score_sum / self.results if self.results else None


C = TypeVar("C", bound=Additive)


@dataclass(frozen=True)
class Member:
    """A unit as the tally places it: the frozen contest unit's facts."""

    unit_id: int
    parent_id: int | None
    code: str
    name: str
    block: str  # "" for none
    block_position: int
    cluster: str  # "" for none
    headcount: int


@dataclass
class Node(Generic[C]):
    member: Member
    own: C
    total: C | None = None  # own plus the children's, once rolled up
    children: list["Node[C]"] = field(default_factory=list)
    parent: "Node[C] | None" = None
    synthetic: bool = False  # a row for figures the tree cannot place otherwise

    @property
    def unit_id(self) -> int:
        return self.member.unit_id

    @property
    def name(self) -> str:
        return self.member.name


@dataclass
class Group(Generic[C]):
    """A block or a cluster: top-level units and their sum."""

    name: str
    total: C
    units: list[Node[C]] = field(default_factory=list)


@dataclass
class Tally(Generic[C]):
    total: C  # the contest's (or the subtree's) grand total
    blocks: list[Group[C]]  # partition the top-level units: their totals sum to `total`
    clusters: list[Group[C]]  # overlap nothing in the total; units outside any cluster left out
    nodes: dict[int, Node[C]]
    top: list[Node[C]]  # the units directly under the contest (or the subtree's root)
    root: Node[C] | None = None  # the one root unit (the city), when the tree has one

    def node(self, unit_id: int) -> Node[C] | None:
        return self.nodes.get(unit_id)


def roll_up(members: Iterable[Member], own: Mapping[int, C],
            counts: Callable[..., C] = Counts, outside: str = OUTSIDE) -> Tally[C]:
    """The tally of `members` (a frozen tree) given each unit's own counts, of the type
    `counts` makes (called with `headcount=` for a member, with nothing for a stranger).
    Counts of units outside the tree (`own` keys with no member) get a row of their own,
    named "Đơn vị #id (`outside`)", so that nothing counted is lost from the totals."""
    nodes = {m.unit_id: Node(m, counts(headcount=m.headcount)) for m in members}
    for unit_id, found in own.items():
        node = nodes.get(unit_id)
        if node is None:
            node = nodes[unit_id] = Node(_stranger(unit_id, outside), counts(), synthetic=True)
        node.own.add(found)
    roots = []
    for node in _by_name(nodes.values()):
        parent = nodes.get(node.member.parent_id) if node.member.parent_id else None
        if parent is None or node.synthetic:
            roots.append(node)
        else:
            node.parent = parent
            parent.children.append(node)
    for node in roots:
        _sum(node)
    real_roots = [n for n in roots if not n.synthetic]
    root = real_roots[0] if len(real_roots) == 1 and real_roots[0].children else None
    top = [n for n in roots if n is not root]
    if root is not None:
        top = [*root.children, *_own_row(root), *top]
    total = counts()
    for node in top:
        total.add(node.total)
    return Tally(total=total, blocks=_groups(top, "block", counts),
                 clusters=_groups(top, "cluster", counts), nodes=nodes, top=top, root=root)


def subtree(tally: Tally[C], unit_id: int) -> Tally[C]:
    """The tally seen from one unit: its children are the top level, its total the total."""
    node = tally.nodes[unit_id]
    inside: dict[int, Node] = {}

    def walk(n: Node) -> None:
        inside[n.unit_id] = n
        for child in n.children:
            walk(child)

    walk(node)
    top = [*node.children, *_own_row(node)] if node.children else [node]
    zero = type(node.total)
    return Tally(total=node.total, blocks=_groups(top, "block", zero),
                 clusters=_groups(top, "cluster", zero), nodes=inside, top=top, root=node)


def _own_row(node: Node) -> list[Node]:
    """What a unit with units under it holds itself (its own members, people registered
    right there) as a row beside its children, when it holds anything: so the rows of its
    children add up to its total."""
    if node.own.empty:
        return []
    return [Node(Member(node.unit_id, None, node.member.code, f"{node.name} (trực thuộc)", "",
                        10**9, "", 0), node.own, node.own.copy(), synthetic=True)]


def _stranger(unit_id: int, outside: str) -> Member:
    return Member(unit_id, None, "?", f"Đơn vị #{unit_id} ({outside})", "", 10**9, "", 0)


def _by_name(nodes: Iterable[Node]) -> list[Node]:
    return sorted(nodes, key=lambda n: natural_key(n.name))


def _sum(node: Node[C]) -> C:
    node.total = node.own.copy()
    for child in node.children:
        node.total.add(_sum(child))
    return node.total


def _groups(top: list[Node[C]], by: str, counts: Callable[..., C]) -> list[Group[C]]:
    groups: dict[str, Group[C]] = {}
    order: dict[str, tuple] = {}
    for node in top:
        name = getattr(node.member, by)
        if by == "cluster" and not name:
            continue
        label = name or NO_BLOCK
        group = groups.setdefault(label, Group(label, counts()))
        group.units.append(node)
        group.total.add(node.total)
        position = node.member.block_position if by == "block" and name else 10**9
        order[label] = min(order.get(label, (10**9,)), (position,))
    return sorted(groups.values(),
                  key=lambda g: (g.name == NO_BLOCK, order[g.name], natural_key(g.name)))

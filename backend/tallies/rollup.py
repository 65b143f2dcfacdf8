"""Tallies rolled up the contest's frozen unit tree: each unit's own figures, then every
level from the same rows (a unit = its own + its children's, a block = its units', the
contest = its blocks'), so that every total is the sum of its parts by construction.

Pure: units and counts in, a tree of figures out. The queries that count live in
`counting.py`."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields

from backend.vntext import natural_key

NO_BLOCK = "Không thuộc khối nào"


@dataclass
class Counts:
    """Figures that add: a level's are the sum of its parts'. Rates and averages are
    derived, never added."""

    registered: int = 0  # contestants who registered
    participants: int = 0  # contestants with at least one attempt
    attempts: int = 0
    results: int = 0  # results averaged: counted ones once finalised, finished attempts before
    score_sum: int = 0
    full_marks: int = 0  # results with every question right
    winners: int = 0  # people who won at least one individual prize
    headcount: int = 0  # members, as frozen with the contest

    def add(self, other: "Counts") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def copy(self) -> "Counts":
        return Counts(**{f.name: getattr(self, f.name) for f in fields(self)})

    @property
    def rate(self) -> float | None:
        """Participants per member, 0..1 (above 1 when members were under-counted)."""
        return self.participants / self.headcount if self.headcount else None

    @property
    def average(self) -> float | None:
        return self.score_sum / self.results if self.results else None

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


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
class Node:
    member: Member
    own: Counts
    total: Counts = field(default_factory=Counts)
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = None
    synthetic: bool = False  # a row for figures the tree cannot place otherwise

    @property
    def unit_id(self) -> int:
        return self.member.unit_id

    @property
    def name(self) -> str:
        return self.member.name


@dataclass
class Group:
    """A block or a cluster: top-level units and their sum."""

    name: str
    units: list[Node] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)


@dataclass
class Tally:
    total: Counts  # the contest's (or the subtree's) grand total
    blocks: list[Group]  # partition the top-level units: their totals sum to `total`
    clusters: list[Group]  # overlap nothing in the total; units outside any cluster left out
    nodes: dict[int, Node]
    top: list[Node]  # the units directly under the contest (or the subtree's root)
    root: Node | None = None  # the one root unit (the city), when the tree has one

    def node(self, unit_id: int) -> Node | None:
        return self.nodes.get(unit_id)


def roll_up(members: Iterable[Member], own: Mapping[int, Counts]) -> Tally:
    """The tally of `members` (a frozen tree) given each unit's own counts. Counts of units
    outside the tree (`own` keys with no member) get a row of their own, so that nothing
    counted is lost from the totals."""
    nodes = {m.unit_id: Node(m, Counts(headcount=m.headcount)) for m in members}
    for unit_id, counts in own.items():
        node = nodes.get(unit_id)
        if node is None:
            node = nodes[unit_id] = Node(_stranger(unit_id), Counts(), synthetic=True)
        node.own.add(counts)
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
    total = Counts()
    for node in top:
        total.add(node.total)
    return Tally(total=total, blocks=_groups(top, "block"), clusters=_groups(top, "cluster"),
                 nodes=nodes, top=top, root=root)


def subtree(tally: Tally, unit_id: int) -> Tally:
    """The tally seen from one unit: its children are the top level, its total the total."""
    node = tally.nodes[unit_id]
    inside: dict[int, Node] = {}

    def walk(n: Node) -> None:
        inside[n.unit_id] = n
        for child in n.children:
            walk(child)

    walk(node)
    top = [*node.children, *_own_row(node)] if node.children else [node]
    return Tally(total=node.total, blocks=_groups(top, "block"), clusters=_groups(top, "cluster"),
                 nodes=inside, top=top, root=node)


def _own_row(node: Node) -> list[Node]:
    """What a unit with units under it holds itself (its own members, people registered
    right there) as a row beside its children, when it holds anything: so the rows of its
    children add up to its total."""
    if not any(node.own.as_dict().values()):
        return []
    return [Node(Member(node.unit_id, None, node.member.code, f"{node.name} (trực thuộc)", "",
                        10**9, "", 0), node.own, node.own.copy(), synthetic=True)]


def _stranger(unit_id: int) -> Member:
    return Member(unit_id, None, "?", f"Đơn vị #{unit_id} (không có trong danh sách tham gia)",
                  "", 10**9, "", 0)


def _by_name(nodes: Iterable[Node]) -> list[Node]:
    return sorted(nodes, key=lambda n: natural_key(n.name))


def _sum(node: Node) -> Counts:
    node.total = node.own.copy()
    for child in node.children:
        node.total.add(_sum(child))
    return node.total


def _groups(top: list[Node], by: str) -> list[Group]:
    groups: dict[str, Group] = {}
    order: dict[str, tuple] = {}
    for node in top:
        name = getattr(node.member, by)
        if by == "cluster" and not name:
            continue
        label = name or NO_BLOCK
        group = groups.setdefault(label, Group(label))
        group.units.append(node)
        group.total.add(node.total)
        position = node.member.block_position if by == "block" and name else 10**9
        order[label] = min(order.get(label, (10**9,)), (position,))
    return sorted(groups.values(),
                  key=lambda g: (g.name == NO_BLOCK, order[g.name], natural_key(g.name)))

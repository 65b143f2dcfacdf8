"""The unit tree: browsing within a scope, searching, editing and retiring units."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.errors import Conflict, InvalidInput, NotFound
from backend.policy import sees_whole_tree
from backend.units.models import Block, Cluster, Unit, UnitKind
from backend.vntext import checked_name, fold, natural_key
from exports.units import BLOCK_KIND, UnitLine

MAX_HEADCOUNT = 10_000_000
# City, district, ward, residential group...: 20 levels keep every path within its column.
MAX_DEPTH = 20


def search_text_for(name: str, code: str) -> str:
    return f"{fold(name)} {fold(code)}"


def scope_of(*, session: Session, user: UserAccount) -> Unit | None:
    """The subtree a staff member may see: None means the whole tree."""
    if sees_whole_tree(user):
        return None
    unit = session.get(Unit, user.unit_id) if user.unit_id else None
    if unit is None:
        raise NotFound("Tài khoản chưa được gắn với đơn vị nào.")
    return unit


def get_unit(*, session: Session, unit_id: int, within: Unit | None = None) -> Unit:
    """One unit, as 404 when it does not exist or lies outside the caller's subtree."""
    unit = session.get(Unit, unit_id)
    if unit is None or (within is not None and not within.contains(unit)):
        raise NotFound("Không tìm thấy đơn vị này, hoặc đơn vị nằm ngoài phạm vi của bạn.")
    return unit


def list_units(
    *, session: Session, within: Unit | None = None, include_retired: bool = False
) -> list[Unit]:
    """Units of a subtree (or the whole tree), parents before their children."""
    query = select(Unit).order_by(Unit.depth, Unit.id)
    if within is not None:
        query = query.where(Unit.path.startswith(within.path))
    if not include_retired:
        query = query.where(Unit.is_active)
    return list(session.exec(query))


@dataclass
class TreeNode:
    unit: Unit
    children: list["TreeNode"] = field(default_factory=list)

    @property
    def size(self) -> int:
        return 1 + sum(child.size for child in self.children)


def build_tree(units: list[Unit]) -> list[TreeNode]:
    """Nest units under their parents; units whose parent is absent become roots."""
    nodes = {unit.id: TreeNode(unit) for unit in units}
    roots: list[TreeNode] = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(nodes[unit.id])
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.unit.kind != UnitKind.CITY, natural_key(n.unit.name)))
    roots.sort(key=lambda n: natural_key(n.unit.name))
    return roots


def search_units(
    *, session: Session, query: str, within: Unit | None = None, limit: int = 50,
    include_retired: bool = False,
) -> list[Unit]:
    """Units whose name or code contains the words typed, ignoring case and diacritics."""
    words = fold(query).split()
    statement = select(Unit)
    for word in words[:8]:
        statement = statement.where(Unit.search_text.contains(word, autoescape=True))
    if within is not None:
        statement = statement.where(Unit.path.startswith(within.path))
    if not include_retired:
        statement = statement.where(Unit.is_active)
    found = list(session.exec(statement.order_by(Unit.depth, Unit.name).limit(limit * 4)))
    found.sort(key=lambda u: (u.depth, natural_key(u.name)))
    return found[:limit]


def ancestors(*, session: Session, unit: Unit) -> list[Unit]:
    """The chain from the root down to the unit's parent."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part][:-1]
    if not ids:
        return []
    found = {u.id: u for u in session.exec(select(Unit).where(Unit.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def children_of(*, session: Session, unit: Unit, include_retired: bool = False) -> list[Unit]:
    query = select(Unit).where(Unit.parent_id == unit.id)
    if not include_retired:
        query = query.where(Unit.is_active)
    return sorted(session.exec(query), key=lambda u: natural_key(u.name))


def blocks(*, session: Session) -> list[Block]:
    return list(session.exec(select(Block).order_by(Block.position, Block.name)))


def clusters(*, session: Session) -> list[Cluster]:
    return sorted(session.exec(select(Cluster)), key=lambda c: natural_key(c.name))


def set_headcount(
    *, session: Session, unit: Unit, headcount: int, actor_id: int | None, now: datetime
) -> Unit:
    """Record how many members a unit has: the denominator of its participation rate."""
    if headcount < 0:
        raise InvalidInput("Số lượng thành viên không được âm.")
    if headcount > MAX_HEADCOUNT:
        raise InvalidInput("Số lượng thành viên quá lớn; hãy kiểm tra lại.")
    before = unit.headcount
    unit.headcount = headcount
    unit.updated_at = now
    audit.record(session=session, actor_id=actor_id, action="unit.headcount",
                 target=f"unit:{unit.id}", details={"from": before, "to": headcount}, now=now)
    session.commit()
    return unit


def rename_unit(
    *, session: Session, unit: Unit, name: str, kind: UnitKind, actor_id: int | None,
    now: datetime,
) -> Unit:
    """Change a unit's name or kind; its code, and so its history, stay the same."""
    name = checked_name(name, field="Tên đơn vị", max_length=255)
    audit.record(session=session, actor_id=actor_id, action="unit.rename",
                 target=f"unit:{unit.id}", details={"from": unit.name, "to": name}, now=now)
    unit.name, unit.kind, unit.updated_at = name, kind, now
    unit.search_text = search_text_for(name, unit.code)
    session.commit()
    return unit


def retire_unit(*, session: Session, unit: Unit, actor_id: int | None, now: datetime) -> int:
    """Retire a unit and everything below it; nothing is deleted, so history keeps pointing at
    them. Returns how many units were retired."""
    if not unit.is_active:
        raise Conflict("Đơn vị này đã ngừng hoạt động từ trước.")
    subtree = list(session.exec(
        select(Unit).where(Unit.path.startswith(unit.path), Unit.is_active)
    ))
    for member in subtree:
        member.is_active, member.retired_at, member.updated_at = False, now, now
    audit.record(session=session, actor_id=actor_id, action="unit.retire",
                 target=f"unit:{unit.id}", details={"code": unit.code, "count": len(subtree)},
                 now=now)
    session.commit()
    return len(subtree)


def restore_unit(*, session: Session, unit: Unit, actor_id: int | None, now: datetime) -> Unit:
    """Bring a retired unit back; its parent must be active."""
    if unit.is_active:
        raise Conflict("Đơn vị này đang hoạt động.")
    parent = session.get(Unit, unit.parent_id) if unit.parent_id else None
    if parent is not None and not parent.is_active:
        raise Conflict(f"Đơn vị cấp trên “{parent.name}” đã ngừng hoạt động; "
                       "hãy khôi phục đơn vị cấp trên trước.")
    unit.is_active, unit.retired_at, unit.updated_at = True, None, now
    audit.record(session=session, actor_id=actor_id, action="unit.restore",
                 target=f"unit:{unit.id}", now=now)
    session.commit()
    return unit


def rebuild_tree_fields(*, session: Session) -> None:
    """Recompute every unit's path and depth from the parent links, and pass each block down
    to the units below it (after imports and moves). Without recursion: trees of any depth."""
    units = {u.id: u for u in session.exec(select(Unit))}
    done: set[int] = set()
    for unit in units.values():
        chain: list[Unit] = []
        on_chain: set[int] = set()
        current = unit
        while current is not None and current.id not in done:
            if current.id in on_chain:
                raise Conflict("Cây đơn vị có vòng lặp cấp trên - cấp dưới.")
            chain.append(current)
            on_chain.add(current.id)
            current = units.get(current.parent_id) if current.parent_id else None
        for member in reversed(chain):  # from the top down: each parent is settled first
            parent = units.get(member.parent_id) if member.parent_id else None
            path = f"{parent.path}{member.id}/" if parent else f"/{member.id}/"
            if parent is not None and parent.block_id not in (None, member.block_id):
                member.block_id = parent.block_id
            if path.count("/") - 2 >= MAX_DEPTH:
                raise Conflict(f"Cây đơn vị có tối đa {MAX_DEPTH} cấp; thay đổi này làm cây "
                               "sâu hơn.")
            if member.path != path:
                member.path, member.depth = path, path.count("/") - 2
            done.add(member.id)
    session.flush()


def find_by_codes(*, session: Session, codes: set[str]) -> dict[str, Unit]:
    if not codes:
        return {}
    return {u.code: u for u in session.exec(select(Unit).where(Unit.code.in_(list(codes))))}


def export_lines(*, session: Session, within: Unit | None = None) -> list[UnitLine]:
    """The active units of a subtree in the import layout: each parent before its children,
    and each block as a row followed by its units."""
    units = list_units(session=session, within=within)
    above = session.get(Unit, within.parent_id) if within and within.parent_id else None
    by_id = {u.id: u for u in [*units, *([above] if above else [])]}
    order = sorted(blocks(session=session), key=lambda b: (b.position, natural_key(b.name)))
    cluster_name = {c.id: c.name for c in clusters(session=session)}
    # A block is one row, under the parent of most of its top units; its units under another
    # parent name it in the "Khối" cell instead.
    tops: Counter = Counter()
    for u in units:
        parent = by_id.get(u.parent_id)
        if u.block_id is not None and (parent is None or parent.block_id != u.block_id):
            tops[(u.block_id, parent.code if parent else "")] += 1
    home: dict[int, str] = {}
    for (block_id, parent_code), _ in tops.most_common():
        home.setdefault(block_id, parent_code)
    lines: list[UnitLine] = []

    def write(node: TreeNode, parent_code: str, block: str = "") -> None:
        u = node.unit
        lines.append(UnitLine(code=u.code, name=u.name, parent_code=parent_code,
                              kind=u.kind.label, headcount=u.headcount,
                              cluster=cluster_name.get(u.cluster_id, ""), block=block))
        walk(node.children, u.code, u.block_id)

    def walk(nodes: list[TreeNode], parent_code: str, inherited: int | None) -> None:
        grouped: dict[int, list[TreeNode]] = {}
        for node in nodes:
            if inherited is not None or node.unit.block_id is None:
                write(node, parent_code)
            else:
                grouped.setdefault(node.unit.block_id, []).append(node)
        for block in (b for b in order if b.id in grouped):
            at_home = home[block.id] == parent_code
            if at_home:
                lines.append(UnitLine(code=block.code, name=block.name, parent_code=parent_code,
                                      kind=BLOCK_KIND, headcount=None, cluster=""))
            for node in grouped[block.id]:
                write(node, block.code if at_home else parent_code,
                      "" if at_home else block.code)

    walk(build_tree(units), above.code if above else "", above.block_id if above else None)
    return lines

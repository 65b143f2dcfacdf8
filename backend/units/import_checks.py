"""What a unit file means for the stored tree, and every rule it breaks, found in one pass.

A block is named three ways: by a block row of the file ("row", code), by a block already
stored ("id", id), or by a new name in a "Khối" cell ("new", folded name). The checks and the
writing both go through `UnitFile`, so they cannot disagree about what a row means.
"""

from functools import cached_property

from backend.errors import CellProblem
from backend.spreadsheet import Table
from backend.units.import_rows import UnitRow
from backend.units.models import Block, Unit
from backend.units.service import MAX_DEPTH
from backend.vntext import fold

BlockKey = tuple[str, object]
NESTED = ("Khối không nằm trong khối khác: ô này ghi mã đơn vị chứa khối "
          "(để trống nếu khối ở cấp cao nhất).")


class UnitFile:
    """The rows of one file over the units and blocks stored now."""

    def __init__(self, table: Table, rows: list[UnitRow], units: dict[str, Unit],
                 blocks: list[Block]):
        self.table, self.rows, self.units, self.blocks = table, rows, units, blocks
        self.first: dict[str, UnitRow] = {}
        for row in rows:
            if row.code:
                self.first.setdefault(row.code, row)
        self.block_rows = {code: r for code, r in self.first.items() if r.is_block}
        self.unit_rows = [r for r in self.first.values() if not r.is_block]
        # With block rows or a "Khối" column the file says each unit's own block.
        self.states_blocks = bool(self.block_rows) or "block" in table.columns
        self.code_of = {u.id: code for code, u in units.items()}
        self.stored_block = {b.id: b for b in blocks}
        self.stored_code = {b.code: b for b in blocks}
        self.stored_name = {fold(b.name): b for b in blocks}
        self.stored_by_text: dict[str, Block] = {}
        for block in blocks:
            self.stored_by_text.setdefault(fold(block.code), block)
            self.stored_by_text.setdefault(fold(block.name), block)
        self.row_by_text: dict[str, str] = {}
        for code, row in self.block_rows.items():
            self.row_by_text.setdefault(fold(code), code)
            self.row_by_text.setdefault(fold(row.name), code)
        self._effective: dict[str, BlockKey | None] = {}
        self._depth: dict[str, int] = {}

    # --- What the file means ------------------------------------------------------------

    def block_key(self, text: str) -> BlockKey:
        """The block a "Khối" cell names: a block row, a stored block, or a new one."""
        wanted = fold(text)
        if wanted in self.row_by_text:
            return ("row", self.row_by_text[wanted])
        stored = self.stored_by_text.get(wanted)
        return self._stored_key(stored) if stored else ("new", wanted)

    def _stored_key(self, block: Block) -> BlockKey:
        return ("row", block.code) if block.code in self.block_rows else ("id", block.id)

    def own_block(self, code: str) -> BlockKey | None:
        """The block a unit is given by the file (or keeps), before the units above it have
        their say: a block above wins over everything below it (see rebuild_tree_fields)."""
        row = self.first.get(code)
        if row is not None and not row.is_block:
            if row.parent_code in self.block_rows:
                return ("row", row.parent_code)
            if row.block:
                return self.block_key(row.block)
            if self.states_blocks:
                return None
        unit = self.units.get(code)
        block = self.stored_block.get(unit.block_id) if unit else None
        return self._stored_key(block) if block else None

    def unit_parent(self, code: str) -> str | None:
        """The code of the unit a unit will hang under: a block row passes it to its parent."""
        row = self.first.get(code)
        if row is None or row.is_block:
            unit = self.units.get(code)
            return self.code_of.get(unit.parent_id) if unit else None
        parent = row.parent_code
        if parent in self.block_rows:
            parent = self.block_rows[parent].parent_code
        return parent or None

    def is_unit(self, code: str) -> bool:
        row = self.first.get(code)
        return (row is not None and not row.is_block) or (row is None and code in self.units)

    def _upward(self, code: str):
        """The units from `code` up to the root, each once (a cycle ends the walk)."""
        seen: set[str] = set()
        while code is not None and self.is_unit(code) and code not in seen:
            seen.add(code)
            yield code
            code = self.unit_parent(code)

    def _down_the_tree(self, code: str, known: dict, step):
        """known[code], worked out from the top down: step(value of the unit above or None,
        unit) for each unit below the first one already known. Without recursion, so a file of
        thousands of nested rows is read like any other."""
        chain = []
        for member in self._upward(code):
            if member in known:
                break
            chain.append(member)
        top = self.unit_parent(chain[-1]) if chain else code
        value = known.get(top) if top is not None else None
        for member in reversed(chain):
            value = known[member] = step(value, member)
        return known.get(code)

    def effective_block(self, code: str) -> BlockKey | None:
        """The block a unit ends up in once blocks pass down the tree: the block above wins."""
        return self._down_the_tree(code, self._effective,
                                   lambda above, unit: above or self.own_block(unit))

    def depth(self, code: str) -> int:
        """How many units stand above a unit in the tree the file makes."""
        return self._down_the_tree(code, self._depth,
                                   lambda above, _: 0 if above is None else above + 1) or 0

    def block_name(self, key: BlockKey) -> str:
        kind, value = key
        if kind == "row":
            return self.block_rows[value].name
        if kind == "id":
            return self.stored_block[value].name
        return next(r.block for r in self.unit_rows if r.block and fold(r.block) == value)

    # --- The rules ----------------------------------------------------------------------

    def problems(self) -> list[CellProblem]:
        """Every rule the file breaks against the stored tree, by row."""
        found = [*self._codes(), *self._parents(), *self._block_names(), *self._cycles(),
                 *self._depths(), *self._block_conflicts()]
        return sorted(found, key=lambda p: p.row or 0)

    def _problem(self, message: str, row: UnitRow, key: str) -> CellProblem:
        return self.table.problem(message, row.row, key)

    def _codes(self):
        for row in self.rows:
            if not row.code:
                continue
            first = self.first[row.code]
            unit = self.units.get(row.code)
            if first is not row:
                what = "Mã" if row.is_block or first.is_block else "Mã đơn vị"
                yield self._problem(f"{what} “{row.code}” bị trùng với dòng {first.row}.",
                                    row, "code")
            elif row.is_block and unit is not None:
                yield self._problem(f"Mã “{row.code}” đã là mã của đơn vị “{unit.name}”; "
                                    "khối cần một mã riêng.", row, "code")
            elif unit is not None and not unit.is_active:
                yield self._problem(
                    f"Mã “{row.code}” thuộc đơn vị “{unit.name}” đã ngừng hoạt động; "
                    "hãy dùng mã khác hoặc khôi phục đơn vị đó trước.", row, "code")

    def _parents(self):
        for row in self.rows:
            parent = row.parent_code
            if not row.code or not parent:
                continue
            in_file = self.first.get(parent)
            stored = self.units.get(parent)
            if parent == row.code:
                what = "Khối không thể nằm trong" if row.is_block else \
                    "Đơn vị không thể là cấp trên của"
                yield self._problem(f"{what} chính nó.", row, "parent_code")
            elif in_file is not None:
                if row.is_block and in_file.is_block:
                    yield self._problem(NESTED, row, "parent_code")
            elif stored is not None:
                if not stored.is_active:
                    yield self._problem(f"Đơn vị cấp trên “{stored.name}” đã ngừng hoạt động.",
                                        row, "parent_code")
            elif parent in self.stored_code and not row.is_block:
                block = self.stored_code[parent]
                yield self._problem(
                    f"Mã “{parent}” là mã của khối “{block.name}” nhưng tệp không có dòng của "
                    f"khối này. Hãy thêm dòng khối (Loại “Khối”, mã “{parent}”) vào tệp, hoặc "
                    "ghi tên khối ở cột “Khối”.", row, "parent_code")
            elif parent in self.stored_code:
                yield self._problem(NESTED, row, "parent_code")
            else:
                yield self._problem(f"Không có đơn vị cấp trên mã “{parent}” "
                                    "trong tệp hay trong hệ thống.", row, "parent_code")

    def _block_names(self):
        named: dict[str, UnitRow] = {}
        for code, row in self.block_rows.items():
            stored = self.stored_name.get(fold(row.name))
            earlier = named.setdefault(fold(row.name), row)
            if earlier is not row:
                yield self._problem(f"Tên khối “{row.name}” trùng với khối ở dòng {earlier.row}.",
                                    row, "name")
            elif stored is not None and stored.code != code:
                yield self._problem(f"Tên khối “{row.name}” đã là tên của khối mã "
                                    f"“{stored.code}”.", row, "name")

    def _hops(self, code: str) -> list[str]:
        """The codes passed on the way from a unit to the unit above it."""
        row = self.first.get(code)
        if row is None:
            parent = self.unit_parent(code) if code in self.units else None
            return [parent] if parent else []
        if row.is_block or not row.parent_code:
            return []
        block = self.block_rows.get(row.parent_code)
        if block is None:
            return [row.parent_code]
        return [row.parent_code, block.parent_code] if block.parent_code else [row.parent_code]

    @cached_property
    def on_loops(self) -> set[str]:
        """The units whose chain of parents comes back to them."""
        walked: set[str] = set()
        found: set[str] = set()
        for row in self.unit_rows:  # each unit is walked once: the whole check is linear
            path: list[str] = []
            for code in self._upward(row.code):
                if code in walked:
                    break
                walked.add(code)
                path.append(code)
            closing = self.unit_parent(path[-1]) if path else None
            if closing in path:
                found.update(path[path.index(closing):])
        return found

    def _cycles(self):
        for row in self.unit_rows:
            if row.code not in self.on_loops or row.parent_code == row.code:
                continue  # its own parent is said once, by _parents
            chain = [row.code]
            while chain[-1] != row.code or len(chain) == 1:
                if len(chain) > 8:  # a long loop is shown by its start
                    chain += ["…", row.code]
                    break
                chain += self._hops(chain[-1])
            yield self._problem(f"Cấp trên tạo thành vòng lặp: {' → '.join(chain)}.", row,
                                "parent_code")

    def _depths(self):
        for row in self.unit_rows:
            if row.code not in self.on_loops and self.depth(row.code) >= MAX_DEPTH:
                yield self._problem(
                    f"Đơn vị này nằm ở cấp thứ {self.depth(row.code) + 1} của cây; cây đơn vị "
                    f"có tối đa {MAX_DEPTH} cấp. Hãy kiểm tra lại mã đơn vị cấp trên.", row,
                    "parent_code")

    def _block_conflicts(self):
        for row in self.rows:
            if not row.code or self.first[row.code] is not row:
                continue
            parent = self.unit_parent(row.code) if not row.is_block else row.parent_code
            above = (self.effective_block(parent)
                     if parent and self.is_unit(parent) else None)
            if row.is_block:
                if above not in (None, ("row", row.code)):  # its own block above it: a cycle
                    yield self._problem(
                        f"Đơn vị cấp trên “{parent}” thuộc khối “{self.block_name(above)}”; "
                        "khối không nằm trong khối khác. Hãy đặt dòng khối dưới một đơn vị "
                        "không thuộc khối nào (hoặc để trống ô này).", row, "parent_code")
                continue
            if not row.block:
                continue
            wanted = self.block_key(row.block)
            if row.parent_code in self.block_rows and wanted != ("row", row.parent_code):
                block = self.block_rows[row.parent_code]
                yield self._problem(
                    f"Khối “{row.block}” khác khối “{block.name}” của dòng khối cấp trên "
                    f"(dòng {block.row}); hãy để trống ô này.", row, "block")
            elif above is not None and above != wanted:
                yield self._problem(
                    f"Khối “{row.block}” khác khối của đơn vị cấp trên; đơn vị cấp dưới thuộc "
                    "khối của đơn vị cấp trên (để trống ô này là được).", row, "block")

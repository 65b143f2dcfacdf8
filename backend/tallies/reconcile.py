"""Where reported figures disagree: with what the platform counted for the same unit or
block and period, or, for a total, with the sum of the figures reported for its parts (a
unit's units, a block's units, the city's blocks or else its units). A total is checked
against its parts only when every part has a figure: a missing one is not a disagreement.

Pure: the tallies and the figures in, the disagreements out. Any tally (of any counts type)
and any measure that names itself and the counted figure it is checked against."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from backend.tallies.models import Target
from backend.tallies.rollup import Node, Tally
from backend.vnformat import grouped


class Measure(Protocol):
    """What a reported figure counts: its words, and the field of the tally's counts that
    holds the platform's own count of it (None: only the reports know it)."""

    @property
    def label(self) -> str: ...

    @property
    def counted_as(self) -> str | None: ...


@dataclass(frozen=True)
class Reported:
    round_no: int  # 0: the whole contest (or no periods at all)
    target: Target
    target_id: int
    measure: Measure
    value: int


@dataclass(frozen=True)
class Disagreement:
    round_no: int
    period: str
    target: Target
    target_id: int
    name: str
    measure: Measure
    reported: int
    against: int  # the counted figure, or the sum of the parts' figures
    parts: tuple[tuple[str, int], ...] = ()  # empty: checked against the platform's count
    over: str = ""  # what the parts are: "các khối", "các đơn vị của khối", "các đơn vị trực thuộc"

    @property
    def difference(self) -> int:
        return self.reported - self.against

    @property
    def text(self) -> str:
        what = f"{self.measure.label} của {self.name}" + (
            f" ({self.period.lower()})" if self.period else "")
        if self.parts:
            return (f"{what}: báo cáo {grouped(self.reported)}, nhưng cộng các phần được "
                    f"{grouped(self.against)} (lệch {grouped(self.difference)}).")
        return (f"{what}: báo cáo {grouped(self.reported)}, nền tảng đếm được "
                f"{grouped(self.against)} (lệch {grouped(self.difference)}).")


def disagreements(figures: Iterable[Reported], tallies: Mapping[int, Tally],
                  block_names: Mapping[int, str], periods: Mapping[int, str]
                  ) -> list[Disagreement]:
    """Every disagreement, in the order of the figures given. `tallies` holds the full
    tally of each period (round number, 0 for the whole contest) that has figures."""
    figures = list(figures)
    index = {(f.round_no, f.target, f.target_id, f.measure): f.value for f in figures}
    block_ids = {name: block_id for block_id, name in block_names.items()}
    found = []
    for f in figures:
        tally = tallies.get(f.round_no)
        if tally is None:
            continue
        name = _name(f, tally, block_names)
        if name is None:
            continue
        period = periods.get(f.round_no, "Toàn cuộc thi")
        counted = _counted(f, tally, block_names) if f.measure.counted_as else None
        if counted is not None and counted != f.value:
            found.append(Disagreement(f.round_no, period, f.target, f.target_id, name,
                                      f.measure, f.value, counted))
        over, parts = _parts(f, tally, block_names, block_ids, index)
        if parts:
            total = sum(value for _, value in parts)
            if total != f.value:
                found.append(Disagreement(f.round_no, period, f.target, f.target_id, name,
                                          f.measure, f.value, total, tuple(parts), over))
    return found


def _name(f: Reported, tally: Tally, block_names: Mapping[int, str]) -> str | None:
    if f.target is Target.BLOCK:
        return block_names.get(f.target_id)
    node = tally.node(f.target_id)
    return node.name if node is not None else None


def _counted(f: Reported, tally: Tally, block_names: Mapping[int, str]) -> int | None:
    if f.target is Target.BLOCK:
        group = next((g for g in tally.blocks if g.name == block_names.get(f.target_id)), None)
        return getattr(group.total, f.measure.counted_as) if group else 0
    return getattr(tally.nodes[f.target_id].total, f.measure.counted_as)


def _parts(f: Reported, tally: Tally, block_names: Mapping[int, str],
           block_ids: Mapping[str, int], index: Mapping) -> tuple[str, list[tuple[str, int]]]:
    """What the parts are and their reported figures; no figures when the total has no parts
    or one lacks a figure."""
    def unit_parts(nodes: list[Node]) -> list[tuple[str, int]]:
        key = (f.round_no, Target.UNIT)
        values = [(n.name, index.get((*key, n.unit_id, f.measure))) for n in nodes
                  if not n.synthetic]
        return values if values and all(v is not None for _, v in values) else []

    if f.target is Target.BLOCK:
        group = next((g for g in tally.blocks if g.name == block_names.get(f.target_id)), None)
        return "các đơn vị của khối", unit_parts(group.units) if group else []
    node = tally.nodes[f.target_id]
    if node is tally.root:
        blocks = [(g.name, index.get((f.round_no, Target.BLOCK, block_ids.get(g.name),
                                      f.measure))) for g in tally.blocks]
        if any(v is not None for _, v in blocks):
            return "các khối", blocks if all(v is not None for _, v in blocks) else []
    return "các đơn vị trực thuộc", unit_parts(node.children)

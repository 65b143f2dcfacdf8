"""Tally workbooks in the official layout: figures by unit with a subtotal per block and a
grand total, the collective prize list, and the reconciliation list. Plain lines in; the
caller sums nothing here, so the file shows exactly the figures the dashboard shows."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from os import PathLike
from typing import BinaryIO, Protocol

from exports.official import (
    Column,
    Document,
    Group,
    Heading,
    Kind,
    Letterhead,
    Total,
    write_document,
)

Target = str | PathLike | BinaryIO


@dataclass(frozen=True)
class Figures:
    """A unit's, a block's or the total's figures as shown: rates in percent (None: no
    members to divide by), averages as numbers (None: no results)."""

    headcount: int
    registered: int
    participants: int
    rate: float | None
    attempts: int
    average: float | None
    full_marks: int
    winners: int

    def values(self) -> tuple:
        return (self.headcount, self.registered, self.participants, self.rate, self.attempts,
                self.average, self.full_marks, self.winners)


class Valued(Protocol):
    def values(self) -> tuple: ...


@dataclass(frozen=True)
class BlockLines:
    """A block's units with their figures (anything whose `values()` fill the columns after
    STT and the unit's name) and the block's subtotal."""

    name: str
    units: list[tuple[str, Valued]]
    total: Valued


PERCENT = Column("Tỷ lệ tham gia (%)", 11, Kind.DECIMAL, number_format="0.00")
TALLY_COLUMNS = (
    Column("STT", 6, Kind.INTEGER), Column("Đơn vị", 34),
    Column("Số thành viên", 11, Kind.INTEGER), Column("Thí sinh đăng ký", 11, Kind.INTEGER),
    Column("Người tham gia", 11, Kind.INTEGER), PERCENT, Column("Lượt thi", 11, Kind.INTEGER),
    Column("Điểm trung bình", 10, Kind.DECIMAL), Column("Bài đạt điểm tối đa", 11, Kind.INTEGER),
    Column("Người đoạt giải", 10, Kind.INTEGER),
)


def write_tally(target: Target, letterhead: Letterhead, heading: Heading,
                blocks: Iterable[BlockLines], total: Figures) -> int:
    """Units under a heading row per block, numbered on across blocks, each block closed by
    its subtotal, then the grand total. Returns the rows written."""
    return write_document(target, Document(letterhead, heading, TALLY_COLUMNS),
                          block_rows(blocks, total))


def block_rows(blocks: Iterable[BlockLines], total: Valued) -> Iterator:
    """Each block's heading row, its units numbered on across blocks, its subtotal; then the
    grand total. A block without a name (a subtree's units, not grouped) has neither heading
    nor subtotal."""
    number = 0
    for block in blocks:
        if block.name:
            yield Group(block.name)
        for name, figures in block.units:
            number += 1
            yield (number, name, *figures.values())
        if block.name:
            yield Total(f"Cộng {block.name}", block.total.values(), span=2)
    yield Total("TỔNG CỘNG", total.values(), span=2)


@dataclass(frozen=True)
class CollectiveLine:
    block: str
    rank: int | None
    unit: str
    participants: int
    rate: float | None  # percent
    points: int
    composite: float | None
    prize: str
    note: str  # why it did not qualify, or "Đồng hạng"


COLLECTIVE_COLUMNS = (
    Column("Hạng", 7, Kind.INTEGER), Column("Đơn vị", 34),
    Column("Người tham gia", 11, Kind.INTEGER), PERCENT,
    Column("Điểm giải cá nhân", 10, Kind.INTEGER),
    Column("Điểm tổng hợp", 10, Kind.DECIMAL), Column("Giải", 16, align="center"),
    Column("Ghi chú", 26),
)


def write_collective(target: Target, letterhead: Letterhead, heading: Heading,
                     lines: Iterable[CollectiveLine]) -> int:
    """Each block's units in ranking order under the block's heading row."""
    return write_document(target, Document(letterhead, heading, COLLECTIVE_COLUMNS),
                          _collective_rows(lines))


def _collective_rows(lines: Iterable[CollectiveLine]) -> Iterator:
    block = None
    for line in lines:
        if line.block != block:
            block = line.block
            yield Group(block)
        yield (line.rank, line.unit, line.participants, line.rate, line.points, line.composite,
               line.prize, line.note)


@dataclass(frozen=True)
class GapLine:
    period: str
    place: str
    measure: str
    reported: int
    against: int
    against_what: str  # "Nền tảng đếm" or "Cộng các phần"


GAP_COLUMNS = (
    Column("STT", 6, Kind.INTEGER), Column("Kỳ", 14), Column("Đơn vị, khối", 30),
    Column("Số liệu", 26), Column("Báo cáo", 11, Kind.INTEGER),
    Column("Đối chiếu", 11, Kind.INTEGER), Column("Chênh lệch", 11, Kind.INTEGER),
    Column("Đối chiếu với", 16),
)


def write_gaps(target: Target, letterhead: Letterhead, heading: Heading,
               lines: Iterable[GapLine]) -> int:
    rows = ((n, g.period, g.place, g.measure, g.reported, g.against, g.reported - g.against,
             g.against_what) for n, g in enumerate(lines, start=1))
    return write_document(target, Document(letterhead, heading, GAP_COLUMNS), rows)

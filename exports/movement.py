"""The yearly report of the "Dân vận khéo" movement in the official layout: entries per unit by
type, by field and by the level of recognition reached, with a subtotal per block and the
total. Plain lines in; the caller sums nothing here, so the file shows exactly the figures
the statistics page shows."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from os import PathLike
from typing import BinaryIO

from exports.official import Column, Document, Heading, Kind, Letterhead, write_document
from exports.tallies import BlockLines, block_rows

Target = str | PathLike | BinaryIO
COUNT = 10
KINDS = ("Mô hình", "Giải pháp", "Điển hình tập thể", "Điển hình cá nhân")
LEVELS = ("Đăng ký", "Công nhận cấp đơn vị", "Công nhận cấp thành phố", "Tiêu biểu")
BY_KIND, BY_FIELD, BY_LEVEL = "Theo loại", "Theo lĩnh vực", "Theo cấp công nhận"


@dataclass(frozen=True)
class EntryFigures:
    """A unit's, a block's or the total's entries, each tuple in the order of its headers."""

    kinds: tuple[int, ...]  # as KINDS
    fields: tuple[int, ...]  # as the fields given to `write_report`
    levels: tuple[int, ...]  # as LEVELS
    total: int

    def values(self) -> tuple:
        return (*self.kinds, *self.fields, *self.levels, self.total)


def report_columns(fields: Sequence[str]) -> tuple[Column, ...]:
    """STT, the unit, a group of columns per way of counting (headers over two rows), the
    total."""
    return (Column("STT", 6, Kind.INTEGER), Column("Đơn vị", 30),
            *(Column(k, COUNT, Kind.INTEGER, group=BY_KIND) for k in KINDS),
            *(Column(f, COUNT + 2, Kind.INTEGER, group=BY_FIELD) for f in fields),
            *(Column(lv, COUNT + 1, Kind.INTEGER, group=BY_LEVEL) for lv in LEVELS),
            Column("Tổng", 9, Kind.INTEGER))


def write_report(target: Target, letterhead: Letterhead, heading: Heading,
                 fields: Sequence[str], blocks: Iterable[BlockLines],
                 total: EntryFigures) -> int:
    """Units under a heading row per block, numbered on across blocks, each block closed by
    its subtotal, then the total. Returns the rows written (a line whose figures do not
    fit the columns is a ValueError)."""
    return write_document(target, Document(letterhead, heading, report_columns(fields)),
                          block_rows(blocks, total))

"""Writing competition workbooks in the official layout: essays per unit with block subtotals
and the grand total; the city round's scores, by blind code only until the identities are
joined back ("ráp phách"); the prize list of individuals and of collectives. Plain lines in;
the caller sums nothing here and decides what may be shown."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from os import PathLike
from typing import BinaryIO

from exports.official import (
    Column,
    Document,
    Group,
    Heading,
    Kind,
    Letterhead,
    write_document,
    write_documents,
)
from exports.results import BLOCK, NAME, PRIZE, SCORE, STT, UNIT
from exports.tallies import BlockLines, block_rows

Target = str | PathLike | BinaryIO
COUNT = 10


@dataclass(frozen=True)
class EssayFigures:
    """A unit's, a block's or the city's essays as the sheet shows them."""

    received: int
    docx: int
    pdf: int
    odt: int
    online: int
    withdrawn: int
    forwarded: int  # into the city level, in signed batches
    quota: int | None  # None: no limit
    winners: int

    def values(self) -> tuple:
        return (self.received, self.docx, self.pdf, self.odt, self.online, self.withdrawn,
                self.forwarded, self.quota, self.winners)


ESSAY_COLUMNS = (
    STT, Column("Đơn vị", 34), Column("Số bài nhận", COUNT, Kind.INTEGER),
    Column(".docx", COUNT, Kind.INTEGER), Column(".pdf", COUNT, Kind.INTEGER),
    Column(".odt", COUNT, Kind.INTEGER), Column("Gõ trực tuyến", COUNT, Kind.INTEGER),
    Column("Rút", 8, Kind.INTEGER), Column("Chuyển lên cấp TP", COUNT, Kind.INTEGER),
    Column("Chỉ tiêu", COUNT, Kind.INTEGER), Column("Đạt giải", COUNT, Kind.INTEGER),
)


def write_essays(target: Target, letterhead: Letterhead, heading: Heading,
                 blocks: Iterable[BlockLines], total: EssayFigures) -> int:
    """Units under a heading row per block, each block closed by its subtotal, then the
    grand total. Returns the rows written."""
    return write_document(target, Document(letterhead, heading, ESSAY_COLUMNS),
                          block_rows(blocks, total))


@dataclass(frozen=True)
class Identity:
    """Who wrote an essay: only ever given once the level's identities are joined back."""

    name: str
    birth_year: int
    unit: str
    block: str


@dataclass(frozen=True)
class ScoreLine:
    code: str  # mã phách
    judges: tuple[float | None, ...]  # the first, second and third judge's totals
    final: float | None
    rank: int | None
    prize: str
    identity: Identity | None = None


CODE = Column("Mã phách", 12, Kind.CODE, align="center")
SCORE_COLUMNS = (
    CODE, Column("Điểm GK1", 9, Kind.DECIMAL, number_format="General"),
    Column("Điểm GK2", 9, Kind.DECIMAL, number_format="General"),
    Column("Điểm GK3", 9, Kind.DECIMAL, number_format="General"),
    Column("Điểm cuối", 9, Kind.DECIMAL), Column("Xếp hạng", 8, Kind.INTEGER), PRIZE,
)
IDENTITY_COLUMNS = (NAME, Column("Năm sinh", 8, Kind.INTEGER), UNIT, BLOCK)


def write_scores(target: Target, letterhead: Letterhead, heading: Heading,
                 lines: Iterable[ScoreLine], *, revealed: bool) -> int:
    """The level's scores in the order given (by rank). Before ráp phách (`revealed`
    False) by code only, and a line that carries an identity is refused rather than
    written; after it, each code with its author's name, birth year, unit and block."""
    columns = (CODE, *IDENTITY_COLUMNS, *SCORE_COLUMNS[1:]) if revealed else SCORE_COLUMNS
    return write_document(target, Document(letterhead, heading, columns),
                          _score_rows(lines, revealed))


def _score_rows(lines: Iterable[ScoreLine], revealed: bool) -> Iterator[tuple]:
    for line in lines:
        judges = (*line.judges, None, None, None)[:3]
        scores = (*judges, line.final, line.rank, line.prize)
        if not revealed:
            if line.identity is not None:
                raise ValueError(f"Mã phách {line.code}: chưa ráp phách, không được ghi tên "
                                 "tác giả.")
            yield (line.code, *scores)
            continue
        who = line.identity or Identity("", None, "", "")
        yield (line.code, who.name, who.birth_year, who.unit, who.block, *scores)


@dataclass(frozen=True)
class WinnerLine:
    tier: str
    block: str
    name: str
    birth_year: int
    gender: str
    position: str  # chức vụ
    unit: str
    title: str
    score: float | None


@dataclass(frozen=True)
class CollectiveLine:
    unit: str
    block: str
    achievement: str
    prize: str


INDIVIDUAL_COLUMNS = (
    STT, NAME, Column("Năm sinh", 8, Kind.INTEGER), Column("Giới tính", 8, align="center"),
    Column("Chức vụ", 18), UNIT, Column("Tên bài viết", 34), SCORE, PRIZE,
)
COLLECTIVE_COLUMNS = (STT, Column("Tên đơn vị", 34), BLOCK, Column("Thành tích", 40), PRIZE)


def write_prizes(target: Target, letterhead: Letterhead, individuals: Heading,
                 winners: Iterable[WinnerLine], collectives: Heading | None = None,
                 units: Iterable[CollectiveLine] = ()) -> int:
    """The individual prize winners under a heading row per tier (highest first, as given)
    and within it per block, numbered on; then, when `collectives` is given, a second sheet
    of the units given collective prizes. Returns the rows written."""
    parts = [(Document(letterhead, individuals, INDIVIDUAL_COLUMNS), _by_tier(winners))]
    if collectives is not None:
        parts.append((Document(letterhead, collectives, COLLECTIVE_COLUMNS),
                      ((n, u.unit, u.block, u.achievement, u.prize)
                       for n, u in enumerate(units, start=1))))
    return write_documents(target, parts)


def _by_tier(winners: Iterable[WinnerLine]) -> Iterator:
    place = None
    for number, w in enumerate(winners, start=1):
        if place is None or w.tier != place[0]:
            yield Group(w.tier)
        if place != (w.tier, w.block):
            place = (w.tier, w.block)
            if w.block:
                yield Group(w.block)
        yield (number, w.name, w.birth_year, w.gender, w.position, w.unit, w.title, w.score,
               w.tier)

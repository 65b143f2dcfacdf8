"""Result workbooks in the official layout: a round's or a contest's results, the prize list,
and every attempt for audit. Plain lines in; the caller gives the titles, converts times to
Vietnam's local time and masks personal data where the reader may not see it."""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from os import PathLike
from typing import BinaryIO

from exports.official import Column, Document, Group, Heading, Kind, Letterhead, write_document

Number = int | float | Decimal
Target = str | PathLike | BinaryIO
Progress = Callable[[int], object] | None


@dataclass(frozen=True)
class ResultLine:
    """A contestant's counted result in a round or a contest."""

    rank: int | None  # None: not ranked (no counted attempt)
    name: str
    unit: str
    block: str
    score: Number | None
    duration_ms: int | None
    prediction: Number | None
    prize: str = ""  # "Giải Nhất", "Giải Khuyến khích", or ""
    group: str = ""  # the contestant group ("bảng") where prizes are given per group
    phone: str | None = None  # as the reader may see it: masked by the caller, or not
    birth_date: dt.date | str | None = None  # a date, or masked text such as "**/**/1990"
    id_number: str | None = None  # the CCCD, masked by the caller or not


@dataclass(frozen=True)
class AttemptLine:
    """One attempt, counted or not, as the audit sees it."""

    name: str
    unit: str
    number: int  # the contestant's first, second... attempt in the round
    state: str  # as shown to people: "Đã nộp", "Hết giờ", "Đang làm"
    started_at: dt.datetime  # local time (Asia/Ho_Chi_Minh), naive
    submitted_at: dt.datetime | None
    duration_ms: int | None
    score: Number | None
    prediction: Number | None
    counted: bool


STT = Column("STT", 6, Kind.INTEGER)
NAME = Column("Họ và tên", 26)
UNIT = Column("Đơn vị", 28)
BLOCK = Column("Khối", 18)
GROUP = Column("Bảng", 10, align="center")
SCORE = Column("Điểm", 9, Kind.DECIMAL, number_format="General")
DURATION = Column("Thời gian làm bài", 12, Kind.DURATION)
PREDICTION = Column("Dự đoán", 11, Kind.DECIMAL, number_format="General")
PRIZE = Column("Giải", 16, align="center")
PHONE = Column("Số điện thoại", 14, Kind.CODE)
BIRTH_DATE = Column("Ngày sinh", 13, Kind.DATE)
ID_NUMBER = Column("Số CCCD", 15, Kind.CODE)
ATTEMPT_COLUMNS = (
    STT, NAME, UNIT, Column("Lượt", 7, Kind.INTEGER), Column("Trạng thái", 14),
    Column("Bắt đầu", 20, Kind.DATETIME), Column("Nộp bài", 20, Kind.DATETIME), DURATION,
    SCORE, PREDICTION, Column("Được tính", 10, align="center"),
)
_ATTEMPT_VALUES = attrgetter("name", "unit", "number", "state", "started_at", "submitted_at",
                             "duration_ms", "score", "prediction")


def _table(*, groups: bool, personal: bool, prize: bool) -> tuple[tuple[Column, ...], Callable]:
    """The columns of a result list, and what gives a line's values after STT."""
    fields = [(NAME, "name"), (UNIT, "unit"), (BLOCK, "block")]
    fields += [(GROUP, "group")] if groups else []
    fields += [(SCORE, "score"), (DURATION, "duration_ms"), (PREDICTION, "prediction")]
    fields += [(PRIZE, "prize")] if prize else []
    fields += [(PHONE, "phone"), (BIRTH_DATE, "birth_date"),
               (ID_NUMBER, "id_number")] if personal else []
    columns, names = zip(*fields, strict=True)
    return (STT, *columns), attrgetter(*names)


def result_columns(*, groups: bool = False, personal: bool = False,
                   prize: bool = True) -> tuple[Column, ...]:
    """The columns of a result list: STT, name, unit, block, [group,] score, time, prediction,
    [prize,] [phone, birth date, CCCD]."""
    return _table(groups=groups, personal=personal, prize=prize)[0]


def write_results(target: Target, letterhead: Letterhead, heading: Heading,
                  lines: Iterable[ResultLine], *, groups: bool = False, personal: bool = False,
                  progress: Progress = None) -> int:
    """A round's or a contest's results in rank order, STT holding the rank; with the group
    ("Bảng") and personal columns when asked. Returns the rows written."""
    columns, values = _table(groups=groups, personal=personal, prize=True)
    rows = ((line.rank, *values(line)) for line in lines)
    return write_document(target, Document(letterhead, heading, columns), rows,
                          progress=progress)


def write_prize_list(target: Target, letterhead: Letterhead, heading: Heading,
                     winners: Iterable[ResultLine], *, groups: bool = False,
                     personal: bool = False, progress: Progress = None) -> int:
    """The prize winners under a heading row per prize, in the order given (highest prize
    first), numbered on across the prizes. Returns the rows written, headings included."""
    columns, values = _table(groups=groups, personal=personal, prize=False)
    return write_document(target, Document(letterhead, heading, columns),
                          _by_prize(winners, values), progress=progress)


def _by_prize(winners: Iterable[ResultLine], values: Callable) -> Iterator:
    prize = None
    for number, winner in enumerate(winners, start=1):
        if winner.prize != prize:
            prize = winner.prize
            if prize:
                yield Group(prize)
        yield (number, *values(winner))


def write_attempts(target: Target, letterhead: Letterhead, heading: Heading,
                   attempts: Iterable[AttemptLine], *, progress: Progress = None) -> int:
    """Every attempt, for audit: who, which attempt, its state and times, its score and
    prediction, and whether it is the one that counts. Returns the rows written."""
    document = Document(letterhead, heading, ATTEMPT_COLUMNS)
    rows = ((number, *_ATTEMPT_VALUES(attempt), "Có" if attempt.counted else "Không")
            for number, attempt in enumerate(attempts, start=1))
    return write_document(target, document, rows, progress=progress)

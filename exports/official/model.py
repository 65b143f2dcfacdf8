"""What an official list is made of, as plain data: who issues it, its titles, its tables (one,
or several sections each under its own title line), and the marker rows (a group heading, a
total) that may stand between their value rows."""

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


class Kind(StrEnum):
    """How a column's values are stored and shown."""

    TEXT = "text"  # wrapped text, left
    CODE = "code"  # always text, even all digits: phone, CCCD, codes (keeps leading zeros)
    INTEGER = "integer"
    DECIMAL = "decimal"  # two decimals unless the column says otherwise
    DATE = "date"  # dd/mm/yyyy
    DATETIME = "datetime"  # dd/mm/yyyy hh:mm:ss, local naive time as the caller gives it
    DURATION = "duration"  # milliseconds in; stored in days, shown as minutes:seconds.tenths


Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 15
    kind: Kind = Kind.TEXT
    # Adjacent columns with the same group share a header cell above their own: a two-row
    # header ("Năm sinh" over "Nam" and "Nữ").
    group: str = ""
    align: Align | None = None  # by kind when None
    number_format: str | None = None  # by kind when None


@dataclass(frozen=True)
class Letterhead:
    """The organiser's settings: who issues the document and who signs it."""

    governing_body: str  # "Đảng bộ Thành phố Hồ Chí Minh", written in capitals
    issuing_body: str  # "Ban Dân vận Thành ủy", bold capitals
    heading: Literal["party", "state"] = "party"
    place: str = "TP. Hồ Chí Minh"
    signer_titles: tuple[str, ...] = ()  # ("T/M BAN THƯỜNG VỤ", "TRƯỞNG BAN")
    signer_name: str = ""
    recipients: tuple[str, ...] = ()  # each written after "- " under "Nơi nhận:"


@dataclass(frozen=True)
class Heading:
    """What the document says of itself above the table, and when and where it is issued."""

    title: str  # bold capitals
    subtitle: str = ""  # a second bold title line, as written
    decision_line: str = ""  # "(Kèm theo Quyết định số ... ngày ...)", italic, as written
    date: dt.date | None = None  # of the place-and-date line; None leaves it to be filled by hand
    number_line: str = ""  # "Số 127-QĐ/BDVTU"
    sheet_title: str = "Danh sách"


@dataclass(frozen=True)
class Section:
    """One table of a document, under a bold title line of its own ("I. TẬP THỂ (03 tập
    thể)"; none when empty)."""

    title: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Document:
    """A document with one table (`columns`) or with several (`sections`), one after another
    on the same sheet. A one-table document is the one-section case: `sections` is then
    filled with it, untitled."""

    letterhead: Letterhead
    heading: Heading
    columns: tuple[Column, ...] = ()
    sections: tuple[Section, ...] = ()

    def __post_init__(self):
        if bool(self.columns) == bool(self.sections):
            raise ValueError("Văn bản có một bảng (columns) hoặc nhiều phần (sections), "
                             "không cả hai, không thiếu cả hai.")
        if self.columns:
            object.__setattr__(self, "sections", (Section("", self.columns),))


@dataclass(frozen=True)
class Group:
    """A bold italic heading row across the table: a unit, a block, a prize tier."""

    label: str


@dataclass(frozen=True)
class Total:
    """A bold row: `label` across the first `span` columns, then `values` for the others
    (missing ones left empty). A subtotal per block and a grand total are both a Total."""

    label: str
    values: tuple = field(default=())
    span: int = 1


Row = tuple | list | Group | Total

HEADINGS = {
    "party": ("ĐẢNG CỘNG SẢN VIỆT NAM", ""),
    "state": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
}


def date_line(place: str, day: dt.date | None) -> str:
    """"TP. Hồ Chí Minh, ngày 06 tháng 12 năm 2026": days below 10 and the months January and
    February take a leading zero, as the rules for official documents say."""
    if day is None:
        return f"{place}, ngày ... tháng ... năm ..."
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"

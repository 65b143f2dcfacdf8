"""Commendation lists in the official layout: the list attached to a decision ("Danh sách tập
thể, cá nhân được khen thưởng") and a unit's proposal list ("Danh sách đề nghị khen
thưởng"). Both have section I. TẬP THỂ and section II. CÁ NHÂN, rows under a heading row per
unit in the order given, numbered on across units and anew in section II. Plain lines in."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from os import PathLike
from typing import BinaryIO

from exports.official import (
    Column,
    Document,
    Group,
    Heading,
    Kind,
    Letterhead,
    Section,
    write_document,
)

Target = str | PathLike | BinaryIO
LIST_TITLE = "Danh sách tập thể, cá nhân được khen thưởng"
PROPOSAL_TITLE = "Danh sách đề nghị khen thưởng"


@dataclass(frozen=True)
class CollectiveLine:
    group: str  # the unit it is listed under, as the heading row reads
    name: str
    unit: str
    achievement: str
    award: str
    note: str = ""


@dataclass(frozen=True)
class IndividualLine:
    group: str
    name: str
    birth_year: int | None
    gender: str | None  # "nam", "nu", or None when not known
    position: str
    unit: str
    achievement: str
    award: str
    note: str = ""


# Both tables are as wide as each other, so that their edges fall on shared sheet columns:
# "Tên tập thể" over "Họ và tên" and "Năm sinh", "Đơn vị" over "Chức vụ" and "Đơn vị".
STT = Column("STT", 6, Kind.INTEGER)
ACHIEVEMENT, AWARD, NOTE = Column("Thành tích", 40), Column("Hình thức khen thưởng", 18), \
    Column("Ghi chú", 10)
COLLECTIVE_COLUMNS = (STT, Column("Tên tập thể", 38), Column("Đơn vị", 42), ACHIEVEMENT, AWARD,
                      NOTE)
# The list's "Năm sinh, Giới tính" as the official layout carries both: the year of birth in
# the Nam or the Nữ column under "Năm sinh".
INDIVIDUAL_COLUMNS = (
    STT, Column("Họ và tên", 24), Column("Nam", 7, Kind.INTEGER, group="Năm sinh"),
    Column("Nữ", 7, Kind.INTEGER, group="Năm sinh"), Column("Chức vụ", 20),
    Column("Đơn vị", 22), ACHIEVEMENT, AWARD, NOTE,
)


def write_commendation_list(target: Target, letterhead: Letterhead, *, subject: str,
                            number: str, signed_date: date, issuing_body: str,
                            collectives: Iterable[CollectiveLine], collective_count: int,
                            individuals: Iterable[IndividualLine], individual_count: int) -> int:
    """The list attached to decision `number` of `signed_date` by `issuing_body`, `subject`
    its second title line. The counts head the sections. Returns the rows written."""
    by = f" của {issuing_body}" if issuing_body else ""
    heading = Heading(title=LIST_TITLE, subtitle=subject, date=signed_date,
                      decision_line=f"(Kèm theo Quyết định số {number} ngày "
                                    f"{signed_date:%d/%m/%Y}{by})",
                      sheet_title="Danh sách khen thưởng")
    return _write(target, letterhead, heading, collectives, collective_count, individuals,
                  individual_count)


def write_proposal_list(target: Target, letterhead: Letterhead, *, subject: str, proposer: str,
                        collectives: Iterable[CollectiveLine], collective_count: int,
                        individuals: Iterable[IndividualLine], individual_count: int) -> int:
    """A proposal list of `proposer` (the unit, or the organiser), `subject` its second title
    line; the submission ("Tờ trình") is numbered and dated by hand. Returns the rows
    written."""
    heading = Heading(title=PROPOSAL_TITLE, subtitle=subject,
                      decision_line=f"(Kèm theo Tờ trình số ... ngày ... của {proposer})",
                      sheet_title="Danh sách đề nghị")
    return _write(target, letterhead, heading, collectives, collective_count, individuals,
                  individual_count)


def section_title(numeral: str, label: str, count: int, noun: str) -> str:
    """"I. TẬP THỂ (03 tập thể)": counts below ten with a leading zero, thousands with dots."""
    figure = f"{count:02d}" if count < 10 else f"{count:,}".replace(",", ".")
    return f"{numeral}. {label} ({figure} {noun})"


def _write(target: Target, letterhead: Letterhead, heading: Heading,
           collectives: Iterable[CollectiveLine], collective_count: int,
           individuals: Iterable[IndividualLine], individual_count: int) -> int:
    document = Document(letterhead, heading, sections=(
        Section(section_title("I", "TẬP THỂ", collective_count, "tập thể"), COLLECTIVE_COLUMNS),
        Section(section_title("II", "CÁ NHÂN", individual_count, "cá nhân"),
                INDIVIDUAL_COLUMNS)))
    return write_document(target, document, [_collective_rows(collectives),
                                             _individual_rows(individuals)])


def _collective_rows(lines: Iterable[CollectiveLine]) -> Iterator:
    group = None
    for number, line in enumerate(lines, start=1):
        if line.group != group:
            group = line.group
            yield Group(group)
        yield (number, line.name, line.unit, line.achievement, line.award, line.note)


def _individual_rows(lines: Iterable[IndividualLine]) -> Iterator:
    group = None
    for number, line in enumerate(lines, start=1):
        if line.group != group:
            group = line.group
            yield Group(group)
        male = line.birth_year if line.gender == "nam" else None
        female = line.birth_year if line.gender == "nu" else None
        note = line.note
        if line.birth_year is not None and line.gender not in ("nam", "nu"):
            note = "; ".join(filter(None, (note, f"Năm sinh {line.birth_year}, chưa rõ giới "
                                                 "tính")))
        yield (number, line.name, male, female, line.position, line.unit, line.achievement,
               line.award, note)

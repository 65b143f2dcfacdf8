"""What a file says of itself: its name, and the titles above its table."""

import re
from datetime import date

from backend.contests.models import Contest, Round
from backend.downloads.models import ExportKind
from backend.results.models import ResultBoard, ResultState
from backend.results.tiebreaks import described
from backend.units.models import Unit
from backend.vntext import fold
from exports.official import Heading

NAME_PREFIX = {ExportKind.RESULTS: "ket-qua", ExportKind.PRIZES: "danh-sach-doat-giai",
               ExportKind.ATTEMPTS: "luot-thi"}
TITLES = {ExportKind.RESULTS: "Kết quả cuộc thi {}",
          ExportKind.PRIZES: "Danh sách thí sinh đoạt giải cuộc thi {}",
          ExportKind.ATTEMPTS: "Danh sách các lượt thi cuộc thi {}"}
SHEETS = {ExportKind.RESULTS: "Kết quả", ExportKind.PRIZES: "Đoạt giải",
          ExportKind.ATTEMPTS: "Lượt thi"}
STANDING = {ResultState.FINALISED: "Kết quả tạm thời, chưa công bố",
            ResultState.PROVISIONAL: "Kết quả tạm thời, đang trong thời hạn khiếu nại",
            ResultState.OFFICIAL: "Kết quả chính thức"}
OVERALL = "Chung cuộc"
ATTEMPTS_NOTE = ("(Mọi lượt thi của vòng, để kiểm tra; lượt dùng để xếp hạng ghi «Có» ở cột "
                 "«Được tính»)")


def slug(text: str) -> str:
    """"Tuần 1" -> "tuan-1": what a file name keeps of a name, in any system."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60]


def file_name(*, kind: ExportKind, round_: Round | None, scope: Unit | None,
              masked: bool) -> str:
    """"ket-qua-tuan-1.xlsx"; a unit's file ends with its code, a file with personal data
    in full with "day-du"."""
    parts = [NAME_PREFIX[kind], (slug(round_.name) or f"vong-{round_.number}") if round_
             else "chung-cuoc"]
    if scope is not None:
        parts.append(slug(scope.code) or f"don-vi-{scope.id}")
    if not masked and kind is not ExportKind.ATTEMPTS:
        parts.append("day-du")
    return "-".join(parts) + ".xlsx"


def heading(*, kind: ExportKind, contest: Contest, round_: Round | None, board: ResultBoard,
            state: ResultState, scope: Unit | None, day: date) -> Heading:
    """The titles: the contest, the round and where its results stand (`state`), the unit a
    unit officer's file is limited to; under them how ties are broken (or, for the audit
    list, what it holds)."""
    where = round_.name if round_ else OVERALL
    subtitle = " – ".join(part for part in (
        where, STANDING.get(state, ""), scope.name if scope else "") if part)
    chain = described(board.tie_breaks)
    note = ATTEMPTS_NOTE if kind is ExportKind.ATTEMPTS else (f"({chain})" if chain else "")
    return Heading(title=TITLES[kind].format(contest.title), subtitle=subtitle,
                   decision_line=note, date=day, sheet_title=f"{SHEETS[kind]} {where}")

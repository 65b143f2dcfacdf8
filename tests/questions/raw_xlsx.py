"""Workbooks written as raw XML with zipfile: large and hostile files in a fraction of a second
(openpyxl would take minutes to write a million rows). Also used by the benchmarks."""

import io
import os
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
QUESTION_HEADERS = ["STT", "Câu hỏi", "Phương án A", "Phương án B", "Phương án C",
                    "Phương án D", "Đáp án", "Chủ đề", "Mức độ"]


def column(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def row(number: int, values: Iterable[str | int]) -> str:
    """A <row>: text as inline strings, whole numbers as numbers."""
    cells = []
    for index, value in enumerate(values):
        ref = f"{column(index)}{number}"
        if isinstance(value, int):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        elif value:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def shared_row(number: int, indexes: Iterable[int]) -> str:
    """A <row> whose cells point into the shared-strings table."""
    cells = "".join(f'<c r="{column(i)}{number}" t="s"><v>{s}</v></c>'
                    for i, s in enumerate(indexes))
    return f'<row r="{number}">{cells}</row>'


def workbook(rows: Iterable[str], *, strings: Iterable[str] = (), dimension: str | None = None,
             padding: int = 0, sheet: str = "Câu hỏi",
             more: Iterable[tuple[str, str | None, Iterable[str]]] = ()) -> bytes:
    """An .xlsx whose first sheet holds `rows` (<row> elements) and whose shared-strings table
    holds `strings`; `more` sheets as (title, declared size, rows) follow it. `padding` bytes of
    random data make the file compress like a real one."""
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    sheets = [(sheet, dimension, rows), *more]
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Default Extension="bin" ContentType="application/octet-stream"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPE}.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                      f'ContentType="{TYPE}.worksheet+xml"/>' for n in range(1, len(sheets) + 1))
            + f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPE}.sharedStrings'
            '+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOC}">'
            '<sheets>' + "".join(f'<sheet name="{escape(title)}" sheetId="{n}" r:id="rId{n}"/>'
                                 for n, (title, _, _) in enumerate(sheets, start=1))
            + '</sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
            + "".join(f'<Relationship Id="rId{n}" Type="{DOC}/worksheet" '
                      f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, len(sheets) + 1))
            + f'<Relationship Id="rId0" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>'),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{shared}</sst>'),
    }
    for n, (_, declared, lines) in enumerate(sheets, start=1):
        size = f'<dimension ref="{declared}"/>' if declared else ""
        members[f"xl/worksheets/sheet{n}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{size}'
            f'<sheetData>{"".join(lines)}</sheetData></worksheet>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
        if padding:
            archive.writestr("xl/media/padding.bin", os.urandom(padding), zipfile.ZIP_STORED)
    return buffer.getvalue()


def questions_workbook(count: int, *, answer: str = "A", first: int = 1) -> bytes:
    """`count` distinct four-option questions under the usual headers, as inline strings."""
    lines = [row(1, QUESTION_HEADERS)]
    lines += [row(n + 1, [n, f"Câu hỏi số {n} về công tác dân vận ở cơ sở?",
                          f"Phương án A của câu {n}", f"Phương án B của câu {n}",
                          f"Phương án C của câu {n}", f"Phương án D của câu {n}", answer,
                          "Dân vận", "Dễ"])
              for n in range(first, first + count)]
    return workbook(lines)


def many_rows_workbook(count: int, *, padding: int = 0) -> bytes:
    """The question headers, then `count` rows that all point to the same few strings."""
    strings = [*QUESTION_HEADERS, "Câu hỏi lặp lại", "Có", "Không", "A"]
    body = [shared_row(n, (9, 9, 10, 11, 10, 11, 12)) for n in range(2, count + 2)]
    return workbook([shared_row(1, range(len(QUESTION_HEADERS))), *body],
                    strings=strings, padding=padding)

"""Ways to give every body cell of a write-only openpyxl sheet its font, border and number
format, timed on the same rows: why exports/official/stream.py reuses ready cells.

- plain: values only, no style at all (wrong output; openpyxl's floor);
- new_cell: a new WriteOnlyCell per value, styled (openpyxl's documented way);
- reused_cell: one styled WriteOnlyCell per column, its value set each row, through
  `append` (which takes an exception path per styled cell and builds a new one after it);
- ready_cells: exports.official.stream, as the official layout writes its table;
- xlsxwriter: export_layout.py's reference, XlsxWriter in constant_memory mode.

Each way writes the table (header and body, no layout around it) in a child process of its own;
the rounds alternate between the ways, and the median wall and CPU time of each is printed
(CPU time is what other load on the machine disturbs least). The last line on stdout is one
JSON object.

    .venv/bin/python benchmarks/export_cells.py --rows 50000 --repeat 3
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from export_layout import table, xlsxwriter

WAYS = ("plain", "new_cell", "reused_cell", "ready_cells", "xlsxwriter")


def openpyxl_way(way: str, path: Path, count: int) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from exports.official import styles
    from exports.official.stream import Sheet, Slot
    from exports.results import result_columns

    columns = result_columns(groups=True, personal=True)
    looks = [styles.body_look(column) for column in columns]
    book = Workbook(write_only=True)
    if way == "ready_cells":
        sheet = Sheet(book, "Danh sách")
        binds = [Slot(sheet, index, column.width, look).bind
                 for index, (column, look) in enumerate(zip(columns, looks, strict=True), 1)]
        sheet.append([sheet.cell(index, column.header, styles.TABLE_HEADER)
                      for index, column in enumerate(columns, 1)])
        for row in table(count):
            sheet.append([bind(value) for bind, value in zip(binds, row, strict=True)])
        book.save(path)
        return
    sheet = book.create_sheet("Danh sách")

    def styled(value, look):
        cell = WriteOnlyCell(sheet, value)
        cell.font, cell.alignment, cell.border = look.font, look.alignment, look.border
        cell.number_format = look.number_format
        return cell

    sheet.append([styled(column.header, styles.TABLE_HEADER) for column in columns])
    if way == "plain":
        for row in table(count):
            sheet.append(row)
    elif way == "new_cell":
        for row in table(count):
            sheet.append([styled(value, look) for value, look in zip(row, looks, strict=True)])
    else:
        cells = [styled(None, look) for look in looks]
        for row in table(count):
            for cell, value in zip(cells, row, strict=True):
                cell.value = value
            sheet.append(cells)
    book.save(path)


def child(way: str, path: Path, count: int) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    if way == "xlsxwriter":
        xlsxwriter(path, count)
    else:
        openpyxl_way(way, path, count)
    print(json.dumps({"seconds": time.perf_counter() - start,
                      "cpu_s": time.process_time() - cpu}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=WAYS, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.out, options.rows)
        return
    runs = {way: [] for way in WAYS}
    with tempfile.TemporaryDirectory(prefix="export-cells-") as folder:
        for _ in range(options.repeat):
            for way in WAYS:
                path = Path(folder) / f"{way}.xlsx"
                done = subprocess.run([sys.executable, __file__, "--child", way, "--rows",
                                       str(options.rows), "--out", str(path)],
                                      capture_output=True, text=True, check=True)
                runs[way].append(json.loads(done.stdout))
                print(f"{way:>12}: {runs[way][-1]['seconds']:6.2f} s, CPU "
                      f"{runs[way][-1]['cpu_s']:6.2f} s", file=sys.stderr)
    print(json.dumps({"rows": options.rows} | {way: {
        "median_s": round(statistics.median(run["seconds"] for run in figures), 2),
        "median_cpu_s": round(statistics.median(run["cpu_s"] for run in figures), 2),
        "cpu_runs_s": [round(run["cpu_s"], 2) for run in figures],
    } for way, figures in runs.items()}))


if __name__ == "__main__":
    main()

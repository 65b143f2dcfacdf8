"""Writing N round results in the official layout, against XlsxWriter writing the same table.

Each writer runs in a child process of its own, so that its time and its memory high-water
mark (the child's peak resident set, ru_maxrss) are its own: the parent holds no rows. Both
children build the same N result lines from the same seed, lazily, and are timed from the
first line to the closed file (making the lines is inside both figures).

- export: exports.results.write_results, groups and personal columns on (11 columns), the
  whole official layout around the table;
- xlsxwriter: XlsxWriter in constant_memory mode, the same header and body cells with the
  same looks (Times New Roman 12, thin borders, wrapped, the same number formats), strings
  through write_string (never a formula), blanks through write_blank so borders stay.

The runs alternate (export, xlsxwriter, export, ...) so that other load on the machine falls
on both; each child also reports the CPU time it used, which other load disturbs less than
wall time. Each written file is checked: its rows counted and no formula in it. The last line
on stdout is one JSON object; progress goes to stderr.

    .venv/bin/python benchmarks/export_layout.py                    # 300,000 rows, 1 pair
    .venv/bin/python benchmarks/export_layout.py --rows 50000 --repeat 3
"""

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

SEED = 20261206
UNITS = ["Phường Bến Nghé", "Phường Võ Thị Sáu", "Xã Bình Hưng", "Thị trấn Củ Chi",
         "Đảng ủy Khối Dân - Chính - Đảng Thành phố", "Đảng ủy Khối Doanh nghiệp Thành phố",
         "Hội Liên hiệp Phụ nữ Thành phố", "Công ty Cổ phần Mẫu Gia Định", "Quận 1", "Quận 3"]
BLOCKS = ["Khối Quận, huyện", "Khối Đảng ủy cấp trên cơ sở", "Khối Mặt trận, đoàn thể"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hoàng", "Ngọc", "Minh", "Thanh", "Thị Thu", "Đức"]
GIVEN = ["An", "Bích", "Cường", "Châu", "Dũng", "Hà", "Khánh Linh", "Phúc", "Quỳnh Anh", "Tâm"]
PRIZES = ["Giải Nhất"] + ["Giải Nhì"] * 2 + ["Giải Ba"] * 3 + ["Giải Khuyến khích"] * 10


def lines(count: int):
    """`count` result lines in rank order, the same for every run, as tuples in the order of
    ResultLine's fields: rank, name, unit, block, score, duration_ms, prediction, prize,
    group, phone, birth_date (nine in ten phones and birth dates masked)."""
    rng = random.Random(SEED)
    for rank in range(1, count + 1):
        masked = rng.random() < 0.9
        yield (rank, f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
               rng.choice(UNITS), rng.choice(BLOCKS), round(10 - rank * 10 / count, 2),
               rng.randint(40_000, 1_200_000), rng.randint(0, 5_000),
               PRIZES[rank - 1] if rank <= len(PRIZES) else "", rng.choice(["Bảng A", "Bảng B"]),
               "09******78" if masked else f"09{rng.randint(0, 99_999_999):08d}",
               f"**/**/19{rng.randint(60, 99)}" if masked
               else date(1960 + rng.randint(0, 45), rng.randint(1, 12), rng.randint(1, 28)))


def table(count: int):
    """The same lines in the order of the columns, durations in days: the reference's rows."""
    for rank, name, unit, block, score, ms, prediction, prize, group, phone, born in lines(count):
        yield (rank, name, unit, block, group, score, ms / 86_400_000, prediction, prize, phone,
               born)


# Each child imports only what its writer needs, so that its memory is its writer's.
def export(path: Path, count: int) -> int:
    from exports.official import Heading, Letterhead
    from exports.results import ResultLine, write_results

    letterhead = Letterhead("Đảng bộ Thành phố Hồ Chí Minh", "Ban Dân vận Thành ủy",
                            signer_titles=("T/M Ban Thường vụ", "Trưởng ban"),
                            signer_name="Nguyễn Văn Minh", recipients=("Lưu Văn phòng.",))
    heading = Heading("Kết quả cuộc thi trắc nghiệm tìm hiểu lịch sử Đảng bộ Thành phố",
                      subtitle="Tuần thi thứ nhất", date=date(2026, 12, 6))
    results = (ResultLine(*values) for values in lines(count))
    return write_results(path, letterhead, heading, results, groups=True, personal=True)


def xlsxwriter(path: Path, count: int) -> int:
    from exports.results import result_columns

    return xlsxwriter_rows(path, result_columns(groups=True, personal=True), table(count))


def xlsxwriter_rows(path: Path, columns, rows) -> int:
    """Write `rows` under `columns` with XlsxWriter in constant_memory mode, with the same
    looks as the export: the reference other benchmarks use too."""
    import xlsxwriter as xw

    # The same columns and looks as the export (this loads openpyxl's style classes too).
    from exports.official.styles import body_look

    book = xw.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    base = {"font_name": "Times New Roman", "font_size": 12, "border": 1, "text_wrap": True,
            "valign": "vcenter"}
    header = book.add_format({**base, "bold": True, "align": "center"})
    looks = [book.add_format({**base, "align": body_look(column).alignment.horizontal,
                              "num_format": body_look(column).number_format})
             for column in columns]
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, column.header, header)
    row = 0
    for row, values in enumerate(rows, start=1):
        for index, value in enumerate(values):
            if value is None:
                sheet.write_blank(row, index, None, looks[index])
            elif isinstance(value, str):
                sheet.write_string(row, index, value, looks[index])
            elif isinstance(value, date):
                sheet.write_datetime(row, index, value, looks[index])
            else:
                sheet.write_number(row, index, value, looks[index])
    book.close()
    return row


WRITERS = {"export": export, "xlsxwriter": xlsxwriter}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(writer: str, path: Path, count: int) -> None:
    start_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, cpu = time.perf_counter(), cpu_seconds()
    written = WRITERS[writer](path, count)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": written, "seconds": seconds, "cpu_s": cpu, "peak_mb": peak,
                      "start_mb": start_mb}))


def checked(path: Path) -> dict:
    """Rows and formulas in the written sheet, read as a stream (not held in memory)."""
    rows = formulas = 0
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open("xl/worksheets/sheet1.xml") as xml:
        while chunk := xml.read(1 << 20):
            block = tail + chunk
            rows += block.count(b"<row ") - tail.count(b"<row ")
            formulas += block.count(b"<f>") - tail.count(b"<f>")
            tail = chunk[-8:]
    return {"sheet_rows": rows, "formulas": formulas, "file_mb": path.stat().st_size / 2**20}


def run(writer: str, count: int, folder: Path) -> dict:
    path = folder / f"{writer}.xlsx"
    done = subprocess.run([sys.executable, __file__, "--child", writer, "--rows", str(count),
                           "--out", str(path)], capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1]) | checked(path)
    path.unlink()
    print(f"{writer:>10}: {figures['seconds']:6.1f} s (CPU {figures['cpu_s']:5.1f} s), peak "
          f"{figures['peak_mb']:5.1f} MB (at start {figures['start_mb']:.1f}), "
          f"{figures['sheet_rows']} rows, {figures['file_mb']:.1f} MB", file=sys.stderr)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=1, help="pairs of runs")
    parser.add_argument("--child", choices=sorted(WRITERS), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.out, options.rows)
        return
    runs = {"export": [], "xlsxwriter": []}
    with tempfile.TemporaryDirectory(prefix="export-layout-") as folder:
        for _ in range(options.repeat):
            for writer in runs:
                runs[writer].append(run(writer, options.rows, Path(folder)))
    export_runs, reference_runs = runs["export"], runs["xlsxwriter"]
    assert all(run["formulas"] == 0 for run in export_runs), "a formula in the export"
    export_s = statistics.median(run["seconds"] for run in export_runs)
    reference_s = statistics.median(run["seconds"] for run in reference_runs)
    export_cpu = statistics.median(run["cpu_s"] for run in export_runs)
    reference_cpu = statistics.median(run["cpu_s"] for run in reference_runs)
    print(json.dumps({
        "rows": options.rows,
        "export_s": round(export_s, 2),
        "export_peak_mb": round(max(run["peak_mb"] for run in export_runs), 1),
        "xlsxwriter_s": round(reference_s, 2),
        "export_ratio": round(export_s / reference_s, 3),
        "export_s_runs": [round(run["seconds"], 2) for run in export_runs],
        "xlsxwriter_s_runs": [round(run["seconds"], 2) for run in reference_runs],
        "export_cpu_s": round(export_cpu, 2),
        "xlsxwriter_cpu_s": round(reference_cpu, 2),
        "export_cpu_ratio": round(export_cpu / reference_cpu, 3),
        "xlsxwriter_peak_mb": round(max(run["peak_mb"] for run in reference_runs), 1),
        "export_sheet_rows": export_runs[0]["sheet_rows"],
        "export_file_mb": round(export_runs[0]["file_mb"], 1),
        "xlsxwriter_file_mb": round(reference_runs[0]["file_mb"], 1),
    }))


if __name__ == "__main__":
    main()

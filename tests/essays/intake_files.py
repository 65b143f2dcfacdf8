"""A unit's batch as officers send it: the list (.xlsx) and the essays zipped, built in the
test (each essay a real .docx made with python-docx, its text telling it apart)."""

import io
import zipfile

from tests.factories import xlsx_bytes
from tests.uploads.builders import docx_bytes, exe_bytes

HEADERS = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Đơn vị", "Số điện thoại",
           "CCCD", "Số tài khoản", "Ngân hàng", "Tên bài viết", "Tên tệp"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]


def essay_docx(n: int) -> bytes:
    return docx_bytes(f"Bài viết số {n}: dân vận khéo ở khu phố, lắng nghe và làm cho dân "
                      f"tin ({n}). " * 20)


def line(n: int, *, unit: str = "Q1-BN", **changes) -> dict:
    """Row n of a good list: its author, title and file."""
    values = {"STT": n, "Họ và tên": f"{SURNAMES[n % len(SURNAMES)]} Thị Hoa",
              "Năm sinh": 1960 + n % 40, "Giới tính": "Nữ", "Chức vụ": "Chuyên viên",
              "Đơn vị": unit,
              "Số điện thoại": f"09120{n:05d}", "CCCD": None, "Số tài khoản": None,
              "Ngân hàng": None, "Tên bài viết": f"Dân vận khéo ở khu phố {n}",
              "Tên tệp": f"bai-{n:02d}.docx"}
    values.update(changes)
    return values


def sheet(lines: list[dict]) -> bytes:
    return xlsx_bytes(HEADERS, [[values[h] for h in HEADERS] for values in lines],
                      above=[("DANH SÁCH BÀI DỰ THI",)])


def archive(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in files.items():
            target.writestr(name, data)
    return buffer.getvalue()


def good_batch(count: int = 10, *, unit: str = "Q1-BN", first: int = 1) -> tuple[bytes, bytes]:
    """`count` good rows (authors, titles and files numbered from `first`) and their files."""
    lines = [line(n, unit=unit) for n in range(first, first + count)]
    return sheet(lines), archive({v["Tên tệp"]: essay_docx(v["STT"]) for v in lines})


def renamed_exe() -> bytes:
    return exe_bytes()


def path_traversal_zip() -> bytes:
    """A good essay beside one whose name climbs out of the folder it is unpacked into."""
    return archive({"bai-01.docx": essay_docx(1), "../../etc/cron.d/bai-02.docx": b"x"})


def zip_bomb() -> bytes:
    """One entry of 30 MB of zeros, packed to a few KB: far past 100 : 1."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target, \
            target.open("bai-01.docx", "w") as entry:
        block = bytes(1024 * 1024)
        for _ in range(30):
            entry.write(block)
    return buffer.getvalue()

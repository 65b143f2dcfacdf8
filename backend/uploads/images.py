"""JPEG and PNG pictures (evidence photos): known by their first bytes, and refused when they
claim more pixels than any photo has, since whoever opens such a file must first unpack
every pixel. Nothing here decodes an image: the size is read from its header."""

import struct
from typing import BinaryIO

from backend.uploads.limits import Limits, refused

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START = b"\xff\xd8\xff"
# JPEG markers that open a frame and carry its height and width (SOF0-SOF15 but DHT, JPG,
# DAC, which share the range).
FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
SAVE_AGAIN = "Hãy chụp hoặc lưu lại ảnh ở kích thước thông thường (.jpg hoặc .png) rồi tải lên lại."


def check_image(content: BinaryIO, *, filename: str, kind: str, limits: Limits) -> None:
    """Refuse a .jpg or .png whose header cannot be read or whose pixels pass the limit."""
    content.seek(0)
    size = _png_size(content) if kind == "png" else _jpeg_size(content)
    if size is None:
        raise refused(filename, f"ảnh hỏng, không đọc được kích thước. {SAVE_AGAIN}", "damaged")
    width, height = size
    if width == 0 or height == 0 or width * height > limits.max_pixels:
        raise refused(filename, f"ảnh có kích thước {width} × {height} điểm ảnh, quá lớn hoặc "
                      f"không hợp lệ. {SAVE_AGAIN}", "too_many_pixels")


def _png_size(content: BinaryIO) -> tuple[int, int] | None:
    head = content.read(24)
    if len(head) < 24 or not head.startswith(PNG_SIGNATURE) or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def _jpeg_size(content: BinaryIO) -> tuple[int, int] | None:
    """Walk the segments up to the first frame header; None when the file ends first."""
    if content.read(2) != JPEG_START[:2]:
        return None
    while True:
        marker = content.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        if marker[1] == 0xFF:  # a fill byte before the marker
            content.seek(-1, 1)
            continue
        if marker[1] in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            continue
        length_bytes = content.read(2)
        if len(length_bytes) < 2:
            return None
        length = struct.unpack(">H", length_bytes)[0]
        if marker[1] in FRAME_MARKERS:
            frame = content.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            return width, height
        if length < 2:
            return None
        content.seek(length - 2, 1)


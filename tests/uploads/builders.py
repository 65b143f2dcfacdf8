"""Good and hostile documents, made in the test itself: no binary fixture is committed."""

import io
import zipfile
import zlib
from functools import cache

import docx
from odf.opendocument import OpenDocumentText
from odf.text import P
from pypdf import PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

ESSAY = "Bài dự thi: Thanh niên thi đua học tập, lao động — vì Tổ quốc!"


# The same text gives the same bytes: a zip stamps each entry with the time it was written,
# so two files made a couple of seconds apart would otherwise differ (and not be duplicates).
@cache
def docx_bytes(text: str = ESSAY) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@cache
def odt_bytes(text: str = ESSAY) -> bytes:
    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def pdf_bytes(text: str = "Bai du thi ve phong trao thi dua yeu nuoc", *,
              setup=None) -> bytes:
    """One page showing `text` in Helvetica; `setup(writer)` adds whatever a test needs."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    if setup:
        setup(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def with_javascript_on_open(writer: PdfWriter) -> None:
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('Xin chào');")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def with_attachment(writer: PdfWriter) -> None:
    writer.add_attachment("phan-mem.exe", b"MZ\x90\x00" + b"\x00" * 60)


def with_password(writer: PdfWriter) -> None:
    writer.encrypt("mat-khau")


def docx_plus(*entries: tuple[str, bytes]) -> bytes:
    """A real .docx with `entries` added to its archive."""
    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name), data)
    return buffer.getvalue()


def rewritten(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """The archive `data` with `old` replaced by `new` in one of its parts."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, content.replace(old, new) if info.filename == part else content)
    return buffer.getvalue()


def zip_bomb_docx(unpacked_mb: int = 60) -> bytes:
    """Looks like a .docx from its names; one entry unpacks to `unpacked_mb` MB of zeros
    (about 1,000 : 1), written in chunks so that the test never holds it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        chunk = bytes(1024 * 1024)
        with archive.open("word/media/image1.png", "w", force_zip64=True) as entry:
            for _ in range(unpacked_mb):
                entry.write(chunk)
    return buffer.getvalue()


def exe_bytes() -> bytes:
    """The start of a Windows program: the MZ header, a PE offset and the PE signature."""
    header = bytearray(512)
    header[0:2] = b"MZ"
    header[0x3C:0x40] = (0x80).to_bytes(4, "little")
    header[0x80:0x84] = b"PE\x00\x00"
    return bytes(header)


class Zeros(io.RawIOBase):
    """`size` zero bytes, made as they are read; counts what was read."""

    def __init__(self, size: int):
        self.left = size
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        self.left -= n
        self.read_bytes += n
        return bytes(n)


def pdf_with_javascript_in_object_stream() -> bytes:
    """JavaScript on opening, its action compressed inside an object stream and indexed by a
    cross-reference stream (PDF 1.5), so that no byte of the file spells "/JavaScript"."""
    action = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
    header = b"4 0 "
    packed = zlib.compress(header + action)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}

    def add(number: int, body: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    add(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>")
    add(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    add(5, b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed)) + packed + b"\nendstream")
    rows = [(0, 0, 65535), (1, offsets[1], 0), (1, offsets[2], 0), (1, offsets[3], 0),
            (2, 5, 0), (1, offsets[5], 0), (1, len(out), 0)]
    table = b"".join(kind.to_bytes(1, "big") + field.to_bytes(4, "big") + extra.to_bytes(2, "big")
                     for kind, field, extra in rows)
    xref_at = len(out)
    out.extend(b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
               % len(table) + table + b"\nendstream\nendobj\n")
    out.extend(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return bytes(out)


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real PNG of grey pixels (or, for sizes no test should build, only its header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (len(data).to_bytes(4, "big") + kind + data
                + zlib.crc32(kind + data).to_bytes(4, "big"))

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    pixels = zlib.compress((b"\x00" + b"\x80" * width) * height) if width * height <= 10_000 \
        else zlib.compress(b"")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def jpeg_bytes(width: int = 640, height: int = 480) -> bytes:
    """The segments of a JPEG up to its frame header (as a camera writes them), then its end:
    what inspection reads."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = bytes([8]) + height.to_bytes(2, "big") + width.to_bytes(2, "big") + \
        bytes([1, 1, 0x11, 0])
    return (b"\xff\xd8" + b"\xff\xe0" + (len(app0) + 2).to_bytes(2, "big") + app0
            + b"\xff\xc0" + (len(frame) + 2).to_bytes(2, "big") + frame + b"\xff\xd9")

"""Good and hostile documents, made in the test itself: no binary fixture is committed."""

import io
import zipfile

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


def docx_bytes(text: str = ESSAY) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


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

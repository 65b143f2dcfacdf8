"""The copy judges download names no one: every zip part, or the whole PDF, is searched for
the names the test wrote into the document, and the text still reads."""

import io
import zipfile

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from odf import config, dc, meta, office
from odf.opendocument import OpenDocumentText
from odf.text import P
from pypdf.annotations import Text
from pypdf.generic import NameObject, TextStringObject

from backend.uploads.inspection import inspect_upload
from backend.uploads.limits import Limits
from backend.uploads.strip import strip_author_metadata
from backend.uploads.text import extract_text
from tests.uploads.builders import ESSAY, pdf_bytes, rewritten

AUTHOR = "Nguyễn Văn An"
EDITOR = "Trần Thị Bình"
COMPANY = "Công ty Hoa Sen"
COMMENTER = "Lê Văn Cường"
TEMPLATE_USER = "nguyenvanan"
NAMES = [AUTHOR, EDITOR, COMPANY, COMMENTER, TEMPLATE_USER]
ATTACHED_TEMPLATE = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                     "attachedTemplate")
PEOPLE = "http://schemas.microsoft.com/office/2011/relationships/people"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def parts_naming(data: bytes, names: list[str]) -> dict[str, list[str]]:
    """Which of `names` each part of the archive still holds, in its unpacked bytes."""
    found = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            raw = archive.read(info)
            if held := [n for n in names if n.encode() in raw]:
                found[info.filename] = held
    return found


def named_docx() -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph(ESSAY)
    properties = document.core_properties
    properties.author, properties.last_modified_by = AUTHOR, EDITOR
    properties.title, properties.comments = f"Bài dự thi của {AUTHOR}", f"Gửi bởi {EDITOR}"
    properties.keywords = properties.category = AUTHOR
    document.add_comment(paragraph.runs, text="Cần sửa câu đầu", author=COMMENTER,
                         initials="LVC")
    # A template on the author's disk, as Word records it.
    settings = document.part.part_related_by(RT.SETTINGS)
    r_id = settings.rels.get_or_add_ext_rel(
        ATTACHED_TEMPLATE, f"file:///C:/Users/{TEMPLATE_USER}/Templates/Normal.dotm")
    template = OxmlElement("w:attachedTemplate")
    template.set(qn("r:id"), r_id)
    settings.element.append(template)
    # Word's list of people who commented, and a tracked change in a footnote.
    package = document.part.package
    people = Part(PackURI("/word/people.xml"),
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml",
                  (f'<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/'
                   f'wordml"><w15:person w15:author="{COMMENTER}"/></w15:people>').encode(),
                  package)
    document.part.relate_to(people, PEOPLE)
    footnotes = Part(PackURI("/word/footnotes.xml"),
                     "application/vnd.openxmlformats-officedocument.wordprocessingml."
                     "footnotes+xml",
                     (f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p><w:ins w:id="5" '
                      f'w:author="{EDITOR}"><w:r><w:t>Chú thích</w:t></w:r></w:ins></w:p>'
                      f'</w:footnote></w:footnotes>').encode(), package)
    document.part.relate_to(footnotes, RT.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    # The company and manager Word writes into docProps/app.xml.
    return rewritten(buffer.getvalue(), "docProps/app.xml", b"</Properties>",
                     f"<Company>{COMPANY}</Company><Manager>{EDITOR}</Manager>"
                     f"</Properties>".encode())


def named_odt() -> bytes:
    document = OpenDocumentText()
    document.meta.addElement(meta.InitialCreator(text=AUTHOR))
    document.meta.addElement(dc.Creator(text=EDITOR))
    document.meta.addElement(dc.Title(text=f"Bài dự thi của {AUTHOR}"))
    document.meta.addElement(meta.UserDefined(name="Đơn vị", text=COMPANY))
    document.meta.addElement(meta.PrintedBy(text=EDITOR))
    document.meta.addElement(meta.Template(href=f"file:///home/{TEMPLATE_USER}/mau.ott",
                                           title="Mẫu"))
    paragraph = P(text=ESSAY)
    note = office.Annotation()
    note.addElement(dc.Creator(text=COMMENTER))
    note.addElement(P(text="Cần sửa câu đầu"))
    paragraph.addElement(note)
    document.text.addElement(paragraph)
    printer = config.ConfigItemSet(name="ooo:configuration-settings")
    item = config.ConfigItem(name="PrinterName", type="string")
    item.addText(f"Máy in của {AUTHOR}")
    printer.addElement(item)
    document.settings.addElement(printer)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


PDF_NAMES = ["Nguyen Van An", "Tran Thi Binh", "Le Van Cuong", "Hoa Sen"]


def with_names(writer) -> None:
    writer.add_metadata({"/Author": "Nguyen Van An", "/Creator": "Word - Tran Thi Binh",
                         "/Producer": "Hoa Sen PDF", "/Title": "Bai cua Nguyen Van An"})
    writer.xmp_metadata = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b'<dc:creator>Nguyen Van An</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>')
    page = writer.pages[0]
    page[NameObject("/PieceInfo")] = TextStringObject("Tran Thi Binh")
    note = Text(rect=(50, 550, 200, 650), text="Can sua cau dau")
    note[NameObject("/T")] = TextStringObject("Le Van Cuong")
    writer.add_annotation(page_number=0, annotation=note)


def named_pdf() -> bytes:
    return pdf_bytes(setup=with_names)


def test_a_docx_copy_names_no_one_and_reads_the_same():
    original = named_docx()

    stripped = strip_author_metadata("docx", original)

    named = parts_naming(original, NAMES)
    assert {name for held in named.values() for name in held} == set(NAMES)
    assert (named["word/footnotes.xml"], named["word/people.xml"],
            named["word/_rels/settings.xml.rels"]) == ([EDITOR], [COMMENTER], [TEMPLATE_USER])
    assert parts_naming(stripped, NAMES) == {}
    kept = zipfile.ZipFile(io.BytesIO(stripped)).namelist()
    assert {"word/footnotes.xml", "word/comments.xml"} <= set(kept)
    assert {"docProps/app.xml", "word/people.xml"}.isdisjoint(kept)
    assert extract_text(io.BytesIO(stripped), "docx") == ESSAY
    properties = docx.Document(io.BytesIO(stripped)).core_properties
    assert (properties.author, properties.last_modified_by, properties.title) == ("", "", "")


def test_an_odt_copy_names_no_one_and_reads_the_same():
    original = named_odt()

    stripped = strip_author_metadata("odt", io.BytesIO(original))

    named = parts_naming(original, NAMES)
    assert {name for held in named.values() for name in held} == set(NAMES)
    assert parts_naming(stripped, NAMES) == {}
    assert "settings.xml" not in zipfile.ZipFile(io.BytesIO(stripped)).namelist()
    text = extract_text(io.BytesIO(stripped), "odt")
    # The comment's author was read as text too (teletype reads the whole annotation).
    assert text == extract_text(io.BytesIO(original), "odt").replace(COMMENTER, "")
    assert text.startswith(ESSAY)


def test_a_pdf_copy_names_no_one_and_reads_the_same():
    original = named_pdf()

    stripped = strip_author_metadata("pdf", original)

    assert [n for n in PDF_NAMES if n.encode() in original] == PDF_NAMES
    assert [n for n in PDF_NAMES if n.encode() in stripped] == []
    assert extract_text(io.BytesIO(stripped), "pdf") == extract_text(io.BytesIO(original), "pdf")
    assert "Bai du thi" in extract_text(io.BytesIO(stripped), "pdf")


@pytest.mark.parametrize(("kind", "build"), [("docx", named_docx), ("odt", named_odt),
                                             ("pdf", named_pdf)])
def test_the_stripped_copy_passes_the_upload_inspection_again(kind, build):
    stripped = strip_author_metadata(kind, build())

    with inspect_upload(io.BytesIO(stripped), filename=f"bai.{kind}",
                        limits=Limits()) as inspected:
        assert inspected.kind == kind

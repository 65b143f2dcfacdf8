"""The copy of an essay that judges download: the same document without what names its
author (properties, comment and tracked-change authors, template paths), through the
library made for each format.

Call only on what `inspect_upload` let through; archives are read through the same bounded
copy (`repacked`) that text extraction uses."""

import io
from typing import BinaryIO

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree
from odf import dc, meta
from odf.opendocument import load as load_odf
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from backend.uploads.archives import repacked
from backend.uploads.limits import Limits

# Core properties that hold a person's words or name; dates and revision stay.
_DOCX_TEXT_PROPERTIES = ("author", "last_modified_by", "title", "subject", "keywords",
                         "comments", "category", "content_status", "identifier", "version")
# Relationships to what is only about people: app.xml (company, manager, template), custom
# properties, Word's list of the people who commented or changed the text, and the template
# on the author's disk (C:/Users/<name>/.../Normal.dotm).
_ATTACHED_TEMPLATE = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                      "attachedTemplate")
_DOCX_DROPPED = {RT.EXTENDED_PROPERTIES, RT.CUSTOM_PROPERTIES, _ATTACHED_TEMPLATE,
                 "http://schemas.microsoft.com/office/2011/relationships/people"}
# Attributes naming a person on comments (w:author, w:initials) and tracked changes.
_DOCX_PERSON_ATTRIBUTES = (qn("w:author"), qn("w:initials"))
# Found by libxml2 rather than by visiting every element in Python: a template's styles part
# alone has ~9,000 elements, and the visit was a tenth of a bulk intake's time per essay.
_WITH_PERSON = etree.XPath(
    "descendant-or-self::*[@w:author or @w:initials]",
    namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
# ODF: who created and edited it, what they typed about it, where its template lives.
_ODF_DROPPED = (meta.InitialCreator, meta.PrintedBy, meta.UserDefined, meta.Keyword,
                meta.Template, dc.Description, dc.Subject, dc.Title)
# PDF page entries a producing application may fill with its own (and its user's) data.
_PDF_PAGE_DROPPED = ("/Metadata", "/PieceInfo")


def strip_author_metadata(kind: str, content: bytes | BinaryIO, *,
                          limits: Limits | None = None) -> bytes:
    """A copy of an inspected "docx", "odt" or "pdf" with the author's name and other
    identifying metadata removed; its text reads as before."""
    limits = limits or Limits()
    if isinstance(content, bytes):
        content = io.BytesIO(content)
    content.seek(0)
    if kind == "docx":
        with repacked(content, limits=limits) as archive:
            return _stripped_docx(archive)
    if kind == "odt":
        with repacked(content, limits=limits) as archive:
            return _stripped_odt(archive)
    if kind == "pdf":
        return _stripped_pdf(content)
    raise ValueError(f"unknown document kind {kind!r}")


def _stripped_docx(archive: BinaryIO) -> bytes:
    document = docx.Document(archive)
    properties = document.core_properties
    for name in _DOCX_TEXT_PROPERTIES:
        setattr(properties, name, "")
    package = document.part.package
    for source in (package, *package.iter_parts()):
        for r_id, rel in list(source.rels.items()):
            if rel.reltype in _DOCX_DROPPED:
                del source.rels[r_id]  # the part is no longer reached, so no longer saved
    for part in package.iter_parts():
        if isinstance(part, XmlPart):
            _forget_people(part.element)
        elif part.content_type.endswith("+xml") and part.partname.startswith("/word/"):
            # Footnotes and endnotes are not modelled by python-docx: parsed by its parser,
            # rewritten only when they named someone.
            element = parse_xml(part.blob)
            if _forget_people(element):
                part._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8",
                                            standalone=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _forget_people(element) -> bool:
    found = False
    for template in list(element.iter(qn("w:attachedTemplate"))):
        template.getparent().remove(template)  # its relationship is gone
        found = True
    for node in _WITH_PERSON(element):
        for attribute in _DOCX_PERSON_ATTRIBUTES:
            if node.get(attribute):
                node.set(attribute, "")
                found = True
    return found


def _stripped_odt(archive: BinaryIO) -> bytes:
    document = load_odf(archive)
    for kind in _ODF_DROPPED:
        for element in list(document.getElementsByType(kind)):
            element.parentNode.removeChild(element)
    # dc:creator names the last editor, and the author of each comment and tracked change,
    # where the schema requires it: emptied, not removed.
    for creator in document.getElementsByType(dc.Creator):
        for child in creator.childNodes:
            if child.nodeType == child.TEXT_NODE:
                child.data = ""  # odfpy removes elements, not text, from its caches
    # settings.xml: view and printer settings, among them the printer's (often a person's)
    # name. Emptied, it is not written at all; the document opens with the reader's own.
    for child in list(document.settings.childNodes):
        document.settings.removeChild(child)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _stripped_pdf(content: BinaryIO) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(content, strict=False))
    writer.metadata = None  # /Info: author, creator, producer, title, subject, keywords
    writer.xmp_metadata = None  # the XMP stream in the catalog, which repeats them
    for page in writer.pages:
        for key in _PDF_PAGE_DROPPED:
            page.pop(NameObject(key), None)
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            annotation.pop(NameObject("/T"), None)  # the author of a comment or highlight
    # Objects nothing points at any more (the old /Info, the XMP stream) are not written.
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

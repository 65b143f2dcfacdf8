"""The official layout every signed list shares (result lists, tallies, writing-competition
and commendation lists): letterhead, titles, bordered tables, signature block; A4
landscape, one page wide, the table's header on every printed page. Rows stream in.

    write_document(path_or_file, Document(letterhead, heading, columns), rows) -> int
    write_document(path_or_file, Document(letterhead, heading, sections=(Section(title,
                   columns), ...)), [rows_of_first_section, rows_of_second, ...]) -> int

Rows are tuples of values, one per column, with `Group` and `Total` rows between them.
"""

from exports.official.layout import write_document, write_documents
from exports.official.model import (
    Column,
    Document,
    Group,
    Heading,
    Kind,
    Letterhead,
    Row,
    Section,
    Total,
    date_line,
)

__all__ = ["Column", "Document", "Group", "Heading", "Kind", "Letterhead", "Row", "Section",
           "Total", "date_line", "write_document", "write_documents"]

"""The official layout every signed list shares (result lists, tallies, writing-competition
and commendation lists): letterhead, titles, one bordered table, signature block; A4
landscape, one page wide, the table's header on every printed page. Rows stream in.

    write_document(path_or_file, Document(letterhead, heading, columns), rows) -> int

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
    Total,
    date_line,
)

__all__ = ["Column", "Document", "Group", "Heading", "Kind", "Letterhead", "Row", "Total",
           "date_line", "write_document", "write_documents"]

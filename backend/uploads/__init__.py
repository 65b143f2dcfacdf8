"""Uploaded documents (essays, evidence): inspected by content before any parser reads them.

Pure: no database, no web framework. `inspect_upload` refuses or returns what was checked;
`extract_text` reads only what inspection let through, and `strip_author_metadata` makes the
copy judges download."""

from backend.uploads.inspection import Inspected, inspect_upload
from backend.uploads.limits import Limits, UploadRejected
from backend.uploads.strip import strip_author_metadata
from backend.uploads.text import extract_text, word_count

__all__ = ["Inspected", "Limits", "UploadRejected", "extract_text", "inspect_upload",
           "strip_author_metadata", "word_count"]

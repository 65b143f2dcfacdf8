"""Placeholder for the blobs branch's strip_author_metadata (same signature); the essays
branch needs the name to exist. On merging the blobs branch, take its version of this file."""


def strip_author_metadata(kind: str, content: bytes) -> bytes:
    """The document without author metadata (placeholder: unchanged)."""
    return content

"""Storing and reading file bytes by their SHA-256: the same bytes are stored once, in the
database or the object store as the settings say (see ARCHITECTURE.md, "Stored files").

These helpers flush but never commit: the use case that stores a file commits it together
with the rows that point at it."""

import hashlib
import io
from collections.abc import Iterator
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import defer
from sqlmodel import Session

from backend.blobs import objectstore
from backend.blobs.models import BlobPlace, StoredBlob
from backend.clock import utcnow
from backend.config import Settings
from backend.errors import NotFound

CHUNK = 256 * 1024
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def put_blob(*, session: Session, content: BinaryIO | bytes, sha256: str, size: int,
             settings: Settings) -> StoredBlob:
    """Store `content` (read from its start; the digest and size the caller computed are
    checked) unless the same bytes are already stored; returns the row, `content` not loaded.
    Two processes storing the same bytes at once both succeed."""
    if isinstance(content, bytes):
        content = io.BytesIO(content)
    if settings.blob_store == "object_store":
        _check(_digest_of(content), sha256, size)  # streamed: the file is never held whole
        if not blob_exists(session=session, sha256=sha256):
            content.seek(0)
            # Sent before the row is written: a row never names bytes that are not there.
            # Sending the same key twice (a race, a rolled-back use case) is harmless.
            objectstore.upload(settings=settings, key=sha256, content=content)
            _insert(session, sha256=sha256, size=size, place=BlobPlace.OBJECT_STORE, data=None)
    else:
        if content.seekable():
            content.seek(0)
        data = content.read()  # once, at most the upload limit; the row holds these bytes
        _check((hashlib.sha256(data).hexdigest(), len(data)), sha256, size)
        if not blob_exists(session=session, sha256=sha256):
            _insert(session, sha256=sha256, size=size, place=BlobPlace.DATABASE, data=data)
    return session.scalars(select(StoredBlob).options(defer(StoredBlob.content))
                           .where(StoredBlob.sha256 == sha256)).one()


def blob_exists(*, session: Session, sha256: str) -> bool:
    """Whether bytes with this digest are stored (in either place)."""
    found = session.scalar(select(StoredBlob.sha256).where(StoredBlob.sha256 == sha256))
    return found is not None


def blob_chunks(*, session: Session, sha256: str, settings: Settings) -> Iterator[bytes]:
    """The stored bytes a part at a time, from wherever the row says they are (the place of
    a blob stays what it was when stored, whatever the settings say now)."""
    found = session.execute(select(StoredBlob.place).where(StoredBlob.sha256 == sha256)).first()
    if found is None:
        raise NotFound("Không tìm thấy tệp đã lưu: tệp có thể đã bị xoá. Hãy tải tệp lên lại.")
    if found.place is BlobPlace.OBJECT_STORE:
        yield from objectstore.chunks(settings=settings, key=sha256)
        return
    data = session.scalar(select(StoredBlob.content).where(StoredBlob.sha256 == sha256))
    for start in range(0, len(data), CHUNK):
        yield data[start:start + CHUNK]


def read_blob(*, session: Session, sha256: str, settings: Settings) -> bytes:
    """The stored bytes, whole (an essay of at most the upload limit)."""
    return b"".join(blob_chunks(session=session, sha256=sha256, settings=settings))


def _insert(session: Session, *, sha256: str, size: int, place: BlobPlace,
            data: bytes | None) -> None:
    # ON CONFLICT DO NOTHING: whoever inserts second (even while the first has not
    # committed: PostgreSQL waits for it) finds the row there and stores nothing.
    insert = _INSERTS[session.get_bind().dialect.name]
    session.execute(insert(StoredBlob).values(
        sha256=sha256, size=size, place=place, content=data, created_at=utcnow(),
    ).on_conflict_do_nothing(index_elements=["sha256"]))


def _digest_of(content: BinaryIO) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    content.seek(0)
    while chunk := content.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _check(found: tuple[str, int], sha256: str, size: int) -> None:
    if found != (sha256, size):
        raise ValueError(f"content is not {sha256} ({size} bytes): got {found}")

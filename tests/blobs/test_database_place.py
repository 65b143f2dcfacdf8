"""Stored files in the database (the default place), on SQLite and on PostgreSQL."""

import hashlib
import io
import threading
import time

import pytest
from sqlalchemy import func, inspect, select

from backend.blobs.models import BlobPlace, StoredBlob
from backend.blobs.service import blob_chunks, blob_exists, put_blob, read_blob
from backend.errors import NotFound

ESSAY = "Bài dự thi: Thanh niên thi đua học tập, lao động.\n".encode() * 200


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(StoredBlob))


def test_stored_bytes_read_back_the_same_from_the_database(session, settings):
    stored = put_blob(session=session, content=io.BytesIO(ESSAY), sha256=digest(ESSAY),
                      size=len(ESSAY), settings=settings)
    session.commit()

    assert (stored.sha256, stored.size, stored.place) == (digest(ESSAY), len(ESSAY),
                                                          BlobPlace.DATABASE)
    assert read_blob(session=session, sha256=digest(ESSAY), settings=settings) == ESSAY
    assert b"".join(blob_chunks(session=session, sha256=digest(ESSAY),
                                settings=settings)) == ESSAY
    assert blob_exists(session=session, sha256=digest(ESSAY))


def test_the_returned_row_has_not_loaded_the_bytes(session, settings):
    stored = put_blob(session=session, content=ESSAY, sha256=digest(ESSAY), size=len(ESSAY),
                      settings=settings)

    assert "content" in inspect(stored).unloaded


def test_the_same_bytes_stored_twice_are_kept_once(session, settings):
    for _ in range(2):
        put_blob(session=session, content=ESSAY, sha256=digest(ESSAY), size=len(ESSAY),
                 settings=settings)
        session.commit()
    other = b"Bai khac"
    put_blob(session=session, content=other, sha256=digest(other), size=len(other),
             settings=settings)
    session.commit()

    assert count(session) == 2


def test_a_wrong_digest_stores_nothing(session, settings):
    with pytest.raises(ValueError, match="content is not"):
        put_blob(session=session, content=ESSAY, sha256=digest(b"khac"), size=len(ESSAY),
                 settings=settings)

    assert count(session) == 0


def test_reading_what_was_never_stored_says_so_in_vietnamese(session, settings):
    with pytest.raises(NotFound, match="Không tìm thấy tệp đã lưu"):
        read_blob(session=session, sha256=digest(b"chua luu"), settings=settings)
    assert not blob_exists(session=session, sha256=digest(b"chua luu"))


def test_two_processes_storing_the_same_bytes_at_once_both_succeed(database, settings):
    barrier, results, errors = threading.Barrier(2), [], []

    def store() -> None:
        try:
            with database.scope() as session:
                barrier.wait()
                stored = put_blob(session=session, content=ESSAY, sha256=digest(ESSAY),
                                  size=len(ESSAY), settings=settings)
                session.commit()
                results.append(stored.sha256)
        except Exception as error:  # the assertion below shows it
            errors.append(error)

    threads = [threading.Thread(target=store) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert results == [digest(ESSAY)] * 2
    with database.scope(write=False) as session:
        assert count(session) == 1
        assert read_blob(session=session, sha256=digest(ESSAY), settings=settings) == ESSAY


def test_a_put_while_another_has_not_committed_the_same_bytes_waits_and_stores_nothing(
        database, settings):
    inserted, errors = threading.Event(), []

    def first() -> None:
        with database.scope() as session:
            put_blob(session=session, content=ESSAY, sha256=digest(ESSAY), size=len(ESSAY),
                     settings=settings)
            inserted.set()
            time.sleep(0.3)  # the second put starts meanwhile and finds no committed row
            session.commit()

    def second() -> None:
        inserted.wait(10)
        try:
            with database.scope() as session:
                stored = put_blob(session=session, content=ESSAY, sha256=digest(ESSAY),
                                  size=len(ESSAY), settings=settings)
                session.commit()
                assert stored.size == len(ESSAY)
        except Exception as error:  # the assertion below shows it
            errors.append(error)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    with database.scope(write=False) as session:
        assert count(session) == 1

"""Reading the text of uploaded essay versions in the background, so that an upload answers
at once and a file whose parser hangs delays no one.

No database transaction is open while a file is read: the waiting versions are listed and
their bytes read in short read-only sessions, the text is read in a child process
(backend/uploads/isolated.py), and each result is written in a transaction of its own."""

import time
from dataclasses import dataclass

from sqlalchemy import select, update

from backend.blobs.service import read_blob
from backend.db import Database
from backend.errors import NotFound
from backend.essays.models import Essay, EssayFormat, EssayVersion, TextState
from backend.uploads.isolated import Extracted, IsolatedReader
from backend.uploads.text import word_count


@dataclass
class ExtractionRun:
    done: int = 0
    failed: int = 0


def extract_pending_texts(*, database: Database, limit: int = 50, time_limit_s: float = 30.0,
                          seconds: float = 120.0) -> ExtractionRun:
    """Read the text and word count of essay versions waiting for them, `limit` listed at a
    time, for up to `seconds` (each file `time_limit_s` at most); a version whose file cannot
    be read is marked failed with the reason. Returns how many ended done and failed here."""
    run, tried, until = ExtractionRun(), set(), time.monotonic() + seconds
    with IsolatedReader(time_limit_s=time_limit_s) as reader:
        while time.monotonic() < until:
            waiting = [v for v in _waiting(database, limit + len(tried)) if v.id not in tried]
            if not waiting:
                break
            for version in waiting[:limit]:
                if time.monotonic() >= until:
                    break
                tried.add(version.id)
                outcome = _read(database, reader, version)
                if _record(database, version, outcome):
                    run.done += not outcome.error
                    run.failed += bool(outcome.error)
    return run


def _waiting(database: Database, limit: int) -> list:
    with database.scope(write=False) as session:
        rows = session.execute(
            select(EssayVersion.id, EssayVersion.essay_id, EssayVersion.format,
                   EssayVersion.sha256)
            .where(EssayVersion.text_state == TextState.PENDING)
            .order_by(EssayVersion.id).limit(limit)).all()
        session.commit()
    return rows


def _read(database: Database, reader: IsolatedReader, version) -> Extracted:
    with database.scope(write=False) as session:
        if version.format is EssayFormat.ONLINE:  # typed on the site: the text is there
            text = session.scalar(select(EssayVersion.text)
                                  .where(EssayVersion.id == version.id))
            session.commit()
            return Extracted(text=text, words=word_count(text))
        try:
            if version.sha256 is None:
                raise NotFound("Bản này không có tệp nào để đọc chữ. Hãy tải tệp lên lại.")
            content = read_blob(session=session, sha256=version.sha256,
                                settings=database.settings)
        except NotFound as error:
            return Extracted(error=error.message)
        finally:
            session.commit()
    return reader.read(content, version.format.value)


def _record(database: Database, version, outcome: Extracted) -> bool:
    """Write what was read, unless someone else already did; the essay's word count is its
    current (highest-numbered) version's."""
    with database.scope() as session:
        written = session.execute(
            update(EssayVersion)
            .where(EssayVersion.id == version.id,
                   EssayVersion.text_state == TextState.PENDING)
            .values(text=outcome.text, word_count=outcome.words, text_error=outcome.error,
                    text_state=TextState.FAILED if outcome.error else TextState.DONE)
        ).rowcount
        if written:
            current = (select(EssayVersion.word_count)
                       .where(EssayVersion.essay_id == version.essay_id)
                       .order_by(EssayVersion.number.desc()).limit(1).scalar_subquery())
            session.execute(update(Essay).where(Essay.id == version.essay_id)
                            .values(word_count=current))
        session.commit()
    return bool(written)

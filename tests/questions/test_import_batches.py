"""An import reads and checks its file holding no write lock, then writes in short batches
that stay hidden until the last one: other writers get through, and it is still all or none."""

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from backend.clock import utcnow
from backend.contests import service as contests
from backend.errors import Conflict
from backend.questions import importer, service
from tests.questions.conftest import stored
from tests.questions.raw_xlsx import questions_workbook


@contextmanager
def another_writer(database, is_postgres: bool, contest_id: int):
    """A second connection in the middle of a write, as a contestant's save on another worker
    would be; it yields the function that commits it."""
    url = database.settings.database_url
    if is_postgres:
        engine = create_engine(url)
        with engine.connect() as connection:
            # EXCLUSIVE lets others read the tables, and nothing else.
            connection.execute(text("LOCK TABLE contest, question, question_option "
                                    "IN EXCLUSIVE MODE"))
            connection.execute(text("UPDATE contest SET title = title WHERE id = :id"),
                               {"id": contest_id})
            yield connection.commit
        engine.dispose()
        return
    connection = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0,
                                 isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE contest SET title = title WHERE id = ?", (contest_id,))
    try:
        yield lambda: connection.execute("COMMIT")
    finally:
        connection.close()


def test_reading_and_checking_a_file_holds_no_write_lock(database, session, contest,
                                                         is_postgres):
    data = questions_workbook(300)
    checked: dict = {}

    def check() -> None:
        with database.scope(write=False) as read:
            checked["rows"] = importer.check_questions_file(
                read=read, contest_id=contest.id, data=data, filename="de-thi.xlsx")

    with another_writer(database, is_postgres, contest.id) as commit:
        reader = threading.Thread(target=check)
        reader.start()
        reader.join(timeout=60)
        done_while_the_other_wrote = not reader.is_alive()
        commit()  # the other connection's save goes through
    reader.join()

    assert done_while_the_other_wrote
    assert len(checked["rows"]) == 300
    summary = importer.write_questions(write=session, contest_id=contest.id,
                                       rows=checked["rows"], filename="de-thi.xlsx",
                                       actor_id=None, now=utcnow())
    assert summary.added == 300


def test_an_import_of_several_batches_puts_every_question_in_use_at_once(
        database, session, contest):
    before = stored(database, contest.id)

    with database.scope(write=False) as read:
        summary = importer.import_questions(read=read, write=session, contest_id=contest.id,
                                            data=questions_workbook(250), filename="de.xlsx",
                                            actor_id=None, now=utcnow())

    after = stored(database, contest.id)
    assert importer.BATCH_ROWS < 250
    assert (summary.added, summary.bank_version) == (250, before["version"] + 1)
    assert [q[0] for q in after["questions"]] == list(range(1, 251))
    assert all(active for *_, active in after["questions"])
    assert (after["version"], after["audit"]) == (before["version"] + 1, before["audit"] + 1)


def test_a_question_added_by_someone_else_meanwhile_undoes_the_batches_written(
        database, session, contest):
    with database.scope(write=False) as read:
        rows = importer.check_questions_file(read=read, contest_id=contest.id,
                                             data=questions_workbook(250), filename="de.xlsx")
    with database.scope() as other:  # the same text as the file's 230th question, in batch 3
        service.add_question(session=other, contest=contests.get_contest(
            session=other, contest_id=contest.id), draft=service.QuestionDraft(
            text=rows[229].draft.text, options=["Có", "Không"], correct={0}),
            actor_id=None, now=utcnow())
    before = stored(database, contest.id)

    with pytest.raises(Conflict) as raced:
        importer.write_questions(write=session, contest_id=contest.id, rows=rows,
                                 filename="de.xlsx", actor_id=None, now=utcnow())

    assert 2 * importer.BATCH_ROWS < 230
    assert raced.value.message == importer.RACED
    assert stored(database, contest.id) == before

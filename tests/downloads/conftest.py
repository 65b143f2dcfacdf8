"""A closed round of fifteen contestants in three wards of two districts, ranked with the
default prizes, and the calls a download test makes: ask for a file, build it, reopen it."""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from backend.clock import utcnow
from backend.downloads import service
from backend.downloads.build import build_export
from backend.downloads.models import ExportFile, ExportKind
from backend.results import service as results
from backend.results.finalise import finalise_board
from tests.factories import add_contestants, add_finished_attempt, make_contest, make_round

# Stored before names were checked on the way in, or typed to attack a spreadsheet.
FORMULA_NAMES = ['=HYPERLINK("http://x","y")', "+84 912 345 678", "-1+2", "@SUM(A1)"]


class Scene:
    """A contest whose first round closed yesterday, ranked; its overall board too."""

    def __init__(self, database, session, tree):
        self.database, self.session, self.tree = database, session, tree
        now = utcnow()
        self.contest = make_contest(session, title="Tìm hiểu công tác dân vận 2026")
        self.round = make_round(session, self.contest, opens_at=now - timedelta(days=8),
                                closes_at=now - timedelta(days=1))
        units = [tree["Q1-BN"], tree["Q1-BT"], tree["Q3-VTS"]]
        self.people = add_contestants(session, self.contest, units, 15)
        for person, name in zip(self.people, FORMULA_NAMES, strict=False):
            person.full_name = name
        self.people[5].id_number = "079085000005"  # the winner; the others gave none
        session.commit()
        for n, person in enumerate(self.people):
            add_finished_attempt(session, self.round, person, score=n % 6, prediction=n * 10,
                                 duration_s=100 + n)
        for person in self.people[:3]:  # a second, worse attempt: not the counted one
            add_finished_attempt(session, self.round, person, score=0, attempt_no=2)
        self.board = self.finalise(round_=self.round)

    def finalise(self, *, round_=None):
        boards = results.boards_of(session=self.session, contest_id=self.contest.id)
        self.session.commit()
        board = next(b for b in boards if b.round_id == (round_.id if round_ else None))
        with self.database.scope(write=False) as read, self.database.scope() as write:
            finalise_board(read=read, write=write, board_id=board.id, now=utcnow())
        self.session.refresh(board)
        self.session.commit()  # SQLite has one writer: let go of it
        return board

    def request(self, *, kind=ExportKind.RESULTS, masked=True, within=None, board=None,
                actor_id=None):
        with self.database.scope() as session:
            return service.request_export(
                session=session, contest_id=self.contest.id, board_id=(board or self.board).id,
                kind=kind, masked=masked, within=within, actor_id=actor_id, now=utcnow())

    def built(self, **request) -> ExportFile:
        """The export asked for, built here, as stored."""
        export = self.request(**request).export
        build_export(database=self.database, export_id=export.id)
        return self.stored(export.id)

    def stored(self, export_id: int) -> ExportFile:
        with self.database.scope(write=False) as session:
            export = session.get(ExportFile, export_id)
            session.commit()
            return export

    def file_bytes(self, export: ExportFile) -> bytes:
        return b"".join(service.chunks(database=self.database, export=export))

    def sheet(self, **request):
        """The file asked for, built and reopened as a spreadsheet program opens it."""
        return load_workbook(io.BytesIO(self.file_bytes(self.built(**request)))).active

    def count(self, model, *where) -> int:
        with self.database.scope(write=False) as session:
            return session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def scene(database, session, tree) -> Scene:
    return Scene(database, session, tree)


def table_rows(sheet, first_header: str = "STT") -> list[tuple]:
    """The table's value rows, from under its header to the blank row after it; heading
    rows (a prize list's prizes) left out."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == first_header) + 1
    body = []
    for row in rows[start:]:
        if row[0] is None:
            break
        if isinstance(row[0], int):
            body.append(row)
    return body

"""The rows of a file, streamed from the database as Core rows in the order they are
written, mapped to the plain lines `exports/results.py` takes: times in Vietnam's local
time, personal data masked unless the file is for those who may see it."""

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Select, func, select

from backend.attempts.models import Attempt
from backend.contestants.models import Contestant
from backend.contests.models import ContestUnit
from backend.personaldata import display_phone, mask_birth_date, mask_id_number, mask_phone
from backend.results.models import ResultEntry
from exports.results import AttemptLine, ResultLine

FETCH = 2000  # rows the driver hands over at a time: memory stays bounded at any size
_E, _C, _A, _U = (ResultEntry.__table__, Contestant.__table__, Attempt.__table__,
                  ContestUnit.__table__)


def units_within(connection: Connection, *, contest_id: int, scope_path: str
                 ) -> list[int] | None:
    """The contest's units in the subtree at `scope_path`, as the contest froze them; None
    for the whole contest. Rows are then filtered by these ids, never joined to the units:
    a join lets PostgreSQL, whose statistics lag the 300,000 entries a finalise has just
    written, scan every unit again for every row."""
    if not scope_path:
        return None
    return list(connection.execute(select(_U.c.unit_id).where(
        _U.c.contest_id == contest_id,
        _U.c.path.startswith(scope_path, autoescape=True))).scalars())


def _entries(columns, *, board_id: int, version: int, units: list[int] | None,
             prizes_only: bool) -> Select:
    query = select(*columns).select_from(_E).where(_E.c.board_id == board_id,
                                                   _E.c.version == version)
    if units is not None:
        query = query.where(_E.c.unit_id.in_(units))
    return query.where(_E.c.prize.is_not(None)) if prizes_only else query


def _attempts(columns, *, round_id: int, units: list[int] | None) -> Select:
    query = select(*columns).select_from(_A).where(_A.c.round_id == round_id)
    return query if units is None else query.where(_A.c.unit_id.in_(units))


def count_entries(connection: Connection, **where) -> int:
    return connection.execute(_entries([func.count()], **where)).scalar_one()


def count_attempts(connection: Connection, **where) -> int:
    return connection.execute(_attempts([func.count()], **where)).scalar_one()


def result_lines(connection: Connection, *, masked: bool, groups: bool,
                 **where) -> Iterator[ResultLine]:
    """A board version's entries in rank order (by group), each with the contestant's phone,
    birth date and CCCD; a prize list names each group's prizes apart."""
    query = _entries([_E.c.rank, _E.c.full_name, _E.c.unit_name, _E.c.block_name, _E.c.score,
                      _E.c.duration_ms, _E.c.prediction, _E.c.prize, _E.c.prize_excluded,
                      _E.c.group_name, _C.c.phone, _C.c.birth_date, _C.c.id_number], **where).join(
        _C, _C.c.id == _E.c.contestant_id).order_by(_E.c.group_name, _E.c.position)
    prize_heading = where["prizes_only"] and groups
    for (rank, name, unit, block, score, duration, prediction, prize, excluded, group, phone,
         born, id_number) in connection.execute(query, execution_options={"yield_per": FETCH}):
        if prize_heading:
            prize = f"{prize} – Bảng {group}"
        elif excluded:  # ranked, but the organisers excluded them from prizes
            prize = "Bị loại khỏi giải"
        yield ResultLine(
            rank=rank, name=name, unit=unit, block=block, score=score, duration_ms=duration,
            prediction=prediction, prize=prize or "", group=group,
            phone=mask_phone(phone) if masked else display_phone(phone),
            birth_date=mask_birth_date(born) if masked else born,
            id_number=mask_id_number(id_number) if masked else id_number)


def attempt_lines(connection: Connection, *, contest_id: int, board_id: int, version: int,
                  zone: ZoneInfo, **where) -> Iterator[AttemptLine]:
    """Every attempt of a round, by contestant and attempt number, marked when it is the
    one the board's version counts; units named as the contest froze them."""
    query = (_attempts([_A.c.id, _A.c.contestant_id, _A.c.unit_id, _A.c.attempt_no,
                        _A.c.state, _A.c.started_at, _A.c.finished_at, _A.c.duration_ms,
                        _A.c.score, _A.c.prediction, _C.c.full_name], **where)
             .join(_C, _C.c.id == _A.c.contestant_id)
             .order_by(_A.c.contestant_id, _A.c.attempt_no))
    units = dict(connection.execute(select(_U.c.unit_id, _U.c.name).where(
        _U.c.contest_id == contest_id)).all())
    counted = _Counted(connection, board_id, version)
    for (attempt_id, contestant_id, unit_id, number, state, started, finished, duration, score,
         prediction, name) in connection.execute(query, execution_options={"yield_per": FETCH}):
        yield AttemptLine(
            name=name, unit=units.get(unit_id, ""), number=number, state=state.label,
            started_at=_local(started, zone), submitted_at=_local(finished, zone),
            duration_ms=duration, score=score, prediction=prediction,
            counted=counted.attempt_of(contestant_id) == attempt_id)


class _Counted:
    """The counted attempt of each contestant, read alongside the attempts in the same
    order and merged here, rather than joined (see `units_within`)."""

    def __init__(self, connection: Connection, board_id: int, version: int):
        self._rows = iter(connection.execute(
            select(_E.c.contestant_id, _E.c.attempt_id)
            .where(_E.c.board_id == board_id, _E.c.version == version)
            .order_by(_E.c.contestant_id), execution_options={"yield_per": FETCH}))
        self._current = next(self._rows, None)

    def attempt_of(self, contestant_id: int) -> int | None:
        """Contestants must be asked about in increasing order."""
        while self._current is not None and self._current[0] < contestant_id:
            self._current = next(self._rows, None)
        if self._current is not None and self._current[0] == contestant_id:
            return self._current[1]
        return None


def _local(moment, zone: ZoneInfo):
    return None if moment is None else moment.astimezone(zone).replace(tzinfo=None)

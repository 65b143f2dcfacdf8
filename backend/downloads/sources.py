"""The rows of a file, streamed from the database as Core rows in the order they are
written, mapped to the plain lines `exports/results.py` takes: times in Vietnam's local
time, personal data masked unless the file is for those who may see it."""

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Select, and_, func, select

from backend.attempts.models import Attempt
from backend.contestants.models import Contestant
from backend.contests.models import ContestUnit
from backend.personaldata import display_phone, mask_birth_date, mask_phone
from backend.results.models import ResultEntry
from exports.results import AttemptLine, ResultLine

FETCH = 2000  # rows the driver hands over at a time: memory stays bounded at any size
_E, _C, _A, _U = (ResultEntry.__table__, Contestant.__table__, Attempt.__table__,
                  ContestUnit.__table__)


def _in_scope(query: Select, *, contest_id: int, unit_id, scope_path: str) -> Select:
    """Only rows of units in the subtree at `scope_path`, as the contest froze its units."""
    if not scope_path:
        return query
    return query.join(_U, and_(_U.c.contest_id == contest_id, _U.c.unit_id == unit_id)).where(
        _U.c.path.startswith(scope_path, autoescape=True))


def _entries(columns, *, board_id: int, version: int, contest_id: int, scope_path: str,
             prizes_only: bool) -> Select:
    query = _in_scope(select(*columns).select_from(_E), contest_id=contest_id,
                      unit_id=_E.c.unit_id, scope_path=scope_path).where(
        _E.c.board_id == board_id, _E.c.version == version)
    return query.where(_E.c.prize.is_not(None)) if prizes_only else query


def _attempts(columns, *, round_id: int, contest_id: int, scope_path: str) -> Select:
    return _in_scope(select(*columns).select_from(_A), contest_id=contest_id,
                     unit_id=_A.c.unit_id, scope_path=scope_path).where(
        _A.c.round_id == round_id)


def count_entries(connection: Connection, **where) -> int:
    return connection.execute(_entries([func.count()], **where)).scalar_one()


def count_attempts(connection: Connection, **where) -> int:
    return connection.execute(_attempts([func.count()], **where)).scalar_one()


def result_lines(connection: Connection, *, masked: bool, groups: bool,
                 **where) -> Iterator[ResultLine]:
    """A board version's entries in rank order (by group), each with the contestant's phone
    and birth date; a prize list names each group's prizes apart."""
    query = _entries([_E.c.rank, _E.c.full_name, _E.c.unit_name, _E.c.block_name, _E.c.score,
                      _E.c.duration_ms, _E.c.prediction, _E.c.prize, _E.c.group_name,
                      _C.c.phone, _C.c.birth_date], **where).join(
        _C, _C.c.id == _E.c.contestant_id).order_by(_E.c.group_name, _E.c.position)
    prize_heading = where["prizes_only"] and groups
    for (rank, name, unit, block, score, duration, prediction, prize, group, phone,
         born) in connection.execute(query, execution_options={"yield_per": FETCH}):
        if prize_heading:
            prize = f"{prize} – Bảng {group}"
        yield ResultLine(
            rank=rank, name=name, unit=unit, block=block, score=score, duration_ms=duration,
            prediction=prediction, prize=prize or "", group=group,
            phone=mask_phone(phone) if masked else display_phone(phone),
            birth_date=mask_birth_date(born) if masked else born)


def attempt_lines(connection: Connection, *, board_id: int, version: int, zone: ZoneInfo,
                  **where) -> Iterator[AttemptLine]:
    """Every attempt of a round, by contestant and attempt number, marked when it is the
    one the board's version counts; units named as the contest froze them."""
    counted = and_(_E.c.board_id == board_id, _E.c.version == version,
                   _E.c.contestant_id == _A.c.contestant_id)
    query = (_attempts([_A.c.id, _A.c.unit_id, _A.c.attempt_no, _A.c.state, _A.c.started_at,
                        _A.c.finished_at, _A.c.duration_ms, _A.c.score, _A.c.prediction,
                        _C.c.full_name, _E.c.attempt_id], **where)
             .join(_C, _C.c.id == _A.c.contestant_id).outerjoin(_E, counted)
             .order_by(_A.c.contestant_id, _A.c.attempt_no))
    units = dict(connection.execute(select(_U.c.unit_id, _U.c.name).where(
        _U.c.contest_id == where["contest_id"])).all())
    for (attempt_id, unit_id, number, state, started, finished, duration, score, prediction,
         name, counted_id) in connection.execute(query, execution_options={"yield_per": FETCH}):
        yield AttemptLine(
            name=name, unit=units.get(unit_id, ""), number=number, state=state.label,
            started_at=_local(started, zone), submitted_at=_local(finished, zone),
            duration_ms=duration, score=score, prediction=prediction,
            counted=counted_id == attempt_id)


def _local(moment, zone: ZoneInfo):
    return None if moment is None else moment.astimezone(zone).replace(tzinfo=None)

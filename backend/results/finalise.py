"""Finalising a board: rank it from what is stored, and when the ranking differs from the one
shown, write it as a new version beside it and take over in one short commit.

Reading and ranking happen on a read session (no write lock); the entries are then written
in batches, each its own short transaction, so that contestants saving answers in an open
round never wait long behind a ranking of 300,000 rows. Pages keep reading the old version
until the switch. Two finalises at once each write their own version; the first to switch
wins and the other drops its rows, so there is one result and one line in the history."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, text, update
from sqlmodel import Session

from backend.contests.models import Contest, Round
from backend.errors import Conflict, InvalidInput
from backend.flags.excluded import excluded_from_prizes
from backend.prepared import insert_row
from backend.results import candidates as source
from backend.results.models import ResultBoard, ResultChange, ResultEntry, ResultState
from backend.results.ranking import (
    Placed,
    Tier,
    actual_value,
    award,
    candidate,
    counted_attempts,
    place,
)
from backend.vntext import fold

BATCH = 5000
_B, _E = ResultBoard.__table__, ResultEntry.__table__
CHANGES_KEPT = 1000
_INSERT_ENTRY = insert_row(_E)


@dataclass(frozen=True)
class Outcome:
    board_id: int
    changed: bool
    version: int
    ranked: int
    actual_value: int | None
    changes: int = 0


def finalise_board(*, read: Session, write: Session, board_id: int, now: datetime,
                   actor_id: int | None = None, reason: str = "") -> Outcome:
    """Rank a board from the stored attempts (or, overall, from its rounds' boards)."""
    board = read.get(ResultBoard, board_id)
    contest = read.get(Contest, board.contest_id)
    rows, actual, shown = _ranked_rows(read, board, contest, now)
    digest = _digest(actual, rows)
    before = _current(read, board)
    read.commit()  # the read ends here: nothing stays open while the rows are written
    if board.version and digest == board.digest:
        return Outcome(board.id, False, board.version, len(rows), actual)
    if board.state is ResultState.OFFICIAL and not reason.strip():
        raise Conflict("Kết quả đã công bố chính thức: muốn thay đổi phải ghi rõ lý do. "
                       "Mọi thay đổi được lưu trong lịch sử kết quả.")
    version = _claim_version(write, board.id)
    for start in range(0, len(rows), BATCH):
        _write_entries(write.connection(), [dict(r, board_id=board.id, version=version)
                                             for r in rows[start:start + BATCH]])
        write.commit()
    changes = _differences(before, rows)
    switched = write.execute(
        update(_B).where(_B.c.id == board.id, _B.c.version == board.version)
        .values(version=version, digest=digest, actual_value=actual, ranked=len(rows),
                key_question_ids=shown, finalised_at=now, updated_at=now, problem="",
                state=_state_after_finalise(board.state))).rowcount
    if not switched:
        write.rollback()
        _drop_versions(write, board.id, lambda v: v == version)
        raise Conflict("Kết quả của vòng này vừa được người khác tổng hợp. Hãy tải lại trang.")
    write.add(ResultChange(
        board_id=board.id, at=now, actor_id=actor_id,
        action="amend" if board.state is ResultState.OFFICIAL else "finalise",
        reason=reason.strip(), from_version=board.version, to_version=version,
        details={"actual_value": actual, "ranked": len(rows), "changed": len(changes),
                 "changes": changes[:CHANGES_KEPT]}))
    write.commit()
    _drop_versions(write, board.id, lambda v: v < version)
    if write.get_bind().dialect.name == "postgresql":
        # Its statistics would otherwise not know the rows just written until autovacuum
        # comes by, and leaderboards and exports planned meanwhile scan instead of seek.
        write.execute(text("ANALYZE result_entry"))
        write.commit()
    return Outcome(board.id, True, version, len(rows), actual, len(changes))


def _write_entries(connection, rows: list[dict]) -> None:
    """PostgreSQL takes many rows fastest by COPY (one batch of 5,000: ~0.1 s where an
    executemany took ~1.4 s, see ARCHITECTURE.md); SQLite by the driver's executemany."""
    if connection.dialect.name != "postgresql":
        _INSERT_ENTRY.many(connection, rows)
        return
    names = [column.name for column in _E.columns if column.name != "id"]
    with connection.connection.cursor() as cursor, cursor.copy(
            f"COPY result_entry ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[name] for name in names])


def _state_after_finalise(state: ResultState) -> ResultState:
    return ResultState.FINALISED if state is ResultState.NOT_FINALISED else state


def _ranked_rows(session: Session, board: ResultBoard, contest: Contest, now: datetime
                 ) -> tuple[list[dict], int | None, list[int]]:
    people = source.people(session, contest.id)
    if board.round_id is not None:
        round_ = session.get(Round, board.round_id)
        if now < round_.closes_at:
            raise Conflict("Vòng thi chưa đóng: chỉ tổng hợp kết quả sau khi vòng kết thúc, "
                           "khi đã biết con số thực tế của câu dự đoán.")
        attempts = source.finished_attempts(session, round_.id, contest.id)
        shown = source.shown_questions(session, round_.id)
        actual = actual_value(attempts, board.prediction_target)
        counted = counted_attempts(attempts, board.counted_attempt).values()
        candidates = [candidate(a, group=people[a.contestant_id].group, actual=actual)
                      for a in counted]
    else:
        rounds = _earlier_boards(session, board)
        if not rounds:
            raise Conflict("Chưa vòng nào có kết quả tổng hợp để xếp hạng chung cuộc.")
        candidates = source.combined_rounds(session, rounds, board.combine,
                                            {cid: p.group for cid, p in people.items()})
        actual, shown = None, []
    # Passed over for prizes, still ranked: those the organisers excluded, and with one
    # prize per person those who won in an earlier round.
    flagged = excluded_from_prizes(session, contest.id)
    excluded = flagged | (_prize_winners(session, _earlier_boards(session, board))
                          if contest.one_prize_per_person else frozenset())
    rows, search_key = [], _search_keys()
    for group in _groups(contest, candidates):
        members = [c for c in candidates if c.group == group]
        tiers = [Tier(p["tier"], int(p["count"])) for p in board.prizes
                 if p.get("group", "") in ("", group)]
        _check_enough(group, tiers, len(members))
        placed = award(place(members, board.tie_breaks), tiers,
                       max_share=board.max_winner_share, excluded=excluded)
        rows.extend(_entry(p, people[p.candidate.contestant_id], search_key, flagged)
                    for p in placed)
    return rows, actual, shown


def _groups(contest: Contest, candidates) -> list[str]:
    present = {c.group for c in candidates}
    ordered = [g for g in contest.groups if g in present]
    return ordered + sorted(present - set(ordered))


def _check_enough(group: str, tiers: list[Tier], contestants: int) -> None:
    wanted = sum(t.count for t in tiers)
    if wanted > contestants:
        where = f" của bảng «{group}»" if group else ""
        raise InvalidInput(
            f"Cơ cấu giải thưởng{where} trao {wanted} giải nhưng chỉ có {contestants} thí sinh "
            "được xếp hạng. Hãy giảm số giải trong phần cài đặt kết quả rồi tổng hợp lại.")


def _search_keys():
    """fold() each distinct name once: names and units repeat across thousands of rows."""
    folded: dict[str, str] = {}

    def key(name: str, unit: str) -> str:
        for part in (name, unit):
            if part not in folded:
                folded[part] = fold(part)
        return f"{folded[name]} {folded[unit]}"[:400]
    return key


def _entry(p: Placed, person, search_key, flagged: frozenset[int]) -> dict:
    c = p.candidate
    return {"group_name": c.group, "position": p.position, "rank": p.rank, "tied": p.tied,
            "contestant_id": c.contestant_id, "attempt_id": c.attempt_id,
            "unit_id": person.unit_id, "full_name": person.full_name,
            "unit_name": person.unit_name, "block_name": person.block_name,
            "search_key": search_key(person.full_name, person.unit_name),
            "score": c.score, "max_score": c.max_score, "prediction": c.prediction,
            "distance": c.distance, "duration_ms": c.duration_ms, "started_at": c.started_at,
            "submitted_at": c.submitted_at, "prize": p.prize, "rounds": c.rounds,
            "prize_excluded": c.contestant_id in flagged}


def _digest(actual: int | None, rows: list[dict]) -> str:
    fields = ("group_name", "position", "rank", "tied", "contestant_id", "attempt_id", "unit_id",
              "score", "max_score", "prediction", "duration_ms", "prize")
    # Those excluded from prizes count only when there are any, so that the digest of a
    # board without them is the one it had before exclusions existed.
    excluded = [r["contestant_id"] for r in rows if r["prize_excluded"]]
    payload = json.dumps([actual, [[r[f] for f in fields] for r in rows],
                          *([excluded] if excluded else [])], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _current(session: Session, board: ResultBoard) -> dict[int, tuple]:
    if not board.version:
        return {}
    return {r.contestant_id: (r.rank, r.score, r.prize) for r in session.execute(
        select(_E.c.contestant_id, _E.c.rank, _E.c.score, _E.c.prize)
        .where(_E.c.board_id == board.id, _E.c.version == board.version))}


def _differences(before: dict[int, tuple], rows: list[dict]) -> list[dict]:
    """Who moved: rank, score or prize before and after, for the history."""
    changes = []
    after = {r["contestant_id"]: (r["rank"], r["score"], r["prize"]) for r in rows}
    for cid in sorted(before.keys() | after.keys()):
        old, new = before.get(cid), after.get(cid)
        if old != new:
            changes.append({"contestant_id": cid,
                            "before": dict(zip(("rank", "score", "prize"), old, strict=True))
                            if old else None,
                            "after": dict(zip(("rank", "score", "prize"), new, strict=True))
                            if new else None})
    return changes


def _claim_version(write: Session, board_id: int) -> int:
    version = write.execute(update(_B).where(_B.c.id == board_id)
                            .values(last_version=_B.c.last_version + 1)
                            .returning(_B.c.last_version)).scalar_one()
    write.commit()
    return version


def _drop_versions(write: Session, board_id: int, which) -> None:
    """Delete entries of versions no page reads any more, in short batches."""
    versions = [v for v in write.execute(select(_E.c.version).where(_E.c.board_id == board_id)
                                         .distinct()).scalars() if which(v)]
    write.commit()
    for version in versions:
        while True:
            ids = select(_E.c.id).where(_E.c.board_id == board_id, _E.c.version == version) \
                .limit(BATCH).scalar_subquery()
            gone = write.execute(delete(_E).where(_E.c.id.in_(ids))).rowcount
            write.commit()
            if gone < BATCH:
                break


def _earlier_boards(session: Session, board: ResultBoard) -> list[ResultBoard]:
    """The round boards ranked before this one: earlier rounds, or every round for the
    overall board; only those with entries."""
    query = (select(ResultBoard).join(Round, Round.id == ResultBoard.round_id)
             .where(ResultBoard.contest_id == board.contest_id, ResultBoard.version > 0)
             .order_by(Round.number))
    if board.round_id is not None:
        number = session.get(Round, board.round_id).number
        query = query.where(Round.number < number)
    return list(session.execute(query).scalars())


def _prize_winners(session: Session, boards: list[ResultBoard]) -> frozenset[int]:
    won = set()
    for board in boards:
        won.update(session.execute(select(_E.c.contestant_id).where(
            _E.c.board_id == board.id, _E.c.version == board.version,
            _E.c.prize.is_not(None))).scalars())
    return frozenset(won)

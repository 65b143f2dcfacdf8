"""Scoring finished attempts again after a ruling on one of their questions.

Every submitted or expired attempt is read on a read session (no write lock: a contest may
hold 300,000) and scored again in Python with the bank as it now stands; only the scores that
differ are written, in short transactions of BATCH attempts. Each write is guarded: by the
attempt's revision (an attempt changed since it was read is not overwritten, it is read and
scored again) and by the bank's version (if another ruling changed the bank meanwhile, the
pass starts over with the new bank). Scoring is a function of paper, answers and bank, so a
second pass writes nothing: re-scoring is idempotent, and a ruling repeated after an
interruption finishes what was left.
"""

import json
import re
import time
from dataclasses import dataclass

from sqlalchemy import Text, bindparam, cast, select, update
from sqlmodel import Session

from backend.attempts.models import Attempt, AttemptState
from backend.contests.models import Contest
from backend.errors import Conflict
from backend.questions import papers
from backend.questions.pool import pool_for
from backend.results.models import QuestionRuling
from backend.usecase import Reads

BATCH = 1000
# SQLite: as long as the batch held the one write lock, at least this, so that a contestant's
# waiting save gets in between two batches.
BATCH_PAUSE_S = 0.003
PASSES = 5
_A, _C, _R = Attempt.__table__, Contest.__table__, QuestionRuling.__table__
FINISHED = [AttemptState.SUBMITTED, AttemptState.EXPIRED]
# Executed for many rows at once: compiled once, one round of the driver's loop per batch.
_WRITE_SCORE = (update(_A).where(_A.c.id == bindparam("attempt_id"),
                                 _A.c.revision == bindparam("seen"))
                .values(score=bindparam("new_score"), revision=_A.c.revision + 1))


@dataclass(frozen=True)
class Change:
    attempt_id: int
    contestant_id: int
    before: int | None
    after: int
    revision: int
    round_id: int

    def recorded(self) -> dict:
        return {"attempt_id": self.attempt_id, "contestant_id": self.contestant_id,
                "before": self.before, "after": self.after}


@dataclass
class Plan:
    version: int
    held: int  # finished attempts whose paper holds the question
    rounds: set[int]
    changes: list[Change]
    watched: dict[int, int | None]


@dataclass(frozen=True)
class Rescored:
    rescored: int
    changes: list[dict]  # written by this call, each {"attempt_id", "contestant_id", ...}
    rounds: frozenset[int]  # rounds whose attempts held the question


def rescore(*, read: Session, write: Session, ruling_id: int, contest_id: int,
            question_id: int) -> Rescored:
    """Score again every finished attempt holding `question_id`, write what changed and
    record each change (before, after) in the ruling. The record is merged into what is
    stored, before the scores are written: an interrupted run leaves its intent on record,
    and two runs for the same ruling (a double click) keep each other's entries."""
    written: list[Change] = []
    missed: dict[int, int] = {}  # attempt id -> the score it was meant to get
    for _ in range(PASSES):
        plan = _plan(read, contest_id, question_id, watched=set(missed))
        entries = {c.attempt_id: c.recorded() for c in plan.changes}
        # A write missed because the attempt changed: unless it now has the score it was
        # meant to get (another run for this ruling wrote it), it was not this ruling's.
        entries |= {attempt_id: None for attempt_id, after in missed.items()
                    if attempt_id not in entries and plan.watched.get(attempt_id) != after}
        _save_record(write, ruling_id, entries, plan.held)
        missed = _apply(write, contest_id, plan)
        written += [c for c in plan.changes if c.attempt_id not in missed]
        if not missed:
            return Rescored(plan.held, [c.recorded() for c in written], frozenset(plan.rounds))
    raise Conflict("Điểm của một số bài thi thay đổi liên tục trong lúc chấm lại. Hãy xử lý "
                   "lại câu hỏi này như vừa làm: phần đã chấm được giữ nguyên, hệ thống chấm "
                   "nốt phần còn lại.")


def _plan(read: Session, contest_id: int, question_id: int, watched: set[int]) -> Plan:
    """Every finished attempt holding the question, scored with the bank as it stands, and
    the stored scores of the `watched` attempts."""
    version = read.scalar(select(_C.c.bank_version).where(_C.c.id == contest_id))
    pool = pool_for(db=Reads(read), contest_id=contest_id, version=version)
    plan = Plan(version, 0, set(), [], {})
    # Papers and answers as text, decoded only for the attempts that may hold the question:
    # those where its id stands as a number (an option's id may match too; decoding decides).
    mentions = re.compile(rf"(?<![0-9]){question_id}(?![0-9])").search
    rows = read.execute(
        select(_A.c.id, _A.c.contestant_id, _A.c.round_id, _A.c.revision, _A.c.score,
               cast(_A.c.paper, Text).label("paper"), cast(_A.c.answers, Text).label("answers"))
        .where(_A.c.contest_id == contest_id, _A.c.state.in_(FINISHED))
        .execution_options(yield_per=BATCH))
    for row in rows:
        if not mentions(row.paper):
            continue
        paper = json.loads(row.paper)
        if not any(entry[0] == question_id for entry in paper):
            continue
        plan.held += 1
        plan.rounds.add(row.round_id)
        if row.id in watched:
            plan.watched[row.id] = row.score
        after = papers.score(pool, paper, json.loads(row.answers or "{}"))
        if after != row.score:
            plan.changes.append(Change(row.id, row.contestant_id, row.score, after,
                                       row.revision, row.round_id))
    read.commit()
    return plan


def _apply(write: Session, contest_id: int, plan: Plan) -> dict[int, int]:
    """Write the planned scores in short batches; the attempts not written (changed since
    they were read, or the bank changed), with the score each was meant to get."""
    missed: dict[int, int] = {}
    for start in range(0, len(plan.changes), BATCH):
        batch = plan.changes[start:start + BATCH]
        began = time.monotonic()
        # FOR SHARE (PostgreSQL): a ruling changing the bank waits for this batch, or this
        # batch for it and then sees the new version.
        version = write.execute(select(_C.c.bank_version).where(_C.c.id == contest_id)
                                .with_for_update(read=True)).scalar_one()
        if version != plan.version:
            write.rollback()
            return missed | {c.attempt_id: c.after for c in plan.changes[start:]}
        lost = _write_scores(write, batch)
        write.commit()
        missed.update((c.attempt_id, c.after) for c in batch if c.attempt_id in lost)
        if write.get_bind().dialect.name == "sqlite":  # PostgreSQL writers do not queue
            time.sleep(max(BATCH_PAUSE_S, time.monotonic() - began))
    return missed


def _write_scores(write: Session, batch: list[Change]) -> set[int]:
    """The batch's scores, each only if its attempt is as it was read; the attempts whose
    score is not now the one planned (flushes, does not commit)."""
    written = write.execute(_WRITE_SCORE, [
        {"attempt_id": c.attempt_id, "seen": c.revision, "new_score": c.after}
        for c in batch]).rowcount
    if written == len(batch):
        return set()
    # Rare: read back, inside this transaction, which of them were written.
    now = {row.id: (row.revision, row.score) for row in write.execute(
        select(_A.c.id, _A.c.revision, _A.c.score)
        .where(_A.c.id.in_([c.attempt_id for c in batch])))}
    return {c.attempt_id for c in batch if now.get(c.attempt_id) != (c.revision + 1, c.after)}


def _save_record(write: Session, ruling_id: int, entries: dict[int, dict | None],
                 held: int) -> None:
    """Merge `entries` (by attempt; None removes one) into the ruling's stored record, in one
    transaction that holds the ruling's row."""
    if not entries:  # the record stays: no need to read it under the write lock
        write.execute(update(_R).where(_R.c.id == ruling_id, _R.c.rescored != held)
                      .values(rescored=held))
        write.commit()
        return
    stored = write.execute(select(_R.c.changes).where(_R.c.id == ruling_id)
                           .with_for_update()).scalar_one()
    record = {c["attempt_id"]: c for c in stored}
    for attempt_id, entry in entries.items():
        if entry is None:
            record.pop(attempt_id, None)
        else:
            record[attempt_id] = entry
    write.execute(update(_R).where(_R.c.id == ruling_id)
                  .values(changes=sorted(record.values(), key=lambda c: c["attempt_id"]),
                          rescored=held))
    write.commit()

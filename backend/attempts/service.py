"""The attempt lifecycle: start -> autosave -> submit, or expiry at the deadline.

Every rule is enforced here, so the pages, the JSON API and the expiry job cannot disagree.
Each public function is one short transaction; the "only one" rules are database constraints
and a request that loses a race gets the winner's outcome, never a duplicate.
"""

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import (
    JSON,
    Boolean,
    Integer,
    bindparam,
    cast,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend.accounts.models import AuthSession
from backend.attempts import papers
from backend.attempts.models import Attempt, AttemptEvent, AttemptState
from backend.contestants.models import Contestant
from backend.contestants.service import (
    ContestantRef,
    SignedIn,
    contestant_for_token,
    not_signed_in,
    signed_in_as,
)
from backend.contests.models import Contest, Round, RoundQuota
from backend.errors import Conflict, InvalidInput, NotFound
from backend.prepared import Prepared, insert_row
from backend.questions.pool import Pool, cached_pool_with, pool_for
from backend.ratelimit import Counting, Limit
from backend.versioned import VersionedCache

TRANSITIONS = {AttemptState.IN_PROGRESS: frozenset({AttemptState.SUBMITTED,
                                                     AttemptState.EXPIRED})}
MAX_OPTIONS_PER_ANSWER = 6
_A, _E = Attempt.__table__, AttemptEvent.__table__
_C, _R, _Q = Contest.__table__, Round.__table__, RoundQuota.__table__
_S, _P = AuthSession.__table__, Contestant.__table__
# Statements built once: the hot path (start, save, submit, result) runs them prepared (see
# backend/prepared.py), without the ORM's unit of work, which costs milliseconds a request here.
_ANY_WORKING = (select(_A, _C.c.bank_version, _R.c.prediction_prompt)
                .join(_C, _C.c.id == _A.c.contest_id).join(_R, _R.c.id == _A.c.round_id)
                .where(_A.c.id == bindparam("attempt_id")))
# The same, only if the session token sent (see SignedIn) belongs to the attempt's contestant.
_ANY_SIGNED_IN = _ANY_WORKING.where(signed_in_as(_A.c.contestant_id))
_WORKING, _WORKING_LOCKED = Prepared(_ANY_WORKING), Prepared(_ANY_WORKING.with_for_update(of=_A))
_SIGNED_IN, _SIGNED_IN_LOCKED = (Prepared(_ANY_SIGNED_IN),
                                 Prepared(_ANY_SIGNED_IN.with_for_update(of=_A)))
_LOCKED = Prepared(select(_A.c.state, _A.c.answers, _A.c.prediction)
                   .where(_A.c.id == bindparam("attempt_id")).with_for_update())


def _round_read(contestant_id):
    """The round, with the contestant's attempt in progress (in any round) and how many
    attempts they made in this one."""
    return (select(_R, _C.c.bank_version, _C.c.is_published,
                   select(func.max(_A.c.id))
                   .where(_A.c.contestant_id == contestant_id,
                          _A.c.state == AttemptState.IN_PROGRESS)
                   .scalar_subquery().label("open_id"),
                   select(func.count()).select_from(_A)
                   .where(_A.c.contestant_id == contestant_id, _A.c.round_id == _R.c.id)
                   .scalar_subquery().label("used"))
            .where(_R.c.id == bindparam("round_id")))


_ROUND = Prepared(_round_read(bindparam("contestant_id")).join(_C, _C.c.id == _R.c.contest_id))
# The same for the contestant whose live session token was sent (see SignedIn), who they are
# included: a start reads it all in one query. No row: a bad token, or not their contest's round.
_ROUND_SIGNED_IN = Prepared(
    _round_read(_S.c.contestant_id)
    .add_columns(_S.c.contestant_id.label("who_id"), _P.c.unit_id.label("who_unit_id"),
                 _P.c.full_name.label("who_name"))
    .select_from(_S).join(_P, _P.c.id == _S.c.contestant_id)
    .join(_R, _R.c.contest_id == _P.c.contest_id).join(_C, _C.c.id == _R.c.contest_id)
    .where(_S.c.id == bindparam("digest"), _S.c.revoked_at.is_(None),
           _S.c.expires_at > bindparam("now")))
_QUOTAS = Prepared(select(_Q.c.topic, _Q.c.difficulty, _Q.c.count).where(
    _Q.c.round_id == bindparam("round_id")))
# A round's quotas change only with its rules_version (see contests.service.update_round).
_quotas: VersionedCache[int, list] = VersionedCache()
_SAVE = Prepared(update(_A).where(_A.c.id == bindparam("attempt_id"),
                                  _A.c.state == AttemptState.IN_PROGRESS)
                 .values(answers=bindparam("v_answers"), answers_saved_at=bindparam("v_saved_at"),
                         prediction=bindparam("v_prediction")))
_IN_PROGRESS = (_A.c.id == bindparam("attempt_id"), _A.c.state == AttemptState.IN_PROGRESS)
_FINISHED = {name: bindparam(f"v_{name}") for name in (
    "state", "finished_at", "answers", "prediction", "score", "submit_key", "duration_ms")}
_FINISH = Prepared(update(_A).where(*_IN_PROGRESS).values(_FINISHED))
_START, _EVENT = insert_row(_A, returning=_A.c.id), insert_row(_E)
# PostgreSQL: a save in one statement. The UPDATE merges the answers (jsonb ||) under the row
# lock it takes itself, only while the attempt is in progress, and its CTE logs the event:
# both or neither, with no BEGIN and COMMIT around them.
_MERGED = {"answers": cast(cast(_A.c.answers, JSONB).op("||", return_type=JSONB)(
               bindparam("patch", type_=JSONB)), JSON),
           "answers_saved_at": bindparam("saved_at"),
           "prediction": func.coalesce(bindparam("prediction", type_=Integer), _A.c.prediction)}
_SAVED = (update(_A).where(_A.c.id == bindparam("attempt_id"),
                           _A.c.state == AttemptState.IN_PROGRESS)
          .values(_MERGED).returning(_A.c.id, _A.c.answers).cte("saved"))
# A save with its checks in the statement itself, so that no read comes first: the token's,
# the deadline's (with its grace), and the bank's version (whose rules the answers were
# checked against). On PostgreSQL also that the paper has every question and option answered
# (the paper as {question: options} contains the answers: jsonb @>), so the statement can
# commit by itself; SQLite returns the paper to be checked before its transaction commits.
def _save_checked(answers, *conditions):
    return (update(_A).where(
        _A.c.id == bindparam("attempt_id"), _A.c.state == AttemptState.IN_PROGRESS,
        _A.c.deadline_at >= bindparam("cutoff"), signed_in_as(_A.c.contestant_id),
        select(_C.c.bank_version).where(_C.c.id == _A.c.contest_id).scalar_subquery()
        == bindparam("bank_version"), *conditions)
        .values({**_MERGED, "answers": answers}))


_elements = (func.jsonb_array_elements(cast(_A.c.paper, JSONB))
             .table_valued("value", joins_implicitly=True).alias("e"))
_PAPER_OPTIONS = select(func.jsonb_object_agg(_elements.c.value.op("->>")(0),
                                              _elements.c.value.op("->")(1))).scalar_subquery()
_SAVED_CHECKED = (_save_checked(_MERGED["answers"], _PAPER_OPTIONS.op(
                      "@>", return_type=Boolean)(bindparam("patch", type_=JSONB)))
                  .returning(_A.c.id, _A.c.answers, _A.c.deadline_at).cte("saved"))
_SAVE_CHECKED_SQLITE = Prepared(
    _save_checked(func.json_patch(_A.c.answers, bindparam("patch", type_=JSON)))
    .returning(_A.c.answers, _A.c.deadline_at, _A.c.paper))


def _and_log(changed, kind) -> Prepared:
    """PostgreSQL: the `changed` rows (a CTE of an UPDATE .. RETURNING id), each logged as an
    accepted `kind` event (a literal, or a bindparam), in the same statement."""
    return Prepared(select(*changed.c).add_cte(
        insert(_E).from_select(
            ["attempt_id", "at", "kind", "accepted", "payload"],
            select(changed.c.id, bindparam("logged_at", type_=_E.c.at.type), kind,
                   literal(True), bindparam("payload", type_=JSON)))
        .cte("logged")))


_SAVE_AND_LOG = _and_log(_SAVED, literal("save"))
_CHECKED_SAVE_AND_LOG = _and_log(_SAVED_CHECKED, literal("save"))
# PostgreSQL: a submit in one statement, guarded by the answers and prediction it was scored
# on. If a save got in after they were read, nothing changes and the locked path takes over.
_FINISH_AND_LOG = _and_log(
    update(_A).where(*_IN_PROGRESS,
                     cast(_A.c.answers, JSONB) == bindparam("read_answers", type_=JSONB),
                     _A.c.prediction.is_not_distinct_from(
                         bindparam("read_prediction", type_=Integer)))
    .values(_FINISHED).returning(_A.c.id).cte("finished"),
    literal(AttemptState.SUBMITTED.value))


def _run(session: Session, statement: Prepared, **params):
    return statement(session.connection(), params)


def _log(session: Session, attempt_id: int, now: datetime, kind: str, payload: dict,
         accepted: bool = True) -> None:
    _run(session, _EVENT, attempt_id=attempt_id, at=now, kind=kind, accepted=accepted,
         payload=payload)


@dataclass
class AttemptView:
    """An attempt as its contestant may see it: never which option is correct."""

    id: int
    round_id: int
    attempt_no: int
    state: AttemptState
    started_at: datetime
    deadline_at: datetime
    finished_at: datetime | None
    duration_ms: int | None
    score: int | None
    question_count: int
    answers: dict
    prediction: int | None
    questions: list[dict] | None
    multiple_answers: bool
    prediction_prompt: str | None = None
    resumed: bool = False


def _deadline_passed(deadline_at: datetime, now: datetime, grace_seconds: int) -> bool:
    return now > deadline_at + timedelta(seconds=grace_seconds)


def start_counting(*, limiter, settings, contestant_id: int, ip: str, now, session,
                   read=None) -> Counting:
    """Starts per IP and per contestant, counted across every worker (see Counting): wrap
    `start_attempt` in it and pass it in, so the count joins the attempt's own write."""
    window = settings.contest_limit_window_seconds
    return Counting(limiter, [Limit(f"start:ip:{ip}", settings.start_per_ip, window),
                              Limit(f"start:contestant:{contestant_id}",
                                    settings.start_per_contestant, window)],
                    now=now, message="Bạn bắt đầu lượt thi quá nhiều lần.", session=session,
                    read=read)


def start_signed_in(*, session: Session, signed_in: SignedIn, round_id: int, now: datetime,
                    grace_seconds: int, read: Session,
                    counting: Callable[[int], Counting],
                    autocommit=None) -> AttemptView:
    """`start_attempt` for the contestant whose session token was sent: who they are, the
    round and their attempts in one query. `counting(contestant_id)` meters the request."""
    if not signed_in.usable:
        raise not_signed_in()
    row = _run(read, _ROUND_SIGNED_IN, round_id=round_id, **signed_in.parameters()).first()
    if row is not None:
        contestant = ContestantRef(row.who_id, row.contest_id, row.who_unit_id, row.who_name)
    else:
        contestant = contestant_for_token(session=read, token=signed_in.token, now=now)
        if contestant is None:
            raise not_signed_in()
    with counting(contestant.id) as counted:
        return start_attempt(session=session, contestant=contestant, round_id=round_id, now=now,
                             grace_seconds=grace_seconds, read=read, counting=counted,
                             autocommit=autocommit, known=row)


def start_attempt(*, session: Session, contestant: ContestantRef, round_id: int, now: datetime,
                  grace_seconds: int, read: Session | None = None,
                  counting: Counting | None = None, autocommit=None,
                  known=None) -> AttemptView:
    """Start an attempt in an open round, or hand back the one already in progress.
    Everything but the insert is read from `read` (on SQLite a connection that takes no write
    lock); the "only one" rules are unique indexes, so a stale read can only lose a race.
    Given a PostgreSQL `autocommit` connection, the insert (a statement atomic by itself)
    runs there, with no BEGIN and COMMIT around it. `known` is the round as
    `start_signed_in` read it."""
    read = read or session
    row = known if known is not None else _run(read, _ROUND, round_id=round_id,
                                               contestant_id=contestant.id).first()
    if row is None or row.contest_id != contestant.contest_id or not row.is_published:
        raise NotFound("Không tìm thấy tuần thi này.")
    if now < row.opens_at:
        raise Conflict("Tuần thi chưa mở. Vui lòng quay lại khi đến giờ mở.", code="round_closed")
    if now >= row.closes_at:
        raise Conflict("Tuần thi đã kết thúc, không thể bắt đầu lượt thi mới.",
                       code="round_closed")
    open_id, used = row.open_id, row.used
    if open_id is not None:
        read.commit()
        view = _open_or_expire(session, open_id, now, grace_seconds)
        if view is not None:
            session.commit()
            return view
    if row.max_attempts is not None and used >= row.max_attempts:
        raise Conflict(f"Bạn đã dùng hết {row.max_attempts} lượt thi của tuần thi này.",
                       code="no_attempts_left")
    pool = pool_for(session=read, contest_id=row.contest_id, version=row.bank_version)
    quotas = _quotas.get(round_id, row.rules_version, lambda: [
        tuple(q) for q in _run(read, _QUOTAS, round_id=round_id)])
    read.commit()
    paper = papers.draw_paper(pool, question_count=row.question_count, quotas=quotas)
    values = {
        "contest_id": row.contest_id, "round_id": round_id, "contestant_id": contestant.id,
        "unit_id": contestant.unit_id, "attempt_no": used + 1, "state": AttemptState.IN_PROGRESS,
        "started_at": now, "question_count": len(paper), "paper": paper, "answers": {},
        "deadline_at": min(now + timedelta(seconds=row.time_limit_seconds), row.closes_at),
        "finished_at": None, "duration_ms": None, "score": None, "prediction": None,
    }
    writer = autocommit or session
    try:
        if counting is not None:
            counting.before_write(writer)
        attempt_id = _run(writer, _START, **values, answers_saved_at=None,
                          submit_key=None).scalar()
        writer.commit()
    except IntegrityError:
        # Another request of this contestant started one first: theirs is the attempt.
        writer.rollback()
        if counting is not None:
            counting.rolled_back()
            counting.before_write(session)
        open_id = session.scalar(select(Attempt.id).where(
            Attempt.contestant_id == contestant.id, Attempt.state == AttemptState.IN_PROGRESS))
        if open_id is None:
            raise Conflict("Lượt thi vừa được tạo ở một thiết bị khác. Vui lòng thử lại.",
                           code="start_race") from None
        view = _view(_working_row(session, open_id), pool, row.prediction_prompt,
                     resumed=True)
        session.commit()
        return view
    return _view(_Values(id=attempt_id, **values), pool, row.prediction_prompt)


@dataclass
class _Values:
    """An attempt as just written, shaped like a row for `_view`."""

    id: int
    contest_id: int
    round_id: int
    contestant_id: int
    unit_id: int
    attempt_no: int
    state: AttemptState
    started_at: datetime
    deadline_at: datetime
    question_count: int
    paper: list
    answers: dict
    finished_at: datetime | None = None
    duration_ms: int | None = None
    score: int | None = None
    prediction: int | None = None


def _open_or_expire(session: Session, attempt_id: int, now: datetime,
                    grace_seconds: int) -> AttemptView | None:
    """The attempt in progress to resume, or None after finishing it if its time is up."""
    work = _working_row(session, attempt_id)
    if not _deadline_passed(work.deadline_at, now, grace_seconds):
        return _view(work, _pool(session, work), work.prediction_prompt, resumed=True)
    _finish(session, work, AttemptState.EXPIRED, now=now, answers=work.answers,
            prediction=work.prediction)
    session.commit()
    return None


def attempt_view(*, session: Session, attempt_id: int, contestant_id: int | None = None,
                 now: datetime, grace_seconds: int, read: Session | None = None,
                 signed_in: SignedIn | None = None) -> AttemptView:
    """An attempt of this contestant: the paper with saved answers while in progress (after a
    reload or on another phone), the result once finished. Overdue attempts finish here, so
    `session` must be one that may write; `read` serves the common case without a lock.
    The contestant is given by id, or `signed_in` (checked in the same read)."""
    read = read or session
    owner = signed_in or contestant_id
    work = _owned(read, attempt_id, owner)
    pool = _pool(read, work)
    read.commit()
    if work.state == AttemptState.IN_PROGRESS and _deadline_passed(work.deadline_at, now,
                                                                    grace_seconds):
        work = _owned(session, attempt_id, owner, lock=True)
        if work.state == AttemptState.IN_PROGRESS:
            _finish(session, work, AttemptState.EXPIRED, now=now, answers=work.answers,
                    prediction=work.prediction)
            session.commit()
            work = _owned(session, attempt_id, owner)
        session.commit()
    return _view(work, pool, work.prediction_prompt)


@dataclass
class Saved:
    attempt_id: int
    saved_at: datetime
    deadline_at: datetime
    answers: dict


def save_answers(*, session: Session, attempt_id: int, contestant_id: int | None = None,
                 answers: dict[int, list[int]], prediction: int | None, now: datetime,
                 grace_seconds: int, read: Session | None = None,
                 signed_in: SignedIn | None = None, autocommit=None) -> Saved:
    """Save answer changes (a later save of a question replaces an earlier one). After the
    deadline and its grace they are refused, logged, and the attempt is finished as it was.
    A contestant known by their token (`signed_in`) is first saved for with no read before
    (see _save_at_once); whatever that does not save takes the path below, which reads the
    attempt, then saves or says why. The paper and the deadline never change: with a
    lock-free `read` (SQLite) they are checked before the write lock; without one the attempt
    is read once, locked (see _for_write). Given a PostgreSQL `autocommit` connection, the
    attempt is read there and the save is one statement that merges the answers under the
    row's own lock and logs the event."""
    owner = signed_in or contestant_id
    payload = {"answers": {str(k): v for k, v in answers.items()}, "prediction": prediction}
    if signed_in is not None:
        saved = _save_at_once(autocommit or session, attempt_id, signed_in, answers,
                              prediction, now, grace_seconds, payload,
                              autocommit=autocommit is not None)
        if saved is not None:
            return saved
    if autocommit is not None:
        work = _owned(autocommit, attempt_id, owner)
        pool, current = _pool(autocommit, work), None
    else:
        work, pool, current = _for_write(session, read, attempt_id, owner)
    if work.state != AttemptState.IN_PROGRESS:
        session.rollback()
        raise _finished_already()
    if _deadline_passed(work.deadline_at, now, grace_seconds):
        _refuse_late(session, work, now, payload)
    checked = _checked_answers(work.paper, answers, pool)
    if autocommit is not None:
        saved = _run(autocommit, _SAVE_AND_LOG, attempt_id=attempt_id, patch=checked,
                     saved_at=now, logged_at=now, prediction=prediction, payload=payload).first()
        if saved is None:
            raise _finished_already()
        return Saved(attempt_id=attempt_id, saved_at=now, deadline_at=work.deadline_at,
                     answers=saved.answers)
    current = current or _run(session, _LOCKED, attempt_id=attempt_id).first()
    if current is None or current.state != AttemptState.IN_PROGRESS:
        session.rollback()
        raise _finished_already()
    merged = {**current.answers, **checked}
    _run(session, _SAVE, attempt_id=attempt_id, v_answers=merged, v_saved_at=now,
         v_prediction=current.prediction if prediction is None else prediction)
    _log(session, attempt_id, now, "save", payload)
    session.commit()
    return Saved(attempt_id=attempt_id, saved_at=now, deadline_at=work.deadline_at,
                 answers=merged)


def _save_at_once(writer, attempt_id: int, signed_in: SignedIn, answers: dict,
                  prediction: int | None, now: datetime, grace_seconds: int, payload: dict,
                  *, autocommit: bool) -> Saved | None:
    """A save in time of answers on the paper, with no read before it (see _save_checked),
    when this worker holds the bank of the questions answered: on PostgreSQL one statement in
    autocommit, on SQLite one write transaction. None when the statement found nothing to
    change or a rule was broken: the path that reads first then does the save or says why."""
    pool = cached_pool_with(next(iter(answers))) if answers and signed_in.usable else None
    if pool is None:
        return None
    try:
        patch = _picked(answers, pool)
    except InvalidInput:
        return None
    params = {"attempt_id": attempt_id, "patch": patch, "saved_at": now,
              "cutoff": now - timedelta(seconds=grace_seconds), "bank_version": pool.version,
              "prediction": prediction, **signed_in.parameters()}
    if autocommit:
        row = _run(writer, _CHECKED_SAVE_AND_LOG, logged_at=now, payload=payload,
                   **params).first()
    else:
        row = _run(writer, _SAVE_CHECKED_SQLITE, **params).first()
        if row is None or _off_paper(row.paper, answers) is not None:
            writer.rollback()
            return None
        _log(writer, attempt_id, now, "save", payload)
        writer.commit()
    if row is None:
        return None
    return Saved(attempt_id=attempt_id, saved_at=now, deadline_at=row.deadline_at,
                 answers=row.answers)


def _finished_already() -> Conflict:
    return Conflict("Bài thi này đã được nộp; câu trả lời mới không được ghi nhận.",
                    code="attempt_finished")


def submit_attempt(*, session: Session, attempt_id: int, contestant_id: int | None = None,
                   answers: dict[int, list[int]] | None, prediction: int | None,
                   idempotency_key: str | None, now: datetime,
                   grace_seconds: int, read: Session | None = None,
                   signed_in: SignedIn | None = None, autocommit=None) -> AttemptView:
    """Hand in an attempt. Idempotent: repeats, retries and parallel calls all get the one
    stored result. After the deadline and its grace the attempt is finished as last saved.
    Given a PostgreSQL `autocommit` connection, an attempt in progress and in time is handed
    in by one statement after one read (see _FINISH_AND_LOG); anything else (a repeat, a late
    submit, a save that got in between) takes the locked path below."""
    owner = signed_in or contestant_id
    if autocommit is not None:
        done = _submit_at_once(autocommit, attempt_id, owner, answers, prediction,
                               idempotency_key, now, grace_seconds)
        if done is not None:
            return done
    work, pool, current = _for_write(session, read, attempt_id, owner)
    if work.state != AttemptState.IN_PROGRESS:
        session.rollback()
        return _view(work, pool, work.prediction_prompt)
    payload = _submitted(answers, prediction, idempotency_key)
    if _deadline_passed(work.deadline_at, now, grace_seconds):
        _refuse_late(session, work, now, payload)
    checked = _checked_answers(work.paper, answers or {}, pool)
    current = current or _run(session, _LOCKED, attempt_id=attempt_id).first()
    if current.state != AttemptState.IN_PROGRESS:
        # Another submit won while this one was checking: everyone gets its result.
        stored = _owned(session, attempt_id, owner)
        session.rollback()
        return _view(stored, pool, work.prediction_prompt)
    try:
        final, prediction = _handed_in(current, checked, prediction, work.prediction_prompt)
    except InvalidInput:
        session.rollback()
        raise
    done = _finish(session, work, AttemptState.SUBMITTED, now=now, answers=final,
                   prediction=prediction, key=idempotency_key, payload=payload)
    # The row lock (or SQLite's write lock) taken for `current` means the update above won.
    session.commit()
    return _view(done, pool, work.prediction_prompt)


def _submit_at_once(autocommit, attempt_id: int, owner, answers: dict | None,
                    prediction: int | None, key: str | None, now: datetime,
                    grace_seconds: int) -> AttemptView | None:
    work = _owned(autocommit, attempt_id, owner)
    if (work.state != AttemptState.IN_PROGRESS
            or _deadline_passed(work.deadline_at, now, grace_seconds)):
        return None
    pool = _pool(autocommit, work)
    final, chosen = _handed_in(work, _checked_answers(work.paper, answers or {}, pool),
                               prediction, work.prediction_prompt)
    payload = _submitted(answers, prediction, key)
    finished = _finished(work, AttemptState.SUBMITTED, now=now, answers=final,
                         prediction=chosen, pool=pool)
    row = _run(autocommit, _FINISH_AND_LOG, attempt_id=attempt_id, read_answers=work.answers,
               read_prediction=work.prediction, logged_at=now, payload=payload,
               v_submit_key=key, **{f"v_{name}": value for name, value in finished.items()})
    if row.first() is None:
        return None
    return _view(_as_finished(work, finished), pool, work.prediction_prompt)


def _submitted(answers: dict | None, prediction: int | None, key: str | None) -> dict:
    """A submit as logged: what the request sent."""
    return {"answers": {str(k): v for k, v in (answers or {}).items()},
            "prediction": prediction, "key": key}


def _handed_in(stored, checked: dict, prediction: int | None,
               prompt: str | None) -> tuple[dict, int | None]:
    """The answers and prediction a submit hands in: the `stored` ones (as last saved) with
    the submit's own on top. A round that asks for a prediction needs one."""
    chosen = prediction if prediction is not None else stored.prediction
    if chosen is None and prompt is not None:
        raise InvalidInput("Bạn chưa trả lời câu hỏi dự đoán.", code="prediction_required")
    return {**stored.answers, **checked}, chosen


def expire_overdue(*, session: Session, now: datetime, grace_seconds: int,
                   limit: int = 500) -> int:
    """Finish every attempt left open past its deadline and grace, as at its deadline, with
    its saved answers. Safe to run from several processes: each attempt finishes once."""
    cutoff = now - timedelta(seconds=grace_seconds)
    ids = session.scalars(select(Attempt.id).where(
        Attempt.state == AttemptState.IN_PROGRESS, Attempt.deadline_at < cutoff)
        .order_by(Attempt.deadline_at).limit(limit)).all()
    session.rollback()
    finished = 0
    for attempt_id in ids:
        work = _working_row(session, attempt_id)
        if _finish(session, work, AttemptState.EXPIRED, now=now, answers=work.answers,
                   prediction=work.prediction):
            finished += 1
        session.commit()
    return finished


def attempts_of(*, session: Session, contestant_id: int) -> list[Attempt]:
    """A contestant's attempts, newest first."""
    return list(session.scalars(select(Attempt).where(Attempt.contestant_id == contestant_id)
                                .order_by(Attempt.id.desc())))


def _finish(session: Session, work, to: AttemptState, *, now: datetime, answers: dict,
            prediction: int | None, key: str | None = None, payload: dict | None = None):
    """The one transition out of "in progress": the attempt as finished, or None when another
    request got there first. Expiry is recorded as finishing at the deadline, whenever the
    sweep happens to run."""
    finished = _finished(work, to, now=now, answers=answers, prediction=prediction,
                         pool=_pool(session, work))
    if _run(session, _FINISH, attempt_id=work.id, v_submit_key=key,
            **{f"v_{name}": value for name, value in finished.items()}).rowcount != 1:
        return None
    _log(session, work.id, now, to.value,
         payload or {"finished_at": finished["finished_at"].isoformat()})
    return _as_finished(work, finished)


def _finished(work, to: AttemptState, *, now: datetime, answers: dict,
              prediction: int | None, pool: Pool) -> dict:
    """The columns an attempt leaving "in progress" for `to` gets."""
    if to not in TRANSITIONS[AttemptState.IN_PROGRESS]:
        raise ValueError(f"no transition from in_progress to {to}")
    finished_at = work.deadline_at if to == AttemptState.EXPIRED else now
    return {"state": to, "finished_at": finished_at, "answers": answers, "prediction": prediction,
            "score": papers.score(pool, work.paper, answers),
            "duration_ms": int((finished_at - work.started_at).total_seconds() * 1000)}


def _as_finished(work, finished: dict) -> "_Values":
    kept = {f.name: getattr(work, f.name) for f in fields(_Values)}
    return _Values(**{**kept, **finished})


def _refuse_late(session: Session, work, now: datetime, payload: dict) -> None:
    _log(session, work.id, now, "late", payload, accepted=False)
    _finish(session, work, AttemptState.EXPIRED, now=now, answers=work.answers,
            prediction=work.prediction)
    session.commit()
    raise Conflict("Đã hết giờ làm bài. Câu trả lời gửi sau hạn chót (kể cả thời gian chờ mạng) "
                   "không được tính; bài đã được nộp với các câu trả lời đã lưu trước đó.",
                   code="deadline_passed",
                   extra={"attempt_id": work.id, "deadline_at": work.deadline_at.isoformat()})


def _owned(session: Session, attempt_id: int, owner: "int | SignedIn", *, lock: bool = False):
    """The attempt if it belongs to `owner`: a contestant id, or a session token checked in
    the same query (then a token that is no longer valid answers 401, not 404)."""
    if isinstance(owner, SignedIn):
        if not owner.usable:
            raise not_signed_in()
        statement = _SIGNED_IN_LOCKED if lock else _SIGNED_IN
        work = _run(session, statement, attempt_id=attempt_id, **owner.parameters()).first()
        if work is None and contestant_for_token(session=session, token=owner.token,
                                                 now=owner.now) is None:
            raise not_signed_in()
    else:
        statement = _WORKING_LOCKED if lock else _WORKING
        work = _run(session, statement, attempt_id=attempt_id).first()
        if work is not None and work.contestant_id != owner:
            work = None
    if work is None:
        raise NotFound("Không tìm thấy lượt thi này.")
    return work


def _for_write(session: Session, read: Session | None, attempt_id: int, owner):
    """(attempt, bank, locked row or None) for a save or a submit. With a lock-free `read`
    (SQLite, where every write waits for the one write lock) the attempt is checked there and
    its current answers re-read under the lock later. Without one (PostgreSQL, which locks
    just the row) it is read once, locked, in the write transaction: one statement fewer."""
    if read is None or read is session:
        work = _owned(session, attempt_id, owner, lock=True)
        return work, _pool(session, work), work
    work = _owned(read, attempt_id, owner)
    pool = _pool(read, work)
    read.commit()
    return work, pool, None


def _working_row(session: Session, attempt_id: int):
    return _run(session, _WORKING, attempt_id=attempt_id).one()


def _pool(session: Session, work) -> Pool:
    return pool_for(session=session, contest_id=work.contest_id, version=work.bank_version)


def _checked_answers(paper: list, answers: dict[int, list[int]], pool: Pool) -> dict:
    """Answers keyed as stored, refused unless every question and option is on this paper."""
    off_paper = _off_paper(paper, answers)
    if off_paper is not None:
        raise off_paper
    return _picked(answers, pool)


def _off_paper(paper: list, answers: dict[int, list[int]]) -> InvalidInput | None:
    """What is wrong when a question or an option answered is not on this paper."""
    options = {qid: set(option_ids) for qid, option_ids in paper}
    for qid, chosen in answers.items():
        if qid not in options:
            return InvalidInput(f"Câu hỏi số {qid} không có trong đề thi của bạn.",
                                code="unknown_question")
        if not options[qid].issuperset(chosen):
            return _unknown_option()
    return None


def _picked(answers: dict[int, list[int]], pool: Pool) -> dict:
    """Answers keyed as stored, each option once; refused when a question gets more options
    than any has, or several where every question of the bank has one correct option."""
    checked = {}
    for qid, chosen in answers.items():
        picked = list(dict.fromkeys(chosen))
        if len(picked) > MAX_OPTIONS_PER_ANSWER:
            raise _unknown_option()
        if len(picked) > 1 and not pool.multiple_answers:
            raise InvalidInput("Mỗi câu chỉ được chọn một phương án.", code="one_option_only")
        checked[str(qid)] = picked
    return checked


def _unknown_option() -> InvalidInput:
    return InvalidInput("Có phương án không thuộc câu hỏi này trong đề của bạn.",
                        code="unknown_option")


def _view(attempt: Attempt, pool: Pool, prompt: str | None, *,
          resumed: bool = False) -> AttemptView:
    in_progress = attempt.state == AttemptState.IN_PROGRESS
    return AttemptView(
        id=attempt.id, round_id=attempt.round_id, attempt_no=attempt.attempt_no,
        state=attempt.state, started_at=attempt.started_at, deadline_at=attempt.deadline_at,
        finished_at=attempt.finished_at, duration_ms=attempt.duration_ms,
        score=None if in_progress else attempt.score, question_count=attempt.question_count,
        answers=attempt.answers if in_progress else {}, prediction=attempt.prediction,
        questions=papers.public_paper(pool, attempt.paper) if in_progress else None,
        multiple_answers=pool.multiple_answers, prediction_prompt=prompt, resumed=resumed,
    )

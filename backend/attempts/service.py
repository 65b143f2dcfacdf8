"""The attempt lifecycle: start -> autosave -> submit, or expiry at the deadline.

Every rule is enforced here (rules.py), so the pages, the JSON API and the expiry job cannot
disagree. A use case takes the `Writes` it may use (backend/usecase.py) and the contestant's
session token (`SignedIn`), checked in the statements themselves. Writes are single guarded
statements: one that breaks a rule changes nothing, and only then is the attempt read to say
why. The "only one" rules are database constraints; a request that loses a race gets the
winner's outcome, never a duplicate.
"""

from datetime import datetime, timedelta
from types import SimpleNamespace

from sqlalchemy.exc import IntegrityError

from backend.accounts.tokens import LIVE_SESSION, SignedIn
from backend.attempts import rules
from backend.attempts import statements as sql
from backend.attempts.models import AttemptState
from backend.attempts.scoring import finished_columns
from backend.attempts.views import AttemptView, Saved, summary_of, view_of
from backend.config import Settings
from backend.contests.models import RoundStatus, round_status
from backend.errors import Conflict, NotFound, NotSignedIn
from backend.questions import papers
from backend.questions.pool import Pool, cached_pool_with, pool_for
from backend.ratelimit import Limit
from backend.usecase import Reads, Writes
from backend.versioned import VersionedCache

# A round's quotas change only with its rules_version (see contests.service.update_round).
_quotas: VersionedCache[int, list] = VersionedCache()
TRIES = 3  # a write decided on a row that changed meanwhile is decided again, this often


def not_signed_in() -> NotSignedIn:
    return NotSignedIn("Bạn cần đăng nhập để dự thi.")


def start_attempt(*, db: Writes, who: SignedIn, round_id: int, now: datetime, ip: str,
                  settings: Settings) -> AttemptView:
    """Start an attempt in an open round, or hand back the one already in progress. Metered
    per contestant and per address."""
    row = db.read(sql.ROUND_FOR_START, round_id=round_id, **who.parameters(now)).first()
    contestant_id = row.who_id if row is not None else _contestant_of(db, who, now)
    window = settings.contest_limit_window_seconds
    db.count([Limit(f"start:ip:{ip}", settings.start_per_ip, window),
              Limit(f"start:contestant:{contestant_id}", settings.start_per_contestant, window)],
             now=now, message="Bạn bắt đầu lượt thi quá nhiều lần.")
    if row is None or not row.is_published:
        raise NotFound("Không tìm thấy tuần thi này.")
    status = round_status(row, now)
    if status is RoundStatus.UPCOMING:
        raise Conflict("Tuần thi chưa mở. Vui lòng quay lại khi đến giờ mở.", code="round_closed")
    if status is RoundStatus.CLOSED:
        raise Conflict("Tuần thi đã kết thúc, không thể bắt đầu lượt thi mới.",
                       code="round_closed")
    cutoff = rules.deadline_cutoff(now, settings.answer_grace_seconds)
    if row.open_id is not None:
        resumed = _resume(db, who, row.open_id, now, cutoff)
        if resumed is not None:
            return resumed
    if rules.attempts_left(row.max_attempts, row.used) == 0:
        raise Conflict(f"Bạn đã dùng hết {row.max_attempts} lượt thi của tuần thi này.",
                       code="no_attempts_left")
    pool = pool_for(db=db, contest_id=row.contest_id, version=row.bank_version)
    quotas = _quotas.get(round_id, row.rules_version, lambda: [
        tuple(quota) for quota in db.read(sql.QUOTAS_OF_ROUND, round_id=round_id)])
    paper = papers.draw_paper(pool, question_count=row.question_count, quotas=quotas)
    values = {
        "contest_id": row.contest_id, "round_id": round_id, "contestant_id": row.who_id,
        "unit_id": row.who_unit_id, "attempt_no": row.used + 1,
        "state": AttemptState.IN_PROGRESS, "started_at": now, "question_count": len(paper),
        "paper": paper, "answers": {}, "answers_saved_at": None, "prediction": None,
        "deadline_at": min(now + timedelta(seconds=row.time_limit_seconds), row.closes_at),
        "finished_at": None, "duration_ms": None, "score": None, "submit_key": None,
        "prediction_prompt": row.prediction_prompt, "revision": 0,
        "started_ip": ip[:64] or None,
    }
    try:
        values["id"] = db.atomic(sql.INSERT_ATTEMPT, **values).scalar()
    except IntegrityError:
        # Another request of this contestant started one first: theirs is the attempt.
        db.rollback()
        again = db.read(sql.ROUND_FOR_START, round_id=round_id, **who.parameters(now)).first()
        won = again and again.open_id and _resume(db, who, again.open_id, now, cutoff)
        if not won:
            raise Conflict("Lượt thi vừa được tạo ở một thiết bị khác. Vui lòng thử lại.",
                           code="start_race") from None
        return won
    return view_of(SimpleNamespace(**values), pool)


def attempt_view(*, db: Writes, who: SignedIn, attempt_id: int, now: datetime,
                 grace_seconds: int) -> AttemptView:
    """An attempt of this contestant: the paper with saved answers while in progress (after a
    reload or on another phone), the result once finished. Overdue attempts finish here."""
    cutoff = rules.deadline_cutoff(now, grace_seconds)
    seen = _seen(db, who, attempt_id, now, cutoff)
    pool = _pool(db, seen)
    if seen.state == AttemptState.IN_PROGRESS and not seen.in_time:
        _finish(db, seen, AttemptState.EXPIRED, now=now, pool=pool)
        seen = _seen(db, who, attempt_id, now, cutoff)
    return view_of(seen, pool)


def save_answers(*, db: Writes, who: SignedIn, attempt_id: int, answers: dict[int, list[int]],
                 prediction: int | None, now: datetime, grace_seconds: int) -> Saved:
    """Save answer changes (a later save of a question replaces an earlier one). After the
    deadline and its grace they are refused, logged, and the attempt is finished as it was."""
    prediction = rules.checked_prediction(prediction)
    patch = rules.shaped(answers)
    cutoff = rules.deadline_cutoff(now, grace_seconds)
    payload = {"answers": patch, "prediction": prediction}
    for _ in range(TRIES):
        bank_version = None
        if rules.needs_bank(patch):
            pool = _pool_holding(patch) or _pool(db, _seen(db, who, attempt_id, now, cutoff))
            rules.one_option_each(patch, pool)
            bank_version = pool.version
        saved = db.atomic(sql.SAVE_ANSWERS, attempt_id=attempt_id, patch=patch,
                          prediction=prediction, cutoff=cutoff, payload=payload,
                          bank_version=bank_version, **who.parameters(now)).first()
        if saved is not None:
            return Saved(attempt_id=attempt_id, saved_at=now, deadline_at=saved.deadline_at,
                         answers=saved.answers)
        seen = _seen(db, who, attempt_id, now, cutoff, patch)
        if seen.state != AttemptState.IN_PROGRESS:
            raise _finished_already()
        if not seen.in_time:
            _refuse_late(db, seen, now, payload)
        if not seen.on_paper:
            raise rules.off_paper()
        # Every rule holds now: the bank changed under the answers' check; check again.
    raise _busy()


def submit_attempt(*, db: Writes, who: SignedIn, attempt_id: int,
                   answers: dict[int, list[int]] | None, prediction: int | None,
                   idempotency_key: str | None, now: datetime,
                   grace_seconds: int) -> AttemptView:
    """Hand in an attempt with its last answers. Idempotent: repeats, retries and parallel
    calls all get the one stored result. After the deadline and its grace the attempt is
    finished as last saved. Decided on the attempt as read; if a save changed it meanwhile,
    decided again with the attempt locked, so a burst of saves cannot hold it off."""
    prediction = rules.checked_prediction(prediction)
    patch = rules.shaped(answers or {})
    cutoff = rules.deadline_cutoff(now, grace_seconds)
    payload = {"answers": patch, "prediction": prediction, "key": idempotency_key}
    for locked in (False, True):
        seen = _seen(db, who, attempt_id, now, cutoff, patch, locked=locked)
        pool = _pool(db, seen)
        if seen.state != AttemptState.IN_PROGRESS:
            return view_of(seen, pool)
        if not seen.in_time:
            _refuse_late(db, seen, now, payload)
        if not seen.on_paper:
            raise rules.off_paper()
        rules.one_option_each(patch, pool)
        chosen = prediction if prediction is not None else seen.prediction
        rules.prediction_given(seen.prediction_prompt, chosen)
        finished = _finish(db, seen, AttemptState.SUBMITTED, now=now, pool=pool,
                           answers={**seen.answers, **patch}, prediction=chosen,
                           key=idempotency_key, payload=payload)
        if locked:
            db.commit()
        if finished is not None:
            return view_of(seen, pool, **finished)
    raise _busy()


def expire_overdue(*, db: Writes, now: datetime, grace_seconds: int, limit: int = 500) -> int:
    """Finish every attempt left open past its deadline and grace, as at its deadline, with
    its saved answers. Safe to run from several processes: each attempt finishes once."""
    cutoff = rules.deadline_cutoff(now, grace_seconds)
    finished = 0
    for (attempt_id,) in db.read(sql.OVERDUE_IDS, cutoff=cutoff, limit=limit).all():
        seen = db.read(sql.ATTEMPT_AS_SEEN, attempt_id=attempt_id, cutoff=cutoff,
                       patch=sql.NO_PATCH, **SignedIn(None).parameters(now)).first()
        if seen.state == AttemptState.IN_PROGRESS and not seen.in_time:
            finished += _finish(db, seen, AttemptState.EXPIRED, now=now,
                                pool=_pool(db, seen)) is not None
    return finished


def attempts_of(*, db: Reads, who: SignedIn, now: datetime) -> list:
    """The signed-in contestant's attempts, newest first; a finished one out of the questions
    that score, so that one a ruling dropped since no longer counts."""
    _contestant_of(db, who, now)
    rows = db.read(sql.ATTEMPTS_OF_CONTESTANT, **who.parameters(now)).all()
    pool = _pool(db, rows[0]) if rows else None
    return [summary_of(row, pool) for row in rows]


def _resume(db: Writes, who: SignedIn, attempt_id: int, now: datetime,
            cutoff: datetime) -> AttemptView | None:
    """The attempt in progress to resume, or None after finishing it if its time is up."""
    seen = _seen(db, who, attempt_id, now, cutoff)
    pool = _pool(db, seen)
    if seen.state == AttemptState.IN_PROGRESS and seen.in_time:
        return view_of(seen, pool, resumed=True)
    if seen.state == AttemptState.IN_PROGRESS:
        _finish(db, seen, AttemptState.EXPIRED, now=now, pool=pool)
    return None


def _finish(db: Writes, seen, to: AttemptState, *, now: datetime, pool: Pool,
            answers: dict | None = None, prediction: int | None = None,
            key: str | None = None, payload: dict | None = None) -> dict | None:
    """The one transition out of "in progress", decided on `seen`: the columns written, or
    None when the attempt changed since it was read (another request got there first)."""
    if to == AttemptState.EXPIRED:
        answers, prediction = seen.answers, seen.prediction
    finished = finished_columns(seen, to, now=now, answers=answers, prediction=prediction,
                                pool=pool)
    row = db.atomic(sql.FINISH_ATTEMPT, attempt_id=seen.id, revision=seen.revision,
                    kind=to.value, now=now, v_submit_key=key,
                    payload=payload or {"finished_at": finished["finished_at"].isoformat()},
                    **{f"v_{name}": value for name, value in finished.items()}).first()
    return finished if row is not None else None


def _refuse_late(db: Writes, seen, now: datetime, payload: dict) -> None:
    db.write(sql.LOG_EVENT, attempt_id=seen.id, at=now, kind="late", accepted=False,
             payload=payload)
    _finish(db, seen, AttemptState.EXPIRED, now=now, pool=_pool(db, seen))
    db.commit()
    raise Conflict("Đã hết giờ làm bài. Câu trả lời gửi sau hạn chót (kể cả thời gian chờ mạng) "
                   "không được tính; bài đã được nộp với các câu trả lời đã lưu trước đó.",
                   code="deadline_passed",
                   extra={"attempt_id": seen.id, "deadline_at": seen.deadline_at.isoformat()})


def _seen(db: Reads, who: SignedIn, attempt_id: int, now: datetime, cutoff: datetime,
          patch: dict = sql.NO_PATCH, *, locked: bool = False):
    """The attempt with its rules as columns, if it is this contestant's and its contest is
    published; a token that is no longer valid answers 401, anything else 404. `locked`: in
    the write transaction, locked until it ends."""
    run, statement = ((db.write, sql.ATTEMPT_AS_SEEN_LOCKED) if locked
                      else (db.read, sql.ATTEMPT_AS_SEEN))
    row = run(statement, attempt_id=attempt_id, cutoff=cutoff, patch=patch,
              **who.parameters(now)).first()
    if row is None or not row.signed_in or not row.published:
        raise _unknown(db, who, now, "Không tìm thấy lượt thi này.")
    return row


def _unknown(db: Reads, who: SignedIn, now: datetime, message: str) -> Exception:
    _contestant_of(db, who, now)
    return NotFound(message)


def _contestant_of(db: Reads, who: SignedIn, now: datetime) -> int:
    """Whose live session the token opens; 401 when none."""
    found = db.read(LIVE_SESSION, **who.parameters(now)).scalar()
    if found is None:
        raise not_signed_in()
    return found


def _pool(db: Reads, seen) -> Pool:
    return pool_for(db=db, contest_id=seen.contest_id, version=seen.bank_version)


def _pool_holding(patch: dict[str, list[int]]) -> Pool | None:
    """The bank this worker holds with the questions answered; SAME_BANK makes sure it is
    still the contest's."""
    return cached_pool_with(int(next(iter(patch))))


def _finished_already() -> Conflict:
    return Conflict("Bài thi này đã được nộp; câu trả lời mới không được ghi nhận.",
                    code="attempt_finished")


def _busy() -> Conflict:
    return Conflict("Bài thi vừa được thay đổi từ một thiết bị khác. Vui lòng thử lại.",
                    code="attempt_busy")

"""Forwarding essays up a level: a unit's pre-screening scores, its selection within the
quota, signing it off (then locked), an organiser reopening it with a reason, and closing
levels on their deadline.

A unit's batch row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers)
before anything about it is decided, so two requests for the same unit at once act one after
the other and the quota holds.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend import vntext
from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.contests.models import RoundStatus
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.forwarding import queries
from backend.forwarding.models import BatchStatus, ForwardBatch, ForwardedEssay
from backend.judging.models import EssayResult
from backend.policy import Permission, has_permission
from backend.units import service as units
from backend.units.models import Unit
from backend.vnformat import decimal, grouped
from backend.writing import service as writing
from backend.writing.models import QuotaKind, Scoring, WritingLevel

MAX_REASON = 500
NO_RIGHT = "Tài khoản của bạn không có quyền thực hiện việc này"


def _actor_id(actor: UserAccount | None) -> int | None:
    return actor.id if actor is not None else None  # None: the command line on the server


def level_into(*, session: Session, level_id: int) -> tuple[WritingLevel, WritingLevel]:
    """A level essays are forwarded into, and the level below it they come from."""
    level = writing.get_level(session=session, level_id=level_id)
    source = writing.previous_level(session=session, level=level)
    if source is None:
        raise NotFound(f"{level.name} là cấp đầu tiên: bài được nộp thẳng vào cấp này, không "
                       "có bài chuyển lên.")
    return level, source


def forwarding_unit(*, session: Session, unit_id: int, actor: UserAccount | None) -> Unit:
    """A unit that forwards essays (right under the city), within the actor's scope (a
    unit outside it is not found, as everywhere in the tree)."""
    within = units.scope_of(session=session, user=actor) if actor is not None else None
    unit = units.get_unit(session=session, unit_id=unit_id, within=within)
    if not queries.is_forwarding_unit(unit):
        above = session.get(Unit, queries.forwarding_unit_id(unit.path))
        raise InvalidInput(f"{unit.name} không trực tiếp chuyển bài: bài của đơn vị này do "
                           f"{above.name} chọn và chuyển lên.")
    return unit


def _require_open(level: WritingLevel, now: datetime) -> None:
    status = writing.level_status(level, now)
    if status is RoundStatus.UPCOMING:
        raise Conflict(f"{level.name} chưa mở nhận bài chuyển lên; hãy chờ đến lúc mở.")
    if status is RoundStatus.CLOSED:
        raise Conflict(f"{level.name} đã hết hạn chuyển bài; muốn gia hạn hãy liên hệ ban tổ "
                       "chức.")


def _locked_batch(session: Session, level_id: int, unit_id: int, now: datetime) -> ForwardBatch:
    """The unit's batch into the level, its row locked; a draft is made when there is none.
    Two first requests at once: the second's insert waits for the first and is refused by
    the unique rule, then locks the row the first made."""
    query = (select(ForwardBatch)
             .where(ForwardBatch.level_id == level_id, ForwardBatch.unit_id == unit_id)
             .with_for_update().execution_options(populate_existing=True))
    for _ in range(2):
        batch = session.execute(query).scalar_one_or_none()
        if batch is not None:
            return batch
        batch = ForwardBatch(level_id=level_id, unit_id=unit_id, created_at=now)
        try:
            with session.begin_nested():
                session.add(batch)
            return batch
        except IntegrityError:
            continue
    raise Conflict("Đợt chuyển bài đang được người khác thay đổi; hãy thử lại.")


def _refuse_signed(batch: ForwardBatch, unit: Unit, level: WritingLevel) -> None:
    if batch.status is BatchStatus.SIGNED:
        raise Conflict(f"{unit.name} đã ký chuyển bài lên {level.name} nên đợt chuyển bài bị "
                       "khóa; chỉ ban tổ chức mở lại được (kèm lý do).")


def _check_quota(level: WritingLevel, unit: Unit, received: int, chosen: int) -> None:
    quota = writing.quota_for(level, received)
    if quota is None or chosen <= quota:
        return
    share = (f" ({level.quota_value}% của {grouped(received)} bài đơn vị có, làm tròn lên)"
             if level.quota_kind is QuotaKind.SHARE else "")
    raise InvalidInput(f"Chỉ tiêu của {unit.name} là {grouped(quota)} bài{share}; đã chọn "
                       f"{grouped(chosen)}.", code="over_quota")


def forward_essays(*, session: Session, level_id: int, unit_id: int, essay_ids: Iterable[int],
                   actor: UserAccount | None, now: datetime) -> ForwardBatch:
    """Set the unit's selection of essays to forward into the level (replacing the one
    before), within the quota and the level's window, while the batch is not signed."""
    level, source = level_into(session=session, level_id=level_id)
    unit = forwarding_unit(session=session, unit_id=unit_id, actor=actor)
    _require_open(level, now)
    chosen = list(dict.fromkeys(essay_ids))
    batch = _locked_batch(session, level.id, unit.id, now)
    _refuse_signed(batch, unit, level)
    _check_quota(level, unit, queries.received_by(session=session, level=source, unit=unit),
                 len(chosen))
    available = {c.essay_id for c in queries.candidates(session=session, source=source,
                                                        unit=unit, batch=None)}
    stray = [str(i) for i in chosen if i not in available]
    if stray:
        raise InvalidInput(f"Bài mã {', '.join(stray[:10])} không phải bài của {unit.name} ở "
                           f"{source.name}, nên không chuyển lên được.")
    session.execute(delete(ForwardedEssay).where(ForwardedEssay.batch_id == batch.id))
    session.add_all(ForwardedEssay(batch_id=batch.id, level_id=level.id, essay_id=essay_id,
                                   source_level_id=source.id, forwarded_by=_actor_id(actor),
                                   forwarded_at=now) for essay_id in chosen)
    audit.record(session=session, actor_id=_actor_id(actor), action="forwarding.select",
                 target=f"forward_batch:{batch.id}",
                 details={"level_id": level.id, "unit_id": unit.id, "essay_ids": chosen}, now=now)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict("Có bài đã nằm trong đợt chuyển bài của đơn vị khác lên cùng cấp.") from None
    return batch


def sign_batch(*, session: Session, level_id: int, unit_id: int, actor: UserAccount | None,
               now: datetime) -> ForwardBatch:
    """Sign the unit's selection off: checked against the quota again, each essay's score
    and rank at the level below recorded, and the batch locked."""
    level, source = level_into(session=session, level_id=level_id)
    unit = forwarding_unit(session=session, unit_id=unit_id, actor=actor)
    _require_open(level, now)
    batch = _locked_batch(session, level.id, unit.id, now)
    _refuse_signed(batch, unit, level)
    rows = list(session.execute(select(ForwardedEssay)
                                .where(ForwardedEssay.batch_id == batch.id)).scalars())
    _check_quota(level, unit, queries.received_by(session=session, level=source, unit=unit),
                 len(rows))
    ranked = {c.essay_id: c for c in queries.candidates(session=session, source=source,
                                                        unit=unit, batch=None)}
    for row in rows:
        found = ranked.get(row.essay_id)
        if found is None:
            raise InvalidInput(f"Bài mã {row.essay_id} không còn ở {source.name} (đã rút hoặc "
                               "không thuộc đơn vị); hãy chọn lại trước khi ký.")
        if found.score is None:
            raise InvalidInput(f"Bài “{found.title}” chưa có điểm ở {source.name}; hãy nhập "
                               "điểm trước khi ký.")
        row.source_level_id, row.source_score, row.source_rank = (source.id, found.score,
                                                                  found.rank)
        row.forwarded_by, row.forwarded_at = _actor_id(actor), now
    batch.status, batch.signed_at, batch.signed_by = BatchStatus.SIGNED, now, _actor_id(actor)
    audit.record(session=session, actor_id=_actor_id(actor), action="forwarding.sign",
                 target=f"forward_batch:{batch.id}",
                 details={"level_id": level.id, "unit_id": unit.id,
                          "essay_ids": [r.essay_id for r in rows]}, now=now)
    session.commit()
    return batch


def reopen_batch(*, session: Session, batch_id: int, reason: str, actor: UserAccount | None,
                 now: datetime) -> ForwardBatch:
    """Return a signed batch to draft, for organisers only and with a reason (logged)."""
    if actor is not None and not has_permission(actor, Permission.MANAGE_WRITING):
        raise Forbidden(f"{NO_RIGHT}: chỉ ban tổ chức mở lại được đợt chuyển bài đã ký.")
    reason = vntext.checked_reason(reason, max_length=MAX_REASON, missing=(
        "Hãy ghi lý do mở lại: lý do được lưu vào nhật ký cùng người mở và thời điểm."))
    batch = session.get(ForwardBatch, batch_id, with_for_update=True, populate_existing=True)
    if batch is None:
        raise NotFound("Không tìm thấy đợt chuyển bài này.")
    level = writing.get_level(session=session, level_id=batch.level_id)
    if batch.status is not BatchStatus.SIGNED:
        raise Conflict("Đợt chuyển bài này chưa ký nên không cần mở lại.")
    if level.scores_locked_at is not None:
        raise Conflict(f"Điểm của {level.name} đã khóa nên không mở lại được đợt chuyển bài.")
    audit.record(session=session, actor_id=_actor_id(actor), action="forwarding.reopen",
                 target=f"forward_batch:{batch.id}",
                 details={"level_id": batch.level_id, "unit_id": batch.unit_id,
                          "reason": reason, "signed_at": batch.signed_at.isoformat(),
                          "signed_by": batch.signed_by}, now=now)
    batch.status, batch.signed_at, batch.signed_by = BatchStatus.DRAFT, None, None
    batch.reopened_at, batch.reopened_by, batch.reopen_reason = now, _actor_id(actor), reason
    session.commit()
    return batch


def parsed_score(text: str) -> float | None:
    """A score as typed on a form ("87,5" or "87.5"); blank is None."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(f"“{text[:20]}” không phải một điểm số (ví dụ 87,5).") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidInput(f"“{text[:20]}” không phải một điểm số (ví dụ 87,5).")
    return value


def enter_scores(*, session: Session, level_id: int, unit_id: int,
                 scores: Mapping[int, float | None], actor: UserAccount | None,
                 now: datetime) -> int:
    """Enter (or clear, with None) the unit's pre-screening scores of essays at a level its
    units score themselves, until the unit's batch into the next level is signed. Returns
    how many scores changed; each change is logged with the value before."""
    level = writing.get_level(session=session, level_id=level_id)
    unit = forwarding_unit(session=session, unit_id=unit_id, actor=actor)
    if level.scoring is not Scoring.ENTERED:
        raise Conflict(f"{level.name} do giám khảo chấm kín; đơn vị không nhập điểm cấp này.")
    if level.scores_locked_at is not None:
        raise Conflict(f"Điểm của {level.name} đã khóa.")
    above = writing.next_level(session=session, level=level)
    if above is not None:
        _refuse_signed(_locked_batch(session, above.id, unit.id, now), unit, above)
    view = queries.unit_view(session=session, level=above or level, source=level, unit=unit,
                             now=now)
    ceiling, essays = view.ceiling, {c.essay_id: c for c in view.candidates}
    scores = {essay_id: None if score is None else float(score)
              for essay_id, score in scores.items()}
    for essay_id, score in scores.items():
        if essay_id not in essays:
            raise InvalidInput(f"Bài mã {essay_id} không phải bài của {unit.name} ở "
                               f"{level.name}.")
        if score is not None and not (0 <= score <= ceiling and float(score * 4).is_integer()):
            raise InvalidInput(f"Điểm của bài “{essays[essay_id].title}” phải từ 0 đến "
                               f"{ceiling}, lẻ đến 0,25 điểm (ví dụ 87,5); đã nhập "
                               f"{decimal(score)}.")
    stored = {r.essay_id: r for r in session.execute(select(EssayResult).where(
        EssayResult.level_id == level.id, EssayResult.essay_id.in_(list(scores)))).scalars()}
    changes = []
    for essay_id, score in scores.items():
        result = stored.get(essay_id)
        before = result.score if result is not None else None
        if before == score:
            continue
        if result is None:
            result = EssayResult(level_id=level.id, essay_id=essay_id)
            session.add(result)
        result.score, result.entered_by, result.updated_at = score, _actor_id(actor), now
        changes.append({"essay_id": essay_id, "from": before, "to": score})
    if changes:
        audit.record(session=session, actor_id=_actor_id(actor), action="forwarding.scores",
                     target=f"writing_level:{level.id}",
                     details={"unit_id": unit.id, "changes": changes}, now=now)
    session.commit()
    return len(changes)


def close_due_levels(*, session: Session, now: datetime) -> list[int]:
    """Mark levels whose deadline has passed as closed at their deadline; a level closed
    already (by this job or early by an organiser) is left as it is. Returns the ids closed."""
    closed = list(session.execute(
        update(WritingLevel)
        .where(WritingLevel.closed_at.is_(None), WritingLevel.closes_at <= now)
        .values(closed_at=WritingLevel.closes_at)
        .returning(WritingLevel.id)).scalars())
    for level_id in closed:
        audit.record(session=session, actor_id=None, action="writing.level_closed",
                     target=f"writing_level:{level_id}", now=now)
    session.commit()
    return closed

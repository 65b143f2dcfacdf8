"""Figures reported outside the platform: entered by organisers (any unit or block) and by
unit officers (units of their own subtree), one value per contest, period, unit or block and
measure; entering again replaces it, and the audit log keeps what it replaced."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.contests import service as contests
from backend.contests.models import ContestUnit
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.tallies.models import Measure, ReportedFigure, Target
from backend.units.models import Block, Unit
from backend.vnformat import grouped
from backend.vntext import clean

MAX_VALUE = 2**31 - 1
MAX_NOTE = 500


@dataclass(frozen=True)
class FigureView:
    figure: ReportedFigure
    target_name: str  # the unit's or block's name
    period_name: str  # "Tuần 1" or "Toàn cuộc thi"
    entered_by: str  # full name, "" for the command line


def record_figure(*, session: Session, contest_id: int, round_no: int, target: Target,
                  target_id: int, measure: Measure, value: int, note: str,
                  actor: UserAccount | None, within: Unit | None, now: datetime
                  ) -> ReportedFigure:
    """Enter (or replace) a reported figure. `within` is the subtree the actor may report
    for (None: everywhere); blocks and the whole contest are the organisers' to report."""
    contest = contests.get_contest(session=session, contest_id=contest_id)
    _check_period(session, contest.id, round_no)
    _check_target(session, contest.id, target, target_id, within)
    return store_figure(
        session=session, model=ReportedFigure,
        keys={"contest_id": contest.id, "round_no": round_no, "target": target,
              "target_id": target_id, "measure": measure},
        value=value, note=note, actor=actor, action="tallies.report",
        audit_target=f"contest:{contest.id}", now=now)


def store_figure(*, session: Session, model: type, keys: dict, value: int, note: str,
                 actor: UserAccount | None, action: str, audit_target: str, now: datetime,
                 maximum: int = MAX_VALUE):
    """Enter or replace the one figure of `model` (a contest's or a writing competition's)
    that `keys` name, audit-logged with the value it replaced; committed. Two people
    entering the same figure at once: the second gets a 409."""
    if not 0 <= value <= maximum:
        raise InvalidInput(f"Số liệu phải là số nguyên từ 0 đến {grouped(maximum)}.")
    note = clean(note)
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"Ghi chú dài quá {MAX_NOTE} ký tự.")
    figure = session.execute(select(model).filter_by(**keys).with_for_update()).scalar()
    before = None if figure is None else {"value": figure.value, "note": figure.note}
    if figure is None:
        figure = model(**keys, value=value)
        session.add(figure)
    figure.value, figure.note = value, note
    figure.entered_by, figure.entered_at = (actor.id if actor else None), now
    shown = {k: str(v) if isinstance(v, StrEnum) else v for k, v in keys.items()}
    audit.record(session=session, actor_id=actor.id if actor else None, action=action,
                 target=audit_target, details={**shown, "value": value, "note": note,
                                               "before": before}, now=now)
    try:
        session.commit()
    except IntegrityError:  # the same figure entered at the same moment by someone else
        session.rollback()
        raise Conflict("Số liệu này vừa được người khác nhập cùng lúc. Hãy tải lại trang, "
                       "xem giá trị đã lưu rồi nhập lại nếu cần.") from None
    return figure


def delete_figure(*, session: Session, contest_id: int, figure_id: int,
                  actor: UserAccount | None, within: Unit | None, now: datetime) -> None:
    figure = session.get(ReportedFigure, figure_id)
    if figure is None or figure.contest_id != contest_id:
        raise NotFound("Không tìm thấy số liệu báo cáo này.")
    _check_target(session, contest_id, figure.target, figure.target_id, within)
    audit.record(session=session, actor_id=actor.id if actor else None,
                 action="tallies.report_delete", target=f"contest:{contest_id}",
                 details={"round_no": figure.round_no, "target": figure.target.value,
                          "target_id": figure.target_id, "measure": figure.measure.value,
                          "value": figure.value, "note": figure.note}, now=now)
    session.delete(figure)
    session.commit()


def parsed_target(value: str) -> Target:
    try:
        return Target(value)
    except ValueError:
        raise InvalidInput("Hãy chọn báo cáo của một đơn vị (unit) hay cả một khối (block).") \
            from None


def parsed_measure(value: str, measures: type[StrEnum] = Measure):
    """The measure `value` names among `measures` (a contest's, or a writing
    competition's), or a 422 that lists them."""
    try:
        return measures(value)
    except ValueError:
        raise InvalidInput("Hãy chọn loại số liệu: " + "; ".join(
            f"{m.value} ({m.label})" for m in measures) + ".") from None


def figures_of(*, session: Session, contest_id: int, within: Unit | None = None
               ) -> list[FigureView]:
    """The contest's reported figures (of `within`'s subtree when given), by period,
    target and measure."""
    figures = list(session.execute(select(ReportedFigure).where(
        ReportedFigure.contest_id == contest_id)).scalars())
    units = {u.unit_id: u for u in session.execute(select(ContestUnit).where(
        ContestUnit.contest_id == contest_id)).scalars()}
    blocks = dict(session.execute(select(Block.id, Block.name)).all())
    rounds = {r.number: r.name for r in contests.rounds_of(session=session,
                                                            contest_id=contest_id)}
    people = dict(session.execute(select(UserAccount.id, UserAccount.full_name).where(
        UserAccount.id.in_({f.entered_by for f in figures if f.entered_by}))).all())
    views = []
    for f in figures:
        if f.target is Target.UNIT:
            unit = units.get(f.target_id)
            if within is not None and (unit is None or not unit.path.startswith(within.path)):
                continue
            name = unit.name if unit else f"Đơn vị #{f.target_id}"
        else:
            if within is not None:
                continue
            name = blocks.get(f.target_id, f"Khối #{f.target_id}")
        views.append(FigureView(f, name, rounds.get(f.round_no, "Toàn cuộc thi")
                                if f.round_no else "Toàn cuộc thi",
                                people.get(f.entered_by, "")))
    order = list(Measure)
    return sorted(views, key=lambda v: (v.figure.round_no, v.figure.target.value,
                                        v.target_name, order.index(v.figure.measure)))


def _check_period(session: Session, contest_id: int, round_no: int) -> None:
    if round_no == 0:
        return
    if round_no not in {r.number for r in contests.rounds_of(session=session,
                                                              contest_id=contest_id)}:
        raise InvalidInput(f"Cuộc thi không có tuần thi thứ {round_no}.")


def check_block(session: Session, block_id: int, within: Unit | None) -> None:
    """A block's figures are the organisers' to report (`within` None), and it must exist."""
    if within is not None:
        raise Forbidden("Chỉ ban tổ chức mới nhập số liệu báo cáo của cả khối.")
    if session.get(Block, block_id) is None:
        raise InvalidInput("Không tìm thấy khối này.")


def _check_target(session: Session, contest_id: int, target: Target, target_id: int,
                  within: Unit | None) -> None:
    if target is Target.BLOCK:
        check_block(session, target_id, within)
        return
    unit = session.execute(select(ContestUnit).where(
        ContestUnit.contest_id == contest_id, ContestUnit.unit_id == target_id)).scalar()
    if unit is None:
        raise InvalidInput("Đơn vị này không tham gia cuộc thi.")
    if within is not None and not unit.path.startswith(within.path):
        raise Forbidden("Đơn vị này nằm ngoài phạm vi của bạn; bạn chỉ nhập được số liệu của "
                        "đơn vị mình và các đơn vị trực thuộc.")

"""Figures of a writing competition reported off the platform (grassroots contests units held
themselves, essays they say they received): organisers enter any unit's or block's, unit
officers their own subtree's units'. Entering again replaces the value; the audit log keeps
the old one (`tallies.reported.store_figure`, shared with the contests' figures)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.errors import Forbidden, InvalidInput
from backend.tallies.reported import check_block, parsed_measure, store_figure
from backend.units.models import Block, Unit
from backend.writing import service as writing
from backend.writing.models import WritingMeasure, WritingReportedFigure

MAX_VALUE = 100_000_000  # the table's check


@dataclass(frozen=True)
class FigureView:
    figure: WritingReportedFigure
    target_name: str
    entered_by: str  # full name; "" for the command line


def record_figure(*, session: Session, competition_id: int, target: str, target_id: int,
                  measure: str, value: int, note: str, actor: UserAccount | None,
                  within: Unit | None, now: datetime) -> WritingReportedFigure:
    """Enter (or replace) a reported figure of a unit or (organisers only) a block."""
    competition = writing.get_competition(session=session, competition_id=competition_id)
    chosen = parsed_measure(measure, WritingMeasure)
    _check_target(session, target, target_id, within)
    return store_figure(
        session=session, model=WritingReportedFigure,
        keys={"competition_id": competition.id, "target": target, "target_id": target_id,
              "measure": chosen},
        value=value, note=note, actor=actor, action="writing.report",
        audit_target=f"writing_competition:{competition.id}", now=now, maximum=MAX_VALUE)


def figures_of(*, session: Session, competition_id: int, within: Unit | None = None
               ) -> list[FigureView]:
    """The reported figures (of `within`'s subtree's units when given), by target and
    measure."""
    figures = list(session.execute(select(WritingReportedFigure).where(
        WritingReportedFigure.competition_id == competition_id)).scalars())
    units = {u.id: u for u in session.execute(select(Unit).where(Unit.id.in_(
        {f.target_id for f in figures if f.target == "unit"}))).scalars()}
    blocks = dict(session.execute(select(Block.id, Block.name)).all())
    people = dict(session.execute(select(UserAccount.id, UserAccount.full_name).where(
        UserAccount.id.in_({f.entered_by for f in figures if f.entered_by}))).all())
    views = []
    for f in figures:
        if f.target == "unit":
            unit = units.get(f.target_id)
            if within is not None and (unit is None or not within.contains(unit)):
                continue
            name = unit.name if unit else f"Đơn vị #{f.target_id}"
        elif within is None:
            name = blocks.get(f.target_id, f"Khối #{f.target_id}")
        else:
            continue
        views.append(FigureView(f, name, people.get(f.entered_by, "")))
    order = list(WritingMeasure)
    return sorted(views, key=lambda v: (v.figure.target, v.target_name,
                                        order.index(v.figure.measure)))


def _check_target(session: Session, target: str, target_id: int, within: Unit | None) -> None:
    if target == "block":
        check_block(session, target_id, within)
        return
    if target != "unit":
        raise InvalidInput("Hãy chọn báo cáo của một đơn vị (unit) hay cả một khối (block).")
    unit = session.get(Unit, target_id)
    if unit is None:
        raise InvalidInput("Không tìm thấy đơn vị này.")
    if within is not None and not within.contains(unit):
        raise Forbidden("Đơn vị này nằm ngoài phạm vi của bạn; bạn chỉ nhập được số liệu của "
                        "đơn vị mình và các đơn vị trực thuộc.")

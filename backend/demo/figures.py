"""The demo's figures beyond the platform's own counts: people who sat the contest on paper
at the grassroots, reported by block with the drift of the seed report (5,639 + 2,169 + 61
is 7,869, while its total says 7,860); a district that reported more participants than the
platform counted; and collective prizes by number of participants. So the dashboard, the
reconciliation and every figures file show something meaningful at once."""

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select

from backend.db import Database
from backend.demo.published_results import ROUND_NAME
from backend.demo.units_2023 import DISTRICTS_BLOCK, FRONT_BLOCK, PARTY_BLOCK
from backend.tallies import reported
from backend.tallies import service as tallies
from backend.tallies.models import Measure, ReportedFigure, Target
from backend.units.models import Block, Unit

ON_PAPER = {DISTRICTS_BLOCK: 5639, PARTY_BLOCK: 2169, FRONT_BLOCK: 61}
ON_PAPER_TOTAL = 7860
NOTE = "Báo cáo tổng hợp các cuộc thi trên giấy ở cơ sở"
OVER_REPORTED = 12  # Quận 1's report counts a dozen people the platform never saw


def load_figures(*, database: Database, contest_id: int, now: datetime) -> Iterator[str]:
    """Add the demo's reported figures and collective prize rules when missing."""
    with database.scope() as session:
        if session.scalar(select(func.count()).select_from(ReportedFigure).where(
                ReportedFigure.contest_id == contest_id)):
            return
        blocks = dict(session.execute(select(Block.name, Block.id)).all())
        units = dict(session.execute(select(Unit.code, Unit.id)).all())
        for name, people in ON_PAPER.items():
            _report(session, contest_id, Target.BLOCK, blocks[name], people, now)
        _report(session, contest_id, Target.UNIT, units["TPHCM"], ON_PAPER_TOTAL, now)
        period = tallies.period_of(session=session, contest_id=contest_id, round_id=None)
        first = next((r for r in period.rounds if r.name == ROUND_NAME), None)
        if first is not None:
            counted = tallies.contest_tally(session=session, period=tallies.Period(
                period.contest, first, period.rounds)).node(units["Q1"])
            reported.record_figure(
                session=session, contest_id=contest_id, round_no=first.number,
                target=Target.UNIT, target_id=units["Q1"], measure=Measure.PARTICIPANTS,
                value=counted.total.participants + OVER_REPORTED,
                note="Báo cáo nhanh của Ban Dân vận Quận ủy Quận 1", actor=None, within=None,
                now=now)
        tallies.update_collective_rules(
            session=session, contest_id=contest_id, mode="participants", min_rate=None,
            prizes=[{"tier": "Giải Nhất", "count": 1}, {"tier": "Giải Nhì", "count": 1},
                    {"tier": "Giải Ba", "count": 1}],
            points={}, actor_id=None, now=now)
    yield ("Đã nạp số liệu báo cáo mẫu (có chỗ không khớp để đối chiếu) và cách xét giải "
           "tập thể.")


def _report(session, contest_id: int, target: Target, target_id: int, value: int,
            now: datetime) -> None:
    reported.record_figure(session=session, contest_id=contest_id, round_no=0, target=target,
                           target_id=target_id, measure=Measure.OFFLINE_PARTICIPANTS,
                           value=value, note=NOTE, actor=None, within=None, now=now)

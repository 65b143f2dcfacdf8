"""The writing demo's figures beyond the platform's own counts: the essays units say they
received at the grassroots, by block with the drift of the seed report (5,639 + 2,169 + 61
is 7,869, while the city's total says 7,860), the 6,434 contestants of the units' own
grassroots contests, and collective prizes by number of essays. So the overview flags the
drift at once, in the issue's words."""

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select

from backend.db import Database
from backend.demo.figures import NOTE, ON_PAPER, ON_PAPER_TOTAL
from backend.units.models import Block, Unit
from backend.writing import collective, reported
from backend.writing.models import WritingMeasure, WritingReportedFigure

GRASSROOTS_CONTESTANTS = 6434


def load_writing_figures(*, database: Database, competition_id: int, now: datetime
                         ) -> Iterator[str]:
    """Add the writing demo's reported figures and collective prize rules when missing."""
    with database.scope() as session:
        if session.scalar(select(func.count()).select_from(WritingReportedFigure).where(
                WritingReportedFigure.competition_id == competition_id)):
            return
        blocks = dict(session.execute(select(Block.name, Block.id)).all())
        city = session.execute(select(Unit.id).where(Unit.code == "TPHCM")).scalar_one()
        figures = [("block", blocks[name], WritingMeasure.GRASSROOTS_ESSAYS, value)
                   for name, value in ON_PAPER.items()]
        figures += [("unit", city, WritingMeasure.GRASSROOTS_ESSAYS, ON_PAPER_TOTAL),
                    ("unit", city, WritingMeasure.GRASSROOTS_CONTESTANTS,
                     GRASSROOTS_CONTESTANTS)]
        for target, target_id, measure, value in figures:
            reported.record_figure(session=session, competition_id=competition_id,
                                   target=target, target_id=target_id, measure=measure.value,
                                   value=value, note=NOTE, actor=None, within=None, now=now)
        collective.set_rules(session=session, competition_id=competition_id,
                             mode="most_essays", per_block=3, minimum_essays=1,
                             count_reported=False, actor_id=None, now=now)
    yield ("Đã nạp số liệu báo cáo mẫu của cuộc thi viết (tổng các khối lệch tổng thành phố) "
           "và cách xét giải tập thể.")

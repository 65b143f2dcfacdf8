"""A writing competition whose city level (judged blind) holds essays forwarded from four
units in three blocks, its forwarding closed: what judging starts from."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlmodel import select

from backend.clock import utcnow
from backend.forwarding.models import BatchStatus, ForwardBatch, ForwardedEssay
from backend.units.models import Block, Unit
from tests.factories import (
    import_rows,
    make_essay,
    make_judge,
    make_writing_competition,
    small_tree,
)

# A third block, so that a third judge can come from a block neither of two others is in.
PARTY = [("DUK", "Đảng ủy Khối Doanh nghiệp", "HCM", "Khối Đảng ủy cấp trên cơ sở",
          "Đảng ủy cấp trên cơ sở", 500, ""),
         ("DUK-CB", "Chi bộ Công ty Điện lực", "DUK", "", "Chi bộ", 40, "")]


@pytest.fixture
def tree(session):
    """The small tree and Đảng ủy Khối Doanh nghiệp (with a chi bộ) in a third block."""
    small_tree(session)
    import_rows(session, PARTY)
    units = {u.code: u for u in session.exec(select(Unit))}
    session.commit()
    return units


@pytest.fixture
def blocks(session, tree) -> dict[str, int]:
    """"district", "front", "party": the three blocks' ids."""
    found = {b.name: b.id for b in session.exec(select(Block))}
    return {"district": found["Khối Quận, huyện"], "front": found["Khối Mặt trận, đoàn thể"],
            "party": found["Khối Đảng ủy cấp trên cơ sở"]}


@dataclass
class Writing:
    competition: object
    first: object
    city: object


def forward(session, level, essays) -> None:
    """The essays forwarded into `level` in signed batches, one per unit."""
    batches: dict[int, ForwardBatch] = {}
    for essay in essays:
        batch = batches.get(essay.unit_id)
        if batch is None:
            batch = batches[essay.unit_id] = ForwardBatch(
                level_id=level.id, unit_id=essay.unit_id, status=BatchStatus.SIGNED,
                signed_at=utcnow())
            session.add(batch)
            session.flush()
        session.add(ForwardedEssay(batch_id=batch.id, level_id=level.id, essay_id=essay.id,
                                   source_level_id=level.id - 1, source_score=80))
    session.commit()


def close(session, level) -> None:
    level.closed_at = utcnow() - timedelta(seconds=1)
    session.add(level)
    session.commit()


@pytest.fixture
def writing(session, tree) -> Writing:
    competition, (first, city) = make_writing_competition(session)
    return Writing(competition, first, city)


def essays_of(session, writing, tree, counts: dict[str, int], *, start: int = 1) -> list:
    """counts: unit code -> essays written there, numbered from `start`."""
    made, n = [], start
    for code, count in counts.items():
        for _ in range(count):
            made.append(make_essay(session, writing.competition, tree[code], n=n))
            n += 1
    return made


def judges_of(session, settings, writing, tree, codes: dict[str, str], **kwargs) -> dict:
    """username -> judge on the panel, of the unit with that code."""
    return {name: make_judge(session, settings, writing.competition, username=name,
                             unit=tree[code], **kwargs) for name, code in codes.items()}

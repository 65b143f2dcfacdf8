"""A writing competition of two levels (unit, then city with a quota of 3 per unit) and
essays of Quận 1 (five, in its two wards) and Quận 3 (two); `scene.at` is a moment inside
the city level's forwarding window."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session

from backend.forwarding import service
from backend.units.models import Unit
from backend.writing.models import WritingLevel
from tests.factories import make_essay, make_writing_competition


@dataclass
class Scene:
    session: Session
    competition: object
    levels: list[WritingLevel]
    tree: dict[str, Unit]
    essays: dict[str, list]

    @property
    def source(self) -> WritingLevel:
        return self.levels[-2]

    @property
    def city(self) -> WritingLevel:
        return self.levels[-1]

    @property
    def at(self) -> datetime:
        return self.city.opens_at + timedelta(hours=1)

    def ids(self, code: str, count: int | None = None) -> list[int]:
        return [e.id for e in self.essays[code][:count]]

    def score(self, code: str, values, *, actor=None) -> int:
        return service.enter_scores(
            session=self.session, level_id=self.source.id, unit_id=self.tree[code].id,
            scores=dict(zip(self.ids(code), values, strict=False)), actor=actor,
            now=self.at - timedelta(days=1))

    def forward(self, code: str, essay_ids, *, actor=None, now=None):
        return service.forward_essays(session=self.session, level_id=self.city.id,
                                      unit_id=self.tree[code].id, essay_ids=essay_ids,
                                      actor=actor, now=now or self.at)

    def sign(self, code: str, *, actor=None, now=None):
        return service.sign_batch(session=self.session, level_id=self.city.id,
                                  unit_id=self.tree[code].id, actor=actor, now=now or self.at)


def essays_of(session, competition, tree, start: datetime) -> dict[str, list]:
    """Quận 1: five essays (three of Bến Nghé, two of Bến Thành), a minute apart; Quận 3:
    two of Võ Thị Sáu."""
    plan = {"Q1": ["Q1-BN", "Q1-BN", "Q1-BN", "Q1-BT", "Q1-BT"], "Q3": ["Q3-VTS", "Q3-VTS"]}
    made, n = {}, 0
    for code, wards in plan.items():
        made[code] = []
        for ward in wards:
            n += 1
            made[code].append(make_essay(session, competition, tree[ward], n=n,
                                         submitted_at=start + timedelta(minutes=n)))
    return made


@pytest.fixture
def quota() -> tuple[str, int]:
    return ("fixed", 3)


@pytest.fixture
def set_up_at() -> datetime | None:
    """When the competition is set up (None: now): its first level is open then."""
    return None


@pytest.fixture
def scene(session, tree, quota, set_up_at) -> Scene:
    competition, levels = make_writing_competition(session, quota=quota, now=set_up_at)
    essays = essays_of(session, competition, tree, levels[0].opens_at)
    return Scene(session, competition, levels, tree, essays)

"""What the API picking nominees from the platform's records takes and gives."""

from typing import Annotated

from pydantic import BaseModel, Field

from backend.commendations.candidate import Candidate
from backend.commendations.models import Nominee
from backend.commendations.sources import MAX_KEYS
from backend.deps import Id


class CandidateOut(BaseModel):
    kind: str = Field(description="collective or individual")
    name: str
    unit_id: int
    unit_name: str
    birth_year: int | None
    gender: str | None = Field(description="nam, nu, or null")
    position: str
    achievement: str = Field(description="As written on the list (Thành tích)")
    achievement_key: str = Field(description="What to send back in `keys` to pick it")
    source: str
    already: str = Field(description="Empty, or where the achievement already is with the "
                         "award form asked about (then it cannot be picked with it)")


def candidate_out(c: Candidate) -> CandidateOut:
    return CandidateOut(kind=c.kind.value, name=c.name, unit_id=c.unit_id,
                        unit_name=c.unit_name, birth_year=c.birth_year,
                        gender=c.gender.value if c.gender else None, position=c.position,
                        achievement=c.achievement, achievement_key=c.achievement_key,
                        source=c.source.value, already=c.already)


class NominateIn(BaseModel):
    source: str = Field(max_length=40, description="contest_prize, contest_collective, "
                        "writing_prize, writing_collective or movement_entry")
    ref: Id = Field(description="The contest, writing competition or movement year id")
    keys: list[Annotated[str, Field(max_length=400)]] = Field(
        min_length=1, max_length=MAX_KEYS,
        description="Achievement keys of the candidates to add, all or none")
    award_form_id: Id


class NomineeOut(BaseModel):
    id: int
    proposal_id: int
    kind: str
    name: str
    birth_year: int | None
    gender: str | None
    position: str
    unit_id: int
    achievement: str
    award_form_id: int
    source: str
    achievement_key: str


def nominee_out(n: Nominee) -> NomineeOut:
    return NomineeOut(id=n.id, proposal_id=n.proposal_id, kind=n.kind.value, name=n.name,
                      birth_year=n.birth_year, gender=n.gender.value if n.gender else None,
                      position=n.position, unit_id=n.unit_id, achievement=n.achievement,
                      award_form_id=n.award_form_id, source=n.source.value,
                      achievement_key=n.achievement_key)

"""Who may read a movement year's statistics and report, checked once per route: organisers
the whole city, unit officers their subtree (the service narrows it)."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.deps import Id, SessionDep, require
from backend.movement import service as movement
from backend.movement.models import MovementYear
from backend.policy import Permission

MovementReader = Annotated[UserAccount, require(Permission.REGISTER_ENTRIES)]


def movement_year(year_id: Id, session: SessionDep) -> MovementYear:
    return movement.get_year(session=session, year_id=year_id)


Year = Annotated[MovementYear, Depends(movement_year)]

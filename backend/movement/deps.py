"""Loading a movement year or an entry with the right checked once per route: officers and
organisers reach years; an entry only within the officer's subtree (404 otherwise, so that
another district's titles never show); organisers manage years and fields."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.deps import Id, ReadSessionDep, require
from backend.movement import service
from backend.movement.models import MovementEntry, MovementYear
from backend.policy import Permission

MovementStaff = Annotated[UserAccount, require(Permission.REGISTER_ENTRIES)]
MovementManager = Annotated[UserAccount, require(Permission.MANAGE_MOVEMENT)]


def movement_year(year_id: Id, user: MovementStaff, read: ReadSessionDep) -> MovementYear:
    year = service.get_year(session=read, year_id=year_id)
    read.commit()  # on SQLite a write request's read ends here, before its write begins
    return year


def managed_year(year_id: Id, user: MovementManager, read: ReadSessionDep) -> MovementYear:
    return movement_year(year_id, user, read)


def reachable_entry(entry_id: Id, user: MovementStaff, read: ReadSessionDep) -> MovementEntry:
    """The entry, refused (404) before any use case when it lies outside the account's
    subtree."""
    entry = service.get_entry(session=read, entry_id=entry_id, actor=user)
    read.commit()
    return entry


MovementYearDep = Annotated[MovementYear, Depends(movement_year)]
ManagedYear = Annotated[MovementYear, Depends(managed_year)]
ReachableEntry = Annotated[MovementEntry, Depends(reachable_entry)]

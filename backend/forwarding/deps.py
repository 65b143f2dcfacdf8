"""Loading the level essays are forwarded into and the unit forwarding them, with the
rights checked once per route: officers their own units, organisers every unit."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.deps import Id, ReadSessionDep, require
from backend.forwarding import service
from backend.policy import Permission
from backend.units.models import Unit
from backend.writing.models import WritingLevel

Forwarder = Annotated[UserAccount, require(Permission.SUBMIT_ESSAYS)]
WritingManager = Annotated[UserAccount, require(Permission.MANAGE_WRITING)]


def target_level(level_id: Id, user: Forwarder, read: ReadSessionDep) -> WritingLevel:
    """The level forwarded into (404 for the first level, which takes no forwarding)."""
    level, _ = service.level_into(session=read, level_id=level_id)
    read.commit()  # on SQLite a write request's read ends here, before its write begins
    return level


def forwarding_unit(unit_id: Id, user: Forwarder, read: ReadSessionDep) -> Unit:
    unit = service.forwarding_unit(session=read, unit_id=unit_id, actor=user)
    read.commit()
    return unit


TargetLevel = Annotated[WritingLevel, Depends(target_level)]
ForwardingUnit = Annotated[Unit, Depends(forwarding_unit)]

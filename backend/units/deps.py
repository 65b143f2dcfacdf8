"""Loading a unit for a request: 404 when it is missing or outside the caller's subtree."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.deps import Id, SessionDep, require
from backend.policy import Permission
from backend.units import service
from backend.units.models import Unit

UnitViewer = Annotated[UserAccount, require(Permission.VIEW_UNITS)]
UnitManager = Annotated[UserAccount, require(Permission.MANAGE_UNITS)]
HeadcountEditor = Annotated[UserAccount, require(Permission.EDIT_HEADCOUNT)]


def viewer_scope(user: UnitViewer, session: SessionDep) -> Unit | None:
    return service.scope_of(session=session, user=user)


Scope = Annotated[Unit | None, Depends(viewer_scope)]


def unit_in_scope(unit_id: Id, session: SessionDep, within: Scope) -> Unit:
    return service.get_unit(session=session, unit_id=unit_id, within=within)


ScopedUnit = Annotated[Unit, Depends(unit_in_scope)]

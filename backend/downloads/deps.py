"""Who may ask for and open result spreadsheets, and what they get: unit officers their
subtree's rows of published contests, personal data in full only with that permission."""

from typing import Annotated

from fastapi import Depends, Request

from backend.accounts.models import UserAccount
from backend.contests import service as contests
from backend.contests.models import Contest
from backend.deps import Id, SessionDep, require
from backend.downloads import service
from backend.downloads.models import ExportFile
from backend.downloads.worker import ExportWorker
from backend.errors import Forbidden
from backend.policy import Permission, has_permission, may_see_personal_data
from backend.units import service as units
from backend.units.models import Unit

Exporter = Annotated[UserAccount, require(Permission.EXPORT_RESULTS)]
NO_PERSONAL_DATA = ("Tài khoản của bạn không có quyền xem dữ liệu cá nhân của thí sinh, nên chỉ "
                    "tải được tệp đã che số điện thoại và ngày sinh.")


def export_scope(user: Exporter, session: SessionDep) -> Unit | None:
    return units.scope_of(session=session, user=user)


ExportScope = Annotated[Unit | None, Depends(export_scope)]


def exported_contest(contest_id: Id, user: Exporter, session: SessionDep) -> Contest:
    # Unit officers export from published contests only, as they follow only those.
    return contests.get_contest(session=session, contest_id=contest_id,
                                published_only=not has_permission(user,
                                                                  Permission.MANAGE_CONTESTS))


ExportedContest = Annotated[Contest, Depends(exported_contest)]


def visible_export(export_id: Id, user: Exporter, session: SessionDep,
                   within: ExportScope) -> ExportFile:
    return service.get_export(session=session, export_id=export_id, within=within,
                              may_reveal=may_see_personal_data(user))


VisibleExport = Annotated[ExportFile, Depends(visible_export)]


async def export_worker(request: Request) -> ExportWorker:
    return request.app.state.exports


Worker = Annotated[ExportWorker, Depends(export_worker)]


def masking(user: UserAccount, asked: bool | None) -> bool:
    """Whether the file masks personal data: as asked, by default unless the user may see
    it; refused when someone without the permission asks for it in full."""
    may = may_see_personal_data(user)
    if asked is None:
        return not may
    if not asked and not may:
        raise Forbidden(NO_PERSONAL_DATA)
    return asked

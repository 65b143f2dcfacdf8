"""Who is asking about essays: a staff member who handles them (within their subtree) or an
essay author (their own essays only), by the staff cookie, the author cookie or a bearer
token; and which request paths take essay files, with their own body cap."""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from backend.accounts import service as accounts
from backend.accounts.models import UserAccount
from backend.deps import (
    AUTHOR_COOKIE,
    STAFF_COOKIE,
    Id,
    Now,
    ReadSessionDep,
    bearer_token,
    require,
)
from backend.errors import Forbidden, NotSignedIn
from backend.essays.models import EssayAuthor
from backend.policy import Permission, has_permission, may_see_personal_data
from backend.units import service as units
from backend.units.models import Unit

NO_RIGHT = "Tài khoản của bạn không có quyền thực hiện việc này."
# The routes that take an essay file: the app lets their bodies reach essay_max_bytes.
UPLOAD_PATHS = re.compile(
    r"/cuoc-thi-viet/\d+/(bai-viet/nop|tac-gia/nop|tac-gia/bai/\d+/phien-ban)"
    r"|/bai-viet/\d+/phien-ban|/api/v1/writing/(\d+/essays|essays/\d+/versions)")
FORM_SLACK = 256 * 1024  # the form's other fields (typed text goes alone) and part headers
ESSAY_TOO_LARGE = ("Tệp bài dự thi lớn hơn {} MB, quá giới hạn cho phép; chưa có gì được lưu. "
                   "Hãy giảm dung lượng (ví dụ nén ảnh trong bài hoặc xuất lại PDF ở chất "
                   "lượng thấp hơn) rồi tải lên lại.")


@dataclass(frozen=True)
class Reader:
    """A staff member (`user`, seeing `within`'s subtree, or everything when None) or an
    author (`author`): what essay lists, pages and files they may see."""

    user: UserAccount | None = None
    within: Unit | None = None
    author: EssayAuthor | None = None

    @property
    def reveal(self) -> bool:
        """Phone, CCCD and bank account in full: the author's own, or staff allowed to."""
        return self.author is not None or may_see_personal_data(self.user)

    @property
    def actor(self) -> UserAccount | None:
        return self.user

    @property
    def author_id(self) -> int | None:
        return self.author.id if self.author else None


def staff_reader(session: Session, user: UserAccount) -> Reader:
    if not has_permission(user, Permission.SUBMIT_ESSAYS):
        raise Forbidden(NO_RIGHT)
    return Reader(user=user, within=units.scope_of(session=session, user=user))


EssayStaff = Annotated[UserAccount, require(Permission.SUBMIT_ESSAYS)]


def page_staff(user: EssayStaff, session: ReadSessionDep) -> Reader:
    return staff_reader(session, user)


def page_author(request: Request, competition_id: Id, session: ReadSessionDep,
                now: Now) -> Reader:
    """The author signed in to this competition in this browser, or to its sign-in page."""
    author = _author_of(session, request.cookies.get(AUTHOR_COOKIE), now)
    if author is None or author.competition_id != competition_id:
        raise NotSignedIn("Bạn cần đăng nhập để tiếp tục.",
                          extra={"login": f"/cuoc-thi-viet/{competition_id}/tac-gia/dang-nhap"})
    request.state.author = author
    return Reader(author=author)


def api_reader(request: Request, session: ReadSessionDep, now: Now) -> Reader:
    """A bearer token (staff or author), else the staff cookie, else the author cookie."""
    token = (bearer_token(request) or request.cookies.get(STAFF_COOKIE)
             or request.cookies.get(AUTHOR_COOKIE))
    found = accounts.find_session(session=session, token=token, now=now)
    reader = None
    if found is not None and found.user_id is not None:
        user = session.get(UserAccount, found.user_id)
        reader = staff_reader(session, user) if user and user.is_active else None
    elif found is not None and found.author_id is not None:
        reader = Reader(author=session.get(EssayAuthor, found.author_id))
    session.commit()
    if reader is None:
        raise NotSignedIn("Bạn cần đăng nhập để tiếp tục.")
    return reader


def _author_of(session: Session, token: str | None, now: datetime) -> EssayAuthor | None:
    found = accounts.find_session(session=session, token=token, now=now)
    author = session.get(EssayAuthor, found.author_id) if found and found.author_id else None
    session.commit()
    return author


StaffReader = Annotated[Reader, Depends(page_staff)]
AuthorReader = Annotated[Reader, Depends(page_author)]
ApiReader = Annotated[Reader, Depends(api_reader)]

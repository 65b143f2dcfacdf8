"""Award forms: the forms of commendation an organiser gives and who issues them."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend import vntext
from backend.commendations.models import AwardForm, AwardKind
from backend.errors import Conflict, InvalidInput, NotFound

DEFAULT_FORMS = (
    (AwardKind.CERTIFICATE_OF_MERIT, "Bằng khen của Ban Thường vụ Thành ủy",
     "Ban Thường vụ Thành ủy"),
    (AwardKind.LETTER_OF_COMMENDATION, "Giấy khen của Ban Dân vận Thành ủy",
     "Ban Dân vận Thành ủy"),
)


def add_award_form(*, session: Session, kind: AwardKind | str, name: str,
                   issuing_level: str) -> AwardForm:
    """Add a form of commendation the organiser gives (custom forms included)."""
    try:
        kind = AwardKind(kind)
    except ValueError:
        raise InvalidInput("Hình thức khen thưởng phải là Bằng khen, Giấy khen hoặc hình thức "
                           "khác.") from None
    form = AwardForm(kind=kind, name=vntext.checked_name(name, field="Tên hình thức",
                                                         max_length=200),
                     issuing_level=vntext.checked_name(issuing_level, field="Cấp khen",
                                                       max_length=200),
                     position=len(award_forms(session=session, active_only=False)))
    session.add(form)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"Đã có hình thức “{form.name}”.") from None
    return form


def ensure_default_forms(*, session: Session) -> list[AwardForm]:
    """The two usual forms, made when none exists yet (idempotent)."""
    if not award_forms(session=session, active_only=False):
        for position, (kind, name, level) in enumerate(DEFAULT_FORMS):
            session.add(AwardForm(kind=kind, name=name, issuing_level=level, position=position))
        session.commit()
    return award_forms(session=session)


def award_forms(*, session: Session, active_only: bool = True) -> list[AwardForm]:
    query = select(AwardForm).order_by(AwardForm.position, AwardForm.id)
    if active_only:
        query = query.where(AwardForm.is_active)
    return list(session.scalars(query))


def get_award_form(*, session: Session, form_id: int) -> AwardForm:
    form = session.get(AwardForm, form_id)
    if form is None or not form.is_active:
        if not award_forms(session=session):
            raise InvalidInput("Chưa có hình thức khen thưởng nào. Ban tổ chức cần thêm hình "
                               "thức (Bằng khen, Giấy khen…) ở trang Hình thức khen thưởng trước "
                               "khi lập danh sách đề nghị.", code="no_award_forms")
        raise NotFound("Không tìm thấy hình thức khen thưởng này.")
    return form


def deactivate_award_form(*, session: Session, form_id: int) -> AwardForm:
    """Stop offering a form for new nominees; those already proposed or awarded keep it."""
    form = get_award_form(session=session, form_id=form_id)
    form.is_active = False
    session.add(form)
    session.commit()
    return form

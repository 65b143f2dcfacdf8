"""Commendation rules: award forms, proposals a unit (or the organiser) fills with nominees
from any source, and decisions that award them. The same achievement is never commended twice
with the same form: a database constraint, answered with the decision or proposal that already
holds it."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend import vntext
from backend.accounts.models import Role, UserAccount
from backend.commendations.forms import (
    add_award_form as add_award_form,
)
from backend.commendations.forms import (
    award_forms as award_forms,
)
from backend.commendations.forms import (
    deactivate_award_form as deactivate_award_form,
)
from backend.commendations.forms import (
    ensure_default_forms as ensure_default_forms,
)
from backend.commendations.forms import (
    get_award_form as get_award_form,
)
from backend.commendations.models import (
    AwardForm,
    Decision,
    Gender,
    Nominee,
    NomineeKind,
    Proposal,
    ProposalStatus,
    Source,
)
from backend.errors import Conflict, InvalidInput, NotFound
from backend.letterhead.models import Letterhead
from backend.units.models import Unit

MAX_NOMINEES = 20_000  # one decision's list


def _actor_id(actor: UserAccount | None) -> int | None:
    return actor.id if actor is not None else None  # None: the command line on the server


def _is_organiser(actor: UserAccount | None) -> bool:
    return actor is None or actor.role == Role.ORGANISER


# Proposals --------------------------------------------------------------------------------------

def _reach(session: Session, actor: UserAccount | None) -> Unit | None:
    """The subtree the actor proposes for: None for organisers (the whole tree)."""
    if _is_organiser(actor):
        return None
    unit = session.get(Unit, actor.unit_id) if actor.unit_id else None
    if unit is None:
        raise NotFound("Tài khoản chưa được gắn với đơn vị nào.")
    return unit


def reach_of(*, session: Session, actor: UserAccount | None) -> Unit | None:
    """The subtree the actor proposes for (None: the whole tree, for organisers)."""
    return _reach(session, actor)


def create_proposal(*, session: Session, year: int, title: str, unit_id: int | None,
                    actor: UserAccount | None, now: dt.datetime) -> Proposal:
    """Start a unit's list of nominees for a year (unit None: the organiser's own list)."""
    if not 2000 <= year <= 2100:
        raise InvalidInput("Năm phải trong khoảng 2000–2100.")
    reach = _reach(session, actor)
    if unit_id is None and reach is not None:
        raise InvalidInput("Hãy chọn đơn vị lập danh sách đề nghị.")
    if unit_id is not None:
        _unit_within(session, unit_id, reach)
    proposal = Proposal(year=year, unit_id=unit_id, created_by=_actor_id(actor), created_at=now,
                        title=vntext.checked_name(title, field="Tên danh sách", max_length=255))
    session.add(proposal)
    session.commit()
    return proposal


def _unit_within(session: Session, unit_id: int, reach: Unit | None) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or (reach is not None and not reach.contains(unit)):
        raise NotFound("Không tìm thấy đơn vị này, hoặc đơn vị nằm ngoài phạm vi của bạn.")
    return unit


def get_proposal(*, session: Session, proposal_id: int, actor: UserAccount | None) -> Proposal:
    """A proposal the actor may see: organisers all, officers their subtree's units'."""
    proposal = session.get(Proposal, proposal_id)
    reach = _reach(session, actor) if proposal is not None else None
    if proposal is None or (reach is not None and (
            proposal.unit_id is None or not reach.contains(session.get(Unit, proposal.unit_id)))):
        raise NotFound("Không tìm thấy danh sách đề nghị khen thưởng này.")
    return proposal


def _editable(session: Session, proposal_id: int, actor: UserAccount | None) -> Proposal:
    proposal = get_proposal(session=session, proposal_id=proposal_id, actor=actor)
    if proposal.status is not ProposalStatus.DRAFT and not _is_organiser(actor):
        raise Conflict("Danh sách đã gửi lên, không sửa được nữa. Liên hệ Ban Dân vận Thành ủy "
                       "nếu cần điều chỉnh.")
    return proposal


def submit_proposal(*, session: Session, proposal_id: int, actor: UserAccount | None,
                    now: dt.datetime) -> Proposal:
    """Send a unit's list up: it is then fixed for the unit, and its nominees can be awarded."""
    proposal = _editable(session, proposal_id, actor)
    if not nominee_count(session=session, proposal_id=proposal.id):
        raise InvalidInput("Danh sách chưa có ai được đề nghị.")
    proposal.status, proposal.submitted_at = ProposalStatus.SUBMITTED, now
    session.add(proposal)
    session.commit()
    return proposal


def nominee_count(*, session: Session, proposal_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Nominee)
                          .where(Nominee.proposal_id == proposal_id)) or 0


# Nominees ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NomineeData:
    """A nominee as typed or as a source makes it. `achievement_key` is given by sources
    ("contest_prize:<id>"); a direct nominee's is made from what identifies it."""

    kind: NomineeKind | str
    name: str
    unit_id: int
    achievement: str
    award_form_id: int
    birth_year: int | None = None
    gender: Gender | str | None = None
    position: str = ""
    note: str = ""
    source: Source = Source.DIRECT
    achievement_key: str = ""


def checked_nominee(*, session: Session, data: NomineeData, reach: Unit | None,
                    forms: dict[int, AwardForm] | None = None) -> Nominee:
    """The nominee `data` describes, checked but not stored."""
    try:
        kind = NomineeKind(data.kind)
    except ValueError:
        raise InvalidInput("Đối tượng phải là tập thể hoặc cá nhân.") from None
    label = "Họ và tên" if kind is NomineeKind.INDIVIDUAL else "Tên tập thể"
    name = vntext.checked_name(data.name, field=label, max_length=200)
    unit = _unit_within(session, data.unit_id, reach)
    form = (forms or {}).get(data.award_form_id) or get_award_form(
        session=session, form_id=data.award_form_id)
    achievement = vntext.clean(data.achievement)
    if not achievement:
        raise InvalidInput(f"Hãy ghi thành tích của {name}.")
    if len(achievement) > 2000:
        raise InvalidInput("Thành tích dài quá 2.000 ký tự.")
    birth_year, gender = _person(kind, data.birth_year, data.gender)
    position, note = vntext.clean(data.position), vntext.clean(data.note)
    if len(position) > 200 or len(note) > 300:
        raise InvalidInput("Chức vụ (tối đa 200 ký tự) hoặc ghi chú (tối đa 300 ký tự) quá dài.")
    key = data.achievement_key or direct_key(kind, name, unit.id, achievement)
    return Nominee(proposal_id=0, kind=kind, name=name, birth_year=birth_year, gender=gender,
                   position=position, unit_id=unit.id, achievement=achievement,
                   award_form_id=form.id, note=note, source=data.source,
                   achievement_key=key[:400])


def _person(kind: NomineeKind, birth_year: int | None,
            gender: Gender | str | None) -> tuple[int | None, Gender | None]:
    if kind is NomineeKind.COLLECTIVE:
        return None, None
    if birth_year is not None and not 1900 <= birth_year <= 2100:
        raise InvalidInput("Năm sinh phải trong khoảng 1900–2100.")
    if gender in (None, ""):
        return birth_year, None
    try:
        return birth_year, Gender(gender)
    except ValueError:
        raise InvalidInput("Giới tính phải là Nam hoặc Nữ.") from None


def direct_key(kind: NomineeKind, name: str, unit_id: int, achievement: str) -> str:
    """A hand-entered achievement: the same collective or person of the same unit for the same
    achievement text (case, spacing and diacritics aside) is the same achievement."""
    return f"direct:{kind.value}:{unit_id}:{vntext.fold(name)}:{vntext.fold(achievement)}"


def add_nominees(*, session: Session, proposal_id: int, nominees: Sequence[NomineeData],
                 actor: UserAccount | None, now: dt.datetime) -> list[Nominee]:
    """Add nominees to a proposal, all or none: an achievement already proposed or commended
    with the same form is refused, naming where it is."""
    proposal = _editable(session, proposal_id, actor)
    reach = _reach(session, actor)
    if proposal.unit_id is not None:
        reach = session.get(Unit, proposal.unit_id)
    forms = {f.id: f for f in award_forms(session=session)}
    rows = [checked_nominee(session=session, data=data, reach=reach, forms=forms)
            for data in nominees]
    _refuse_repeats(session, rows, forms)
    for row in rows:
        row.proposal_id, row.created_by, row.created_at = proposal.id, _actor_id(actor), now
    session.add_all(rows)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        _refuse_repeats(session, rows, forms)  # a concurrent request took one: say which
        raise Conflict("Một thành tích vừa được đề nghị khen thưởng ở nơi khác; hãy tải lại "
                       "trang.", code="double_commendation") from None
    return rows


def _refuse_repeats(session: Session, rows: Sequence[Nominee],
                    forms: dict[int, AwardForm]) -> None:
    seen: set[tuple[str, int]] = set()
    for row in rows:
        pair = (row.achievement_key, row.award_form_id)
        if pair in seen:
            raise Conflict(f"{row.name} có hai lần cùng thành tích và cùng hình thức "
                           f"“{forms[row.award_form_id].name}” trong danh sách.",
                           code="double_commendation")
        seen.add(pair)
    keys = {row.achievement_key for row in rows}
    if not keys:
        return
    taken = session.execute(
        select(Nominee.achievement_key, Nominee.award_form_id, Nominee.name,
               Nominee.decision_id, Proposal.title)
        .join(Proposal, Proposal.id == Nominee.proposal_id)
        .where(Nominee.achievement_key.in_(keys))).all()
    for key, form_id, name, decision_id, title in taken:
        if (key, form_id) in seen:
            where = (f"đã được khen theo Quyết định số {_decision_number(session, decision_id)}"
                     if decision_id else f"đã có trong danh sách đề nghị “{title}”")
            raise Conflict(f"Thành tích này của {name} {where} với hình thức "
                           f"“{forms[form_id].name}”. Một thành tích không được khen thưởng hai "
                           "lần cùng một hình thức.", code="double_commendation")


def _decision_number(session: Session, decision_id: int) -> str:
    decision = session.get(Decision, decision_id)
    return decision.number if decision else str(decision_id)


def remove_nominee(*, session: Session, nominee_id: int, actor: UserAccount | None,
                   proposal_id: int | None = None) -> None:
    """Take a nominee off a proposal (not once awarded); `proposal_id`, when given, is the
    proposal the nominee must be on."""
    nominee = session.get(Nominee, nominee_id)
    if nominee is None or proposal_id not in (None, nominee.proposal_id):
        raise NotFound("Không tìm thấy người, tập thể được đề nghị này.")
    _editable(session, nominee.proposal_id, actor)
    if nominee.decision_id is not None:
        raise Conflict(f"{nominee.name} đã được khen theo Quyết định số "
                       f"{_decision_number(session, nominee.decision_id)}, không bỏ ra được.")
    session.delete(nominee)
    session.commit()


# Decisions --------------------------------------------------------------------------------------

def decision_number(*, session: Session, number: str) -> str:
    """The full number in the organiser's format: "127" -> "127-QĐ/BDVTU"; a number typed
    whole is kept as typed."""
    text = vntext.clean(number).removeprefix("Số").strip(" :")
    if not text:
        raise InvalidInput("Hãy nhập số quyết định.")
    if text.isdigit():
        letterhead = session.get(Letterhead, 1)
        pattern = letterhead.decision_number_format if letterhead else "{so}-QĐ/BDVTU"
        text = pattern.replace("{so}", text)
    if len(text) > 60:
        raise InvalidInput("Số quyết định dài quá 60 ký tự.")
    return text


@dataclass(frozen=True)
class DecisionData:
    number: str
    signed_date: dt.date
    title: str
    signer_name: str
    signer_title: str
    issuing_body: str = ""
    year: int = 0


def issue_decision(*, session: Session, data: DecisionData, nominee_ids: Sequence[int],
                   actor: UserAccount | None, now: dt.datetime) -> Decision:
    """Record a decision and award it the nominees listed (from submitted proposals, not yet
    awarded). Unless `data.year` says otherwise, the decision belongs to the year of the
    proposals it awards (a year's commendations are often signed early the next year), so
    they all have to be of one year."""
    ids = list(dict.fromkeys(nominee_ids))
    if not ids:
        raise InvalidInput("Quyết định cần ít nhất một tập thể hoặc cá nhân được khen.")
    if len(ids) > MAX_NOMINEES:
        raise InvalidInput(f"Một quyết định khen tối đa {MAX_NOMINEES:,} tập thể, cá nhân."
                           .replace(",", "."))
    decision = Decision(
        number=decision_number(session=session, number=data.number),
        signed_date=data.signed_date, year=data.year,
        title=vntext.checked_name(data.title, field="Trích yếu quyết định", max_length=500),
        signer_name=vntext.checked_name(data.signer_name, field="Người ký", max_length=120),
        signer_title=_signer_titles(data.signer_title),
        issuing_body=vntext.clean(data.issuing_body)[:200], created_by=_actor_id(actor),
        created_at=now)
    session.add(decision)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"Đã có quyết định số {decision.number}.", code="decision_number") from None
    nominees = _awardable(session, ids)
    decision.year = data.year or _year_of(session, nominees)
    for nominee in nominees:
        nominee.decision_id = decision.id
    session.add_all(nominees)
    session.commit()
    return decision


def awardable_of(*, session: Session, proposal_ids: Sequence[int]) -> list[int]:
    """The nominees of submitted proposals a decision can still award, in list order."""
    ids = list(dict.fromkeys(proposal_ids))
    found = {p.id: p for p in session.scalars(select(Proposal).where(Proposal.id.in_(ids)))}
    for proposal_id in ids:
        proposal = found.get(proposal_id)
        if proposal is None:
            raise NotFound(f"Không tìm thấy danh sách đề nghị số {proposal_id}.")
        if proposal.status is not ProposalStatus.SUBMITTED:
            raise Conflict(f"Danh sách “{proposal.title}” chưa gửi lên; đơn vị cần gửi danh "
                           "sách trước khi khen.")
    return list(session.scalars(
        select(Nominee.id).where(Nominee.proposal_id.in_(ids), Nominee.decision_id.is_(None))
        .order_by(Nominee.proposal_id, Nominee.id)))


def _awardable(session: Session, ids: list[int]) -> list[Nominee]:
    rows = {n.id: n for n in session.scalars(select(Nominee).where(Nominee.id.in_(ids))
                                              .with_for_update())}
    statuses = dict(session.execute(select(Proposal.id, Proposal.status).where(
        Proposal.id.in_({n.proposal_id for n in rows.values()}))).all())
    for nominee_id in ids:
        nominee = rows.get(nominee_id)
        if nominee is None:
            session.rollback()
            raise NotFound(f"Không tìm thấy người, tập thể được đề nghị số {nominee_id}.")
        if nominee.decision_id is not None:
            session.rollback()
            raise Conflict(f"{nominee.name} đã được khen theo Quyết định số "
                           f"{_decision_number(session, nominee.decision_id)}.",
                           code="double_commendation")
        if statuses.get(nominee.proposal_id) is not ProposalStatus.SUBMITTED:
            session.rollback()
            raise Conflict(f"{nominee.name} thuộc danh sách chưa gửi lên; đơn vị cần gửi danh "
                           "sách trước khi khen.")
    return [rows[i] for i in ids]


def _year_of(session: Session, nominees: list[Nominee]) -> int:
    """The one year of the proposals the nominees come from."""
    years = sorted(session.scalars(select(Proposal.year).distinct().where(
        Proposal.id.in_({n.proposal_id for n in nominees}))))
    if len(years) > 1:
        session.rollback()
        raise InvalidInput("Các danh sách đề nghị đã chọn thuộc nhiều năm ("
                           + ", ".join(map(str, years)) + "); hãy ra quyết định riêng cho "
                           "từng năm.")
    return years[0]


def _signer_titles(raw: str) -> str:
    """The signer's titles one a line, as the signature block stacks them ("T/M BAN THƯỜNG
    VỤ" over "TRƯỞNG BAN")."""
    lines = [vntext.clean(line) for line in str(raw or "").splitlines()]
    text = "\n".join(line for line in lines if line)
    problem = vntext.name_problem(text, field="Chức vụ người ký", max_length=200)
    if problem:
        raise InvalidInput(problem)
    return text


def get_decision(*, session: Session, decision_id: int) -> Decision:
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFound("Không tìm thấy quyết định này.")
    return decision

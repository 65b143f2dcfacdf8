"""The demo's commendations for the 2023 movement, through the commendations service: the
usual award forms and one of the organiser's own, a proposal from each of five units (three
districts, a party committee, a mass organisation) naming the exemplary entries proposed for
commendation and a few people and collectives entered by hand, all sent up; Decision No.
127-QĐ/BDVTU of 15/10/2023 (the day of mass-mobilisation work) awarding most of them; and a
second list of Quận 1's left as a draft for `quan1` to finish."""

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.commendations import service as commendations
from backend.commendations.models import (
    AwardKind,
    Decision,
    Nominee,
    NomineeKind,
    Proposal,
    ProposalStatus,
    Source,
)
from backend.demo.movement_plan import Planned, local_moment
from backend.letterhead import service as letterhead_service
from backend.letterhead.models import Letterhead
from backend.movement.models import EntryKind, EntryStatus, MovementEntry, MovementYear
from backend.units.models import Unit

NUMBER = "127-QĐ/BDVTU"
SIGNED = date(2023, 10, 15)
DECISION_TITLE = ("Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong "
                  "trào thi đua “Dân vận khéo” năm 2023")
SIGNER = "Phan Thị Thanh Bình"  # the demo letterhead's, when none has been saved
CUSTOM_FORM = "Giấy chứng nhận điển hình “Dân vận khéo” tiêu biểu"
MOVEMENT = "phong trào thi đua “Dân vận khéo” năm 2023"
LEADING = f"Có thành tích xuất sắc trong lãnh đạo, tổ chức thực hiện {MOVEMENT}"
# unit code, who makes it (None: the organiser), people and collectives entered by hand:
# (kind, name, unit code, birth year, gender, position).
PROPOSALS = [
    ("Q1", "quan1", [
        (NomineeKind.COLLECTIVE, "Ban Dân vận Quận ủy Quận 1", "Q1", None, None, ""),
        (NomineeKind.INDIVIDUAL, "Nguyễn Thị Bích Ngọc", "Q1", 1978, "nu",
         "Phó Trưởng Ban Dân vận Quận ủy"),
        (NomineeKind.INDIVIDUAL, "Trần Văn Lộc", "Q1-P01", 1969, "nam",
         "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam phường")]),
    ("Q3", None, [
        (NomineeKind.COLLECTIVE, "Ban Dân vận Quận ủy Quận 3", "Q3", None, None, ""),
        (NomineeKind.INDIVIDUAL, "Lê Hoàng Phúc", "Q3-P12", 1983, "nam",
         "Phó Bí thư Thường trực Đảng ủy phường")]),
    ("TD", None, [
        (NomineeKind.INDIVIDUAL, "Võ Thị Kim Oanh", "TD", 1975, "nu",
         "Trưởng Ban Dân vận Thành ủy Thủ Đức"),
        (NomineeKind.INDIVIDUAL, "Đặng Quốc Huy", "TD", 1988, "nam", "Chuyên viên Ban Dân vận")]),
    ("DU-DCD", None, [
        (NomineeKind.INDIVIDUAL, "Bùi Thị Thu Trang", "DU-DCD", 1981, "nu",
         "Phó Trưởng Ban Tuyên giáo - Dân vận Đảng ủy Khối")]),
    ("HLHPN", None, [
        (NomineeKind.COLLECTIVE, "Ban Tuyên giáo Hội Liên hiệp Phụ nữ Thành phố", "HLHPN",
         None, None, ""),
        (NomineeKind.INDIVIDUAL, "Huỳnh Thị Mỹ Linh", "HLHPN", 1979, "nu",
         "Phó Chủ tịch Hội Liên hiệp Phụ nữ Thành phố")]),
]
DRAFT_FROM_ENTRIES = 2  # Quận 1's last proposed entries wait in its draft list
HELD_BACK = 2  # Thành phố Thủ Đức's two people entered by hand wait for a later decision
DRAFT_DIRECT = (NomineeKind.INDIVIDUAL, "Phạm Minh Trí", "Q1-P06", 1991, "nam",
                "Bí thư Đoàn phường")


def load_awards(*, session: Session, year: int, staff: dict[str, UserAccount],
                units: dict[str, Unit], planned: list[Planned]) -> Iterator[str]:
    """The forms, the five proposals sent up, the decision and Quận 1's draft, when missing."""
    forms = _forms(session)
    decision = session.scalars(select(Decision).where(Decision.number == NUMBER)).first()
    nominated = _proposed_entries(session, year, units)
    if decision is None:
        at = local_moment(10, 6)
        held: list[int] = []
        for code, maker, direct in PROPOSALS:
            entries = nominated.get(code, [])
            if code == "Q1":
                entries = entries[:-DRAFT_FROM_ENTRIES]
            proposal = _proposal(session, code, "", staff.get(maker), units, year, forms,
                                 entries, direct, planned)
            if proposal.status is ProposalStatus.DRAFT:
                commendations.submit_proposal(session=session, proposal_id=proposal.id,
                                              actor=staff.get(maker), now=at)
            ids = _nominee_ids(session, proposal)
            held += ids[-HELD_BACK:] if code == "TD" else []
        awarded = [i for i in _submitted_nominees(session, year) if i not in held]
        letterhead = _letterhead(session)
        decision = commendations.issue_decision(
            session=session, nominee_ids=awarded, actor=staff["bantochuc"],
            now=local_moment(10, 15),
            data=commendations.DecisionData(
                number=NUMBER, signed_date=SIGNED, title=DECISION_TITLE, year=year,
                signer_name=letterhead.signer_name,
                signer_title=letterhead.signer_titles.splitlines()[-1],
                issuing_body=letterhead.issuing_body))
        yield (f"Đã nạp khen thưởng mẫu năm {year}: {len(PROPOSALS)} danh sách đề nghị đã gửi, "
               f"Quyết định số {NUMBER} khen {len(awarded)} tập thể, cá nhân.")
    draft = _proposal(session, "Q1", " (bổ sung)", staff["quan1"], units, year, forms,
                      nominated.get("Q1", [])[-DRAFT_FROM_ENTRIES:], [DRAFT_DIRECT], planned)
    yield (f"Danh sách khen thưởng kèm Quyết định số {NUMBER}: "
           f"/khen-thuong/quyet-dinh/{decision.id}")
    yield (f"Danh sách đề nghị bổ sung của Quận 1 (nháp, cán bộ quan1 làm tiếp): "
           f"/khen-thuong/de-nghi/{draft.id}")


def _forms(session: Session) -> dict[str, int]:
    """Form ids by use: the two usual ones and the organiser's own, made when missing."""
    commendations.ensure_default_forms(session=session)
    if not any(f.name == CUSTOM_FORM for f in commendations.award_forms(session=session)):
        commendations.add_award_form(session=session, kind=AwardKind.CUSTOM, name=CUSTOM_FORM,
                                     issuing_level="Ban Dân vận Thành ủy")
    by_kind = {f.kind: f.id for f in reversed(commendations.award_forms(session=session))}
    return {"merit": by_kind[AwardKind.CERTIFICATE_OF_MERIT],
            "letter": by_kind[AwardKind.LETTER_OF_COMMENDATION],
            "custom": next(f.id for f in commendations.award_forms(session=session)
                           if f.name == CUSTOM_FORM)}


def _letterhead(session: Session) -> Letterhead:
    """The letterhead the decision is signed by; the demo's signer saved on it when it names
    none."""
    current = letterhead_service.current(session=session)
    if current.signer_name:
        return current
    return letterhead_service.update_letterhead(
        session=session, governing_body=current.governing_body,
        issuing_body=current.issuing_body, heading=current.heading, place=current.place,
        signer_titles=current.signer_titles, signer_name=SIGNER, recipients=current.recipients,
        actor_id=None, now=local_moment(10, 1))


def _proposed_entries(session: Session, year: int,
                      units: dict[str, Unit]) -> dict[str, list[MovementEntry]]:
    """The year's entries proposed for commendation, by the proposal's unit (a ward's under
    its district)."""
    codes = {u.id: code.split("-P")[0] for code, u in units.items()}
    found: dict[str, list[MovementEntry]] = {}
    for entry in session.scalars(
            select(MovementEntry).join(MovementYear, MovementYear.id == MovementEntry.year_id)
            .where(MovementYear.year == year,
                   MovementEntry.status == EntryStatus.COMMENDATION_PROPOSED)
            .order_by(MovementEntry.id)):
        found.setdefault(codes[entry.unit_id], []).append(entry)
    return found


def _proposal(session, code, suffix, actor, units, year, forms, entries, direct,
              planned) -> Proposal:
    """A unit's proposal (found by its title, else made) with its nominees when it has none."""
    title = (f"Đề nghị khen thưởng {MOVEMENT}{suffix} – {units[code].name}")
    proposal = session.scalars(select(Proposal).where(Proposal.year == year,
                                                      Proposal.title == title)).first()
    if proposal is None:
        proposal = commendations.create_proposal(session=session, year=year, title=title,
                                                 unit_id=units[code].id, actor=actor,
                                                 now=local_moment(9, 29))
    if not commendations.nominee_count(session=session, proposal_id=proposal.id):
        fate = {(p.unit_code, p.title): p for p in planned}
        codes = {u.id: c for c, u in units.items()}
        nominees = [_from_entry(e, fate[(codes[e.unit_id], e.title)], forms) for e in entries]
        nominees += [_direct(row, units, forms) for row in direct]
        commendations.add_nominees(session=session, proposal_id=proposal.id, nominees=nominees,
                                   actor=actor, now=local_moment(10, 2))
    return proposal


def _from_entry(entry: MovementEntry, plan: Planned, forms: dict[str, int]):
    if entry.kind is EntryKind.MODEL:
        achievement = f"Mô hình “{entry.title}” được công nhận tiêu biểu trong {MOVEMENT}"
    elif entry.kind is EntryKind.SOLUTION:
        achievement = f"{entry.title} được công nhận tiêu biểu trong {MOVEMENT}"
    else:
        achievement = f"Điển hình tiêu biểu trong {plan.activity}, {MOVEMENT}"
    individual = entry.kind.is_individual
    form = {EntryKind.EXEMPLARY_COLLECTIVE: "custom"}.get(entry.kind, "letter")
    return commendations.NomineeData(
        kind=NomineeKind.INDIVIDUAL if individual else NomineeKind.COLLECTIVE,
        name=entry.people, unit_id=entry.unit_id, achievement=achievement,
        award_form_id=forms[form], birth_year=plan.birth_year, gender=plan.gender,
        position=plan.position, source=Source.MOVEMENT_ENTRY,
        achievement_key=f"movement_entry:{entry.id}")


def _direct(row: tuple, units: dict[str, Unit], forms: dict[str, int]):
    kind, name, code, birth_year, gender, position = row
    return commendations.NomineeData(
        kind=kind, name=name, unit_id=units[code].id, achievement=LEADING,
        award_form_id=forms["merit" if kind is NomineeKind.COLLECTIVE else "letter"],
        birth_year=birth_year, gender=gender, position=position)


def _nominee_ids(session: Session, proposal: Proposal) -> list[int]:
    return list(session.scalars(select(Nominee.id).where(Nominee.proposal_id == proposal.id)
                                .order_by(Nominee.id)))


def _submitted_nominees(session: Session, year: int) -> list[int]:
    return list(session.scalars(
        select(Nominee.id).join(Proposal, Proposal.id == Nominee.proposal_id)
        .where(Proposal.year == year, Proposal.status == ProposalStatus.SUBMITTED,
               Nominee.decision_id.is_(None)).order_by(Nominee.id)))

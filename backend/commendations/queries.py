"""What the commendation pages, API and command line list: proposals within reach with their
counts, a proposal's nominees, decisions with their counts, and a decision's awardees by unit."""

from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import case, func, select
from sqlmodel import Session

from backend.commendations.models import (
    AwardForm,
    Decision,
    Nominee,
    NomineeKind,
    Proposal,
    ProposalStatus,
)
from backend.units.models import Unit

PER_PAGE = 200


@dataclass(frozen=True)
class Counts:
    collectives: int = 0
    individuals: int = 0
    awarded: int = 0

    @property
    def total(self) -> int:
        return self.collectives + self.individuals


@dataclass(frozen=True)
class ProposalLine:
    proposal: Proposal
    unit_name: str  # "" for the organiser's own list
    counts: Counts


@dataclass(frozen=True)
class NomineeLine:
    nominee: Nominee
    unit_name: str
    form_name: str
    decision_number: str | None


@dataclass(frozen=True)
class DecisionLine:
    decision: Decision
    counts: Counts


@dataclass(frozen=True)
class Page:
    lines: list
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def _counts(session: Session, column, keys) -> dict[int, Counts]:
    """Collectives, individuals and awarded nominees per proposal or decision."""
    rows = session.execute(
        select(column,
               func.sum(case((Nominee.kind == NomineeKind.COLLECTIVE, 1), else_=0)),
               func.sum(case((Nominee.kind == NomineeKind.INDIVIDUAL, 1), else_=0)),
               func.count(Nominee.decision_id))
        .where(column.in_(keys)).group_by(column)).all()
    return {key: Counts(int(c or 0), int(i or 0), int(a or 0)) for key, c, i, a in rows}


def proposal_lines(*, session: Session, within: Unit | None, year: int | None = None,
                   status: ProposalStatus | None = None, page: int = 1) -> Page:
    """Proposals of units in `within` (None: every proposal, the organiser's own lists too),
    newest first."""
    query = select(Proposal, Unit.name).outerjoin(Unit, Unit.id == Proposal.unit_id)
    if within is not None:
        query = query.where(Unit.path.startswith(within.path))
    if year is not None:
        query = query.where(Proposal.year == year)
    if status is not None:
        query = query.where(Proposal.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(Proposal.year.desc(), Proposal.id.desc())
                           .offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    counts = _counts(session, Nominee.proposal_id, [p.id for p, _ in rows])
    return Page([ProposalLine(p, name or "", counts.get(p.id, Counts())) for p, name in rows],
                total, page)


def proposal_line(*, session: Session, proposal: Proposal) -> ProposalLine:
    counts = _counts(session, Nominee.proposal_id, [proposal.id]).get(proposal.id, Counts())
    return ProposalLine(proposal, unit_name(session=session, unit_id=proposal.unit_id), counts)


def awardable_lines(*, session: Session) -> list[ProposalLine]:
    """Submitted proposals that still have nominees no decision has awarded."""
    waiting = (select(Nominee.proposal_id).where(Nominee.decision_id.is_(None))
               .distinct().scalar_subquery())
    rows = session.execute(
        select(Proposal, Unit.name).outerjoin(Unit, Unit.id == Proposal.unit_id)
        .where(Proposal.status == ProposalStatus.SUBMITTED, Proposal.id.in_(waiting))
        .order_by(Proposal.year.desc(), Unit.path, Proposal.id)).all()
    counts = _counts(session, Nominee.proposal_id, [p.id for p, _ in rows])
    return [ProposalLine(p, name or "", counts.get(p.id, Counts())) for p, name in rows]


def _nominee_query():
    return (select(Nominee, Unit.name, AwardForm.name, Decision.number)
            .join(Unit, Unit.id == Nominee.unit_id)
            .join(AwardForm, AwardForm.id == Nominee.award_form_id)
            .outerjoin(Decision, Decision.id == Nominee.decision_id))


def nominee_lines(*, session: Session, proposal_id: int, page: int = 1,
                  unawarded_only: bool = False) -> Page:
    """A proposal's nominees: collectives first, then individuals, each by unit."""
    where = [Nominee.proposal_id == proposal_id]
    if unawarded_only:
        where.append(Nominee.decision_id.is_(None))
    return _paged(session, _nominee_query().where(*where)
                  .order_by(Nominee.kind, Unit.path, Nominee.id), page)


def lines_of(*, session: Session, nominee_ids: list[int]) -> list[NomineeLine]:
    rows = session.execute(_nominee_query().where(Nominee.id.in_(nominee_ids))
                           .order_by(Nominee.id)).all()
    return [NomineeLine(*row) for row in rows]


def awardee_lines(*, session: Session, decision_id: int, page: int = 1) -> Page:
    """A decision's awardees grouped by unit, collectives before individuals in each."""
    return _paged(session, _nominee_query().where(Nominee.decision_id == decision_id)
                  .order_by(Unit.path, Nominee.kind, Nominee.id), page)


def _paged(session: Session, query, page: int) -> Page:
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return Page([NomineeLine(*row) for row in rows], total, page)


def by_unit(lines: list[NomineeLine]) -> list[tuple[str, list[NomineeLine]]]:
    """Consecutive lines of the same unit together, in the order given."""
    return [(name, list(group)) for name, group in groupby(lines, key=lambda line: line.unit_name)]


def decision_lines(*, session: Session, year: int | None = None) -> list[DecisionLine]:
    """Decisions, newest first, with how many collectives and individuals each awarded."""
    query = select(Decision).order_by(Decision.signed_date.desc(), Decision.id.desc())
    if year is not None:
        query = query.where(Decision.year == year)
    decisions = list(session.scalars(query))
    counts = _counts(session, Nominee.decision_id, [d.id for d in decisions])
    return [DecisionLine(d, counts.get(d.id, Counts())) for d in decisions]


def decision_counts(*, session: Session, decision_id: int) -> Counts:
    return _counts(session, Nominee.decision_id, [decision_id]).get(decision_id, Counts())


def unit_name(*, session: Session, unit_id: int | None) -> str:
    unit = session.get(Unit, unit_id) if unit_id else None
    return unit.name if unit else ""

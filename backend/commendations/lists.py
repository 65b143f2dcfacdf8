"""The commendation lists as files: a decision's nominees (the official list attached to it)
and a proposal's (the list a unit sends up), collectives then individuals, each under the
unit directly below the city that it belongs to, in the tree's order. The order is worked out
on ids alone; the rows are read a batch at a time in that order and streamed to the writer."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from backend.commendations.models import AwardForm, Decision, Nominee, NomineeKind, Proposal
from backend.downloads.documents import slug
from backend.letterhead import service as letterhead_service
from backend.units import service as units_service
from backend.units.models import Unit
from exports import commendations as sheets

BATCH = 1_000


@dataclass(frozen=True)
class _Place:
    order: int  # the unit's place in the tree, parents before children, siblings by name
    group: str  # the name of its heading row: the unit just below the city it lies in
    group_order: int
    name: str


def write_decision_list(*, session: Session, decision: Decision, target: BinaryIO) -> int:
    """The list of everyone decision `decision` awards, in the official layout, written to
    `target`; returns the rows written."""
    places = _places(session)
    lines = _Lines(session, Nominee.decision_id == decision.id, places)
    stored = letterhead_service.for_documents(letterhead_service.current(session=session))
    titles = tuple(line.strip() for line in decision.signer_title.splitlines() if line.strip())
    letterhead = replace(stored, signer_titles=titles or stored.signer_titles,
                         signer_name=decision.signer_name)
    return sheets.write_commendation_list(
        target, letterhead, subject=_subject(decision.title), number=decision.number,
        signed_date=decision.signed_date, issuing_body=decision.issuing_body,
        collectives=lines.collectives(), collective_count=len(lines.ids[NomineeKind.COLLECTIVE]),
        individuals=lines.individuals(),
        individual_count=len(lines.ids[NomineeKind.INDIVIDUAL]))


def write_proposal_list(*, session: Session, proposal: Proposal, target: BinaryIO) -> int:
    """A proposal's nominees as the list its unit (or the organiser) sends up, written to
    `target`; returns the rows written."""
    places = _places(session)
    lines = _Lines(session, Nominee.proposal_id == proposal.id, places)
    letterhead = letterhead_service.for_documents(letterhead_service.current(session=session))
    proposer = letterhead.issuing_body
    unit = session.get(Unit, proposal.unit_id) if proposal.unit_id is not None else None
    if unit is not None:
        parent = session.get(Unit, unit.parent_id) if unit.parent_id is not None else None
        proposer = unit.name
        letterhead = replace(letterhead, issuing_body=unit.name,
                             governing_body=parent.name if parent else letterhead.governing_body,
                             signer_titles=("Thủ trưởng đơn vị",), signer_name="",
                             recipients=("Như trên;", "Lưu."))
    return sheets.write_proposal_list(
        target, letterhead, subject=proposal.title, proposer=proposer,
        collectives=lines.collectives(), collective_count=len(lines.ids[NomineeKind.COLLECTIVE]),
        individuals=lines.individuals(),
        individual_count=len(lines.ids[NomineeKind.INDIVIDUAL]))


def decision_file_name(decision: Decision) -> str:
    """"danh-sach-khen-thuong-127-qd-bdvtu.xlsx"."""
    return f"danh-sach-khen-thuong-{slug(decision.number) or decision.id}.xlsx"


def proposal_file_name(proposal: Proposal) -> str:
    """"danh-sach-de-nghi-khen-thuong-12.xlsx"."""
    return f"danh-sach-de-nghi-khen-thuong-{proposal.id}.xlsx"


def _subject(title: str) -> str:
    """The decision's subject as the list's second title line: without "Về việc" before it."""
    text = title.strip()
    for opening in ("Về việc ", "về việc ", "V/v ", "V/v: "):
        text = text.removeprefix(opening)
    return text


def _places(session: Session) -> dict[int, _Place]:
    """Every unit's place in the tree (retired ones too: their nominees stay listed)."""
    places: dict[int, _Place] = {}

    def visit(node, group: _Place | None) -> None:
        place = _Place(len(places), group.name if group else node.unit.name,
                       group.order if group else len(places), node.unit.name)
        places[node.unit.id] = place
        for child in node.children:
            visit(child, group or place if node.unit.parent_id is not None else None)

    for root in units_service.build_tree(list(session.scalars(select(Unit)))):
        visit(root, None)
    return places


class _Lines:
    """The nominees a condition picks, collectives and individuals, in the list's order."""

    def __init__(self, session: Session, where: ColumnElement, places: dict[int, _Place]):
        self.session, self.places = session, places
        self.ids: dict[NomineeKind, list[int]] = {kind: [] for kind in NomineeKind}
        found = session.execute(select(Nominee.id, Nominee.kind, Nominee.unit_id).where(where))
        keyed = sorted((self._key(unit_id, nominee_id), kind, nominee_id)
                       for nominee_id, kind, unit_id in found)
        for _, kind, nominee_id in keyed:
            self.ids[NomineeKind(kind)].append(nominee_id)

    def _key(self, unit_id: int, nominee_id: int) -> tuple:
        place = self.places[unit_id]
        return place.group_order, place.order, nominee_id

    def collectives(self) -> Iterator[sheets.CollectiveLine]:
        for row in self._rows(self.ids[NomineeKind.COLLECTIVE]):
            place = self.places[row.unit_id]
            yield sheets.CollectiveLine(place.group, row.name, place.name, row.achievement,
                                        row.award, row.note)

    def individuals(self) -> Iterator[sheets.IndividualLine]:
        for row in self._rows(self.ids[NomineeKind.INDIVIDUAL]):
            place = self.places[row.unit_id]
            yield sheets.IndividualLine(
                place.group, row.name, row.birth_year, row.gender.value if row.gender else None,
                row.position, place.name, row.achievement, row.award, row.note)

    def _rows(self, ids: list[int]) -> Iterable:
        columns = (Nominee.id, Nominee.name, Nominee.birth_year, Nominee.gender,
                   Nominee.position, Nominee.unit_id, Nominee.achievement, Nominee.note,
                   AwardForm.name.label("award"))
        for start in range(0, len(ids), BATCH):
            batch = ids[start:start + BATCH]
            found = {row.id: row for row in self.session.execute(
                select(*columns).join(AwardForm, AwardForm.id == Nominee.award_form_id)
                .where(Nominee.id.in_(batch)))}
            yield from (found[nominee_id] for nominee_id in batch)

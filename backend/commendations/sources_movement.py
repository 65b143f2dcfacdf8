"""Candidates from a "Dân vận khéo" year: the entries recognised as exemplary ("tiêu biểu"),
the person for an exemplary individual, the collective for everything else."""

from sqlalchemy import select
from sqlmodel import Session

from backend.commendations.candidate import Candidate, in_subtree
from backend.commendations.models import NomineeKind, Source
from backend.movement import service as movement
from backend.movement.models import EntryStatus, MovementEntry
from backend.units.models import Unit

# Exemplary, or further on (proposed for commendation); rejected entries are not among them.
EXEMPLARY_ON = movement.ORDER[movement.ORDER.index(EntryStatus.EXEMPLARY):]


def exemplary_entries(*, session: Session, year_id: int, reach: Unit | None) -> list[Candidate]:
    """Every exemplary entry of the year in `reach`, by unit and title."""
    period = movement.get_year(session=session, year_id=year_id)
    rows = session.execute(
        select(MovementEntry, Unit.name).join(Unit, Unit.id == MovementEntry.unit_id)
        .where(MovementEntry.year_id == period.id, MovementEntry.status.in_(EXEMPLARY_ON),
               *in_subtree(reach))
        .order_by(Unit.path, MovementEntry.title_key, MovementEntry.id))
    found = []
    for entry, unit_name in rows:
        kind = NomineeKind.INDIVIDUAL if entry.kind.is_individual else NomineeKind.COLLECTIVE
        found.append(Candidate(
            kind, entry.people.strip() or (entry.title if kind is NomineeKind.INDIVIDUAL
                                           else unit_name),
            entry.unit_id, unit_name, None, None, "",
            f"{entry.kind.label} “{entry.title}” được công nhận tiêu biểu trong phong trào thi "
            f"đua “Dân vận khéo” năm {period.year}",
            f"movement_entry:{entry.id}", Source.MOVEMENT_ENTRY))
    return found

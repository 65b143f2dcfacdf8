"""A candidate for commendation as a source on the platform offers it: only what the list
needs (name, birth year, gender, position, unit, achievement), the key that identifies the
achievement, and where it is already proposed or awarded with the chosen form."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session

from backend.clock import utc_to_local
from backend.commendations.models import Decision, Gender, Nominee, NomineeKind, Proposal, Source
from backend.units.models import Unit

# The list's year is the city's calendar year, whatever the server's clock says.
CITY_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
QUOTES = ' “”"'


@dataclass(frozen=True)
class Candidate:
    kind: NomineeKind
    name: str
    unit_id: int
    unit_name: str
    birth_year: int | None
    gender: Gender | None
    position: str
    achievement: str  # as written on the list ("Thành tích")
    achievement_key: str  # "contest_prize:<board>:<contestant>", ...
    source: Source
    already: str = ""  # "" or where the achievement already is with the chosen form

    @property
    def selectable(self) -> bool:
        return not self.already


def individual(row, birth_year: int | None, achievement: str, key: str,
               source: Source) -> Candidate:
    """A person from a query row labelled full_name, unit_id, unit_name, gender, position."""
    return Candidate(NomineeKind.INDIVIDUAL, row.full_name, row.unit_id, row.unit_name,
                     birth_year, gender_of(row.gender), row.position or "", achievement, key,
                     source)


def year_of(moment: datetime) -> int:
    return utc_to_local(moment, CITY_ZONE).year


def gender_of(value: object) -> Gender | None:
    """Another feature's gender ("nam"/"nu") as the list's."""
    return Gender(str(getattr(value, "value", value))) if value else None


def contest_named(kind: str, title: str, year: int | None) -> str:
    """How the list names a contest: `kind` “title” năm Y — "Cuộc thi viết “Dân vận khéo” năm
    2023"; a title that already says the kind or the year is not made to say it twice."""
    title = " ".join(title.split())
    if title.casefold().startswith(kind.casefold() + " "):
        named = f"{kind} “{title[len(kind):].strip(QUOTES)}”"
    elif title.casefold().startswith("cuộc thi"):
        named = title
    else:
        named = f"{kind} “{title.strip(QUOTES)}”"
    if year is not None and str(year) not in title:
        named += f" năm {year}"
    return named


def lowered(name: str) -> str:
    """A board or level name inside a sentence: "Tuần 3" -> "tuần 3"."""
    return name[:1].lower() + name[1:]


def in_subtree(reach: Unit | None) -> list:
    """Conditions keeping a query (joined to Unit) to `reach`'s subtree; none for None."""
    return [] if reach is None else [Unit.path.startswith(reach.path, autoescape=True)]


def in_reach(reach: Unit | None, unit: Unit | None) -> bool:
    return unit is not None and (reach is None or reach.contains(unit))


def marked(session: Session, found: Iterable[Candidate],
           award_form_id: int | None) -> list[Candidate]:
    """The candidates, each saying where its achievement already is with the form chosen."""
    found = list(found)
    if award_form_id is None or not found:
        return found
    taken: dict[str, str] = {}
    keys = [c.achievement_key for c in found]
    for start in range(0, len(keys), 500):  # within every database's parameter limit
        for key, decision_id, title in session.execute(
                select(Nominee.achievement_key, Nominee.decision_id, Proposal.title)
                .join(Proposal, Proposal.id == Nominee.proposal_id)
                .where(Nominee.achievement_key.in_(keys[start:start + 500]),
                       Nominee.award_form_id == award_form_id)):
            taken[key] = (f"Đã khen theo Quyết định số {_number(session, decision_id)}"
                          if decision_id else f"Đã đề nghị trong danh sách “{title}”")
    return [replace(c, already=taken.get(c.achievement_key, "")) for c in found]


def _number(session: Session, decision_id: int) -> str:
    decision = session.get(Decision, decision_id)
    return decision.number if decision else str(decision_id)

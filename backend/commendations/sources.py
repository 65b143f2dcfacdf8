"""Picking nominees from the platform's own records: a contest's prize winners and collective
prizes, a writing competition's, and a year's exemplary "Dân vận khéo" entries. Candidates are
derived afresh each time from the records, never taken from what a client sends."""

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.commendations import service
from backend.commendations.candidate import Candidate, marked
from backend.commendations.models import Nominee, Source
from backend.commendations.sources_contests import collective_prizes as contest_collective
from backend.commendations.sources_contests import prize_winners as contest_prizes
from backend.commendations.sources_movement import exemplary_entries
from backend.commendations.sources_writing import collective_prizes as writing_collective
from backend.commendations.sources_writing import prize_winners as writing_prizes
from backend.contests.models import Contest
from backend.errors import InvalidInput
from backend.movement.models import MovementYear
from backend.units.models import Unit
from backend.writing.models import WritingCompetition

MAX_KEYS = 5_000  # nominees one pick adds
SOURCES = (Source.CONTEST_PRIZE, Source.CONTEST_COLLECTIVE, Source.WRITING_PRIZE,
           Source.WRITING_COLLECTIVE, Source.MOVEMENT_ENTRY)
# What `ref` names for each source, as the form asks for it.
REF_LABELS = {Source.CONTEST_PRIZE: "Cuộc thi trực tuyến",
              Source.CONTEST_COLLECTIVE: "Cuộc thi trực tuyến",
              Source.WRITING_PRIZE: "Cuộc thi viết", Source.WRITING_COLLECTIVE: "Cuộc thi viết",
              Source.MOVEMENT_ENTRY: "Năm phong trào"}
READERS = {
    Source.CONTEST_PRIZE: lambda s, ref, reach: contest_prizes(
        session=s, contest_id=ref, reach=reach),
    Source.CONTEST_COLLECTIVE: lambda s, ref, reach: contest_collective(
        session=s, contest_id=ref, reach=reach),
    Source.WRITING_PRIZE: lambda s, ref, reach: writing_prizes(
        session=s, competition_id=ref, reach=reach),
    Source.WRITING_COLLECTIVE: lambda s, ref, reach: writing_collective(
        session=s, competition_id=ref, reach=reach),
    Source.MOVEMENT_ENTRY: lambda s, ref, reach: exemplary_entries(
        session=s, year_id=ref, reach=reach),
}


def source_of(value: Source | str) -> Source:
    """The source named, one nominees are picked from (not "direct")."""
    try:
        source = Source(value)
    except ValueError:
        source = None
    if source not in SOURCES:
        raise InvalidInput("Nguồn phải là một trong: " + "; ".join(
            f"{s.value} ({s.label})" for s in SOURCES) + ".")
    return source


def candidates(*, session: Session, source: Source | str, ref: int,
               actor: UserAccount | None, award_form_id: int | None,
               proposal_id: int | None = None) -> list[Candidate]:
    """The source's candidates within the actor's reach (within the proposal's unit when one
    is named), each saying where it already is with `award_form_id`."""
    reach = service.reach_of(session=session, actor=actor)
    if proposal_id is not None:
        proposal = service.get_proposal(session=session, proposal_id=proposal_id, actor=actor)
        if proposal.unit_id is not None:
            reach = session.get(Unit, proposal.unit_id)
    if award_form_id is not None:
        service.get_award_form(session=session, form_id=award_form_id)
    found = READERS[source_of(source)](session, ref, reach)
    return marked(session, found, award_form_id)


def nominate(*, session: Session, proposal_id: int, source: Source | str, ref: int,
             keys: Sequence[str], award_form_id: int, actor: UserAccount | None,
             now: dt.datetime) -> list[Nominee]:
    """Add the source's candidates with the achievement keys given to the proposal, all or
    none; an achievement already proposed or commended with the form is refused."""
    keys = list(dict.fromkeys(k.strip() for k in keys))
    if not keys:
        raise InvalidInput("Hãy chọn ít nhất một tập thể hoặc cá nhân để đề nghị.")
    if len(keys) > MAX_KEYS:
        raise InvalidInput(f"Mỗi lần chọn tối đa {MAX_KEYS:,} tập thể, cá nhân.".replace(",", "."))
    found = {c.achievement_key: c for c in candidates(
        session=session, source=source, ref=ref, actor=actor, award_form_id=None,
        proposal_id=proposal_id)}
    unknown = [k for k in keys if k not in found]
    if unknown:
        raise InvalidInput(
            f"Không có thành tích mã “{unknown[0][:100]}” trong nguồn đã chọn (hoặc thành "
            "tích thuộc đơn vị ngoài danh sách đề nghị này); hãy tải lại danh sách để chọn.")
    return service.add_nominees(
        session=session, proposal_id=proposal_id, actor=actor, now=now, nominees=[
            service.NomineeData(kind=c.kind, name=c.name, unit_id=c.unit_id,
                                achievement=c.achievement, award_form_id=award_form_id,
                                birth_year=c.birth_year, gender=c.gender, position=c.position,
                                source=c.source, achievement_key=c.achievement_key)
            for c in (found[k] for k in keys)])


def refs_of(*, session: Session, source: Source | str) -> list[tuple[int, str]]:
    """What the source can be read from, newest first: (id, name) of the contests, writing
    competitions or movement years there are."""
    source = source_of(source)
    if source in (Source.CONTEST_PRIZE, Source.CONTEST_COLLECTIVE):
        query = select(Contest.id, Contest.title).order_by(Contest.id.desc())
    elif source in (Source.WRITING_PRIZE, Source.WRITING_COLLECTIVE):
        query = select(WritingCompetition.id, WritingCompetition.title).order_by(
            WritingCompetition.id.desc())
    else:
        return [(y.id, f"Năm {y.year}: {y.title}") for y in session.execute(
            select(MovementYear).order_by(MovementYear.year.desc()).limit(200)).scalars()]
    return [(ref_id, title) for ref_id, title in session.execute(query.limit(200))]

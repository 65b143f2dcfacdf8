"""The demo's “Dân vận khéo” movement (backend/demo/movement.py): a closed 2023 year with
entries at every step, each taken by someone whose level covers it, Decision No. 127-QĐ/BDVTU
with its list, a draft for the demo officer, and this year's registration open now.

The demo is loaded once for the module (a few seconds), and only read afterwards."""

import shutil
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from backend.accounts.models import Role, UserAccount
from backend.clock import utcnow
from backend.commendations.models import (
    Decision,
    Nominee,
    NomineeKind,
    Proposal,
    ProposalStatus,
    Source,
)
from backend.db import Database
from backend.demo import DEMO_LOGINS, load_units_and_staff
from backend.demo.movement import load_movement
from backend.demo.units_2023 import FRONT_ORGANISATIONS, PARTY_COMMITTEES
from backend.letterhead import service as letterhead
from backend.movement import service as movement
from backend.movement.models import (
    DEFAULT_FIELDS,
    EntryKind,
    EntryStatus,
    EntryStep,
    MovementEntry,
    MovementField,
    MovementYear,
)
from backend.units.models import Unit
from tests.factories import make_settings
from tests.test_demo import count

TITLE = "Phong trào thi đua “Dân vận khéo” năm 2023"
DECISION_TITLE = ("Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong "
                  "trào thi đua “Dân vận khéo” năm 2023")


@pytest.fixture(scope="module")
def demo(migrated_url, postgres_tables, tmp_path_factory):
    """The unit tree, the staff and the movement demo loaded once: (database, lines, when)."""
    folder = tmp_path_factory.mktemp("demo_movement")
    url = migrated_url
    if url.startswith("sqlite"):
        shutil.copy(url.removeprefix("sqlite:///"), folder / "thidua.sqlite3")
        url = f"sqlite:///{folder / 'thidua.sqlite3'}"
    database = Database(make_settings(url, folder))
    now = utcnow()
    list(load_units_and_staff(database=database, now=now))
    lines = list(load_movement(database=database, now=now))
    yield database, lines, now
    database.dispose()
    if postgres_tables is not None:
        postgres_tables.empty()


@pytest.fixture
def session(demo):
    with demo[0].scope() as s:
        yield s


def the_year(session, year: int = 2023) -> MovementYear:
    return session.exec(select(MovementYear).where(MovementYear.year == year)).one()


def entries_of(session, period: MovementYear) -> list[MovementEntry]:
    return list(session.exec(select(MovementEntry).where(MovementEntry.year_id == period.id)))


def test_2023_holds_a_few_hundred_entries_at_every_step_some_turned_down_with_a_reason(
        demo, session):
    period = the_year(session)
    entries = entries_of(session, period)
    statuses = Counter(e.status for e in entries)
    rejected = [e for e in entries if e.status is EntryStatus.REJECTED]
    codes = {u.id: u.code for u in session.exec(select(Unit))}
    units = {codes[e.unit_id] for e in entries}
    fields = {f.id: f.name for f in session.exec(select(MovementField).where(
        MovementField.year_id == period.id))}

    assert period.title == TITLE
    assert period.registration_opens_at == datetime(2023, 1, 14, 17, tzinfo=UTC)
    assert period.registration_closes_at == datetime(2023, 3, 31, 17, tzinfo=UTC)
    assert not movement.registration_open(period, demo[2])
    assert 200 <= len(entries) <= 400
    assert set(statuses) == set(EntryStatus)
    assert all(statuses[s] >= 5 for s in EntryStatus)
    assert all(e.rejected_reason and e.rejected_from for e in rejected)
    assert len({e.rejected_from for e in rejected}) >= 4
    assert {e.kind for e in entries} == set(EntryKind)
    assert {fields[e.field_id] for e in entries} == set(DEFAULT_FIELDS)
    assert all(e.people for e in entries if e.kind.is_individual)
    assert "Dân vận khéo trong chỉnh trang đô thị" in {e.title for e in entries}
    assert {"Q1", "Q3", "TD"} <= units
    assert units & {c for c, _, _ in PARTY_COMMITTEES}
    assert units & {c for c, _, _ in FRONT_ORGANISATIONS}
    assert sum(1 for c in units if "-P" in c) >= 15
    assert all(period.registration_opens_at <= e.created_at < period.registration_closes_at
               for e in entries)


def test_each_step_was_taken_by_someone_whose_level_covers_it(session):
    period = the_year(session)
    entries = {e.id: e for e in entries_of(session, period)}
    units = {u.id: u for u in session.exec(select(Unit))}
    people = {u.id: u for u in session.exec(select(UserAccount))}
    steps = session.exec(select(EntryStep).where(EntryStep.entry_id.in_(list(entries)))
                         .order_by(EntryStep.entry_id, EntryStep.id)).all()
    history: dict[int, list[EntryStep]] = {}
    for step in steps:
        history.setdefault(step.entry_id, []).append(step)

    def covers(step: EntryStep) -> bool:
        actor, unit = people[step.actor_id], units[entries[step.entry_id].unit_id]
        level = movement.STEP_LEVEL[step.from_status]
        if actor.role == Role.ORGANISER:
            return True
        own = units[actor.unit_id]
        return (level != movement.Level.CITY and own.contains(unit)
                and (level == movement.Level.OWN_LINE or own.depth <= 1))

    for entry in entries.values():
        trail = history[entry.id]
        reached = [s.to_status for s in trail]
        assert trail[0].from_status is None
        assert reached[0] is EntryStatus.REGISTERED
        assert [s.from_status for s in trail[1:]] == reached[:-1]
        assert reached[-1] is entry.status
        assert all(covers(s) for s in trail[1:]), entry.title
        assert all(s.reason for s in trail if s.to_status is EntryStatus.REJECTED)
    by_name = {u.username: u.id for u in people.values()}
    ward = next(u for u in units.values() if u.code == "Q1-P01")
    verified = [s for s in steps if s.to_status is EntryStatus.VERIFIED]
    recognised = [s for s in steps if s.to_status is EntryStatus.UNIT_RECOGNISED]
    city = [s for s in steps if s.from_status in (EntryStatus.CITY_PROPOSED,
                                                   EntryStatus.CITY_RECOGNISED,
                                                   EntryStatus.EXEMPLARY)]
    assert {s.actor_id for s in verified if entries[s.entry_id].unit_id == ward.id} == {
        by_name["phuong.bennghe"]}
    assert by_name["quan1"] in {s.actor_id for s in recognised}
    assert {s.actor_id for s in city} == {by_name["bantochuc"]}


def test_decision_127_awards_collectives_and_individuals_of_several_units(demo, session):
    decision = session.exec(select(Decision).where(Decision.number == "127-QĐ/BDVTU")).one()
    nominees = session.exec(select(Nominee)).all()
    awarded = [n for n in nominees if n.decision_id == decision.id]
    entries = {e.id: e for e in session.exec(select(MovementEntry))}
    codes = {u.id: u.code for u in session.exec(select(Unit))}
    signer = letterhead.current(session=session)
    submitted = set(session.exec(select(Proposal.id).where(
        Proposal.status == ProposalStatus.SUBMITTED)))
    sent = [n for n in nominees if n.proposal_id in submitted]

    assert (f"Danh sách khen thưởng kèm Quyết định số 127-QĐ/BDVTU: "
            f"/khen-thuong/quyet-dinh/{decision.id}") in demo[1]
    assert decision.signed_date.isoformat() == "2023-10-15"
    assert decision.title == DECISION_TITLE
    assert (decision.signer_name, decision.signer_title) == (signer.signer_name, "TRƯỞNG BAN")
    assert decision.signer_name
    assert {n.kind for n in awarded} == set(NomineeKind)
    assert {n.source for n in awarded} == {Source.MOVEMENT_ENTRY, Source.DIRECT}
    assert len({codes[n.unit_id].split("-P")[0] for n in awarded}) >= 5
    assert len({n.unit_id for n in awarded}) >= 10
    assert 0.8 * len(sent) <= len(awarded) < len(sent)  # most, some left for later
    assert len({(n.achievement_key, n.award_form_id) for n in nominees}) == len(nominees)
    for nominee in nominees:
        if nominee.source is Source.MOVEMENT_ENTRY:
            entry = entries[int(nominee.achievement_key.removeprefix("movement_entry:"))]
            assert nominee.achievement_key == f"movement_entry:{entry.id}"
            assert entry.status is EntryStatus.COMMENDATION_PROPOSED
            assert nominee.unit_id == entry.unit_id
            assert "phong trào thi đua “Dân vận khéo” năm 2023" in nominee.achievement
        if nominee.kind is NomineeKind.INDIVIDUAL:
            assert None not in (nominee.birth_year, nominee.gender), nominee.name
            assert nominee.position, nominee.name
    assert any(n.achievement.startswith("Mô hình “") for n in awarded)


def test_the_demo_officer_has_a_draft_list_to_finish_and_exemplary_entries_to_pick(demo,
                                                                                   session):
    officer = session.exec(select(UserAccount).where(UserAccount.username == "quan1")).one()
    proposals = session.exec(select(Proposal)).all()
    [draft] = [p for p in proposals if p.status is ProposalStatus.DRAFT]
    q1 = session.get(Unit, officer.unit_id)
    units = {u.id: u for u in session.exec(select(Unit))}
    waiting = [e for e in entries_of(session, the_year(session))
               if e.status is EntryStatus.EXEMPLARY and q1.contains(units[e.unit_id])]

    assert f"/khen-thuong/de-nghi/{draft.id}" in demo[1][-2]
    assert (draft.unit_id, draft.created_by) == (officer.unit_id, officer.id)
    assert sum(1 for p in proposals if p.status is ProposalStatus.SUBMITTED) == 5
    assert session.exec(select(Nominee).where(Nominee.proposal_id == draft.id)).all()
    assert waiting


def test_this_year_s_registration_is_open_at_load_and_closes_within_its_reminder(demo,
                                                                                 session):
    now = demo[2]
    period = session.exec(select(MovementYear).where(MovementYear.year > 2023)).one()
    entries = entries_of(session, period)

    assert period.year in (now.year, now.year + 1)
    assert movement.registration_open(period, now)
    assert period.registration_closes_at - now <= timedelta(days=10)
    assert period.reminder_days == 14
    assert 5 <= len(entries) <= 10
    assert {e.status for e in entries} == {EntryStatus.REGISTERED}
    assert any(line.endswith(f"/phong-trao/{period.id}/dang-ky: 6 mục đã đăng ký, nhắc "
                             "trước 14 ngày.") for line in demo[1])
    assert any("phuong.bennghe" in line for line in DEMO_LOGINS)


def test_loading_again_adds_nothing(demo, session):
    models = (MovementYear, MovementEntry, EntryStep, Proposal, Nominee, Decision)
    before = [count(session, m) for m in models]
    session.commit()

    again = list(load_movement(database=demo[0], now=demo[2] + timedelta(days=1)))

    assert [count(session, m) for m in models] == before
    assert not any(line.startswith("Đã") for line in again)
    assert f"{TITLE} mẫu có sẵn tại /phong-trao/{the_year(session).id}." in again

"""Reminders before a movement year's registration closes: on a unit officer's home page from
`reminder_days` calendar days before the closing day (local time) until the deadline, with
the deadline, the days left and what the officer's units registered; gone after it. The
scheduled job notes once a day which officers' units have registered nothing yet."""

from datetime import UTC, datetime

import pytest

from backend.audit import service as audit
from backend.movement import reminders
from backend.movement.reminders import NOTED
from scheduled import jobs
from scheduled.registry import registered_jobs
from tests.factories import sign_in, visible_text

# Registration closes at 17:00 on 31/03/2023 in Hồ Chí Minh City (10:00 UTC), reminders 7 days.
TEXT = ("Phong trào thi đua “Dân vận khéo” năm 2023: hạn đăng ký mô hình, giải pháp là 17:00 "
        "ngày 31/03/2023 ({left}). Đơn vị Quận 1 đã đăng ký 2 mục (tính cả các đơn vị "
        "trực thuộc).")


@pytest.fixture
def entries(register):
    register("Q1-BN", "Mô hình A")
    register("Q1", "Mô hình B")
    register("Q3-VTS", "Mô hình C")  # another district's: not Quận 1's count


@pytest.fixture
def home(client, clock, officer, entries):
    """Quận 1's officer's home page at a given moment (UTC)."""
    sign_in(client, officer.username)

    def at(moment: datetime) -> str:
        clock.now = moment
        return visible_text(client.get("/").text)
    return at


@pytest.mark.parametrize(("moment", "left"), [
    (datetime(2023, 3, 23, 17, 0, tzinfo=UTC), "còn 7 ngày"),  # 00:00 on 24/03, local time
    (datetime(2023, 3, 27, 3, 0, tzinfo=UTC), "còn 4 ngày"),
    (datetime(2023, 3, 31, 9, 59, tzinfo=UTC), "hạn cuối là hôm nay"),
])
def test_within_the_reminder_days_the_officer_is_reminded(home, moment, left):
    assert TEXT.format(left=left) in home(moment)


@pytest.mark.parametrize("moment", [
    datetime(2023, 3, 23, 16, 59, tzinfo=UTC),  # 23:59 on 23/03: eight days before
    datetime(2023, 3, 31, 10, 0, tzinfo=UTC),  # the deadline itself
    datetime(2023, 4, 2, 3, 0, tzinfo=UTC),
])
def test_before_the_reminder_days_and_after_the_deadline_there_is_none(home, moment):
    assert "Hạn đăng ký phong trào" not in home(moment)


def test_the_reminder_links_to_registration(client, clock, officer, entries, movement_year):
    sign_in(client, officer.username)
    clock.now = datetime(2023, 3, 27, 3, 0, tzinfo=UTC)

    page = client.get("/")

    assert f'href="/phong-trao/{movement_year.id}/dang-ky"' in page.text


def test_a_ward_that_registered_nothing_is_told_so_and_organisers_get_no_reminder(
        session, settings, tree, movement_year, ward_officer, organiser):
    now = datetime(2023, 3, 30, 3, 0, tzinfo=UTC)

    [told] = reminders.reminders_for(session=session, user=ward_officer, now=now,
                                     zone=settings.zone)

    assert told.text.endswith("(còn 1 ngày). Đơn vị Phường Bến Nghé chưa đăng ký mô hình, "
                              "giải pháp nào.")
    assert reminders.reminders_for(session=session, user=organiser, now=now,
                                   zone=settings.zone) == []


def test_a_year_with_no_reminder_days_reminds_nobody(session, settings, movement_year,
                                                     officer):
    movement_year.reminder_days = 0
    session.commit()

    assert reminders.reminders_for(session=session, user=officer,
                                   now=datetime(2023, 3, 31, 3, 0, tzinfo=UTC),
                                   zone=settings.zone) == []


def notes(database) -> list:
    with database.scope(write=False) as read:
        return [(e.target, e.details["names"]) for e in
                audit.recent(session=read, action_prefix=NOTED)][::-1]


def test_the_job_notes_the_units_that_registered_nothing_once_a_day(
        database, session, tree, register, movement_year, officer, ward_officer, q3_officer):
    register("Q1-BN", "Mô hình A")
    day = datetime(2023, 3, 27, 3, 0, tzinfo=UTC)

    first = jobs.note_movement_reminders(database=database, now=day)
    again = jobs.note_movement_reminders(database=database, now=day.replace(hour=9))
    next_day = jobs.note_movement_reminders(database=database, now=day.replace(day=28))
    after = jobs.note_movement_reminders(database=database,
                                         now=datetime(2023, 4, 1, tzinfo=UTC))

    assert (first, again, next_day, after) == (1, 0, 1, 0)
    year = movement_year.id
    assert notes(database) == [(f"movement_year:{year}:2023-03-27", ["Quận 3"]),
                               (f"movement_year:{year}:2023-03-28", ["Quận 3"])]


def test_the_job_is_registered(settings):
    [job] = [j for j in registered_jobs(settings) if j.name == "note_movement_reminders"]

    assert job.run is jobs.note_movement_reminders

"""The demo's writing competitions (backend/demo/writing.py): one finished from essays to
prizes, one being judged with essays left for the demo judge, one taking essays now; and the
pages each demo sign-in reaches them by."""

from collections import Counter

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from backend.accounts.models import UserAccount
from backend.clock import utcnow
from backend.contests.models import RoundStatus
from backend.demo import DEMO_PASSWORD
from backend.demo.writing import AUTHOR_PHONE, FINISHED, JUDGING, PANEL, TAKING
from backend.essays.models import Essay
from backend.forwarding.models import BatchStatus, ForwardBatch, ForwardedEssay
from backend.judging import reveal, views
from backend.judging.models import Assignment, AssignmentKind
from backend.writing import service as writing
from backend.writing import tally
from backend.writing.models import WritingCompetition, WritingJudge
from tests.factories import sign_in, visible_text
from tests.test_demo import loaded

DRIFT = ("Số bài dự thi ở cơ sở của Thành phố Hồ Chí Minh: cộng các khối được 7.869, báo cáo "
         "7.860, lệch 9.")


@pytest.fixture
def demo(database, session):
    """The whole demo, writing included, loaded once for the test."""
    lines = loaded(database, writing=True)
    session.expire_all()
    return lines


def competition(session, title: str) -> WritingCompetition:
    return session.exec(select(WritingCompetition).where(WritingCompetition.title == title)).one()


def user(session, username: str) -> UserAccount:
    return session.exec(select(UserAccount).where(UserAccount.username == username)).one()


def test_the_finished_competition_went_from_essays_to_revealed_prizes(demo, session):
    finished = competition(session, FINISHED)
    city = writing.levels_of(session=session, competition_id=finished.id)[1]
    essays = session.exec(select(Essay).where(Essay.competition_id == finished.id)).all()
    batches = session.exec(select(ForwardBatch).where(ForwardBatch.level_id == city.id)).all()
    forwarded = session.exec(select(ForwardedEssay).where(ForwardedEssay.level_id == city.id)
                             ).all()
    results = reveal.level_results(session=session, level_id=city.id, reveal=True)

    assert any(line.startswith("Đã nạp cuộc thi viết mẫu đã kết thúc tại /quan-ly/")
               for line in demo)
    assert len(essays) == 30
    assert Counter(e.format.value for e in essays) == {"docx": 20, "online": 10}
    assert len({e.unit_id for e in essays}) == 10
    assert city.scores_locked_at is not None
    assert city.revealed_at is not None
    assert {b.status for b in batches} == {BatchStatus.SIGNED}
    assert len(batches) == 8
    q1 = next(b for b in batches if b.signed_by == user(session, "quan1").id)
    assert sum(1 for f in forwarded if f.batch_id == q1.id) == 2
    assert len(forwarded) == 16
    assert all(f.source_score is not None for f in forwarded)
    assert Counter(r.prize for r in results if r.prize) == {
        "Giải A": 1, "Giải B": 2, "Giải C": 3, "Giải Khuyến khích": 4}
    assert [r.rank for r in results] == sorted(r.rank for r in results)
    assert all(r.author_name and r.unit_name for r in results)


def test_one_disagreement_called_a_third_judge_from_another_block(demo, session):
    finished = competition(session, FINISHED)
    city = writing.levels_of(session=session, competition_id=finished.id)[1]
    panel = writing.judges_of(session=session, competition_id=finished.id)
    blocks = {j.id: j.block_id for j in panel}
    [third] = session.exec(select(Assignment).where(Assignment.level_id == city.id,
                                                    Assignment.kind == AssignmentKind.THIRD)).all()
    pair = session.exec(select(Assignment).where(Assignment.level_id == city.id,
                                                 Assignment.essay_id == third.essay_id,
                                                 Assignment.kind != AssignmentKind.THIRD)).all()
    [row] = [r for r in reveal.level_results(session=session, level_id=city.id, reveal=True)
             if r.essay_id == third.essay_id]

    assert len(panel) == 6
    assert len({j.user_id for j in panel}) == 6
    assert user(session, "giamkhao").id in {j.user_id for j in panel}
    assert len({b for b in blocks.values() if b}) == 3
    assert blocks[third.judge_id] is None or blocks[third.judge_id] not in {
        blocks[a.judge_id] for a in pair}
    totals = sorted(m.total for m in row.marks)
    assert len(totals) == 3
    assert totals[-1] - totals[0] > 15
    assert row.judges_counted == 2


def test_the_finished_competition_s_overview_flags_the_seed_report_s_drift(demo, session):
    view = tally.overview(session=session, competition_id=competition(session, FINISHED).id)

    assert DRIFT in [c.text for c in view.checks]
    assert view.tally.total.received == 30


def test_the_demo_judge_has_essays_left_to_score_in_the_competition_being_judged(demo,
                                                                                session):
    judging = competition(session, JUDGING)
    city = writing.levels_of(session=session, competition_id=judging.id)[1]
    given = [g for g in views.given_to(session=session, user_id=user(session, "giamkhao").id,
                                       now=utcnow()) if g.level_id == city.id]
    seated = session.exec(select(WritingJudge).where(
        WritingJudge.competition_id == judging.id)).all()

    assert city.scores_locked_at is None
    assert len(given) >= 2  # 16 assignments over 4 judges, balanced: 4 each about
    assert sum(1 for g in given if g.latest is not None) == 1
    assert not any(g.locked for g in given)
    assert len(seated) == 4
    assert set(PANEL) >= {
        session.get(UserAccount, j.user_id).username for j in seated}


def test_the_competition_taking_essays_is_open_with_an_officer_s_essay_and_an_author_s(
        demo, session, client):
    taking = competition(session, TAKING)
    first = writing.levels_of(session=session, competition_id=taking.id)[0]
    essays = session.exec(select(Essay).where(Essay.competition_id == taking.id)).all()
    session.commit()

    signed_in = client.post(f"/api/v1/writing/{taking.id}/authors/login",
                            json={"phone": AUTHOR_PHONE, "password": DEMO_PASSWORD})

    assert writing.level_status(first, utcnow()) is RoundStatus.OPEN
    assert sorted(e.format.value for e in essays) == ["docx", "online"]
    assert {e.submitted_by for e in essays} == {None, user(session, "quan1").id}
    assert signed_in.status_code == 200, signed_in.text


def page(app, username: str, path: str) -> tuple[int, str, str]:
    browser = TestClient(app, base_url="http://testserver")
    if username:
        sign_in(browser, username, DEMO_PASSWORD)
    answer = browser.get(path)
    return answer.status_code, visible_text(answer.text), answer.text


def test_each_demo_sign_in_reaches_its_writing_pages(demo, session, app):
    finished, judging, taking = (competition(session, t) for t in (FINISHED, JUDGING, TAKING))
    city = writing.levels_of(session=session, competition_id=finished.id)[1]
    winner = reveal.level_results(session=session, level_id=city.id, reveal=True)[0]
    session.commit()

    organiser = page(app, "bantochuc", "/")
    setup = page(app, "bantochuc", f"/quan-ly/cuoc-thi-viet/{finished.id}/thiet-lap")
    results = page(app, "bantochuc", f"/quan-ly/cuoc-thi-viet/cap-thi/{city.id}/ket-qua")
    figures = page(app, "bantochuc", f"/quan-ly/cuoc-thi-viet/{finished.id}/so-lieu")
    officer = page(app, "quan1", "/")
    unit_essays = page(app, "quan1", f"/cuoc-thi-viet/{taking.id}/bai-viet")
    judge = page(app, "giamkhao", "/giam-khao")
    visitor = page(app, "", "/")

    assert 'href="/quan-ly/cuoc-thi-viet"' in organiser[2]
    assert f'href="/quan-ly/cuoc-thi-viet/cap-thi/{city.id}/ket-qua"' in setup[2]
    assert results[0] == 200
    assert winner.author_name in results[1]
    assert "Giải A" in results[1]
    assert figures[0] == 200
    assert DRIFT in figures[1]
    assert f"{taking.title}: Cấp đơn vị nhận bài đến" in officer[1]
    assert f'href="/cuoc-thi-viet/{taking.id}/bai-viet/nop"' in officer[2]
    assert unit_essays[0] == 200
    assert judge[0] == 200
    assert f"{judging.title} · Cấp thành phố" in judge[1]
    assert "Chưa chấm" in judge[1]
    assert f'href="/cuoc-thi-viet/{taking.id}/tac-gia/dang-ky"' in visitor[2]

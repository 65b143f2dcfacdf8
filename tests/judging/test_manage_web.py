"""The organisers' judging page and API: starting, the loads, essays short of judges, third
judges and their notices, and changing one essay's judge."""

from sqlmodel import select

from backend.clock import utcnow
from backend.judging import service as judging
from backend.judging.models import Assignment, BlindCode
from tests.factories import visible_text
from tests.judging.conftest import close, essays_of, forward, judges_of
from tests.judging.test_scoring import APART, CLOSE, points


def prepared(session, settings, writing, tree):
    essays = essays_of(session, writing, tree, {"Q1-BN": 2, "TDOAN": 1})
    judges = judges_of(session, settings, writing, tree, {"gk.duk": "DUK", "gk.q3": "Q3"})
    forward(session, writing.city, essays)
    close(session, writing.city)
    return essays, judges


def test_starting_on_the_page_codes_assigns_and_says_what_is_missing(
        organiser_client, session, settings, writing, tree):
    essays, _judges = prepared(session, settings, writing, tree)
    base = f"/quan-ly/cuoc-thi-viet/cap/{writing.city.id}/cham-bai"
    before = visible_text(organiser_client.get(base).text)

    answer = organiser_client.post(f"{base}/bat-dau", data={"csrf_token": organiser_client.csrf})

    text = visible_text(answer.text)
    codes = dict(session.exec(select(BlindCode.essay_id, BlindCode.code)).all())
    assert "Đánh mã phách và phân công giám khảo" in before
    assert answer.status_code == 200
    assert "Đã đánh mã phách 3 bài, phân công 4 lượt chấm." in text
    assert (f"Bài {codes[essays[0].id]} chưa có giám khảo 2: 1 giám khảo phù hợp đều đã đủ số "
            "bài tối đa") in text
    assert "Người dùng gk.duk Khối Đảng ủy cấp trên cơ sở 3 0 300" in text
    assert "Nguyễn" not in text  # no author


def test_the_page_notes_an_essay_needing_a_third_judge_none_can_take(
        organiser_client, session, settings, writing, tree):
    essays, judges = prepared(session, settings, writing, tree)
    judging.start_judging(session=session, level_id=writing.city.id, actor_id=None,
                          now=utcnow())
    doan = essays[2]  # Thành Đoàn's essay: judged by gk.duk and gk.q3
    for judge, values in ((judges["gk.duk"], CLOSE), (judges["gk.q3"], APART)):
        mine = session.exec(select(Assignment).where(Assignment.judge_id == judge.id,
                                                     Assignment.essay_id == doan.id)).one()
        judging.record_score(session=session, assignment_id=mine.id,
                             judge_user_id=judge.user_id,
                             points=points(session, writing, values), reason="", now=utcnow())
    code = session.exec(select(BlindCode.code).where(BlindCode.essay_id == doan.id)).one()
    session.commit()

    page = organiser_client.get(f"/quan-ly/cuoc-thi-viet/cap/{writing.city.id}/cham-bai")

    assert (f"Bài {code} cần giám khảo thứ ba (tổng điểm chênh 25 điểm, quá ngưỡng 15 điểm) "
            "nhưng chưa có giám khảo phù hợp") in visible_text(page.text)


def test_the_organiser_changes_a_judge_on_the_page(organiser_client, session, settings,
                                                    writing, tree):
    essays, _judges = prepared(session, settings, writing, tree)
    judging.start_judging(session=session, level_id=writing.city.id, actor_id=None,
                          now=utcnow())
    other = judges_of(session, settings, writing, tree, {"gk.doan": "TDOAN"})["gk.doan"]
    first = session.exec(select(Assignment).where(Assignment.essay_id == essays[0].id)
                         .order_by(Assignment.id)).first()
    code = session.exec(select(BlindCode.code).where(BlindCode.essay_id == essays[0].id)).one()
    session.commit()
    base = f"/quan-ly/cuoc-thi-viet/cap/{writing.city.id}/cham-bai"

    found = organiser_client.get(f"{base}?ma={code.lower()}")
    answer = organiser_client.post(f"{base}/phan-cong/{first.id}/doi", data={
        "csrf_token": organiser_client.csrf, "judge_id": other.id, "code": code,
        "reason": "Giám khảo ốm"}, follow_redirects=True)

    assert "Đổi giám khảo" in found.text
    assert "Đã đổi giám khảo." in answer.text
    session.refresh(first)
    assert first.revoked_reason == "Giám khảo ốm"


def test_the_api_starts_judging_and_shows_the_overview(client, organiser_api, session,
                                                        settings, writing, tree):
    prepared(session, settings, writing, tree)
    base = f"/api/v1/manage/writing/levels/{writing.city.id}/judging"

    started = client.post(f"{base}/start", headers=organiser_api)
    again = client.post(f"{base}/assign", headers=organiser_api)
    seen = client.get(base, headers=organiser_api).json()

    assert started.status_code == 200
    assert (started.json()["coded"], started.json()["assigned"]) == (3, 4)
    assert len(started.json()["problems"]) == 2
    assert again.json()["assigned"] == 0
    assert (seen["started"], seen["essays"], seen["coded"]) == (True, 3, 3)
    assert [(x["full_name"], x["assigned"]) for x in seen["loads"]] == [
        ("Người dùng gk.duk", 3), ("Người dùng gk.q3", 1)]


def test_the_organiser_fills_an_empty_place_on_the_page(organiser_client, session, settings,
                                                        writing, tree):
    essays, _ = prepared(session, settings, writing, tree)  # Quận 1's essays lack a second
    judging.start_judging(session=session, level_id=writing.city.id, actor_id=None,
                          now=utcnow())
    doan = judges_of(session, settings, writing, tree, {"gk.doan": "TDOAN"})["gk.doan"]
    code = session.exec(select(BlindCode.code).where(BlindCode.essay_id == essays[0].id)).one()
    session.commit()
    base = f"/quan-ly/cuoc-thi-viet/cap/{writing.city.id}/cham-bai"

    found = visible_text(organiser_client.get(f"{base}?ma={code}").text)
    answer = organiser_client.post(f"{base}/phan-cong/them", data={
        "csrf_token": organiser_client.csrf, "judge_id": doan.id, "code": code,
        "kind": "second", "reason": "Giao tay sau khi bổ sung giám khảo"}, follow_redirects=True)

    assert "Giám khảo 2 : Chưa có" in found
    assert "Đã giao bài cho giám khảo." in answer.text
    assert session.exec(select(Assignment.judge_id).where(
        Assignment.essay_id == essays[0].id, Assignment.kind == "second")).one() == doan.id

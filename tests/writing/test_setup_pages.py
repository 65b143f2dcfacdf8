"""Organisers create a writing competition and set its rules, rubric, prizes and panel, on
the pages and over the API."""

from backend.writing import service as writing
from tests.factories import api_token, make_user, make_writing_competition, visible_text

FORM = {"title": "Cuộc thi viết “Dân vận khéo” 2026", "theme": "Dân vận khéo",
        "grassroots": "true",
        "opens_1": "2026-03-01T08:00", "closes_1": "2026-04-01T17:00",
        "opens_2": "2026-04-02T08:00", "closes_2": "2026-04-20T17:00",
        "quota_kind_2": "share", "quota_value_2": "25",
        "opens_3": "2026-04-21T08:00", "closes_3": "2026-05-10T17:00",
        "quota_kind_3": "fixed", "quota_value_3": "10"}


def test_an_organiser_creates_a_competition_with_three_levels(organiser_client, session):
    response = organiser_client.post("/quan-ly/cuoc-thi-viet",
                                     data={**FORM, "csrf_token": organiser_client.csrf},
                                     follow_redirects=True)

    text = visible_text(response.text)
    assert response.status_code == 200
    assert "Đã tạo cuộc thi viết." in text
    assert "1. Cấp cơ sở 08:00 01/03/2026 – 17:00 01/04/2026" in text
    assert "2. Cấp đơn vị" in text
    assert "25% số bài nhận" in text
    assert "3. Cấp thành phố" in text
    assert "10 bài" in text
    assert "Giám khảo chấm kín (mã phách)" in text
    assert "Nội dung 50" in text
    assert "Tổng 100" in text


def test_a_missing_date_is_refused_with_the_field_named(organiser_client, session):
    response = organiser_client.post("/quan-ly/cuoc-thi-viet", data={
        **FORM, "closes_2": "", "csrf_token": organiser_client.csrf})

    assert response.status_code == 422
    assert "Hãy chọn ngày giờ cho “Cấp đơn vị: kết thúc”." in visible_text(response.text)
    assert writing.list_competitions(session=session) == []


def test_the_rubric_form_replaces_the_criteria(organiser_client, session):
    competition, _ = make_writing_competition(session)

    response = organiser_client.post(
        f"/quan-ly/cuoc-thi-viet/{competition.id}/thang-diem",
        data={"criteria": "Nội dung | 70\nHình thức | 30", "csrf_token": organiser_client.csrf},
        follow_redirects=True)

    assert "Đã lưu thang điểm." in visible_text(response.text)
    session.expire_all()
    assert [(c.name, c.max_points) for c in writing.rubric_of(
        session=session, competition_id=competition.id)] == [("Nội dung", 70), ("Hình thức", 30)]


def test_a_rubric_line_without_points_says_which_line(organiser_client, session):
    competition, _ = make_writing_competition(session)

    response = organiser_client.post(
        f"/quan-ly/cuoc-thi-viet/{competition.id}/thang-diem",
        data={"criteria": "Nội dung | 70\nHình thức", "csrf_token": organiser_client.csrf})

    assert response.status_code == 422
    assert "Dòng 2 của thang điểm cần dạng “Tên | số”: “Hình thức”." in visible_text(
        response.text)


def test_prize_tiers_can_be_set_per_block_by_name(organiser_client, session, tree):
    competition, (_, city) = make_writing_competition(session)

    organiser_client.post(
        f"/quan-ly/cuoc-thi-viet/{competition.id}/cap/{city.id}/giai",
        data={"tiers": "Giải A | 1\nGiải B | 2 | Khối Quận, huyện",
              "csrf_token": organiser_client.csrf})

    session.expire_all()
    assert [(t.name, t.count, t.block_id) for t in writing.prize_tiers_of(
        session=session, level_id=city.id)] == [("Giải A", 1, None),
                                                 ("Giải B", 2, tree["Q1"].block_id)]


def test_a_judge_joins_the_panel_from_the_page(organiser_client, session, settings, tree):
    competition, _ = make_writing_competition(session)
    account = make_user(session, settings, role=writing.Role.JUDGE, username="gk.q3",
                        unit=tree["Q3"])
    session.commit()

    response = organiser_client.post(
        f"/quan-ly/cuoc-thi-viet/{competition.id}/giam-khao",
        data={"user_id": account.id, "unit_code": "Q3", "block_id": "", "cap": "",
              "csrf_token": organiser_client.csrf}, follow_redirects=True)

    text = visible_text(response.text)
    assert "Đã cập nhật hội đồng giám khảo." in text
    assert "Người dùng gk.q3 Quận 3" in text


def test_the_api_creates_and_shows_a_competition(client, organiser, session):
    headers = api_token(client, organiser.username)
    created = client.post("/api/v1/manage/writing", headers=headers, json={
        "title": "Cuộc thi viết", "rules": {"max_words": 2000, "formats": ["docx", "pdf"]},
        "levels": [
            {"kind": "unit", "opens_at": "2026-03-01T01:00:00Z",
             "closes_at": "2026-04-01T10:00:00Z"},
            {"kind": "city", "opens_at": "2026-04-02T01:00:00Z",
             "closes_at": "2026-05-01T10:00:00Z", "quota_kind": "fixed", "quota_value": 5,
             "scoring": "blind"}]})

    assert created.status_code == 201
    body = client.get(f"/api/v1/manage/writing/{created.json()['id']}", headers=headers).json()
    assert body["rules"]["max_words"] == 2000
    assert body["rules"]["formats"] == ["docx", "pdf"]
    assert [(lv["kind"], lv["quota_value"]) for lv in body["levels"]] == [("unit", 0),
                                                                          ("city", 5)]
    assert sum(c["max_points"] for c in body["rubric"]) == 100


def test_the_api_refuses_a_rubric_change_after_judging_started(client, organiser, session):
    competition, _ = make_writing_competition(session)
    writing.lock_rubric(session=session, competition=competition, now=competition.created_at)
    session.commit()

    response = client.put(f"/api/v1/manage/writing/{competition.id}/rubric",
                          headers=api_token(client, organiser.username),
                          json=[{"name": "Nội dung", "max_points": 100}])

    assert response.status_code == 409
    assert response.json()["detail"] == ("Việc chấm đã bắt đầu nên thang điểm không thể thay "
                                         "đổi nữa.")

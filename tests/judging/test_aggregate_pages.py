"""The organisers' results page of a judged level: codes only before ráp phách, names after;
locking, unlocking and ráp phách through the page; nothing of it for judges and officers."""

import pytest

from backend.clock import utcnow
from backend.writing import service as writing
from tests.factories import csrf_of, sign_in, visible_text
from tests.judging.results_factories import blind_level, coded, judged, panel


@pytest.fixture
def level(session, settings, tree, organiser):
    competition, level = blind_level(session)
    judges = panel(session, settings, competition, 2)
    essay = coded(session, competition, level, tree["Q1-BN"], n=1, full_name="Nguyễn Thị Lan")
    judged(session, competition, level, essay, judges, [80, 84])
    writing.set_prize_tiers(session=session, level_id=level.id, tiers=[("Giải A", 1, None)],
                            actor_id=None, now=utcnow())
    session.commit()
    return level


def page(client, level) -> str:
    return visible_text(client.get(f"/quan-ly/cuoc-thi-viet/cap-thi/{level.id}/ket-qua").text)


def post(client, level, action, **form):
    return client.post(f"/quan-ly/cuoc-thi-viet/cap-thi/{level.id}/ket-qua/{action}",
                       data={"csrf_token": client.csrf, **form}, follow_redirects=False)


def test_before_reveal_the_page_shows_codes_and_scores_but_no_name_unit_or_block(
        organiser_client, level):
    assert post(organiser_client, level, "tong-hop").status_code == 303

    text = page(organiser_client, level)

    assert "MP-0001" in text
    assert "82,00" in text
    assert "Giải A" in text
    assert "Nội dung" in text
    for secret in ("Nguyễn Thị Lan", "Bến Nghé", "Khối Quận, huyện"):
        assert secret not in text


def test_lock_then_reveal_shows_the_author_unit_and_block(organiser_client, level):
    assert post(organiser_client, level, "rap-phach", confirmed="true").status_code == 409
    assert post(organiser_client, level, "khoa-diem", confirmed="true").status_code == 303
    assert "Đã khóa điểm" in page(organiser_client, level)

    assert post(organiser_client, level, "rap-phach", confirmed="true").status_code == 303

    text = page(organiser_client, level)
    assert "Đã ráp phách" in text
    for shown in ("Nguyễn Thị Lan", "Phường Bến Nghé", "Khối Quận, huyện", "MP-0001"):
        assert shown in text


def test_a_refused_lock_says_what_is_missing(organiser_client, session, settings, tree, level):
    competition = writing.get_competition(session=session, competition_id=level.competition_id)
    essay = coded(session, competition, level, tree["Q3"], n=2)
    judged(session, competition, level, essay,
           writing.judges_of(session=session, competition_id=competition.id), [70, None])

    response = post(organiser_client, level, "khoa-diem", confirmed="true")

    assert response.status_code == 409
    assert "Chưa thể khóa điểm: còn 1 bài chưa đủ điểm" in visible_text(response.text)


def test_unlock_without_a_reason_is_refused_and_with_one_is_done(organiser_client, level):
    post(organiser_client, level, "khoa-diem", confirmed="true")

    refused = post(organiser_client, level, "mo-khoa", reason=" ")
    done = post(organiser_client, level, "mo-khoa", reason="Giám khảo nhập nhầm điểm")

    assert refused.status_code == 422
    assert "Hãy ghi lý do mở khóa điểm." in visible_text(refused.text)
    assert done.status_code == 303
    assert "Đang chấm" in page(organiser_client, level)


@pytest.mark.parametrize("username", ["giamkhao1", "canbo.q1"])
def test_judges_and_officers_see_nothing_of_the_results(client, level, officer, username):
    sign_in(client, username)
    client.csrf = csrf_of(client, "/dang-nhap")

    response = client.get(f"/quan-ly/cuoc-thi-viet/cap-thi/{level.id}/ket-qua")

    assert response.status_code == 403
    assert "MP-0001" not in response.text

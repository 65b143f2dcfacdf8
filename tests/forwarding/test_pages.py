"""The forwarding pages as officers and organisers use them, and the reminders on the home
pages."""

from datetime import timedelta

import pytest
from sqlmodel import select

from backend.accounts.models import Role
from backend.audit.models import AuditEntry
from backend.clock import utc_to_local
from backend.forwarding import queries
from tests.factories import csrf_of, make_user, sign_in, visible_text


@pytest.fixture
def at_window(clock, scene):
    """The app's clock inside the city level's window, before anyone signs in (a session
    signed in a week earlier would have ended)."""
    clock.now = scene.at
    return clock


@pytest.fixture
def officer_at(at_window, officer_client):
    return officer_client


@pytest.fixture
def organiser_at(at_window, organiser_client):
    return organiser_client


def page_of(scene, code: str = "Q1") -> str:
    return f"/quan-ly/cuoc-thi-viet/cap/{scene.city.id}/chuyen-bai/{scene.tree[code].id}"


def post(client, path: str, data: dict):
    return client.post(path, data={**data, "csrf_token": client.csrf}, follow_redirects=False)


def test_the_unit_page_ranks_the_units_essays_and_shows_the_quota(officer_at, scene):
    scene.score("Q1", [70, 90.5, None, None, 80])

    text = visible_text(officer_at.get(page_of(scene)).text)

    assert "Quận 1: chuyển bài lên Cấp thành phố" in text
    assert "Chỉ tiêu của Quận 1: 3 bài ; đã chọn 0 trong 5 bài ở Cấp đơn vị." in text
    assert text.index("Bài viết số 2") < text.index("Bài viết số 5") < text.index(
        "Bài viết số 1") < text.index("Bài viết số 3") < text.index("Bài viết số 4")


def test_an_officer_enters_scores_picks_within_the_quota_and_signs(officer_at, scene, session):
    ids = scene.ids("Q1")
    path = page_of(scene)

    scored = post(officer_at, f"{path}/diem", {"essay_id": ids, "score": [
        "70", "90,5", "", "60.25", "80"]})
    over = post(officer_at, f"{path}/chon", {"essay_id": ids[:4]})
    chosen = post(officer_at, f"{path}/chon", {"essay_id": [ids[1], ids[4]]})
    unconfirmed = post(officer_at, f"{path}/ky", {})
    signed = post(officer_at, f"{path}/ky", {"confirmed": "true"})
    locked = post(officer_at, f"{path}/chon", {"essay_id": [ids[0]]})

    assert (scored.status_code, chosen.status_code, signed.status_code) == (303, 303, 303)
    assert over.status_code == 422
    assert "Chỉ tiêu của Quận 1 là 3 bài; đã chọn 4." in visible_text(over.text)
    assert unconfirmed.status_code == 422
    assert "Hãy đánh dấu ô xác nhận trước khi ký" in visible_text(unconfirmed.text)
    assert locked.status_code == 409
    assert ("Quận 1 đã ký chuyển bài lên Cấp thành phố nên đợt chuyển bài bị khóa"
            in visible_text(locked.text))
    text = visible_text(officer_at.get(f"{path}?ky=1").text)
    assert "Đã ký chuyển bài lúc" in text
    assert "Tôi xác nhận chuyển" not in text  # no sign form, no checkboxes: locked
    assert "Lưu danh sách chọn" not in text
    batch = queries.batch_of(session=session, level_id=scene.city.id,
                             unit_id=scene.tree["Q1"].id)
    assert queries.selected_ids(session=session, batch=batch) == {ids[1], ids[4]}


def test_a_score_that_is_not_a_number_is_refused_on_the_page(officer_at, scene):
    answer = post(officer_at, f"{page_of(scene)}/diem",
                  {"essay_id": scene.ids("Q1", 1), "score": ["tám mươi"]})

    assert answer.status_code == 422
    assert "“tám mươi” không phải một điểm số (ví dụ 87,5)." in visible_text(answer.text)


def test_an_officer_of_another_unit_does_not_reach_its_page(client, settings, session, scene,
                                                            at_window):
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q3",
              unit=scene.tree["Q3"])
    sign_in(client, "canbo.q3")
    client.csrf = csrf_of(client, "/don-vi")

    seen = client.get(page_of(scene))
    picked = post(client, f"{page_of(scene)}/chon", {"essay_id": scene.ids("Q1", 1)})

    assert (seen.status_code, picked.status_code) == (404, 404)
    assert "nằm ngoài phạm vi của bạn" in visible_text(picked.text)


def test_the_organiser_sees_every_units_batch_and_reopens_one_with_a_reason(
        organiser_at, scene, session, organiser):
    scene.score("Q3", [75])
    scene.forward("Q3", scene.ids("Q3", 1))
    scene.sign("Q3")
    overview = f"/quan-ly/cuoc-thi-viet/cap/{scene.city.id}/chuyen-bai"

    text = visible_text(organiser_at.get(overview).text)
    missing = post(organiser_at, f"{page_of(scene, 'Q3')}/mo-lai", {"reason": " "})
    reopened = post(organiser_at, f"{page_of(scene, 'Q3')}/mo-lai",
                    {"reason": "Đơn vị xin đổi bài"})

    assert "Quận 1 Chưa chọn bài 5 3 bài 0" in text
    assert "Quận 3 Đã ký chuyển (khóa) 2 3 bài 1" in text
    assert "Lý do mở lại" in text
    assert missing.status_code == 422
    assert "Hãy ghi lý do mở lại" in visible_text(missing.text)
    assert reopened.status_code == 303
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "forwarding.reopen")).one()
    assert (entry.actor_id, entry.details["reason"]) == (organiser.id, "Đơn vị xin đổi bài")
    assert "Ban tổ chức mở lại lúc" in visible_text(organiser_at.get(page_of(scene, "Q3")).text)


def test_an_officer_cannot_reopen(officer_at, scene):
    scene.score("Q1", [75])
    scene.forward("Q1", scene.ids("Q1", 1))
    scene.sign("Q1")

    answer = post(officer_at, f"{page_of(scene)}/mo-lai", {"reason": "Chọn lại"})

    assert answer.status_code == 403
    assert "không có quyền" in answer.text


def test_home_pages_remind_of_unsigned_batches_as_the_deadline_nears(
        client, organiser, officer, scene, clock, settings):
    clock.now = scene.city.closes_at - timedelta(days=2)
    deadline = utc_to_local(scene.city.closes_at, settings.zone).strftime("%H:%M %d/%m/%Y")

    sign_in(client, organiser.username)
    organisers = visible_text(client.get("/").text)
    client.cookies.clear()
    sign_in(client, officer.username)
    officers = visible_text(client.get("/").text)
    clock.now = scene.at
    early = visible_text(client.get("/").text)

    assert (f"Cuộc thi viết Dân vận khéo: 2 đơn vị chưa ký chuyển bài lên Cấp thành phố "
            f"(hạn {deadline}).") in organisers
    assert (f"Cuộc thi viết Dân vận khéo: Quận 1 chưa ký chuyển bài lên Cấp thành phố "
            f"(hạn {deadline}).") in officers
    assert "chưa ký chuyển bài" not in early


def test_officers_find_the_levels_taking_forwarding_on_their_home_page(officer_at, scene):
    text = visible_text(officer_at.get("/").text)

    assert ("Cuộc thi viết Dân vận khéo: đang nhận bài chuyển lên Cấp thành phố đến" in text)
    assert f'href="/quan-ly/cuoc-thi-viet/cap/{scene.city.id}/chuyen-bai"' in officer_at.get(
        "/").text

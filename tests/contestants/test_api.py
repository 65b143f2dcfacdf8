"""Registration over JSON: the same rules as the pages, clear 4xx answers, nothing half-stored."""

import threading

import pytest
from fastapi.testclient import TestClient

from backend.accounts.models import Role
from backend.app import create_app
from tests.contestants.conftest import (
    ALREADY_REGISTERED_PHONE,
    NOT_SIGNED_IN,
    PHONE_E164,
    SAME_PERSON,
    contestant_count,
    payload,
    stored_contestants,
)
from tests.factories import api_token, from_ip, make_contest, make_settings, make_user

TOO_MANY = "Có quá nhiều lượt đăng ký từ nơi này. Vui lòng thử lại sau khoảng"


def post(client, contest, body: dict, **kwargs):
    return client.post(f"/api/v1/contests/{contest.id}/register", json=body, **kwargs)


def refused_with(response, status: int, detail: str) -> bool:
    assert response.status_code == status, response.text
    assert response.json()["detail"] == detail
    return True


# --- The happy path ---------------------------------------------------------------------

def test_registration_returns_201_a_working_token_and_no_personal_data(
        client, database, contest, ben_nghe):
    response = post(client, contest, payload(ben_nghe, phone="+84 912 345 678",
                                             email=" An.Nguyen@Example.VN "))

    body = response.json()
    [stored] = stored_contestants(database)
    assert response.status_code == 201
    assert set(body) == {"token", "expires_at", "contestant"}
    assert body["contestant"] == {"id": stored.id, "contest_id": contest.id,
                                  "full_name": "Nguyễn Văn An", "unit_id": ben_nghe.id}
    assert (stored.phone, stored.email, stored.registered_ip) == (
        PHONE_E164, "an.nguyen@example.vn", "testclient")
    me = client.get("/api/v1/contestant/me",
                    headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json() == body["contestant"]


def test_the_same_phone_twice_gets_409_and_nothing_new_is_stored(
        client, database, contest, ben_nghe):
    post(client, contest, payload(ben_nghe))

    again = post(client, contest, payload(ben_nghe, phone="0912.345.678",
                                          full_name="Trần Thị Bình", gender="nu"))

    assert refused_with(again, 409, ALREADY_REGISTERED_PHONE)
    assert again.json()["code"] == "phone_registered"
    assert contestant_count(database) == 1


def test_the_same_person_with_another_phone_and_spacing_gets_409(
        client, database, contest, ben_nghe):
    post(client, contest, payload(ben_nghe))

    again = post(client, contest, payload(ben_nghe, phone="0987654321",
                                          full_name="  NGUYỄN  VĂN AN"))

    assert refused_with(again, 409, SAME_PERSON)
    assert contestant_count(database) == 1


@pytest.mark.parametrize("pool_size", [8, 2])
def test_parallel_registrations_of_one_phone_store_exactly_one(
        database_url, tmp_path, database, contest, ben_nghe, pool_size):
    """With a small pool too: a refused twin holds its transaction's connection while it reads
    which rule refused it, and no number of such requests may exhaust the pool."""
    settings = make_settings(database_url, tmp_path, register_per_phone=100,
                             register_per_ip=100, db_pool_size=pool_size)
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        barrier = threading.Barrier(10)
        statuses: list[int] = []

        def fire(n: int) -> None:
            body = payload(ben_nghe, full_name=f"Nguyễn Văn {'ABCDEFGHIK'[n]}")
            barrier.wait()
            statuses.append(post(client, contest, body).status_code)

        threads = [threading.Thread(target=fire, args=(n,)) for n in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(statuses) == [201] + [409] * 9
    assert [c.phone for c in stored_contestants(database)] == [PHONE_E164]


# --- Refused by the rules, nothing stored -----------------------------------------------

@pytest.mark.parametrize(("changes", "detail"), [
    ({"phone": "0912 345 67"}, "Số điện thoại “0912 345 67” không hợp lệ. Hãy nhập số di động "
                               "Việt Nam gồm 10 chữ số, ví dụ 0912 345 678."),
    ({"full_name": "Nguyễn Văn \u0410n"}, "Họ và tên chỉ gồm chữ cái tiếng Việt và dấu cách "
                                          "(không có chữ số, ký hiệu hay chữ của bảng chữ cái "
                                          "khác)."),
    ({"consent": False}, "Bạn cần đồng ý với thông báo xử lý dữ liệu cá nhân để đăng ký."),
    ({"password": "1234567"}, "Mật khẩu phải có ít nhất 8 ký tự."),
    ({"birth_date": "2999-01-01"}, "Ngày sinh không hợp lệ; hãy kiểm tra lại năm sinh."),
    ({"birth_date": "1876-01-01"}, "Ngày sinh không hợp lệ; hãy kiểm tra lại năm sinh."),
    ({"email": "khong-phai-email"}, "Địa chỉ email “khong-phai-email” không hợp lệ."),
])
def test_a_broken_rule_gets_422_in_vietnamese_and_nothing_is_stored(
        client, database, contest, ben_nghe, changes, detail):
    response = post(client, contest, payload(ben_nghe, **changes))

    assert refused_with(response, 422, detail)
    assert contestant_count(database) == 0


def test_a_cccd_inconsistent_with_the_birth_date_gets_422_and_nothing_is_stored(
        client, session, database, ben_nghe):
    contest = make_contest(session, title="Tìm hiểu Luật Căn cước", requires_id_number=True)

    response = post(client, contest, payload(ben_nghe, birth_date="1991-05-17",
                                             id_number="079090123456"))

    assert refused_with(response, 422, "Chữ số thứ 5-6 của CCCD (90) phải là hai số cuối "
                                       "năm sinh (91).")
    assert contestant_count(database) == 0


def test_a_contest_asking_for_a_cccd_refuses_a_form_without_one(
        client, session, database, ben_nghe):
    contest = make_contest(session, title="Tìm hiểu Luật Căn cước", requires_id_number=True)

    response = post(client, contest, payload(ben_nghe))

    assert refused_with(response, 422, "Số CCCD phải gồm đúng 12 chữ số.")
    assert contestant_count(database) == 0


def test_a_registration_is_checked_and_stored_without_a_read_first(
        client, database, contest, ben_nghe, monkeypatch):
    """Published contest, unit taking part, CCCD where asked: conditions of the one
    statement that writes, read only to say why nothing was written."""
    from backend.contestants import service

    reads = []
    monkeypatch.setattr(service, "_ENTRY", lambda *args: reads.append(args))

    response = post(client, contest, payload(ben_nghe))

    assert response.status_code == 201, response.text
    assert reads == []
    assert contestant_count(database) == 1


def test_a_unit_outside_the_contest_gets_422(client, database, contest, ben_nghe):
    response = post(client, contest, payload(ben_nghe, unit_id=999_999))

    assert refused_with(response, 422, "Đơn vị đã chọn không tham gia cuộc thi này; hãy chọn "
                                       "lại trong danh sách.")
    assert contestant_count(database) == 0


def test_an_unpublished_or_unknown_contest_gets_404(client, session, database, ben_nghe):
    draft = make_contest(session, title="Cuộc thi đang soạn", published=False)

    hidden = post(client, draft, payload(ben_nghe))
    unknown = client.post("/api/v1/contests/999999/register", json=payload(ben_nghe))

    assert refused_with(hidden, 404, "Không tìm thấy cuộc thi này.")
    assert refused_with(unknown, 404, "Không tìm thấy cuộc thi này.")
    assert contestant_count(database) == 0


# --- Refused before the rules: malformed, incomplete, oversized -------------------------

def test_malformed_json_gets_400_in_vietnamese(client, database, contest):
    response = client.post(f"/api/v1/contests/{contest.id}/register",
                           content=b'{"full_name": "Nguy',
                           headers={"Content-Type": "application/json"})

    assert refused_with(response, 400, "Nội dung gửi lên không phải JSON hợp lệ.")
    assert contestant_count(database) == 0


def test_missing_fields_get_422_naming_each_field(client, database, contest, ben_nghe):
    body = payload(ben_nghe)
    del body["phone"], body["consent"]

    response = post(client, contest, body)

    assert response.status_code == 422
    assert response.json()["errors"] == ["Trường “phone” chưa được điền.",
                                         "Trường “consent” chưa được điền."]
    assert contestant_count(database) == 0


@pytest.mark.parametrize(("changes", "line"), [
    ({"unit_id": "Bến Nghé"}, "Trường “unit_id” phải là số nguyên."),
    ({"birth_date": "17/05/1990"},
     "Trường “birth_date” không phải ngày hợp lệ (dạng YYYY-MM-DD)."),
    ({"gender": "male"}, "Trường “gender” không thuộc các giá trị cho phép."),
    ({"consent": "chưa"}, "Trường “consent” phải là đúng/sai."),
    ({"full_name": ["Nguyễn", "Văn", "An"]}, "Trường “full_name” phải là chuỗi ký tự."),
    ({"phone": "0912 345 678 0912 345 678"}, "Trường “phone” quá dài."),
])
def test_wrong_types_get_422_naming_the_field(client, database, contest, ben_nghe, changes,
                                              line):
    response = post(client, contest, payload(ben_nghe, **changes))

    assert refused_with(response, 422, line)
    assert contestant_count(database) == 0


def test_unknown_extra_fields_are_refused(client, database, contest, ben_nghe):
    response = post(client, contest, payload(ben_nghe, is_admin=True, consent_version="2020"))

    assert response.status_code == 422
    assert response.json()["errors"] == ["Trường “is_admin” không được phép có.",
                                         "Trường “consent_version” không được phép có."]
    assert contestant_count(database) == 0


def test_a_body_over_the_limit_gets_413_before_it_is_read(client, database, contest, ben_nghe):
    body = payload(ben_nghe, position="x" * (300 * 1024))

    response = post(client, contest, body)

    assert refused_with(response, 413, "Dữ liệu gửi lên quá lớn (tối đa 256 KB).")
    assert contestant_count(database) == 0


def test_a_streamed_body_over_the_limit_gets_413(client, database, contest):
    def chunks():
        yield b'{"full_name": "'
        for _ in range(300):
            yield b"x" * 1024
        yield b'"}'

    response = client.post(f"/api/v1/contests/{contest.id}/register", content=chunks(),
                           headers={"Content-Type": "application/json"})

    assert refused_with(response, 413, "Dữ liệu gửi lên quá lớn (tối đa 256 KB).")
    assert contestant_count(database) == 0


# --- Registration limits ----------------------------------------------------------------

@pytest.fixture
def limited_app(database_url, tmp_path, tree):
    settings = make_settings(database_url, tmp_path, register_per_ip=2, register_per_phone=2)
    app = create_app(settings)
    with TestClient(app, base_url="http://testserver"):
        yield app


def test_registration_is_limited_per_ip(limited_app, database, contest, ben_nghe):
    school = from_ip(limited_app, "113.161.1.1")
    people = [payload(ben_nghe, phone=f"09876543{n:02d}", full_name=name)
              for n, name in enumerate(["Trần Thị Bình", "Lê Văn Cường", "Phạm Thu Hà"])]

    answers = [post(school, contest, body) for body in people]
    elsewhere = post(from_ip(limited_app, "113.161.1.2"), contest, people[2])

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2].json()["detail"].startswith(TOO_MANY)
    assert int(answers[2].headers["Retry-After"]) > 0
    assert elsewhere.status_code == 201
    assert contestant_count(database) == 3


def test_registration_is_limited_per_phone(limited_app, database, contest, ben_nghe):
    answers = [post(from_ip(limited_app, f"113.161.2.{n}"), contest,
                    payload(ben_nghe, full_name=name))
               for n, name in enumerate(["Trần Thị Bình", "Lê Văn Cường", "Phạm Thu Hà"])]

    assert [a.status_code for a in answers] == [201, 409, 429]
    assert answers[2].json()["detail"].startswith(TOO_MANY)
    assert int(answers[2].headers["Retry-After"]) > 0
    assert contestant_count(database) == 1


# --- Staff and contestant tokens are not interchangeable --------------------------------

def test_a_staff_token_is_not_a_contestant_token(client, session, settings, tree):
    make_user(session, settings, role=Role.ORGANISER, username="bantochuc")
    staff = api_token(client, "bantochuc")

    assert client.get("/api/v1/auth/me", headers=staff).status_code == 200
    response = client.get("/api/v1/contestant/me", headers=staff)
    assert refused_with(response, 401, NOT_SIGNED_IN)


def test_a_contestant_token_is_not_a_staff_token(client, contest, ben_nghe):
    token = post(client, contest, payload(ben_nghe)).json()["token"]

    response = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})

    assert refused_with(response, 401, "Bạn cần đăng nhập để tiếp tục.")

"""What a person is told when something goes wrong: Vietnamese pages, Vietnamese JSON."""


import pytest
from fastapi.testclient import TestClient

from backend.accounts.models import Role
from tests.factories import api_token, csrf_of, make_user, sign_in, usernames, visible_text

OVERSIZED = "Dữ liệu gửi lên quá lớn (tối đa 256 KB)."


def streamed(size: int):
    """A body sent in chunks without Content-Length, as a client that streams it would."""
    for _ in range(size // 1024):
        yield b"x" * 1024


# Error pages stand on no units: these two staff are made without the tree.
@pytest.fixture
def organiser(session, settings):
    return make_user(session, settings, role=Role.ORGANISER, username="bantochuc")


@pytest.fixture
def judge(session, settings):
    return make_user(session, settings, role=Role.JUDGE, username="giamkhao")


@pytest.fixture
def organiser_browser(client, organiser):
    sign_in(client, "bantochuc")
    client.csrf = csrf_of(client, "/tai-khoan")
    return client


@pytest.fixture
def failing_client(app):
    """The app with two routes that fail the way an unnoticed bug would."""

    def broken():
        raise RuntimeError("lỗi lập trình chưa ai thấy: SELECT * FROM bi_mat")

    app.add_api_route("/trang-loi", broken)
    app.add_api_route("/api/v1/trang-loi", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_unknown_page_is_a_vietnamese_404_page(client):
    response = client.get("/khong-co-trang-nay")

    text = visible_text(response.text)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="vi"' in response.text
    assert "Không tìm thấy Không tìm thấy trang bạn cần." in text
    assert "Mã lỗi: 404" in text
    assert "Về trang chủ" in text


def test_unknown_api_route_is_a_vietnamese_404_json(client):
    response = client.get("/api/v1/khong-co")

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy trang bạn cần.", "code": "http_404"}


def test_missing_record_on_a_page_is_a_404_page_saying_what_is_missing(organiser_browser):
    response = organiser_browser.post("/tai-khoan/9999/khoa",
                                      data={"csrf_token": organiser_browser.csrf})

    assert response.status_code == 404
    assert "Không tìm thấy Không tìm thấy tài khoản." in visible_text(response.text)


def test_forbidden_page_is_a_vietnamese_403_page(client, judge):
    sign_in(client, "giamkhao")

    response = client.get("/tai-khoan")

    text = visible_text(response.text)
    assert response.status_code == 403
    assert ("Không có quyền truy cập Tài khoản của bạn không có quyền thực hiện việc này."
            in text)
    assert "Mã lỗi: 403" in text


def test_forbidden_api_call_is_a_vietnamese_403_json(client, judge):
    headers = api_token(client, "giamkhao")

    response = client.get("/api/v1/users", headers=headers)

    assert response.status_code == 403
    assert response.json() == {"detail": "Tài khoản của bạn không có quyền thực hiện việc này.",
                               "code": "forbidden"}


def test_conflict_on_a_page_is_a_vietnamese_409_page(organiser_browser, organiser):
    response = organiser_browser.post(f"/tai-khoan/{organiser.id}/khoa",
                                      data={"csrf_token": organiser_browser.csrf})

    text = visible_text(response.text)
    assert response.status_code == 409
    assert "Xung đột dữ liệu Bạn không thể tự khóa tài khoản của mình." in text
    assert "Mã lỗi: 409" in text


def test_conflict_over_the_api_is_a_vietnamese_409_json(client, organiser):
    headers = api_token(client, "bantochuc")

    response = client.post(f"/api/v1/users/{organiser.id}/lock", headers=headers)

    assert response.status_code == 409
    assert response.json() == {"detail": "Bạn không thể tự khóa tài khoản của mình.",
                               "code": "conflict"}


def test_unexpected_failure_is_a_vietnamese_500_page_that_leaks_nothing(failing_client):
    response = failing_client.get("/trang-loi")

    text = visible_text(response.text)
    assert response.status_code == 500
    assert ("Hệ thống gặp sự cố Hệ thống gặp sự cố. Chúng tôi đã ghi nhận; "
            "vui lòng thử lại sau ít phút." in text)
    assert "bi_mat" not in response.text
    assert "RuntimeError" not in response.text


def test_unexpected_failure_over_the_api_is_a_vietnamese_500_json(failing_client):
    response = failing_client.get("/api/v1/trang-loi")

    assert response.status_code == 500
    assert response.json() == {
        "detail": "Hệ thống gặp sự cố. Chúng tôi đã ghi nhận; vui lòng thử lại sau ít phút.",
        "code": "server_error"}


def test_wrong_method_is_explained_in_vietnamese(client):
    response = client.get("/dang-xuat")

    assert response.status_code == 405
    assert "Thao tác này không được hỗ trợ ở địa chỉ này." in visible_text(response.text)


@pytest.mark.parametrize("body", [b'{"username": "bantochuc", ', b"{'username': 1}", b"\xff\xfe"])
def test_malformed_json_is_a_400_in_vietnamese(client, body):
    response = client.post("/api/v1/auth/login", content=body,
                           headers={"content-type": "application/json"})

    assert response.status_code == 400
    assert response.json()["detail"] == "Nội dung gửi lên không phải JSON hợp lệ."
    assert response.json()["code"] == "invalid_input"


@pytest.mark.parametrize(("body", "message"), [
    ({"username": "bantochuc"}, "Trường “password” chưa được điền."),
    ({"username": 5, "password": "x"}, "Trường “username” phải là chuỗi ký tự."),
    ({"username": "x" * 81, "password": "x"}, "Trường “username” quá dài."),
    ([1, 2], "Nội dung gửi lên phải là đối tượng JSON."),
])
def test_json_of_the_wrong_shape_is_a_422_naming_the_field(client, body, message):
    response = client.post("/api/v1/auth/login", json=body)

    assert response.status_code == 422
    assert response.json()["detail"] == message


@pytest.mark.parametrize(("user_id", "reason"), [
    ("mot", "phải là số nguyên"),
    (str(2**31), "quá lớn"),  # no row can have it: the id columns are 32-bit on PostgreSQL
])
def test_bad_path_parameter_on_a_page_is_explained_in_vietnamese(organiser_browser, user_id,
                                                                 reason):
    response = organiser_browser.post(f"/tai-khoan/{user_id}/khoa",
                                      data={"csrf_token": organiser_browser.csrf})

    text = visible_text(response.text)
    assert response.status_code == 422
    assert "Dữ liệu gửi lên chưa hợp lệ." in text
    assert f"Trường “user_id” {reason}." in text


def test_oversized_json_is_refused_with_413_before_it_is_read(client, database, organiser):
    headers = api_token(client, "bantochuc")

    response = client.post("/api/v1/users", headers=headers, json={
        "username": "moi", "full_name": "x" * 300_000, "password": "mat-khau-moi-2026",
        "role": "judge"})

    assert response.status_code == 413
    assert response.json() == {"detail": OVERSIZED, "code": "too_large"}
    assert usernames(database) == ["bantochuc"]


def test_oversized_body_streamed_without_a_length_is_still_a_413(client, database, organiser):
    headers = api_token(client, "bantochuc")

    response = client.post("/api/v1/users", content=streamed(300 * 1024),
                           headers={**headers, "content-type": "application/json"})

    assert response.status_code == 413
    assert response.json() == {"detail": OVERSIZED, "code": "too_large"}
    assert usernames(database) == ["bantochuc"]


def test_oversized_form_is_a_vietnamese_413_page(client, organiser):
    token = csrf_of(client)

    response = client.post("/dang-nhap", data={"username": "bantochuc",
                                                "password": "x" * 300_000, "csrf_token": token})

    assert response.status_code == 413
    assert OVERSIZED in visible_text(response.text)
    assert "<html lang=vi>" in response.text


def test_oversized_form_streamed_without_a_length_is_a_vietnamese_413_page(organiser_browser,
                                                                          database):
    response = organiser_browser.post(
        "/tai-khoan", content=streamed(300 * 1024),
        headers={"content-type": "application/x-www-form-urlencoded"})

    assert response.status_code == 413
    assert OVERSIZED in visible_text(response.text)
    assert usernames(database) == ["bantochuc"]


def test_oversized_upload_is_refused_with_the_upload_limit(client, organiser):
    headers = api_token(client, "bantochuc")

    response = client.post("/api/v1/units/import", headers=headers, files={
        "file": ("don-vi.xlsx", b"x" * (5 * 1024 * 1024 + 1), "application/octet-stream")})

    assert response.status_code == 413
    assert response.json()["detail"] == "Dữ liệu gửi lên quá lớn (tối đa 5.120 KB)."


def test_every_answer_carries_the_protective_headers(client):
    response = client.get("/khong-co-trang-nay")

    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("path", [f"/api/v1/contests/{2**31}", f"/api/v1/contests/{2**63}",
                                  "/api/v1/contests/1%00", "/api/v1/contests/-1"])
def test_odd_ids_are_answered_without_an_unexpected_error_in_the_log(client, caplog, path):
    response = client.get(path)

    assert response.status_code in (404, 422)
    assert response.json()["code"] in ("not_found", "invalid_input")
    assert not [r for r in caplog.records if r.levelname == "ERROR"]

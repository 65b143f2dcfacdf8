"""Visitors find a contest, register with consent, sign in and out: the pages a phone shows."""

import re
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from backend.accounts.models import AuthSession
from backend.contestants.models import Contestant
from backend.contestants.service import CONSENT_VERSION
from backend.deps import CONTESTANT_COOKIE
from backend.web import CSRF_COOKIE
from tests.contest_pages.conftest import post_registration
from tests.factories import (
    PHONE,
    csrf_of,
    make_contest,
    make_round,
    sign_in_contestant,
    visible_text,
)


def test_landing_shows_rules_with_line_breaks_rounds_and_the_way_in(
        client, session, contest, clock):
    contest.rules_text = "Điều 1. Đối tượng dự thi.\nĐiều 2. Mỗi tuần thi tối đa 3 lượt."
    session.add(contest)
    session.commit()
    make_round(session, contest, opens_at=clock.now - timedelta(hours=1),
               closes_at=clock.now + timedelta(days=2, hours=3))
    page = client.get(f"/thi/{contest.id}")
    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Tham mưu tốt - Dân vận khéo" in text
    assert '<div class="rules-text">Điều 1. Đối tượng dự thi.\nĐiều 2.' in page.text
    assert "Tuần 1 Đang mở" in text
    assert "Đóng sau 2 ngày 03:00:00" in text
    assert re.search(r'data-server-now="\d{13}"', page.text)
    assert f'href="/thi/{contest.id}/dang-ky" role="button">Đăng ký dự thi' in page.text
    assert (f'href="/thi/{contest.id}/dang-nhap" role="button" class="secondary">Đăng nhập'
            in page.text)
    assert "Bắt đầu lượt thi" not in text


def test_round_times_are_shown_in_vietnam_time(client, session, contest):
    make_round(session, contest, opens_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC),
               closes_at=datetime(2026, 3, 9, 2, 0, tzinfo=UTC))
    text = visible_text(client.get(f"/thi/{contest.id}").text)
    assert "Mở 10:00 02/03/2026 Đóng 09:00 09/03/2026" in text
    assert "Đã kết thúc" in text


def test_home_lists_published_contests_with_their_open_rounds(client, session, contest, round_):
    make_contest(session, title="Cuộc thi chưa công bố", published=False)
    text = visible_text(client.get("/").text)
    assert "Tham mưu tốt - Dân vận khéo Đang mở Tuần 1: đến" in text
    assert "Vào thi" in text
    assert "Cuộc thi chưa công bố" not in text


def test_unit_picker_finds_ben_nghe_typed_without_diacritics(client, contest):
    page = client.get(f"/thi/{contest.id}/don-vi", params={"q": "ben nghe"},
                      headers={"HX-Request": "true"})
    assert "<html" not in page.text
    assert visible_text(page.text).startswith("Tìm thấy 1 đơn vị cho “ben nghe”.")
    assert re.search(r'<input type="radio" name="unit_id" value="\d+" required>\s*'
                     r'<span>Phường Bến Nghé<small class="muted"> · Quận 1</small>', page.text)


def test_unit_picker_keeps_the_unit_already_picked(client, contest, tree):
    page = client.get(f"/thi/{contest.id}/don-vi",
                      params={"q": "thu duc", "unit_id": tree["Q1-BN"].id})
    assert visible_text(page.text).startswith("Tìm thấy 1 đơn vị cho “thu duc”.")
    assert f'value="{tree["Q1-BN"].id}" required checked' in page.text
    assert "Thành phố Thủ Đức" in page.text


def test_registration_form_asks_everything_with_the_personal_data_notice(client, contest):
    page = client.get(f"/thi/{contest.id}/dang-ky")
    text = visible_text(page.text)
    for label in ("Họ và tên", "Ngày sinh", "Giới tính", "Nam", "Nữ", "Số điện thoại di động",
                  "Đơn vị công tác", "Tìm đơn vị (gõ không dấu cũng được)",
                  "Email (không bắt buộc)", "Chức vụ (không bắt buộc)",
                  "Mật khẩu (ít nhất 8 ký tự)",
                  "Nhập lại mật khẩu", "Thông báo xử lý dữ liệu cá nhân",
                  "Nghị định 13/2023/NĐ-CP", "Dữ liệu thu thập:", "Mục đích:", "Ai được xem:",
                  "Thời gian lưu:", "rút lại sự đồng ý"):
        assert label in text, label
    assert "Số căn cước công dân" not in text
    assert re.search(r'<input type="checkbox" name="consent" value="1" required>', page.text)
    assert f"Phiên bản thông báo: {CONSENT_VERSION}" in text


def test_contest_requiring_cccd_asks_for_it(client, session, tree):
    contest = make_contest(session, title="Cuộc thi có CCCD", requires_id_number=True)
    text = visible_text(client.get(f"/thi/{contest.id}/dang-ky").text)
    assert "Số căn cước công dân (CCCD, 12 chữ số)" in text
    assert "số CCCD; email và chức vụ nếu bạn cung cấp" in text


def test_registering_signs_the_contestant_in_with_a_fresh_session(
        client, contest, round_, tree, database):
    client.get(f"/thi/{contest.id}/dang-ky")
    key_before = client.cookies.get(CSRF_COOKIE)
    answer = post_registration(client, contest, tree)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/thi/{contest.id}?da_dang_ky=1"
    cookie = next(c for c in answer.headers.get_list("set-cookie")
                  if c.startswith(f"{CONTESTANT_COOKIE}="))
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/" in cookie
    assert client.cookies.get(CSRF_COOKIE) != key_before
    text = visible_text(client.get(answer.headers["location"]).text)
    assert "Đăng ký thành công." in text
    assert "Xin chào, Trần Thị Bình" in text
    assert "Lượt thi của tôi" in text
    assert "Bắt đầu lượt thi" in text
    with database.scope(write=False) as fresh:
        stored = fresh.exec(select(Contestant).where(Contestant.phone == "+84987654321")).one()
        assert (stored.consent_version, stored.unit_id) == (CONSENT_VERSION, tree["Q1-BN"].id)
        assert fresh.exec(select(AuthSession).where(
            AuthSession.contestant_id == stored.id)).one().kind.value == "web"


def test_registration_without_consent_is_refused_and_keeps_the_values(
        client, contest, tree, database):
    answer = post_registration(client, contest, tree, consent=None)
    assert answer.status_code == 422
    text = visible_text(answer.text)
    assert "Chưa đăng ký được. Bạn cần đồng ý với thông báo xử lý dữ liệu cá nhân để đăng ký." \
        in text
    assert 'value="Trần Thị Bình"' in answer.text
    assert 'value="1992-04-30"' in answer.text
    assert 'value="0987 654 321"' in answer.text
    assert 'value="binh@example.vn"' in answer.text
    assert 'name="gender" value="nu" required checked' in answer.text
    assert f'name="unit_id" value="{tree["Q1-BN"].id}" required checked' in answer.text
    assert "mat-khau-cua-binh" not in answer.text
    assert re.search(r'name="consent" value="1" required aria-invalid="true" '
                     r'aria-describedby="loi-consent"', answer.text)
    with database.scope(write=False) as fresh:
        assert fresh.exec(select(Contestant)).all() == []


def test_a_bad_phone_number_is_explained_next_to_the_phone_field(client, contest, tree):
    answer = post_registration(client, contest, tree, phone="12345")
    assert answer.status_code == 422
    assert re.search(r'id="phone"[^>]*aria-invalid="true" aria-describedby="loi-phone">\s*'
                     r'<small class="field-error" id="loi-phone">Số điện thoại “12345” không hợp '
                     r'lệ.', answer.text)
    assert 'value="Trần Thị Bình"' in answer.text


def test_passwords_typed_differently_are_refused(client, contest, tree):
    answer = post_registration(client, contest, tree, password_again="mat-khau-khac-han")
    assert answer.status_code == 422
    assert "Hai lần nhập mật khẩu không khớp." in visible_text(answer.text)
    assert 'id="password_again"' in answer.text
    assert 'aria-describedby="loi-password_again"' in answer.text


def test_registering_a_phone_twice_says_to_sign_in(client, contest, tree, contestant):
    answer = post_registration(client, contest, tree, phone=PHONE)
    assert answer.status_code == 409
    assert "Số điện thoại này đã đăng ký cuộc thi. Hãy đăng nhập" in visible_text(answer.text)


def test_without_javascript_the_unit_search_button_lists_units_and_keeps_the_form(
        client, contest, tree):
    answer = post_registration(client, contest, tree, unit_id="", q="ben thanh", tim="1")
    assert answer.status_code == 200
    assert "Tìm thấy 1 đơn vị cho “ben thanh”." in visible_text(answer.text)
    assert "Phường Bến Thành" in answer.text
    assert 'value="Trần Thị Bình"' in answer.text
    assert "Chưa đăng ký được" not in answer.text


def test_sign_in_with_a_wrong_password_says_so_and_keeps_the_phone(client, contest, contestant):
    answer = client.post(f"/thi/{contest.id}/dang-nhap", data={
        "phone": PHONE, "password": "sai-mat-khau",
        "csrf_token": csrf_of(client, f"/thi/{contest.id}/dang-nhap")})
    assert answer.status_code == 422
    assert "Số điện thoại hoặc mật khẩu không đúng." in visible_text(answer.text)
    assert f'value="{PHONE}"' in answer.text


def test_a_page_needing_sign_in_leads_to_this_contests_sign_in_and_back(
        client, contest, contestant):
    answer = client.get(f"/thi/{contest.id}/lich-su")
    assert answer.url.path == f"/thi/{contest.id}/dang-nhap"
    assert "Đăng nhập dự thi" in visible_text(answer.text)
    assert f'name="next" value="/thi/{contest.id}/lich-su"' in answer.text
    signed = client.post(f"/thi/{contest.id}/dang-nhap", data={
        "phone": PHONE, "password": "mat-khau-thu-nghiem", "next": f"/thi/{contest.id}/lich-su",
        "csrf_token": csrf_of(client, f"/thi/{contest.id}/dang-nhap")}, follow_redirects=False)
    assert signed.headers["location"] == f"/thi/{contest.id}/lich-su"


def test_a_session_from_another_contest_counts_as_signed_out(
        client, session, contest, contestant, tree):
    other = make_contest(session, title="Cuộc thi khác")
    sign_in_contestant(client, contest)
    text = visible_text(client.get(f"/thi/{other.id}").text)
    assert "Xin chào" not in text
    assert "Lượt thi của tôi" not in text
    assert "Đăng ký dự thi" in text
    answer = client.get(f"/thi/{other.id}/lich-su", follow_redirects=False)
    assert answer.status_code == 303


def test_signing_out_ends_the_session(client, contest, contestant, round_):
    sign_in_contestant(client, contest)
    token = client.cookies.get(CONTESTANT_COOKIE)
    answer = client.post(f"/thi/{contest.id}/dang-xuat", data={"csrf_token": client.csrf},
                         follow_redirects=False)
    assert answer.headers["location"] == f"/thi/{contest.id}?da_dang_xuat=1"
    assert "Bạn đã đăng xuất." in visible_text(client.get(answer.headers["location"]).text)
    client.cookies.set(CONTESTANT_COOKIE, token)
    assert client.get(f"/thi/{contest.id}/lich-su", follow_redirects=False).status_code == 303


def test_the_header_links_a_signed_in_contestant_to_their_attempts(client, contest, contestant):
    sign_in_contestant(client, contest)
    page = client.get("/").text
    assert f'<a href="/thi/{contest.id}/lich-su">Lượt thi của tôi</a>' in page
    assert f'action="/thi/{contest.id}/dang-xuat"' in page


# --- Groups ("bảng") ---------------------------------------------------------------------

def grouped(session, contest):
    contest.groups = ["Cán bộ, đảng viên", "Nhân dân"]
    session.add(contest)
    session.commit()


def test_a_contest_with_groups_asks_which_one(client, session, contest):
    grouped(session, contest)

    page = client.get(f"/thi/{contest.id}/dang-ky").text

    assert "Bảng dự thi" in visible_text(page)
    assert 'name="group" value="Cán bộ, đảng viên" required' in page
    assert 'name="group" value="Nhân dân" required' in page


def test_a_contest_without_groups_does_not_ask(client, contest):
    assert 'name="group"' not in client.get(f"/thi/{contest.id}/dang-ky").text


def test_registering_in_a_group_stores_it(client, session, contest, tree, database):
    grouped(session, contest)

    answer = post_registration(client, contest, tree, group="Nhân dân")

    assert answer.status_code == 303
    with database.scope(write=False) as fresh:
        assert fresh.exec(select(Contestant.group_name)).all() == ["Nhân dân"]


def test_registering_without_a_group_is_explained_next_to_the_choice(client, session, contest,
                                                                     tree, database):
    grouped(session, contest)

    answer = post_registration(client, contest, tree)

    assert answer.status_code == 422
    assert re.search(r'<fieldset aria-invalid="true" aria-describedby="loi-group">\s*'
                     r'<legend id="group">Bảng dự thi', answer.text)
    assert ('<small class="field-error" id="loi-group">Hãy chọn bảng dự thi của bạn trong '
            'danh sách.</small>') in answer.text
    assert 'href="#group"' in answer.text
    with database.scope(write=False) as fresh:
        assert fresh.exec(select(Contestant)).all() == []

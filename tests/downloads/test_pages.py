"""The download buttons, the page that shows a file's progress and becomes its download
link, and the letterhead page."""

import io
import time

from openpyxl import load_workbook
from sqlalchemy import select

from backend.accounts.models import Role
from backend.audit.models import AuditEntry
from backend.downloads.build import build_export
from backend.downloads.models import ExportFile, ExportKind
from backend.letterhead.models import Letterhead
from backend.results.models import ResultBoard
from tests.downloads.conftest import table_rows
from tests.factories import csrf_of, make_user, sign_in, visible_text


def boards_page(scene) -> str:
    return f"/quan-ly/cuoc-thi/{scene.contest.id}/tai-ve"


def test_each_ranked_board_has_its_download_buttons(scene, organiser_client):
    page = organiser_client.get(boards_page(scene))

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Tuần 1 Chưa tổng hợp" not in text
    assert "Tuần 1 Đã tổng hợp, chờ duyệt 15 thí sinh được xếp hạng" in text
    assert text.count("Tải kết quả (Excel)") == 1
    assert "Tải danh sách đoạt giải" in text
    assert "Tải toàn bộ lượt thi (kiểm tra)" in text
    assert "Kết quả chung cuộc Chưa tổng hợp Chưa tổng hợp kết quả nên chưa có tệp để tải." in text
    assert f'action="/quan-ly/cuoc-thi/{scene.contest.id}/tai-ve/{scene.board.id}"' in page.text


def test_a_button_leads_to_a_page_that_turns_into_the_download_link(scene, organiser_client):
    asked = organiser_client.post(f"{boards_page(scene)}/{scene.board.id}", data={
        "csrf_token": organiser_client.csrf, "kind": "prizes"}, follow_redirects=False)

    assert asked.status_code == 303
    page_url = asked.headers["location"]
    assert page_url.startswith("/quan-ly/xuat-file/")
    deadline = time.monotonic() + 30
    while "Sẵn sàng tải về" not in (page := organiser_client.get(page_url)).text:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert 'http-equiv="refresh"' not in page.text
    text = visible_text(page.text)
    assert "Danh sách đoạt giải · Tuần 1" in text
    assert "Tải về danh-sach-doat-giai-tuan-1.xlsx" in text
    got = organiser_client.get(f"{page_url}/tep")
    assert got.headers["content-disposition"] == (
        'attachment; filename="danh-sach-doat-giai-tuan-1.xlsx"')
    assert len(table_rows(load_workbook(io.BytesIO(got.content)).active)) == 11


def test_a_file_being_made_shows_its_progress_and_asks_to_be_polled(scene, organiser_client):
    export = scene.request(kind=ExportKind.ATTEMPTS).export

    page = organiser_client.get(f"/quan-ly/xuat-file/{export.id}")

    # Updated in place by progress.js: a timed reload of the page fails WCAG 2.2.1.
    assert '<div id="export-status" data-poll="2000">' in page.text
    assert 'http-equiv="refresh"' not in page.text
    assert '<progress value="0" max="100"' in page.text
    assert "Đang chờ tạo tệp" in visible_text(page.text)
    assert "Tải về" not in visible_text(page.text)


def test_a_failed_file_says_why_and_offers_to_try_again(scene, organiser_client):
    export = scene.request().export
    scene.session.get(ResultBoard, scene.board.id).version += 1
    scene.session.commit()
    build_export(database=scene.database, export_id=export.id)

    page = organiser_client.get(f"/quan-ly/xuat-file/{export.id}")

    text = visible_text(page.text)
    assert "Tạo tệp không thành công. Kết quả đã được tổng hợp lại" in text
    assert "Thử tạo lại tệp" in text


def test_full_personal_data_can_be_masked_by_choice_for_publishing(scene, settings, client):
    make_user(scene.session, settings, role=Role.ORGANISER, username="thuky",
              personal_data=True)
    sign_in(client, "thuky")
    csrf = csrf_of(client, boards_page(scene))

    assert "Che số điện thoại và ngày sinh (bản để công bố)" in client.get(
        boards_page(scene)).text
    full = client.post(f"{boards_page(scene)}/{scene.board.id}", data={
        "csrf_token": csrf, "kind": "results"}, follow_redirects=False)
    masked = client.post(f"{boards_page(scene)}/{scene.board.id}", data={
        "csrf_token": csrf, "kind": "results", "masked": "1"}, follow_redirects=False)

    with scene.database.scope(write=False) as session:
        files = [(e.masked, e.file_name) for e in session.execute(
            select(ExportFile).order_by(ExportFile.id)).scalars()]
    assert full.headers["location"] != masked.headers["location"]
    assert files == [(False, "ket-qua-tuan-1-day-du.xlsx"), (True, "ket-qua-tuan-1.xlsx")]


def test_an_officer_sees_the_contest_for_their_subtree(scene, officer_client):
    page = officer_client.get(boards_page(scene))

    text = visible_text(page.text)
    assert "Tệp của bạn chỉ gồm thí sinh thuộc Quận 1 và các đơn vị trực thuộc." in text
    assert "Che số điện thoại" not in text
    assert "Số điện thoại, ngày sinh và số CCCD của thí sinh được che một phần." in text
    assert "Sửa tiêu đề và phần ký" not in text


def test_organisers_edit_the_letterhead_the_next_file_carries(scene, organiser_client,
                                                              organiser):
    form = organiser_client.get("/quan-ly/mau-van-ban")
    saved = organiser_client.post("/quan-ly/mau-van-ban", data={
        "csrf_token": organiser_client.csrf, "heading": "party",
        "governing_body": "Đảng bộ Quận 1", "issuing_body": "Ban Dân vận Quận ủy",
        "place": "Quận 1", "signer_titles": "T/M Ban Thường vụ\nTrưởng ban",
        "signer_name": "Nguyễn Văn Minh", "recipients": "- Thường trực Quận ủy;\n- Lưu VP."},
        follow_redirects=False)

    assert "Cơ quan cấp trên (in hoa, góc trên bên trái)" in visible_text(form.text)
    assert saved.status_code == 303
    assert "Đã lưu mẫu văn bản." in visible_text(organiser_client.get(
        saved.headers["location"]).text)
    sheet = scene.sheet()
    texts = {c.value for row in sheet.iter_rows() for c in row if c.value}
    assert {"ĐẢNG BỘ QUẬN 1", "BAN DÂN VẬN QUẬN ỦY", "T/M BAN THƯỜNG VỤ", "TRƯỞNG BAN",
            "Nguyễn Văn Minh", "- Thường trực Quận ủy;"} <= texts
    with scene.database.scope(write=False) as session:
        assert session.get(Letterhead, 1).signer_name == "Nguyễn Văn Minh"
        assert session.execute(select(AuditEntry.actor_id).where(
            AuditEntry.action == "letterhead.update")).scalars().all() == [organiser.id]


def test_a_letterhead_without_its_bodies_is_refused_and_not_saved(scene, organiser_client):
    refused = organiser_client.post("/quan-ly/mau-van-ban", data={
        "csrf_token": organiser_client.csrf, "heading": "state", "governing_body": " ",
        "issuing_body": "Sở Nội vụ", "place": "TP. Hồ Chí Minh", "signer_titles": "Giám đốc"})

    assert refused.status_code == 422
    assert "Cơ quan cấp trên không được để trống." in visible_text(refused.text)
    with scene.database.scope(write=False) as session:
        assert session.get(Letterhead, 1) is None

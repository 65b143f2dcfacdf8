"""The unit tree pages, as a person sees them through a browser."""


from tests.factories import NO_RIGHT, XLSX, visible_text
from tests.units.conftest import fresh_units, sheet_rows, stored, xlsx

NOT_IN_SCOPE = "Không tìm thấy đơn vị này, hoặc đơn vị nằm ngoài phạm vi của bạn."


def upload(client, data: bytes, filename: str = "don-vi.xlsx"):
    return client.post("/don-vi/nhap", data={"csrf_token": client.csrf},
                       files={"file": (filename, data, XLSX)})


def test_anonymous_visitor_is_sent_to_sign_in(client, tree):
    page = client.get("/don-vi", follow_redirects=False)

    assert page.status_code == 303
    assert page.headers["location"] == "/dang-nhap?next=/don-vi"


def test_organiser_sees_the_whole_tree(organiser_client):
    page = organiser_client.get("/don-vi")

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Toàn bộ cây đơn vị" in text
    assert "8 đơn vị đang hoạt động." in text
    for name in ["Thành phố Hồ Chí Minh", "Quận 1", "Phường Bến Nghé", "Quận 3",
                 "Thành phố Thủ Đức", "Thành Đoàn"]:
        assert name in text
    assert "Quận · 2.400 thành viên · Khối Quận, huyện 2 đơn vị trực thuộc Quận 1" in text
    assert "Nhập từ Excel" in text


def test_search_typed_without_diacritics_finds_thu_duc(organiser_client):
    page = organiser_client.get("/don-vi", params={"q": "thu duc"})

    text = visible_text(page.text)
    assert "Tìm thấy 1 đơn vị cho “thu duc”." in text
    assert "Thành phố Thủ Đức TD Thành phố thuộc TP" in text
    assert "Quận 1" not in text.split("Tìm thấy")[1]


def test_search_from_the_live_box_returns_only_the_results(organiser_client):
    page = organiser_client.get("/don-vi", params={"q": "BEN NGHE"}, headers={"HX-Request": "true"})

    assert "<html" not in page.text
    assert "Tìm thấy 1 đơn vị cho “BEN NGHE”." in visible_text(page.text)
    assert "Phường Bến Nghé" in page.text


def test_clearing_the_live_search_box_brings_back_the_tree_alone(organiser_client):
    page = organiser_client.get("/don-vi", params={"q": ""}, headers={"HX-Request": "true"})

    assert "<html" not in page.text
    assert "Tìm đơn vị" not in page.text
    assert "8 đơn vị đang hoạt động." in visible_text(page.text)
    assert "Phường Bến Nghé" in page.text


def test_going_back_to_a_search_restores_the_whole_page(organiser_client):
    page = organiser_client.get("/don-vi", params={"q": "thu duc"}, headers={
        "HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert "<html" in page.text
    assert "Tìm thấy 1 đơn vị cho “thu duc”." in visible_text(page.text)


def test_search_without_a_match_says_so(organiser_client):
    page = organiser_client.get("/don-vi", params={"q": "hoan kiem"})

    assert "Không tìm thấy đơn vị nào khớp với “hoan kiem”." in visible_text(page.text)


def test_unit_page_shows_trail_block_cluster_headcount_and_children(organiser_client, tree):
    page = organiser_client.get(f"/don-vi/{tree['Q1'].id}")

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Đơn vị Thành phố Hồ Chí Minh" in text
    assert "Khối Khối Quận, huyện Cụm thi đua Cụm 1 Số lượng thành viên 2.400" in text
    assert "Đơn vị trực thuộc (2)" in text
    assert "Phường Bến Nghé Q1-BN" in text
    assert "Sửa tên, loại hoặc cho ngừng hoạt động" in text


def test_missing_unit_page_is_a_vietnamese_404(organiser_client):
    page = organiser_client.get("/don-vi/99999")

    assert page.status_code == 404
    assert NOT_IN_SCOPE in page.text


def test_import_page_adds_units_and_shows_the_summary(organiser_client, database):
    data = xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "Phường", 120, ""),
                 ("Q3", "Quận 3", "HCM", "Khối Quận, huyện", "Quận", 2200, "Cụm 1")])

    page = upload(organiser_client, data)

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Đã nhập xong tệp “don-vi.xlsx”." in text
    assert "Thêm mới: 1 đơn vị" in text
    assert "Cập nhật: 1 đơn vị" in text
    assert "Không đổi: 0 đơn vị" in text
    units = fresh_units(database)
    assert units["Q1-DK"].parent_id == units["Q1"].id
    assert units["Q3"].headcount == 2200


def test_import_page_lists_located_errors_and_stores_nothing(organiser_client, database):
    before = stored(database)
    data = xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "Phường", 120, ""),
                 ("Q1-X", "Phường X", "Q99", "", "Phường", 1, "")])

    page = upload(organiser_client, data)

    text = visible_text(page.text)
    assert page.status_code == 422
    assert ("Tệp “don-vi.xlsx” có 1 lỗi, chưa có dòng nào được lưu. "
            "Hãy sửa các lỗi dưới đây rồi tải lên lại.") in text
    assert ("Trang tính “Đơn vị”, dòng 3, cột “Mã đơn vị cấp trên (cột C)”: Không có đơn vị "
            "cấp trên mã “Q99” trong tệp hay trong hệ thống.") in text
    assert stored(database) == before


def test_import_page_refuses_a_file_that_is_not_xlsx(organiser_client, database):
    before = stored(database)

    page = upload(organiser_client, b"%PDF-1.7 not a spreadsheet", "bao-cao.xlsx")

    assert page.status_code == 422
    text = visible_text(page.text)
    assert "Tệp “bao-cao.xlsx” có 1 lỗi, chưa có dòng nào được lưu." in text
    assert "Đây không phải tệp Excel .xlsx hợp lệ." in text
    assert stored(database) == before


def test_export_downloads_the_tree_in_the_import_layout(organiser_client):
    response = organiser_client.get("/don-vi/xuat")

    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"] == 'attachment; filename="don-vi-tat-ca.xlsx"'
    rows = sheet_rows(response.content)
    assert [row[0] for row in rows] == [
        "Mã đơn vị", "HCM", "KHỐI MẶT TRẬN, ĐOÀN THỂ", "TDOAN", "KHỐI QUẬN, HUYỆN", "Q1",
        "Q1-BN", "Q1-BT", "Q3", "Q3-VTS", "TD"]


def test_headcount_form_saves_and_shows_the_new_number(organiser_client, database, tree):
    page = organiser_client.post(f"/don-vi/{tree['Q1-BN'].id}/so-luong",
                                 data={"csrf_token": organiser_client.csrf, "headcount": "1250"})

    text = visible_text(page.text)
    assert "Đã lưu thay đổi." in text
    assert "Số lượng thành viên 1.250" in text
    assert fresh_units(database)["Q1-BN"].headcount == 1250


def test_negative_headcount_in_the_form_is_refused(organiser_client, database, tree):
    page = organiser_client.post(f"/don-vi/{tree['Q1-BN'].id}/so-luong",
                                 data={"csrf_token": organiser_client.csrf, "headcount": "-3"})

    assert page.status_code == 422
    assert "Trường “headcount” quá nhỏ." in page.text
    assert fresh_units(database)["Q1-BN"].headcount == 130


def test_rename_form_changes_name_and_kind_but_keeps_code(organiser_client, database, tree):
    page = organiser_client.post(f"/don-vi/{tree['Q1-BN'].id}/sua", data={
        "csrf_token": organiser_client.csrf, "name": "Phường Sài Gòn", "kind": "phuong"})

    assert "Đã lưu thay đổi." in page.text
    assert "<h1>Phường Sài Gòn</h1>" in page.text
    assert fresh_units(database)["Q1-BN"].name == "Phường Sài Gòn"


def test_retire_form_retires_the_subtree_and_it_leaves_the_tree(organiser_client, database, tree):
    page = organiser_client.post(f"/don-vi/{tree['Q1'].id}/ngung-hoat-dong",
                                 data={"csrf_token": organiser_client.csrf})

    text = visible_text(page.text)
    assert "Quận 1 Q1 Quận Ngừng hoạt động từ" in text
    assert "Phường Bến Nghé Q1-BN ngừng hoạt động" in text
    assert "Khôi phục đơn vị" in text
    tree_text = visible_text(organiser_client.get("/don-vi").text)
    assert "5 đơn vị đang hoạt động." in tree_text
    assert "Phường Bến Nghé" not in tree_text
    assert len(fresh_units(database)) == 8


def test_restore_form_brings_the_unit_back(organiser_client, database, tree):
    organiser_client.post(f"/don-vi/{tree['Q1-BN'].id}/ngung-hoat-dong",
                          data={"csrf_token": organiser_client.csrf})

    page = organiser_client.post(f"/don-vi/{tree['Q1-BN'].id}/khoi-phuc",
                                 data={"csrf_token": organiser_client.csrf})

    assert "Ngừng hoạt động từ" not in page.text
    assert "Cho ngừng hoạt động (giữ lịch sử)" in page.text
    assert fresh_units(database)["Q1-BN"].is_active is True


def test_restoring_below_a_retired_parent_shows_why_not(organiser_client, database, tree):
    organiser_client.post(f"/don-vi/{tree['Q1'].id}/ngung-hoat-dong",
                          data={"csrf_token": organiser_client.csrf})

    page = organiser_client.post(f"/don-vi/{tree['Q1-BN'].id}/khoi-phuc",
                                 data={"csrf_token": organiser_client.csrf})

    assert page.status_code == 409
    assert ("Đơn vị cấp trên “Quận 1” đã ngừng hoạt động; hãy khôi phục đơn vị cấp trên "
            "trước.") in page.text
    assert fresh_units(database)["Q1-BN"].is_active is False


def test_form_without_csrf_token_is_refused(organiser_client, database, tree):
    page = organiser_client.post(f"/don-vi/{tree['Q1'].id}/ngung-hoat-dong")

    assert page.status_code == 403
    assert "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ (CSRF)." in page.text
    assert fresh_units(database)["Q1"].is_active is True


def test_officer_sees_only_their_districts_subtree(officer_client):
    page = officer_client.get("/don-vi")

    text = visible_text(page.text)
    assert "Phạm vi của bạn: Quận 1" in text
    assert "3 đơn vị đang hoạt động." in text
    assert "Phường Bến Nghé Q1-BN" in text
    assert "Phường Bến Thành Q1-BT" in text
    for outside in ["Thành phố Hồ Chí Minh", "Quận 3", "Võ Thị Sáu", "Thủ Đức", "Thành Đoàn"]:
        assert outside not in text
    assert "Nhập từ Excel" not in text


def test_officer_search_finds_nothing_outside_their_subtree(officer_client):
    outside = officer_client.get("/don-vi", params={"q": "vo thi sau"})
    inside = officer_client.get("/don-vi", params={"q": "phuong"})

    assert "Không tìm thấy đơn vị nào khớp với “vo thi sau”." in visible_text(outside.text)
    assert "Tìm thấy 2 đơn vị cho “phuong”." in visible_text(inside.text)


def test_officer_gets_404_for_a_unit_of_another_district(officer_client, tree):
    page = officer_client.get(f"/don-vi/{tree['Q3-VTS'].id}")

    assert page.status_code == 404
    assert NOT_IN_SCOPE in page.text
    assert "Võ Thị Sáu" not in page.text


def test_officer_unit_page_hides_what_lies_above_and_offers_only_headcount(officer_client, tree):
    page = officer_client.get(f"/don-vi/{tree['Q1-BN'].id}")

    text = visible_text(page.text)
    assert "Đơn vị Quận 1" in text
    assert "Thành phố Hồ Chí Minh" not in text
    assert "Cập nhật số lượng thành viên" in text
    assert "Sửa tên, loại hoặc cho ngừng hoạt động" not in text


def test_officer_sets_headcount_within_their_subtree(officer_client, database, tree):
    page = officer_client.post(f"/don-vi/{tree['Q1-BT'].id}/so-luong",
                               data={"csrf_token": officer_client.csrf, "headcount": "155"})

    assert "Đã lưu thay đổi." in page.text
    assert fresh_units(database)["Q1-BT"].headcount == 155


def test_officer_cannot_set_headcount_of_another_district(officer_client, database, tree):
    page = officer_client.post(f"/don-vi/{tree['Q3'].id}/so-luong",
                               data={"csrf_token": officer_client.csrf, "headcount": "1"})

    assert page.status_code == 404
    assert NOT_IN_SCOPE in page.text
    assert fresh_units(database)["Q3"].headcount == 2100


def test_officer_cannot_rename_retire_or_restore(officer_client, database, tree):
    before = stored(database)
    unit_id = tree["Q1-BN"].id

    renamed = officer_client.post(f"/don-vi/{unit_id}/sua", data={
        "csrf_token": officer_client.csrf, "name": "Phường Mới", "kind": "phuong"})
    retired = officer_client.post(f"/don-vi/{unit_id}/ngung-hoat-dong",
                                  data={"csrf_token": officer_client.csrf})
    restored = officer_client.post(f"/don-vi/{unit_id}/khoi-phuc",
                                   data={"csrf_token": officer_client.csrf})

    assert [renamed.status_code, retired.status_code, restored.status_code] == [403, 403, 403]
    assert all(NO_RIGHT in answer.text for answer in (renamed, retired, restored))
    assert stored(database)["units"] == before["units"]


def test_officer_cannot_open_or_use_the_import_page(officer_client, database):
    before = stored(database)

    page = officer_client.get("/don-vi/nhap")
    posted = upload(officer_client, xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "", 1, "")]))

    assert (page.status_code, posted.status_code) == (403, 403)
    assert all(NO_RIGHT in answer.text for answer in (page, posted))
    assert stored(database)["units"] == before["units"]


def test_officer_export_holds_only_their_subtree(officer_client):
    response = officer_client.get("/don-vi/xuat")

    assert response.headers["content-disposition"] == 'attachment; filename="don-vi-q1.xlsx"'
    rows = sheet_rows(response.content)
    assert [(row[0], row[2]) for row in rows[1:]] == [
        ("KHỐI QUẬN, HUYỆN", "HCM"), ("Q1", "KHỐI QUẬN, HUYỆN"), ("Q1-BN", "Q1"),
        ("Q1-BT", "Q1")]

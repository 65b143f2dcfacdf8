"""The unit tree over the JSON API, for organisers and for a unit officer."""

from tests.factories import NO_RIGHT, XLSX
from tests.units.conftest import fresh_units, sheet_rows, stored, xlsx

NOT_IN_SCOPE = "Không tìm thấy đơn vị này, hoặc đơn vị nằm ngoài phạm vi của bạn."


def codes(units: list[dict]) -> list[str]:
    return [unit["code"] for unit in units]


def nested_codes(nodes: list[dict]) -> list:
    return [(node["code"], nested_codes(node["children"])) for node in nodes]


def upload(client, headers: dict, data: bytes, filename: str = "don-vi.xlsx"):
    return client.post("/api/v1/units/import", headers=headers,
                       files={"file": (filename, data, XLSX)})


def test_units_need_a_signed_in_staff_member(client, tree):
    response = client.get("/api/v1/units")

    assert response.status_code == 401
    assert response.json() == {"detail": "Bạn cần đăng nhập để tiếp tục.",
                               "code": "not_signed_in"}


def test_list_units_gives_the_active_tree_parents_first(client, organiser_api, tree):
    response = client.get("/api/v1/units", headers=organiser_api)

    units = response.json()
    assert codes(units) == ["HCM", "Q1", "Q3", "TD", "TDOAN", "Q1-BN", "Q1-BT", "Q3-VTS"]
    q1 = units[1]
    assert {k: q1[k] for k in ("name", "kind", "kind_label", "headcount", "is_active",
                               "depth", "retired_at")} == {
        "name": "Quận 1", "kind": "quan", "kind_label": "Quận", "headcount": 2400,
        "is_active": True, "depth": 1, "retired_at": None}
    assert q1["parent_id"] == tree["HCM"].id


def test_list_units_searches_ignoring_diacritics_and_case(client, organiser_api, tree):
    response = client.get("/api/v1/units", params={"q": "THU DUC"}, headers=organiser_api)

    assert [u["name"] for u in response.json()] == ["Thành phố Thủ Đức"]


def test_tree_nests_children_under_parents(client, organiser_api, tree):
    response = client.get("/api/v1/units/tree", headers=organiser_api)

    assert nested_codes(response.json()) == [("HCM", [
        ("Q1", [("Q1-BN", []), ("Q1-BT", [])]),
        ("Q3", [("Q3-VTS", [])]),
        ("TDOAN", []),
        ("TD", []),
    ])]


def test_get_one_unit(client, organiser_api, tree):
    response = client.get(f"/api/v1/units/{tree['Q1-BN'].id}", headers=organiser_api)

    body = response.json()
    assert (body["code"], body["name"], body["kind_label"], body["depth"]) == (
        "Q1-BN", "Phường Bến Nghé", "Phường", 2)
    assert body["block_id"] == tree["Q1"].block_id


def test_missing_unit_is_a_json_404(client, organiser_api, tree):
    response = client.get("/api/v1/units/99999", headers=organiser_api)

    assert response.status_code == 404
    assert response.json() == {"detail": NOT_IN_SCOPE, "code": "not_found"}


def test_blocks_and_clusters_are_listed(client, organiser_api, tree):
    blocks = client.get("/api/v1/blocks", headers=organiser_api).json()
    clusters = client.get("/api/v1/clusters", headers=organiser_api).json()

    assert sorted(b["name"] for b in blocks) == ["Khối Mặt trận, đoàn thể", "Khối Quận, huyện"]
    assert [c["name"] for c in clusters] == ["Cụm 1"]


def test_organiser_changes_name_kind_and_headcount(client, organiser_api, database, tree):
    response = client.patch(f"/api/v1/units/{tree['Q1-BN'].id}", headers=organiser_api,
                            json={"name": "Phường Sài Gòn", "kind": "xa", "headcount": 210})

    body = response.json()
    assert (body["name"], body["kind"], body["kind_label"], body["headcount"]) == (
        "Phường Sài Gòn", "xa", "Xã", 210)
    unit = fresh_units(database)["Q1-BN"]
    assert (unit.name, unit.headcount) == ("Phường Sài Gòn", 210)


def test_renaming_to_a_blank_name_is_refused(client, organiser_api, database, tree):
    response = client.patch(f"/api/v1/units/{tree['Q1-BN'].id}", headers=organiser_api,
                            json={"name": ""})

    assert response.status_code == 422
    assert response.json()["detail"] == "Tên đơn vị không được để trống."
    assert fresh_units(database)["Q1-BN"].name == "Phường Bến Nghé"


def test_negative_headcount_is_refused(client, organiser_api, database, tree):
    response = client.patch(f"/api/v1/units/{tree['Q1-BN'].id}", headers=organiser_api,
                            json={"headcount": -1})

    assert response.status_code == 422
    assert response.json()["detail"] == "Trường “headcount” quá nhỏ."
    assert fresh_units(database)["Q1-BN"].headcount == 130


def test_retire_then_restore(client, organiser_api, database, tree):
    retired = client.post(f"/api/v1/units/{tree['Q1'].id}/retire", headers=organiser_api)

    assert (retired.json()["is_active"], retired.json()["retired_at"] is not None) == (False, True)
    listed = client.get("/api/v1/units", headers=organiser_api).json()
    assert {"Q1", "Q1-BN", "Q1-BT"}.isdisjoint(codes(listed))
    with_retired = client.get("/api/v1/units", params={"include_retired": True},
                              headers=organiser_api).json()
    assert {"Q1", "Q1-BN", "Q1-BT"} <= set(codes(with_retired))

    restored = client.post(f"/api/v1/units/{tree['Q1'].id}/restore", headers=organiser_api)

    assert (restored.json()["is_active"], restored.json()["retired_at"]) == (True, None)
    assert fresh_units(database)["Q1"].is_active is True


def test_retiring_twice_is_a_json_409(client, organiser_api, tree):
    client.post(f"/api/v1/units/{tree['Q1'].id}/retire", headers=organiser_api)

    again = client.post(f"/api/v1/units/{tree['Q1'].id}/retire", headers=organiser_api)

    assert again.status_code == 409
    assert again.json() == {"detail": "Đơn vị này đã ngừng hoạt động từ trước.",
                            "code": "conflict"}


def test_import_returns_the_summary(client, organiser_api, database, tree):
    data = xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "Phường", 120, "Cụm 2"),
                 ("Q1", "Quận 1", "HCM", "Khối Quận, huyện", "Quận", 2500, "Cụm 1")])

    response = upload(client, organiser_api, data)

    assert response.json() == {"created": 1, "updated": 1, "unchanged": 0, "new_blocks": [],
                               "new_clusters": ["Cụm 2"]}
    assert fresh_units(database)["Q1"].headcount == 2500


def test_import_with_errors_lists_sheet_row_and_column_and_stores_nothing(
        client, organiser_api, database, tree):
    before = stored(database)
    data = xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "Phường", 120, ""),
                 ("Q1-DK", "", "Q1", "", "Phường", 1, "")])

    response = upload(client, organiser_api, data)

    body = response.json()
    assert response.status_code == 422
    assert body["code"] == "import_rejected"
    assert body["detail"].startswith("Tệp “don-vi.xlsx” có 2 lỗi, chưa có dòng nào được lưu.")
    assert body["problem_count"] == 2
    assert body["problems"] == [{
        "sheet": "Đơn vị", "row": 3, "column": "Tên đơn vị (cột B)",
        "message": "Tên đơn vị đang để trống.",
        "text": "Trang tính “Đơn vị”, dòng 3, cột “Tên đơn vị (cột B)”: Tên đơn vị đang để trống.",
    }, {
        "sheet": "Đơn vị", "row": 3, "column": "Mã đơn vị (cột A)",
        "message": "Mã đơn vị “Q1-DK” bị trùng với dòng 2.",
        "text": "Trang tính “Đơn vị”, dòng 3, cột “Mã đơn vị (cột A)”: Mã đơn vị “Q1-DK” bị "
                "trùng với dòng 2.",
    }]
    assert stored(database) == before


def test_export_then_import_through_the_api_changes_nothing(client, organiser_api, database, tree):
    exported = client.get("/api/v1/units/export", headers=organiser_api)
    before = stored(database)

    response = upload(client, organiser_api, exported.content, "don-vi.xlsx")

    assert response.json() == {"created": 0, "updated": 0, "unchanged": 8, "new_blocks": [],
                               "new_clusters": []}
    assert stored(database)["units"] == before["units"]


def test_officer_lists_only_their_subtree(client, officer_api, tree):
    listed = client.get("/api/v1/units", headers=officer_api).json()
    searched = client.get("/api/v1/units", params={"q": "phuong", "include_retired": True},
                          headers=officer_api).json()

    assert codes(listed) == ["Q1", "Q1-BN", "Q1-BT"]
    assert codes(searched) == ["Q1-BN", "Q1-BT"]


def test_officer_tree_starts_at_their_district(client, officer_api, tree):
    response = client.get("/api/v1/units/tree", headers=officer_api)

    assert nested_codes(response.json()) == [("Q1", [("Q1-BN", []), ("Q1-BT", [])])]


def test_officer_gets_404_for_a_unit_of_another_district(client, officer_api, tree):
    response = client.get(f"/api/v1/units/{tree['Q3'].id}", headers=officer_api)

    assert response.status_code == 404
    assert response.json() == {"detail": NOT_IN_SCOPE, "code": "not_found"}


def test_officer_export_holds_only_their_subtree(client, officer_api, tree):
    response = client.get("/api/v1/units/export", headers=officer_api)

    assert [row[0] for row in sheet_rows(response.content)] == [
        "Mã đơn vị", "KHỐI QUẬN, HUYỆN", "Q1", "Q1-BN", "Q1-BT"]


def test_officer_sets_headcount_within_their_subtree(client, officer_api, database, tree):
    response = client.patch(f"/api/v1/units/{tree['Q1-BN'].id}", headers=officer_api,
                            json={"headcount": 145})

    assert response.json()["headcount"] == 145
    assert fresh_units(database)["Q1-BN"].headcount == 145


def test_officer_cannot_set_headcount_of_another_district(client, officer_api, database, tree):
    response = client.patch(f"/api/v1/units/{tree['Q3-VTS'].id}", headers=officer_api,
                            json={"headcount": 1})

    assert response.status_code == 404
    assert fresh_units(database)["Q3-VTS"].headcount == 150


def test_officer_cannot_rename_even_with_a_headcount(client, officer_api, database, tree):
    response = client.patch(f"/api/v1/units/{tree['Q1-BN'].id}", headers=officer_api,
                            json={"name": "Phường Mới", "headcount": 1})

    assert response.status_code == 403
    assert response.json() == {"detail": "Chỉ ban tổ chức được đổi tên hoặc loại đơn vị.",
                               "code": "forbidden"}
    unit = fresh_units(database)["Q1-BN"]
    assert (unit.name, unit.headcount) == ("Phường Bến Nghé", 130)


def test_officer_cannot_retire_restore_or_import(client, officer_api, database, tree):
    before = stored(database)
    unit_id = tree["Q1-BN"].id

    answers = [
        client.post(f"/api/v1/units/{unit_id}/retire", headers=officer_api),
        client.post(f"/api/v1/units/{unit_id}/restore", headers=officer_api),
        upload(client, officer_api, xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "", 1, "")])),
    ]

    assert [a.status_code for a in answers] == [403, 403, 403]
    assert all(a.json() == {"detail": NO_RIGHT, "code": "forbidden"} for a in answers)
    assert stored(database)["units"] == before["units"]

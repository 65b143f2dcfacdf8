"""A "Dân vận khéo" year from end to end, through the app as people use it: the organiser opens
the year; a ward's and two districts' officers register (by form, by API, by the Excel
template) and attach evidence; the entries are verified, recognised at the unit level and
proposed by their district, recognised at the city level and marked exemplary by the organiser,
one rejected with its reason; the organiser sets the award forms; each district proposes its
exemplary entries and a person (Quận 1 also a contest's prize winner); the organiser issues
decision 127 over both proposals; the official list is reopened cell by cell, and the
statistics and the yearly report add up to what happened."""

import io
import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from backend.accounts.models import Role
from tests.commendations.scenes import prize_contest
from tests.factories import XLSX, api_token, make_user, small_tree, visible_text
from tests.uploads.builders import pdf_bytes
from tests.writing.test_whole_flow import Browser

DURING = datetime(2023, 2, 1, 3, 0, tzinfo=UTC)  # registration is open
AUTUMN = datetime(2023, 10, 10, 3, 0, tzinfo=UTC)  # proposals and the decision
YEAR_TITLE = "Phong trào thi đua “Dân vận khéo” năm 2023"
DECISION_TITLE = "Về việc khen thưởng điển hình “Dân vận khéo” năm 2023"
# The entries: key -> (unit code, kind, title, people)
ENTRIES = {
    "street": ("Q1-BN", "mo_hinh", "Dân vận khéo trong chỉnh trang đô thị", "Tổ dân phố 3"),
    "lan": ("Q1-BN", "dien_hinh_ca_nhan", "Người tổ trưởng tận tụy", "Nguyễn Thị Lan"),
    "market": ("Q1-BT", "giai_phap", "Chợ Bến Thành văn minh", "Ban quản lý chợ"),
    "radio": ("Q1-BT", "mo_hinh", "Loa phát thanh khu phố", "Khu phố 2"),
    "women": ("Q3-VTS", "dien_hinh_tap_the", "Chi hội phụ nữ tự quản",
              "Hội LHPN Phường Võ Thị Sáu"),
    "alley": ("Q3-VTS", "giai_phap", "Hẻm xanh không rác", "Khu phố 5"),  # from the Excel file
}
REASON = "Trùng nội dung với mô hình đã công nhận năm 2022."


@pytest.fixture
def people(session, settings, database):
    """The small tree and its accounts: the organiser, Bến Nghé's, Quận 1's and Quận 3's
    officers; and a contest of 2023 whose published prizes include Trần Thị Mai's (Bến
    Nghé)."""
    units = small_tree(session)
    contest, board_id, mai, _ = prize_contest(session, database, units)
    prize = (contest.id, f"contest_prize:{board_id}:{mai.id}")
    make_user(session, settings, role=Role.ORGANISER, username="bantochuc")
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.bennghe",
              unit=units["Q1-BN"])
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q1", unit=units["Q1"])
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q3", unit=units["Q3"])
    unit_ids = {code: unit.id for code, unit in units.items()}
    session.commit()  # end the read: on SQLite this session holds the write lock until then
    return unit_ids, prize


def ok(response, status: int = 303):
    assert response.status_code == status, visible_text(response.text)[:2000]
    assert response.headers.get("location") != "/dang-nhap"
    return response


def entry_form(units, key: str) -> dict:
    code, kind, title, people = ENTRIES[key]
    return {"unit_id": str(units[code]), "kind": kind, "title": title, "field": "Kinh tế",
            "people": people, "description": "Vận động người dân cùng làm.",
            "results": "Được người dân đồng tình, hưởng ứng."}


def registered_on_page(browser: Browser, year_id: int, form: dict) -> int:
    answer = ok(browser.post(f"/phong-trao/{year_id}/dang-ky", data=form))
    return int(re.fullmatch(r"/phong-trao/muc/(\d+)\?dang_ky=1",
                            answer.headers["location"]).group(1))


def step(browser: Browser, entry_id: int, to: str, reason: str = ""):
    return browser.post(f"/phong-trao/muc/{entry_id}/buoc", data={"to": to, "reason": reason})


def api_step(api: TestClient, token: dict, entry_id: int, to: str):
    answer = api.post(f"/api/v1/movement/entries/{entry_id}/steps", headers=token,
                      json={"to": to})
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == to


def filled_template(browser: Browser, year_id: int, row: list) -> bytes:
    """The year's blank template as downloaded, its example row replaced by `row`."""
    blank = browser.get(f"/phong-trao/{year_id}/mau-nhap.xlsx")
    assert (blank.status_code, blank.headers["content-type"]) == (200, XLSX)
    workbook = load_workbook(io.BytesIO(blank.content))
    for column, value in enumerate(row, start=1):
        workbook.active.cell(2, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def proposal_made(browser: Browser, unit_id: int, title: str) -> int:
    answer = ok(browser.post("/khen-thuong/de-nghi", data={
        "year": "2023", "title": title, "unit_id": str(unit_id)}))
    return int(re.fullmatch(r"/khen-thuong/de-nghi/(\d+)\?moi=1",
                            answer.headers["location"]).group(1))


def pick(browser: Browser, proposal_id: int, year_id: int, entry_ids: list[int],
         form_id: int):
    return browser.post(f"/khen-thuong/de-nghi/{proposal_id}/chon", data={
        "nguon": "movement_entry", "ma": str(year_id), "hinh_thuc": str(form_id),
        "chon": [f"movement_entry:{i}" for i in entry_ids]})


def counted(row: dict) -> tuple:
    f = row["figures"]
    return (f["registered"], f["recognised"], f["city_recognised"], f["exemplary"],
            f["rejected"], f["collectives"], f["individuals"])


def test_a_movement_year_from_registration_to_the_decisions_list(app, clock, people):
    units, (contest_id, mai_prize) = people
    clock.now = DURING
    organiser = Browser(app, "bantochuc")
    ward, q1, q3 = (Browser(app, name) for name in ("canbo.bennghe", "canbo.q1", "canbo.q3"))
    api = TestClient(app)
    q1_token, organiser_token = api_token(api, "canbo.q1"), api_token(api, "bantochuc")

    # 1. The organiser opens the year; it comes with the four usual fields.
    ok(organiser.post("/quan-ly/phong-trao", data={
        "year": "2023", "title": YEAR_TITLE, "opens": "2023-01-15T08:00",
        "closes": "2023-03-31T17:00", "reminder_days": "7"}))
    (year,) = api.get("/api/v1/movement/years", headers=q1_token).json()
    year_id = year["id"]
    assert "Phong trào thi đua “Dân vận khéo” năm 2023" in organiser.text("/phong-trao")

    # Registration: the ward on its form, Quận 1 over the API, Quận 3 on its form and by Excel.
    ids = {key: registered_on_page(ward, year_id, entry_form(units, key))
           for key in ("street", "lan")}
    for key in ("market", "radio"):
        answer = api.post(f"/api/v1/movement/years/{year_id}/entries", headers=q1_token,
                          json={**entry_form(units, key), "unit_id": units[ENTRIES[key][0]]})
        assert answer.status_code == 201, answer.text
        ids[key] = answer.json()["id"]
    ids["women"] = registered_on_page(q3, year_id, entry_form(units, "women"))
    code, _kind, title, team = ENTRIES["alley"]
    template = filled_template(q3, year_id, [code, "Giải pháp", title, "Kinh tế", team,
                                             "Thu gom rác tận nhà.", "Hẻm sạch quanh năm."])
    imported = ok(q3.post(f"/phong-trao/{year_id}/nhap-excel",
                          files={"file": ("dang-ky-q3.xlsx", template, XLSX)}), 200)
    assert "Đã đăng ký 1 mô hình, giải pháp từ tệp “dang-ky-q3.xlsx”." in imported.text
    listed = api.get(f"/api/v1/movement/years/{year_id}/entries", headers=organiser_token,
                     params={"q": "Hẻm xanh"}).json()
    ids["alley"] = listed["entries"][0]["id"]
    ok(ward.post(f"/phong-trao/muc/{ids['street']}/minh-chung",
                 files={"file": ("bien-ban.pdf", pdf_bytes(), "application/pdf")}))
    assert "bien-ban.pdf" in ward.text(f"/phong-trao/muc/{ids['street']}")

    # 2. Verification where the entry's unit is; the ward may not recognise at the unit
    # level, and Quận 3's officer does not see Quận 1's entries at all.
    clock.now = datetime(2023, 2, 1, 4, 0, tzinfo=UTC)
    for key in ("street", "lan"):
        ok(step(ward, ids[key], "verified"))
    for key in ("market", "radio"):
        api_step(api, q1_token, ids[key], "verified")
    for key in ("women", "alley"):
        ok(step(q3, ids[key], "verified"))
    refused = step(ward, ids["street"], "unit_recognised")
    assert refused.status_code == 403, refused.headers
    assert ("do đơn vị trực thuộc thành phố (quận, huyện, đảng ủy, đoàn thể) thực hiện; tài "
            "khoản của bạn không ở cấp đó.") in visible_text(refused.text)
    assert q3.get(f"/phong-trao/muc/{ids['street']}").status_code == 404
    assert step(q3, ids["street"], "unit_recognised").status_code == 404

    # The districts recognise at the unit level and propose to the city, on the list at once.
    for district, keys in ((q1, ("street", "lan", "market", "radio")),
                           (q3, ("women", "alley"))):
        for to, label in (("unit_recognised", "Được công nhận cấp đơn vị"),
                          ("city_proposed", "Đề nghị công nhận cấp thành phố")):
            moved = ok(district.post(f"/phong-trao/{year_id}/xet-nhieu", data={
                "to": to, "entry_id": [str(ids[k]) for k in keys]}), 200)
            assert (f"Đã chuyển {len(keys)} mô hình, giải pháp sang bước “{label}”."
                    ) in visible_text(moved.text)
            assert "không chuyển được" not in moved.text

    # The organiser: the city level for four at once, then one by one; exemplary; a rejection.
    clock.now = datetime(2023, 2, 1, 9, 30, tzinfo=UTC)
    city = ("street", "lan", "market", "women")
    moved = ok(organiser.post(f"/phong-trao/{year_id}/xet-nhieu", data={
        "to": "city_recognised", "entry_id": [str(ids[k]) for k in city]}), 200)
    assert ("Đã chuyển 4 mô hình, giải pháp sang bước “Được công nhận cấp thành phố”."
            ) in visible_text(moved.text)
    for key in ("street", "lan", "women"):
        ok(step(organiser, ids[key], "exemplary"))
    ok(step(organiser, ids["radio"], "rejected", REASON))
    history = organiser.text(f"/phong-trao/muc/{ids['radio']}")
    assert (f"Trạng thái Không công nhận (ở bước “Đề nghị công nhận cấp thành phố”; lý do: "
            f"{REASON})") in history
    assert ("16:30 01/02/2023 Người dùng bantochuc Đề nghị công nhận cấp thành phố "
            f"Không công nhận {REASON} Minh chứng") in history
    statuses = {key: api.get(f"/api/v1/movement/entries/{i}", headers=organiser_token)
                .json()["status"] for key, i in ids.items()}
    assert statuses == {"street": "exemplary", "lan": "exemplary", "market": "city_recognised",
                        "radio": "rejected", "women": "exemplary", "alley": "city_proposed"}

    # 3. In the autumn the organiser sets the award forms; each district proposes its
    # exemplary entries and a person of its own.
    clock.now = AUTUMN
    organiser = Browser(app, "bantochuc")
    q1, q3 = Browser(app, "canbo.q1"), Browser(app, "canbo.q3")
    for kind, name, level in (("bang_khen", "Bằng khen của Ban Thường vụ Thành ủy",
                               "Ban Thường vụ Thành ủy"),
                              ("giay_khen", "Giấy khen của Ban Dân vận Thành ủy",
                               "Ban Dân vận Thành ủy")):
        ok(organiser.post("/quan-ly/khen-thuong/hinh-thuc", data={
            "kind": kind, "name": name, "issuing_level": level}))
    bang_khen, giay_khen = (form["id"] for form in api.get(
        "/api/v1/commendations/forms", headers=api_token(api, "canbo.q1")).json())
    p1 = proposal_made(q1, units["Q1"], "Quận 1 đề nghị khen thưởng Dân vận khéo năm 2023")
    choose = q1.text(f"/khen-thuong/de-nghi/{p1}/chon?nguon=movement_entry&ma={year_id}")
    assert "Người tổ trưởng tận tụy" in choose
    assert "Chi hội phụ nữ" not in choose  # Quận 3's
    ok(pick(q1, p1, year_id, [ids["street"], ids["lan"]], bang_khen))
    ok(q1.post(f"/khen-thuong/de-nghi/{p1}/them", data={
        "kind": "individual", "name": "Trần Văn Minh", "birth_year": "1969", "gender": "nam",
        "position": "Phó Bí thư Quận ủy", "unit_id": str(units["Q1"]),
        "award_form_id": str(giay_khen), "achievement": "Chỉ đạo phong trào Dân vận khéo",
        "note": ""}))
    from_contest = ok(q1.post(f"/khen-thuong/de-nghi/{p1}/chon", data={
        "nguon": "contest_prize", "ma": str(contest_id), "hinh_thuc": str(giay_khen),
        "chon": [mai_prize]}))
    assert from_contest.headers["location"] == f"/khen-thuong/de-nghi/{p1}?da_them=1"
    twice = pick(q1, p1, year_id, [ids["street"]], bang_khen)
    assert twice.status_code == 409, twice.text[:800]
    assert ("Thành tích này của Tổ dân phố 3 đã có trong danh sách đề nghị “Quận 1 đề nghị khen "
            "thưởng Dân vận khéo năm 2023” với hình thức “Bằng khen của Ban Thường vụ Thành "
            "ủy”. Một thành tích không được khen thưởng hai lần cùng một hình thức."
            ) in visible_text(twice.text)
    ok(q1.post(f"/khen-thuong/de-nghi/{p1}/gui"))
    p3 = proposal_made(q3, units["Q3"], "Quận 3 đề nghị khen thưởng Dân vận khéo năm 2023")
    ok(pick(q3, p3, year_id, [ids["women"]], bang_khen))
    ok(q3.post(f"/khen-thuong/de-nghi/{p3}/them", data={
        "kind": "individual", "name": "Đặng Thị Cẩm", "birth_year": "1985", "gender": "nu",
        "position": "Chi hội trưởng phụ nữ khu phố 5", "unit_id": str(units["Q3-VTS"]),
        "award_form_id": str(bang_khen), "achievement": "Vận động hội viên giữ hẻm xanh",
        "note": "Lần đầu"}))
    ok(q3.post(f"/khen-thuong/de-nghi/{p3}/gui"))

    # Early the next year the organiser issues decision 127 over both proposals: it belongs
    # to 2023, the year of the proposals.
    clock.now = datetime(2024, 1, 12, 2, 0, tzinfo=UTC)
    organiser, q1, q3 = (Browser(app, name) for name in ("bantochuc", "canbo.q1", "canbo.q3"))
    issued = ok(organiser.post("/quan-ly/khen-thuong/quyet-dinh/moi", data={
        "number": "127", "signed_date": "2024-01-12", "title": DECISION_TITLE,
        "signer_name": "Nguyễn Văn Minh", "signer_title": "T/M Ban Thường vụ\nTrưởng ban",
        "issuing_body": "Ban Thường vụ Thành ủy", "proposal_id": [str(p1), str(p3)]}))
    decision_id = int(re.fullmatch(r"/khen-thuong/quyet-dinh/(\d+)\?moi=1",
                                   issued.headers["location"]).group(1))
    shown = q3.text(f"/khen-thuong/quyet-dinh/{decision_id}")
    assert ("Quyết định số 127-QĐ/BDVTU Về việc khen thưởng điển hình “Dân vận khéo” năm 2023"
            ) in shown
    assert ("Người ký Nguyễn Văn Minh — T/M Ban Thường vụ / Trưởng ban Cơ quan ban hành Ban "
            "Thường vụ Thành ủy Được khen 2 tập thể, 4 cá nhân") in shown
    assert "Đã khen theo Quyết định số 127-QĐ/BDVTU" in q1.text(f"/khen-thuong/de-nghi/{p1}")

    # 4. The official list, reopened.
    answer = q1.get(f"/khen-thuong/quyet-dinh/{decision_id}/danh-sach.xlsx")
    assert (answer.status_code, answer.headers["content-type"]) == (200, XLSX)
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert_official_list(sheet)

    # The figures: the statistics (API and page) and the yearly report add up to the flow.
    stats = api.get(f"/api/v1/movement/years/{year_id}/statistics",
                    headers=api_token(api, "bantochuc"))
    assert stats.status_code == 200, stats.text
    view = stats.json()
    districts = next(b for b in view["blocks"] if b["name"] == "Khối Quận, huyện")
    q1_row, q3_row = (next(u for u in districts["units"] if u["name"] == name)
                      for name in ("Quận 1", "Quận 3"))
    # registered, recognised (unit level or above), at the city level, exemplary, rejected,
    # commended collectives, commended individuals
    assert counted(q1_row) == (4, 4, 3, 2, 1, 1, 3)
    assert counted(q3_row) == (2, 2, 1, 1, 0, 1, 1)
    assert counted(districts) == (6, 6, 4, 3, 1, 2, 4)
    assert counted(view["total"]) == (6, 6, 4, 3, 1, 2, 4)
    assert view["checks"] == []
    page = organiser.text(f"/phong-trao/{year_id}/thong-ke")
    assert ("Khối Quận, huyện 6 6 4 3 1 2 4 Quận 1 4 4 3 2 1 1 3 Quận 3 2 2 1 1 0 1 1 "
            "Thành phố Thủ Đức 0 0 0 0 0 0 0 Tổng cộng 6 6 4 3 1 2 4") in page
    assert "Mọi số liệu đều khớp" in page
    report = organiser.get(f"/phong-trao/{year_id}/bao-cao.xlsx")
    assert (report.status_code, report.headers["content-type"]) == (200, XLSX)
    lines = list(load_workbook(io.BytesIO(report.content)).active.iter_rows(values_only=True))
    total = next(line for line in lines if "TỔNG CỘNG" in line)
    # Mô hình, Giải pháp, Điển hình tập thể, cá nhân; the four fields (all Kinh tế);
    # registered, recognised at the unit level, at the city level, exemplary; the total.
    assert total[2:] == (2, 2, 1, 1, 6, 0, 0, 0, 6, 6, 4, 3, 6)
    assert next(line for line in lines if "Quận 1" in line)[2:] == (
        2, 1, 0, 1, 4, 0, 0, 0, 4, 4, 3, 2, 4)


def cells(sheet, first: int, last: int, columns: str = "ABCDEFGHI") -> list[list]:
    """The values of rows `first`..`last`, each trimmed of its empty cells at the end."""
    found = []
    for row in range(first, last + 1):
        values = [sheet[f"{c}{row}"].value for c in columns]
        while values and values[-1] is None:
            values.pop()
        found.append(values)
    return found


def assert_official_list(sheet):
    """The decision's list in the official layout, cell by cell."""
    merged = {str(m) for m in sheet.merged_cells.ranges}
    # The letterhead: the Party committee and the board on the left, the Party's name and the
    # place and date on the right.
    assert cells(sheet, 1, 3) == [
        ["ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH", None, None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"],
        ["BAN DÂN VẬN THÀNH ỦY"],
        ["*", None, None, None, None, "TP. Hồ Chí Minh, ngày 12 tháng 01 năm 2024"]]
    assert {"A1:E1", "F1:I1", "A2:E2", "A3:E3", "F3:I3"} <= merged
    # The title, across the table, bold in Times New Roman; the subject; the decision, italic.
    assert cells(sheet, 4, 8) == [
        [], ["DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"],
        ["khen thưởng điển hình “Dân vận khéo” năm 2023"],
        ["(Kèm theo Quyết định số 127-QĐ/BDVTU ngày 12/01/2024 của Ban Thường vụ Thành ủy)"],
        []]
    assert {"A5:I5", "A6:I6", "A7:I7"} <= merged
    title, decision = sheet["A5"].font, sheet["A7"].font
    assert (title.name, title.b, decision.name, decision.i) == (
        "Times New Roman", True, "Times New Roman", True)
    # I. Collectives: under their district, in the tree's order, numbered on.
    assert cells(sheet, 9, 15) == [
        ["I. TẬP THỂ (02 tập thể)"],
        ["STT", "Tên tập thể", None, None, "Đơn vị", None, "Thành tích",
         "Hình thức khen thưởng", "Ghi chú"],
        ["Quận 1"],
        [1, "Tổ dân phố 3", None, None, "Phường Bến Nghé", None,
         "Mô hình “Dân vận khéo trong chỉnh trang đô thị” được công nhận tiêu biểu trong "
         "phong trào thi đua “Dân vận khéo” năm 2023", "Bằng khen của Ban Thường vụ Thành ủy"],
        ["Quận 3"],
        [2, "Hội LHPN Phường Võ Thị Sáu", None, None, "Phường Võ Thị Sáu", None,
         "Điển hình tập thể “Chi hội phụ nữ tự quản” được công nhận tiêu biểu trong phong "
         "trào thi đua “Dân vận khéo” năm 2023", "Bằng khen của Ban Thường vụ Thành ủy"],
        []]
    assert {"A9:I9", "A11:I11", "A13:I13", "B10:D10", "E10:F10", "B12:D12", "E12:F12"} <= merged
    # II. Individuals: numbered from 1 again, the year of birth under Nam or Nữ.
    assert cells(sheet, 16, 25) == [
        ["II. CÁ NHÂN (04 cá nhân)"],
        ["STT", "Họ và tên", "Năm sinh", None, "Chức vụ", "Đơn vị", "Thành tích",
         "Hình thức khen thưởng", "Ghi chú"],
        [None, None, "Nam", "Nữ"],
        ["Quận 1"],
        [1, "Trần Văn Minh", 1969, None, "Phó Bí thư Quận ủy", "Quận 1",
         "Chỉ đạo phong trào Dân vận khéo", "Giấy khen của Ban Dân vận Thành ủy"],
        [2, "Nguyễn Thị Lan", None, None, None, "Phường Bến Nghé",
         "Điển hình cá nhân “Người tổ trưởng tận tụy” được công nhận tiêu biểu trong phong "
         "trào thi đua “Dân vận khéo” năm 2023", "Bằng khen của Ban Thường vụ Thành ủy"],
        [3, "Trần Thị Mai", None, 1988, "Phó Chủ tịch UBND phường", "Phường Bến Nghé",
         "Đạt Giải Nhất tuần thi thứ 3 Cuộc thi trực tuyến “Tham mưu tốt - Dân vận khéo” năm "
         "2023", "Giấy khen của Ban Dân vận Thành ủy"],
        ["Quận 3"],
        [4, "Đặng Thị Cẩm", None, 1985, "Chi hội trưởng phụ nữ khu phố 5", "Phường Võ Thị Sáu",
         "Vận động hội viên giữ hẻm xanh", "Bằng khen của Ban Thường vụ Thành ủy", "Lần đầu"],
        []]
    assert {"A17:A18", "B17:B18", "C17:D17", "E17:E18", "F17:F18", "G17:G18", "H17:H18",
            "I17:I18", "A19:I19", "A23:I23"} <= merged
    headings = [sheet[f"A{row}"].font for row in (11, 13, 19, 23)]
    assert all((font.b, font.i) == (True, True) for font in headings)
    assert (sheet["B12"].font.b, sheet["B20"].font.b) == (False, False)
    # The signature block: the recipients left, the signer's two titles and name right.
    assert cells(sheet, 26, sheet.max_row) == [
        ["Nơi nhận:", None, None, None, None, "T/M BAN THƯỜNG VỤ"],
        ["- Như trên;", None, None, None, None, "TRƯỞNG BAN"],
        ["- Lưu VP."], [], [], [],
        [None, None, None, None, None, "Nguyễn Văn Minh"]]
    assert {"A26:E26", "F26:I26", "F27:I27", "F32:I32"} <= merged
    assert (sheet["A26"].font.b, sheet["F26"].font.b, sheet["F32"].font.b) == (True, True, True)
    assert {cell.font.name for row in sheet.iter_rows() for cell in row
            if cell.value is not None} == {"Times New Roman"}

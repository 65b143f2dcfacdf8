"""A decision's commendation list and a proposal's list, built from the database as the pages,
the API and the command give them, and read back cell by cell."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from backend.accounts.models import Role
from backend.commendations import lists, service
from backend.commendations.models import Nominee, NomineeKind
from tests.commendations.conftest import NOW
from tests.exports.conftest import merged, row_of
from tests.factories import XLSX, api_token, make_user, sign_in

COLLECTIVE = NomineeKind.COLLECTIVE
TITLE = "Về việc khen thưởng điển hình “Dân vận khéo” năm 2023"


@pytest.fixture
def decision(session, tree, nominee, proposal, officer):
    """Quận 1's proposal and the organiser's own, with nominees all over the tree, given out of
    the tree's order; one more nominee stays in a draft and is not awarded."""
    service.add_nominees(session=session, proposal_id=proposal.id, actor=officer, now=NOW,
                         nominees=[
        nominee("UBND Phường Bến Thành", code="Q1-BT", kind=COLLECTIVE),
        nominee("Nguyễn Thị Lan", code="Q1-BN", birth_year=1978, gender="nu",
                position="Chủ tịch UBMTTQ Phường"),
        nominee("UBND Phường Bến Nghé", code="Q1-BN", kind=COLLECTIVE, note="Lần đầu"),
        nominee("Trần Văn Minh", code="Q1", birth_year=1969, gender="nam",
                position="Phó Bí thư Quận ủy", form=1)])
    own = service.create_proposal(session=session, year=2023, title="Ban Dân vận đề nghị",
                                  unit_id=None, actor=None, now=NOW)
    service.add_nominees(session=session, proposal_id=own.id, actor=None, now=NOW, nominees=[
        nominee("Đoàn Thanh niên Thành Đoàn", code="TDOAN", kind=COLLECTIVE),
        nominee("Lê Văn Tám", code="TD", birth_year=1985, gender="nam"),
        nominee("Hội LHPN Phường Võ Thị Sáu", code="Q3-VTS", kind=COLLECTIVE),
        nominee("Phạm Thị Hoa", code="HCM", birth_year=1990, gender="nu",
                position="Chuyên viên")])
    ids = [n.id for p in (proposal, own) for n in _nominees(session, p.id)]
    for submitted in (proposal, own):
        service.submit_proposal(session=session, proposal_id=submitted.id, actor=None, now=NOW)
    draft = service.create_proposal(session=session, year=2023, title="Chưa gửi",
                                    unit_id=tree["Q3"].id, actor=None, now=NOW)
    service.add_nominees(session=session, proposal_id=draft.id, actor=None, now=NOW,
                         nominees=[nominee("Người chưa được khen", code="Q3")])
    return service.issue_decision(session=session, nominee_ids=ids, actor=None, now=NOW,
                                  data=service.DecisionData(
                                      number="127", signed_date=date(2023, 10, 15),
                                      title=TITLE, signer_name="Nguyễn Văn Minh",
                                      signer_title="T/M Ban Thường vụ\nTrưởng ban",
                                      issuing_body="Ban Thường vụ Thành ủy"))


def _nominees(session, proposal_id):
    return session.exec(select(Nominee).where(Nominee.proposal_id == proposal_id)).all()


def reopened(data: bytes):
    return load_workbook(io.BytesIO(data)).active


@pytest.fixture
def sheet(session, decision):
    buffer = io.BytesIO()
    assert lists.write_decision_list(session=session, decision=decision, target=buffer) == 14
    return reopened(buffer.getvalue())


def test_the_list_is_headed_by_the_decision(sheet):
    assert sheet["A5"].value == "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
    assert sheet["A6"].value == "khen thưởng điển hình “Dân vận khéo” năm 2023"
    assert sheet["A7"].value == ("(Kèm theo Quyết định số 127-QĐ/BDVTU ngày 15/10/2023 của "
                                 "Ban Thường vụ Thành ủy)")
    assert sheet["F3"].value == "TP. Hồ Chí Minh, ngày 15 tháng 10 năm 2023"
    assert {"A5:I5", "A6:I6", "A7:I7"} <= merged(sheet)


def test_collectives_stand_under_their_district_in_the_trees_order(sheet):
    assert sheet["A9"].value == "I. TẬP THỂ (04 tập thể)"
    assert [(sheet[f"A{r}"].value, sheet[f"B{r}"].value, sheet[f"E{r}"].value)
            for r in range(11, 18)] == [
        ("Quận 1", None, None),
        (1, "UBND Phường Bến Nghé", "Phường Bến Nghé"),
        (2, "UBND Phường Bến Thành", "Phường Bến Thành"),
        ("Quận 3", None, None),
        (3, "Hội LHPN Phường Võ Thị Sáu", "Phường Võ Thị Sáu"),
        ("Thành Đoàn", None, None),
        (4, "Đoàn Thanh niên Thành Đoàn", "Thành Đoàn")]
    assert (sheet["A14"].font.b, sheet["A14"].font.i) == (True, True)
    assert (sheet["H12"].value, sheet["I12"].value) == (
        "Bằng khen của Ban Thường vụ Thành ủy", "Lần đầu")
    assert sheet["G12"].value == "Có mô hình Dân vận khéo tiêu biểu năm 2023"


def test_individuals_are_numbered_anew_with_the_year_under_their_gender(sheet):
    top = row_of(sheet, "II. CÁ NHÂN (04 cá nhân)")
    assert (sheet[f"C{top + 1}"].value, sheet[f"C{top + 2}"].value,
            sheet[f"D{top + 2}"].value) == ("Năm sinh", "Nam", "Nữ")
    rows = [[sheet[f"{c}{r}"].value for c in "ABCDEFH"] for r in range(top + 3, top + 10)]
    assert rows == [
        ["Thành phố Hồ Chí Minh"] + [None] * 6,
        [1, "Phạm Thị Hoa", None, 1990, "Chuyên viên", "Thành phố Hồ Chí Minh",
         "Bằng khen của Ban Thường vụ Thành ủy"],
        ["Quận 1"] + [None] * 6,
        [2, "Trần Văn Minh", 1969, None, "Phó Bí thư Quận ủy", "Quận 1",
         "Giấy khen của Ban Dân vận Thành ủy"],
        [3, "Nguyễn Thị Lan", None, 1978, "Chủ tịch UBMTTQ Phường", "Phường Bến Nghé",
         "Bằng khen của Ban Thường vụ Thành ủy"],
        ["Thành phố Thủ Đức"] + [None] * 6,
        [4, "Lê Văn Tám", 1985, None, None, "Thành phố Thủ Đức",
         "Bằng khen của Ban Thường vụ Thành ủy"]]
    assert "Người chưa được khen" not in {cell.value for row in sheet.iter_rows()
                                          for cell in row}


def test_the_decisions_signer_signs_the_list(sheet):
    recipients = row_of(sheet, "Nơi nhận:")
    assert recipients == row_of(sheet, "Lê Văn Tám") + 2
    assert [sheet[f"A{recipients + i}"].value for i in (1, 2)] == ["- Như trên;", "- Lưu VP."]
    assert [sheet[f"F{recipients + i}"].value for i in (0, 1)] == ["T/M BAN THƯỜNG VỤ",
                                                                   "TRƯỞNG BAN"]
    assert sheet[f"F{recipients + 6}"].value == "Nguyễn Văn Minh"
    assert sheet[f"F{recipients + 6}"].font.b


def test_printed_landscape_one_page_wide_repeating_the_individuals_header(sheet):
    top = row_of(sheet, "II. CÁ NHÂN (04 cá nhân)")
    assert sheet.print_title_rows == f"${top + 1}:${top + 2}"
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth) == ("landscape", 1)


def test_the_page_sends_the_list_as_a_file_named_after_the_decision(officer_client, decision):
    response = officer_client.get(f"/khen-thuong/quyet-dinh/{decision.id}/danh-sach.xlsx")

    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"] == (
        'attachment; filename="danh-sach-khen-thuong-127-qd-bdvtu.xlsx"')
    assert reopened(response.content)["A9"].value == "I. TẬP THỂ (04 tập thể)"


def test_the_api_sends_the_same_list(client, organiser, decision):
    response = client.get(f"/api/v1/commendations/decisions/{decision.id}/list.xlsx",
                          headers=api_token(client, organiser.username))

    assert response.status_code == 200
    assert reopened(response.content)["A7"].value.startswith("(Kèm theo Quyết định số 127")


def test_a_decision_that_does_not_exist_is_a_404_in_vietnamese(client, organiser, tree):
    response = client.get("/api/v1/commendations/decisions/999/list.xlsx",
                          headers=api_token(client, organiser.username))

    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy quyết định này."


def test_a_units_proposal_list_is_headed_by_the_unit(officer_client, decision, proposal):
    response = officer_client.get(f"/khen-thuong/de-nghi/{proposal.id}/danh-sach.xlsx")

    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        f'attachment; filename="danh-sach-de-nghi-khen-thuong-{proposal.id}.xlsx"')
    sheet = reopened(response.content)
    assert (sheet["A1"].value, sheet["A2"].value) == ("THÀNH PHỐ HỒ CHÍ MINH", "QUẬN 1")
    assert sheet["A5"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    assert sheet["A6"].value == "Đề nghị khen thưởng Dân vận khéo 2023"
    assert sheet["A7"].value == "(Kèm theo Tờ trình số ... ngày ... của Quận 1)"
    assert sheet["A9"].value == "I. TẬP THỂ (02 tập thể)"
    assert row_of(sheet, "II. CÁ NHÂN (02 cá nhân)")
    assert row_of(sheet, "THỦ TRƯỞNG ĐƠN VỊ")


def test_another_units_officer_cannot_download_a_proposal_list(client, session, settings,
                                                               decision, proposal, tree):
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q3", unit=tree["Q3"])
    sign_in(client, "canbo.q3")

    response = client.get(f"/khen-thuong/de-nghi/{proposal.id}/danh-sach.xlsx")

    assert response.status_code == 404
    assert "Không tìm thấy danh sách đề nghị khen thưởng này." in response.text


def test_the_command_writes_the_decisions_list(thidua, decision, tmp_path):
    target = tmp_path / "danh-sach.xlsx"

    result = thidua("commendations", "export", "--decision", decision.id, "--output", target)

    assert result.exit_code == 0, result.output
    assert f"Đã ghi {target} (14 dòng)." in result.output
    assert reopened(target.read_bytes())["A5"].value == (
        "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG")


def test_the_command_writes_a_proposals_list(thidua, decision, proposal, tmp_path):
    target = tmp_path / "de-nghi.xlsx"

    result = thidua("commendations", "export", "--proposal", proposal.id, "-o", target)

    assert result.exit_code == 0, result.output
    assert reopened(target.read_bytes())["A5"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"


@pytest.mark.parametrize(("args", "message"), [
    (["--output", "{dir}/a.xlsx"], "Hãy cho đúng một trong hai"),
    (["--decision", "1", "--proposal", "1", "--output", "{dir}/a.xlsx"],
     "Hãy cho đúng một trong hai"),
    (["--decision", "999", "--output", "{dir}/a.xlsx"], "Không tìm thấy quyết định này."),
    (["--decision", "1", "--output", "{dir}/khong-co/a.xlsx"], "không có thư mục"),
])
def test_the_command_says_what_is_wrong(thidua, tree, tmp_path, args, message):
    result = thidua("commendations", "export", *[a.format(dir=tmp_path) for a in args])

    assert result.exit_code == 1
    assert message in result.output
    assert not (tmp_path / "a.xlsx").exists()

"""The commendation pages as a district officer and the organisers use them: a proposal with
nominees entered directly, refusals shown on the page, submitting, and a decision."""

import re

from backend.commendations import service
from tests.commendations.conftest import NOW, as_browser, post
from tests.factories import visible_text


def proposal_path(client, tree, title="Đề nghị khen thưởng Dân vận khéo 2023") -> str:
    created = post(client, "/khen-thuong/de-nghi", {"year": "2023", "title": title,
                                                    "unit_id": str(tree["Q1"].id)})
    assert created.status_code == 303, created.text
    return created.headers["location"].split("?")[0]


def test_an_officer_starts_a_proposal_and_adds_a_person_directly(officer_client, tree,
                                                                 individual):
    path = proposal_path(officer_client, tree)

    added = post(officer_client, f"{path}/them", individual)
    text = visible_text(officer_client.get(path).text)

    assert added.headers["location"] == f"{path}?them=1"
    assert "Năm 2023 · Quận 1 · Đang lập" in text
    assert text.index("I. Tập thể") < text.index("II. Cá nhân") < text.index("Nguyễn Thị Lan")
    assert ("Nguyễn Thị Lan 1980 Nữ Tổ trưởng tổ dân phố 3 Phường Bến Nghé Có mô hình "
            "“Dân vận khéo” tiêu biểu năm 2023 Bằng khen của Ban Thường vụ Thành ủy "
            "Nhập trực tiếp") in text
    assert "Chọn từ kết quả trên nền tảng" in text
    assert f'href="{path}/chon"' in officer_client.get(path).text


def test_the_same_achievement_and_form_again_is_refused_with_the_form_kept(officer_client,
                                                                          tree, individual):
    path = proposal_path(officer_client, tree)
    post(officer_client, f"{path}/them", individual)

    again = post(officer_client, f"{path}/them", {**individual, "name": "NGUYỄN THỊ LAN",
                                                  "note": "Lần hai"})

    assert again.status_code == 409
    assert ("Thành tích này của Nguyễn Thị Lan đã có trong danh sách đề nghị “Đề nghị khen "
            "thưởng Dân vận khéo 2023” với hình thức “Bằng khen của Ban Thường vụ Thành ủy”. "
            "Một thành tích không được khen thưởng hai lần cùng một hình thức.") in visible_text(
        again.text)
    assert 'value="NGUYỄN THỊ LAN"' in again.text
    assert 'name="note" maxlength="300" value="Lần hai"' in again.text


def test_a_nominee_of_a_unit_outside_the_proposals_unit_is_refused(officer_client, tree,
                                                                   individual):
    path = proposal_path(officer_client, tree)

    refused = post(officer_client, f"{path}/them",
                   {**individual, "unit_id": str(tree["Q3-VTS"].id)})

    assert refused.status_code == 404
    assert "nằm ngoài phạm vi của bạn" in refused.text
    assert "II. Cá nhân" in refused.text  # the proposal's page, the form kept
    assert "Chưa có cá nhân nào" in visible_text(refused.text)


def test_an_officer_of_another_district_cannot_see_or_fill_the_proposal(
        client, session, proposal, q3_officer, individual):
    as_browser(client, q3_officer.username)
    path = f"/khen-thuong/de-nghi/{proposal.id}"

    seen = client.get(path)
    added = post(client, f"{path}/them", individual)
    listed = visible_text(client.get("/khen-thuong").text)

    assert (seen.status_code, added.status_code) == (404, 404)
    assert "Không tìm thấy danh sách đề nghị khen thưởng này." in seen.text
    assert service.nominee_count(session=session, proposal_id=proposal.id) == 0
    assert "Đề nghị khen thưởng Dân vận khéo 2023" not in listed


def test_removing_a_nominee_and_submitting_the_list(officer_client, tree, individual, session):
    path = proposal_path(officer_client, tree)
    post(officer_client, f"{path}/them", individual)
    post(officer_client, f"{path}/them", {**individual, "name": "Trần Văn Hùng"})
    nominee_id = re.search(r'/bo/(\d+)"', officer_client.get(path).text).group(1)

    removed = post(officer_client, f"{path}/bo/{nominee_id}", {})
    submitted = post(officer_client, f"{path}/gui", {})
    text = visible_text(officer_client.get(path).text)
    again = post(officer_client, f"{path}/them", {**individual, "name": "Lê Văn Tư"})

    assert (removed.status_code, submitted.status_code) == (303, 303)
    assert "Năm 2023 · Quận 1 · Đã gửi" in text
    assert "Trần Văn Hùng" in text
    assert "Nguyễn Thị Lan" not in text
    assert "Thêm trực tiếp" not in text
    assert again.status_code == 409
    assert "Danh sách đã gửi lên, không sửa được nữa." in again.text


def test_submitting_an_empty_list_is_refused(officer_client, tree):
    path = proposal_path(officer_client, tree)

    refused = post(officer_client, f"{path}/gui", {})

    assert refused.status_code == 422
    assert "Danh sách chưa có ai được đề nghị." in refused.text


def test_the_list_page_filters_proposals_by_year_and_status(officer_client, session, tree,
                                                            officer, proposal):
    service.create_proposal(session=session, year=2022, title="Danh sách năm 2022",
                            unit_id=tree["Q1-BN"].id, actor=officer, now=NOW)

    every = visible_text(officer_client.get("/khen-thuong").text)
    of_2022 = visible_text(officer_client.get("/khen-thuong?nam=2022").text)
    submitted = visible_text(officer_client.get("/khen-thuong?trang_thai=submitted").text)

    assert "2023 Đề nghị khen thưởng Dân vận khéo 2023 Quận 1 Đang lập 0 0 0" in every
    assert "2022 Danh sách năm 2022 Phường Bến Nghé Đang lập" in every
    assert "Danh sách năm 2022" in of_2022
    assert "Dân vận khéo 2023" not in of_2022
    assert "Chưa có danh sách đề nghị nào khớp bộ lọc." in submitted


def test_the_organiser_may_start_a_city_list_without_a_unit(client, organiser, forms):
    as_browser(client, organiser.username)

    created = post(client, "/khen-thuong/de-nghi", {"year": "2023", "unit_id": "",
                                                    "title": "Danh sách của Ban tổ chức"})
    text = visible_text(client.get(created.headers["location"]).text)

    assert "Năm 2023 · Ban tổ chức (cấp thành phố) · Đang lập" in text


def test_an_officer_must_choose_a_unit_and_keeps_the_title(officer_client, forms):
    refused = post(officer_client, "/khen-thuong/de-nghi", {"year": "2023", "unit_id": "",
                                                            "title": "Danh sách mới"})

    assert refused.status_code == 422
    assert "Hãy chọn đơn vị lập danh sách đề nghị." in refused.text
    assert 'value="Danh sách mới"' in refused.text


def test_a_decision_awards_whole_submitted_lists_and_lists_them_by_unit(
        client, session, tree, officer, organiser, proposal, nominee):
    service.add_nominees(session=session, proposal_id=proposal.id, actor=officer, now=NOW,
                         nominees=[nominee(), nominee("Tổ dân phố 5", kind="collective",
                                                      code="Q1-BT")])
    service.submit_proposal(session=session, proposal_id=proposal.id, actor=officer, now=NOW)
    as_browser(client, organiser.username)
    new = "/quan-ly/khen-thuong/quyet-dinh/moi"

    form = visible_text(client.get(new).text)
    issued = post(client, new, {
        "number": "127", "signed_date": "2023-10-15", "signer_name": "Nguyễn Văn A",
        "signer_title": "TRƯỞNG BAN", "issuing_body": "Ban Thường vụ Thành ủy",
        "title": "Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong "
                 "trào thi đua “Dân vận khéo” năm 2023", "proposal_id": [str(proposal.id)]})
    page = visible_text(client.get(issued.headers["location"]).text)
    listed = visible_text(client.get(f"/khen-thuong/de-nghi/{proposal.id}").text)

    assert "Mẫu số: {so}-QĐ/BDVTU — gõ 127 thành 127-QĐ/BDVTU." in form
    assert "Đề nghị khen thưởng Dân vận khéo 2023 Quận 1 1 1 2 Chọn từng người" in form
    assert issued.status_code == 303, issued.text
    assert "Quyết định số 127-QĐ/BDVTU" in page
    assert "Ngày ký 15/10/2023" in page
    assert "Được khen 1 tập thể, 1 cá nhân" in page
    assert page.index("Phường Bến Nghé Đối tượng") < page.index("Nguyễn Thị Lan") < page.index(
        "Phường Bến Thành Đối tượng") < page.index("Tổ dân phố 5")
    assert "Đã khen theo Quyết định số 127-QĐ/BDVTU" in listed


def test_a_decision_over_chosen_people_and_a_taken_number(client, session, officer,
                                                          organiser, proposal, nominee):
    first, second = service.add_nominees(
        session=session, proposal_id=proposal.id, actor=officer, now=NOW,
        nominees=[nominee(), nominee("Trần Văn Hùng")])
    service.submit_proposal(session=session, proposal_id=proposal.id, actor=officer, now=NOW)
    as_browser(client, organiser.username)
    new = "/quan-ly/khen-thuong/quyet-dinh/moi"
    body = {"number": "127", "signed_date": "2023-10-15", "title": "Về việc khen thưởng",
            "signer_name": "Nguyễn Văn A", "signer_title": "TRƯỞNG BAN"}

    one = visible_text(client.get(f"{new}?de_nghi={proposal.id}").text)
    issued = post(client, new, {**body, "nominee_id": [str(second.id)]})
    taken = post(client, new, {**body, "nominee_id": [str(first.id)]})

    assert "Chọn từng người của danh sách số" in one
    assert "Trần Văn Hùng" in one
    assert issued.status_code == 303
    assert taken.status_code == 409
    assert "Đã có quyết định số 127-QĐ/BDVTU." in taken.text
    assert "Về việc khen thưởng</textarea>" in taken.text
    assert f'<input type="hidden" name="nominee_id" value="{first.id}">' in taken.text


def test_officers_read_decisions_but_do_not_make_them(officer_client):
    page = officer_client.get("/quan-ly/khen-thuong/quyet-dinh/moi")
    forms = officer_client.get("/quan-ly/khen-thuong/hinh-thuc")

    assert (page.status_code, forms.status_code) == (403, 403)
    assert "không có quyền" in page.text
    assert 'href="/khen-thuong"' in officer_client.get("/").text


def test_the_organiser_adds_and_retires_an_award_form(client, organiser, forms):
    as_browser(client, organiser.username)
    path = "/quan-ly/khen-thuong/hinh-thuc"

    added = post(client, path, {"kind": "khac", "name": "Giấy chứng nhận của Ban Dân vận",
                                "issuing_level": "Ban Dân vận Thành ủy"})
    again = post(client, path, {"kind": "khac", "name": "Giấy chứng nhận của Ban Dân vận",
                                "issuing_level": "Ban Dân vận Thành ủy"})
    retired = post(client, f"{path}/{forms[1].id}/an", {})
    text = visible_text(client.get(path).text)

    assert (added.status_code, again.status_code, retired.status_code) == (303, 409, 303)
    assert "Đã có hình thức “Giấy chứng nhận của Ban Dân vận”." in again.text
    assert ("Giấy chứng nhận của Ban Dân vận Hình thức khác Ban Dân vận Thành ủy Có"
            in text)
    assert "Giấy khen của Ban Dân vận Thành ủy Giấy khen Ban Dân vận Thành ủy Đã ngừng" in text


def test_the_decision_number_format_is_edited_on_the_letterhead_page(client, session,
                                                                     organiser):
    as_browser(client, organiser.username)
    page = client.get("/quan-ly/mau-van-ban").text
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page))

    saved = post(client, "/quan-ly/mau-van-ban", {
        **fields, "heading": "party", "signer_titles": "TRƯỞNG BAN",
        "decision_number_format": "{so}/QĐ-BDV"})
    wrong = post(client, "/quan-ly/mau-van-ban", {
        **fields, "heading": "party", "signer_titles": "TRƯỞNG BAN",
        "decision_number_format": "QĐ-BDV"})

    assert saved.status_code == 303
    assert service.decision_number(session=session, number="127") == "127/QĐ-BDV"
    assert wrong.status_code == 422
    assert "Mẫu số quyết định phải có đúng một chỗ “{so}”" in wrong.text


def test_a_new_list_starts_as_the_officers_own_units(officer_client, tree):
    page = officer_client.get("/khen-thuong")

    assert f'<option value="{tree["Q1"].id}" selected>— Quận 1</option>' in page.text

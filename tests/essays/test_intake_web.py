"""Bulk intake through the pages and the JSON API: the form, the batch's progress and report
(on the page and as .xlsx), the same files twice, another unit's officer refused, and hostile
archives refused whole with the reason and nothing stored."""

import io
import os

import pytest
from openpyxl import load_workbook
from sqlmodel import func, select

from backend.accounts.models import Role
from backend.blobs.models import StoredBlob
from backend.clock import utcnow
from backend.essays.intake import Upload, start_intake
from backend.essays.models import Essay, IntakeBatch
from tests.essays.intake_files import (
    archive,
    essay_docx,
    good_batch,
    line,
    path_traversal_zip,
    sheet,
    zip_bomb,
)
from tests.factories import XLSX, api_token, csrf_of, make_user, sign_in, visible_text

FORM = "/cuoc-thi-viet/{}/nhan-bai-theo-lo"


def files(list_bytes: bytes, zip_bytes: bytes) -> dict:
    return {"sheet": ("DS.xlsx", list_bytes, XLSX),
            "archive": ("BAI.zip", zip_bytes, "application/zip")}


def counted(session, model) -> int:
    count = session.exec(select(func.count()).select_from(model)).one()
    session.commit()
    return count


@pytest.fixture(autouse=True)
def _committed(session, competition):
    """The fixtures' reads end here: on SQLite this session would hold the write lock."""
    session.commit()


@pytest.fixture
def other_officer(session, settings, tree):
    return make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q3",
                     unit=tree["Q3"])


def test_an_officer_sends_a_batch_and_reads_its_report_on_the_page_and_in_excel(
        officer_client, session, competition, tree):
    form = officer_client.get(FORM.format(competition.id))
    assert "Nhận bài viết theo lô" in visible_text(form.text)

    sent = officer_client.post(FORM.format(competition.id), files=files(*good_batch(3)), data={
        "csrf_token": officer_client.csrf, "unit_id": str(tree["Q1"].id)},
        follow_redirects=False)

    assert sent.status_code == 303, sent.text
    page = officer_client.get(sent.headers["location"])
    text = visible_text(page.text)
    assert "Đã xong. Đã nhận 3 bài, trùng 0, bị từ chối 0" in text
    assert "3 Trần Thị Hoa Dân vận khéo ở khu phố 1 Đã nhận" in text
    assert "data-poll" not in page.text
    report = officer_client.get(sent.headers["location"] + "/ket-qua.xlsx")
    assert report.headers["content-type"] == XLSX
    cells = load_workbook(io.BytesIO(report.content)).active
    assert cells["A1"].value.startswith("KẾT QUẢ NHẬN BÀI THEO LÔ SỐ ")
    assert [c.value for c in cells[4]] == ["Dòng", "Họ và tên", "Tên bài viết", "Kết quả",
                                           "Lý do", "Mã bài"]
    assert [c.value for c in cells[5]][:4] == [3, "Trần Thị Hoa", "Dân vận khéo ở khu phố 1",
                                               "Đã nhận"]
    assert counted(session, Essay) == 3


def test_a_batch_being_taken_shows_a_progress_bar_that_polls(
        officer_client, session, settings, competition, tree, officer):
    list_bytes, zip_bytes = good_batch(2)
    batch = start_intake(session=session, settings=settings, competition_id=competition.id,
                         unit_id=tree["Q1"].id, sheet=Upload("DS.xlsx", io.BytesIO(list_bytes)),
                         archive=Upload("BAI.zip", io.BytesIO(zip_bytes)), actor=officer,
                         now=utcnow())

    page = officer_client.get(f"/lo-bai-viet/{batch.id}")

    assert 'data-poll="2000"' in page.text
    assert '<progress value="0" max="100"' in page.text
    assert "Đang chờ : 0 / 2 dòng." in visible_text(page.text)


def test_the_api_takes_a_batch_once_and_reports_each_row(client, officer_api, session,
                                                        competition, tree):
    url = f"/api/v1/writing/{competition.id}/intake-batches"
    payload = files(sheet([line(1), line(2, **{"Giới tính": "Khác"})]),
                    archive({"bai-01.docx": essay_docx(1), "bai-02.docx": essay_docx(2)}))

    first = client.post(url, files=payload, data={"unit_id": tree["Q1"].id},
                        headers=officer_api)
    again = client.post(url, files=payload, data={"unit_id": tree["Q1"].id},
                        headers=officer_api)

    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"]
    status = client.get(first.json()["status_url"], headers=officer_api).json()
    assert (status["state"], status["done_rows"], status["accepted"], status["rejected"],
            status["percent"]) == ("done", 2, 1, 1, 100)
    rows = client.get(first.json()["report_url"], headers=officer_api).json()["rows"]
    assert [(r["row"], r["outcome"]) for r in rows] == [(3, "accepted"), (4, "rejected")]
    assert rows[1]["message"] == ("Dòng 4, cột “Giới tính (cột D)”: Giới tính “Khác” không "
                                  "hợp lệ: hãy ghi Nam hoặc Nữ.")
    assert counted(session, Essay) == 1


def test_an_officer_of_another_unit_can_neither_see_nor_start_a_batch(
        client, officer_client, session, competition, tree, other_officer):
    sent = officer_client.post(FORM.format(competition.id), files=files(*good_batch(1)), data={
        "csrf_token": officer_client.csrf, "unit_id": str(tree["Q1"].id)},
        follow_redirects=False)
    batch_url = sent.headers["location"]
    batch_id = int(batch_url.rsplit("/", 1)[1])
    officer_client.post("/dang-xuat", data={"csrf_token": officer_client.csrf})
    headers = api_token(client, "canbo.q3")
    sign_in(client, "canbo.q3")
    token = csrf_of(client, "/don-vi")

    page = client.get(batch_url)
    report = client.get(f"{batch_url}/ket-qua.xlsx")
    status = client.get(f"/api/v1/writing/intake-batches/{batch_id}", headers=headers)
    started = client.post(FORM.format(competition.id), files=files(*good_batch(1)), data={
        "csrf_token": token, "unit_id": str(tree["Q1-BN"].id)})
    api_started = client.post(
        f"/api/v1/writing/{competition.id}/intake-batches",
        files=files(*good_batch(2)), data={"unit_id": tree["Q1"].id}, headers=headers)

    assert [r.status_code for r in (page, report, status, started, api_started)] == [403] * 5
    assert "không có quyền" in visible_text(started.text)
    assert counted(session, IntakeBatch) == 1


@pytest.mark.parametrize(("hostile", "reason"), [
    (path_traversal_zip(), "Tệp nén “BAI.zip” bị từ chối: bên trong có tệp mang tên "
                           "“../../etc/cron.d/bai-02.docx” trỏ ra ngoài thư mục giải nén "
                           "(dấu hiệu tệp độc hại). Chưa có bài nào được nhận; hãy sửa tệp nén "
                           "rồi tải lên lại."),
    (zip_bomb(), "Tệp nén “BAI.zip” bị từ chối: tệp “bai-01.docx” giải nén ra gấp hơn 100 "
                 "lần kích thước nén (dấu hiệu “bom nén”). Chưa có bài nào được nhận; hãy "
                 "sửa tệp nén rồi tải lên lại."),
], ids=["path-traversal", "zip-bomb"])
def test_a_hostile_archive_is_refused_whole_and_nothing_is_stored(
        officer_client, session, competition, tree, hostile, reason):
    refused = officer_client.post(FORM.format(competition.id), files=files(
        sheet([line(1), line(2)]), hostile), data={
        "csrf_token": officer_client.csrf, "unit_id": str(tree["Q1"].id)})

    assert refused.status_code == 422
    assert reason in visible_text(refused.text)
    assert (counted(session, IntakeBatch), counted(session, StoredBlob),
            counted(session, Essay)) == (0, 0, 0)


def test_a_list_without_its_columns_is_refused_naming_them(officer_client, session,
                                                           competition, tree):
    from tests.factories import xlsx_bytes

    refused = officer_client.post(FORM.format(competition.id), files=files(
        xlsx_bytes(["Họ và tên", "Tên bài viết"], [("Trần Thị Hoa", "Bài")]),
        archive({"bai-01.docx": essay_docx(1)})), data={
        "csrf_token": officer_client.csrf, "unit_id": str(tree["Q1"].id)})

    assert refused.status_code == 422
    text = visible_text(refused.text)
    assert "Tệp “DS.xlsx” có 1 lỗi, chưa có dòng nào được lưu." in text
    assert "Không tìm thấy cột “Năm sinh”, “Giới tính”, “Đơn vị”, “Số điện thoại”, “Tên tệp”" \
        in text
    assert counted(session, IntakeBatch) == 0


def test_a_batch_larger_than_a_single_upload_is_taken_on_its_route(client, officer_api,
                                                                    session, competition, tree,
                                                                    settings):
    photo_album = os.urandom(settings.max_upload_bytes + 1024 * 1024)  # does not compress
    url = f"/api/v1/writing/{competition.id}/intake-batches"

    sent = client.post(url, files=files(sheet([line(1)]), archive({"bai-01.docx": photo_album})),
                       data={"unit_id": tree["Q1"].id}, headers=officer_api)

    assert sent.status_code == 202, sent.text[:300]
    status = client.get(sent.json()["status_url"], headers=officer_api).json()
    assert (status["state"], status["rejected"], counted(session, Essay)) == ("done", 1, 0)

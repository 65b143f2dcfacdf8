"""Evidence files on a movement entry: inspected as essays are (type by content, macros, PDF
scripts, archive bombs), pictures allowed, at most 20 an entry, uploaded and removed by
whoever registers for the entry's unit, downloaded by whoever sees the entry."""

import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.errors import Conflict
from backend.movement import evidence
from backend.movement.models import EntryEvidence
from backend.uploads import Limits, inspect_upload
from tests.factories import api_token, csrf_of, sign_in
from tests.movement.conftest import DURING
from tests.uploads.builders import (
    docx_bytes,
    docx_plus,
    pdf_bytes,
    png_bytes,
    with_javascript_on_open,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def entry(register):
    return register("Q1-BN")


def stored(session) -> list[tuple]:
    rows = session.scalars(select(EntryEvidence).order_by(EntryEvidence.id)).all()
    session.commit()
    return [(e.entry_id, e.filename, e.content_type, e.size) for e in rows]


def upload(client: TestClient, entry_id: int, name: str, data: bytes, content_type: str):
    return client.post(f"/phong-trao/muc/{entry_id}/minh-chung",
                       data={"csrf_token": client.csrf}, files={"file": (name, data, content_type)},
                       follow_redirects=False)


def attach(session, settings, entry_id: int, data: bytes, filename: str):
    with inspect_upload(io.BytesIO(data), filename=filename, limits=Limits(),
                        with_images=True) as checked:
        return evidence.attach_evidence(session=session, settings=settings, entry_id=entry_id,
                                        upload=checked, filename=filename, actor=None,
                                        now=DURING)


def test_an_officer_uploads_evidence_and_returns_to_the_entry(officer_client, entry, session):
    answer = upload(officer_client, entry.id, "Báo cáo kết quả.docx", docx_bytes(), DOCX)

    assert answer.status_code == 303
    assert answer.headers["location"] == f"/phong-trao/muc/{entry.id}"
    assert stored(session) == [(entry.id, "Báo cáo kết quả.docx", DOCX, len(docx_bytes()))]


def test_a_download_gives_back_the_same_bytes_safely(officer_client, entry, session):
    upload(officer_client, entry.id, "C:\\Hồ sơ\\ảnh hẻm.png", png_bytes(), "image/png")
    [item] = session.scalars(select(EntryEvidence)).all()

    answer = officer_client.get(f"/phong-trao/muc/{entry.id}/minh-chung/{item.id}")

    assert answer.status_code == 200
    assert answer.content == png_bytes()
    assert answer.headers["content-type"] == "image/png"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["content-disposition"] == (
        "attachment; filename=\"anh hem.png\"; "
        "filename*=UTF-8''%E1%BA%A3nh%20h%E1%BA%BBm.png")


def test_a_docx_with_a_macro_is_refused_and_nothing_is_stored(officer_client, entry, session):
    macro = docx_plus(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0"))

    answer = upload(officer_client, entry.id, "minh-chung.docx", macro, DOCX)

    assert answer.status_code == 422
    assert "Tệp “minh-chung.docx” bị từ chối: tài liệu có chứa macro (mã lệnh tự chạy)." in \
        answer.text
    assert stored(session) == []


def test_a_pdf_with_javascript_is_refused_and_nothing_is_stored(client, officer_api, entry,
                                                                 session):
    script = pdf_bytes(setup=with_javascript_on_open)

    answer = client.post(f"/api/v1/movement/entries/{entry.id}/evidence", headers=officer_api,
                         files={"file": ("bao-cao.pdf", script, "application/pdf")})

    assert answer.status_code == 422
    assert answer.json()["code"] == "upload_rejected"
    assert answer.json()["detail"].startswith("Tệp “bao-cao.pdf” bị từ chối:")
    assert "JavaScript" in answer.json()["detail"] or "mã lệnh" in answer.json()["detail"]
    assert stored(session) == []


def test_another_districts_officer_gets_404(app, entry, q3_officer, session, settings):
    attach(session, settings, entry.id, pdf_bytes(), "bao-cao.pdf")
    [item] = session.scalars(select(EntryEvidence)).all()
    session.commit()
    other = TestClient(app)
    sign_in(other, q3_officer.username)
    other.csrf = csrf_of(other, "/dang-nhap")
    token = api_token(TestClient(app), q3_officer.username)
    base = f"/phong-trao/muc/{entry.id}/minh-chung"
    api = f"/api/v1/movement/entries/{entry.id}/evidence"

    answers = [
        upload(other, entry.id, "bao-cao.pdf", pdf_bytes("khac"), "application/pdf"),
        other.get(f"{base}/{item.id}"),
        other.post(f"{base}/{item.id}/xoa", data={"csrf_token": other.csrf},
                   follow_redirects=False),
        other.get(api, headers=token),
        other.get(f"{api}/{item.id}", headers=token),
        other.delete(f"{api}/{item.id}", headers=token),
    ]

    assert [a.status_code for a in answers] == [404] * 6
    assert "Không tìm thấy mô hình, giải pháp này." in answers[0].text
    assert len(stored(session)) == 1


def test_a_judge_may_not_touch_evidence(client, judge, entry):
    token = api_token(client, judge.username)

    answer = client.get(f"/api/v1/movement/entries/{entry.id}/evidence", headers=token)

    assert answer.status_code == 403
    assert answer.json()["detail"] == "Tài khoản của bạn không có quyền thực hiện việc này."


def test_the_twenty_first_file_is_refused(session, settings, entry):
    for number in range(evidence.MAX_FILES):
        attach(session, settings, entry.id, pdf_bytes(f"Minh chung so {number}"), f"{number}.pdf")

    with pytest.raises(Conflict) as refused:
        attach(session, settings, entry.id, pdf_bytes("Mot tep nua"), "21.pdf")

    assert refused.value.message.startswith(
        "“Dân vận khéo trong chỉnh trang đô thị” đã có 20 tệp minh chứng, tối đa cho một mô "
        "hình, giải pháp.")
    assert len(stored(session)) == 20


def test_the_same_file_twice_is_refused(session, settings, entry):
    attach(session, settings, entry.id, pdf_bytes(), "a.pdf")

    with pytest.raises(Conflict) as refused:
        attach(session, settings, entry.id, pdf_bytes(), "b.pdf")

    assert refused.value.message == ("Tệp này đã được đính kèm vào “Dân vận khéo trong chỉnh "
                                     "trang đô thị” rồi.")
    assert [row[1] for row in stored(session)] == ["a.pdf"]


def test_the_api_attaches_lists_downloads_and_removes(client, officer_api, entry, session):
    api = f"/api/v1/movement/entries/{entry.id}/evidence"

    made = client.post(api, headers=officer_api,
                       files={"file": ("anh.jpeg", png_bytes(), "image/jpeg")})
    assert made.status_code == 422  # a PNG named .jpeg: only the name is wrong
    assert "Hãy đổi tên tệp cho đúng đuôi .png" in made.json()["detail"]
    made = client.post(api, headers=officer_api,
                       files={"file": ("anh.png", png_bytes(), "image/png")})
    assert made.status_code == 201
    item = made.json()
    assert (item["filename"], item["content_type"], item["size"]) == (
        "anh.png", "image/png", len(png_bytes()))

    listed = client.get(api, headers=officer_api)
    got = client.get(f"{api}/{item['id']}", headers=officer_api)
    removed = client.delete(f"{api}/{item['id']}", headers=officer_api)

    assert [e["id"] for e in listed.json()] == [item["id"]]
    assert got.content == png_bytes()
    assert removed.status_code == 204
    assert stored(session) == []


def test_the_page_removes_a_file_and_returns_to_the_entry(officer_client, entry, session,
                                                          settings):
    item = attach(session, settings, entry.id, pdf_bytes(), "a.pdf")

    answer = officer_client.post(f"/phong-trao/muc/{entry.id}/minh-chung/{item.id}/xoa",
                                 data={"csrf_token": officer_client.csrf},
                                 follow_redirects=False)

    assert (answer.status_code, answer.headers["location"]) == (303,
                                                                f"/phong-trao/muc/{entry.id}")
    assert stored(session) == []


def test_evidence_routes_take_files_past_the_general_upload_cap(officer_client, entry,
                                                                settings):
    past_general = bytes(settings.max_upload_bytes + 1024)
    past_evidence = bytes(settings.evidence_max_bytes + 512 * 1024)

    bigger = upload(officer_client, entry.id, "lon.pdf", past_general, "application/pdf")
    too_big = upload(officer_client, entry.id, "qua-lon.pdf", past_evidence, "application/pdf")

    assert bigger.status_code == 422  # read and inspected: zeros are no PDF
    assert "không phải tài liệu PDF thật" in bigger.text
    assert too_big.status_code == 413
    assert "Tệp minh chứng lớn hơn 20 MB, quá giới hạn cho phép" in too_big.text


def test_the_page_tells_a_file_already_attached(officer_client, entry, session):
    upload(officer_client, entry.id, "a.pdf", pdf_bytes(), "application/pdf")

    again = upload(officer_client, entry.id, "b.pdf", pdf_bytes(), "application/pdf")

    assert again.status_code == 409
    assert "Tệp này đã được đính kèm vào “Dân vận khéo trong chỉnh trang đô thị” rồi." in \
        again.text
    assert [row[1] for row in stored(session)] == ["a.pdf"]

"""Several app hosts: an essay uploaded through one server process is downloaded, the same
bytes, through another running from a different working directory (the stored file lives
in the database, or the object store, never on a host's disk)."""

import httpx2 as httpx
import pytest

from tests.factories import PASSWORD, make_writing_competition
from tests.live_server import free_port, start_server, stop
from tests.uploads.builders import docx_bytes

pytestmark = pytest.mark.slow


def test_an_essay_uploaded_through_one_server_downloads_through_another(
        session, database_url, tree, organiser, officer, tmp_path):
    competition, _ = make_writing_competition(session)
    session.commit()
    data = docx_bytes("Bài dự thi gửi qua máy chủ thứ nhất, tải về qua máy chủ thứ hai.")
    first_dir, second_dir = tmp_path / "may-chu-1", tmp_path / "may-chu-2"
    first_dir.mkdir()
    second_dir.mkdir()
    ports = free_port(), free_port()
    first = start_server(database_url, first_dir, ports[0], "first")
    try:
        second = start_server(database_url, second_dir, ports[1], "second")
        try:
            sent, got = _upload_then_download(ports, competition.id, tree, data)
        finally:
            stop(second)
    finally:
        stop(first)

    assert sent.status_code == 201, sent.text
    assert got.status_code == 200, got.text
    assert got.content == data
    assert got.headers["content-disposition"].startswith('attachment; filename="Bai du thi.docx"')
    assert not [p for d in (first_dir, second_dir) for p in d.rglob("*.docx")]


def _upload_then_download(ports, competition_id, tree, data):
    """Officer of Quận 1 sends through the first server; the organiser downloads through the
    second."""
    with httpx.Client(base_url=f"http://127.0.0.1:{ports[0]}", timeout=30) as one, \
            httpx.Client(base_url=f"http://127.0.0.1:{ports[1]}", timeout=30) as two:
        token = one.post("/api/v1/auth/login", json={"username": "canbo.q1",
                                                     "password": PASSWORD}).json()["token"]
        sent = one.post(f"/api/v1/writing/{competition_id}/essays", data={
            "title": "Dân vận khéo", "full_name": "Nguyễn Thị Hoa", "birth_year": "1985",
            "gender": "nu", "unit_id": str(tree["Q1-BN"].id), "phone": "0912000111"},
            files={"file": ("Bài dự thi.docx", data)},
            headers={"Authorization": f"Bearer {token}"})
        essay_id = sent.json().get("id")
        other = two.post("/api/v1/auth/login", json={"username": "bantochuc",
                                                     "password": PASSWORD}).json()["token"]
        got = two.get(f"/api/v1/writing/essays/{essay_id}/versions/1/file",
                      headers={"Authorization": f"Bearer {other}"})
    return sent, got

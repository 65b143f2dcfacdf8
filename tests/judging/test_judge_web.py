"""A judge's pages, API and files: their essays by code, text and the blind file, scoring by
the rubric; never the author's name, unit or block; another judge's essay is a 404."""

import hashlib
import io
import re
import zipfile

import docx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from backend.blobs import service as blobs
from backend.clock import utcnow
from backend.essays.models import EssayFormat, EssayVersion
from backend.judging import service as judging
from backend.judging.models import Assignment, BlindCode, ScoreRecord
from tests.factories import api_token, csrf_of, make_author, make_essay, sign_in
from tests.judging.conftest import close, forward, judges_of

AUTHOR = "Lương Thị Hồng Nhung"
PHONE = "+84918765432"
ORIGINAL_NAME = "Bai du thi cua Nhung - Ben Nghe.docx"
XDOCX = "application/vnd.openxmlformats"
SECRETS = (AUTHOR, "Phường Bến Nghé", "Quận 1", "Khối Quận, huyện", "918765432", ORIGINAL_NAME,
           "Hồng Nhung")
BODY = "Dân vận khéo ở khu phố: tổ dân phố họp mỗi tháng để bàn việc chung."


def a_docx(text: str, author: str = "") -> bytes:
    """A .docx written by python-docx whose core properties carry `author`."""
    document = docx.Document()
    document.add_paragraph(text)
    document.core_properties.author = author
    document.core_properties.last_modified_by = author
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def unpacked(data: bytes) -> str:
    """Every part of a .docx, decoded: what any reader of the file could find."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace")
                         for name in archive.namelist())


def store(session, settings, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    blobs.put_blob(session=session, content=data, sha256=digest, size=len(data),
                   settings=settings)
    return digest


@pytest.fixture
def judged(session, settings, writing, tree):
    """An essay by Lương Thị Hồng Nhung of Phường Bến Nghé, uploaded as a .docx whose
    properties name her, with its blind copy; judged by two party-block judges."""
    author = make_author(session, writing.competition, tree["Q1-BN"], full_name=AUTHOR,
                         phone=PHONE)
    essay = make_essay(session, writing.competition, tree["Q1-BN"], author=author, text=BODY,
                       title="Tổ dân phố đồng lòng")
    version = session.exec(select(EssayVersion).where(EssayVersion.essay_id == essay.id)).one()
    original = a_docx(BODY, author=AUTHOR)
    version.format, version.filename = EssayFormat.DOCX, ORIGINAL_NAME
    version.sha256 = store(session, settings, original)
    version.blind_sha256 = store(session, settings, a_docx(BODY))
    session.add(version)
    session.commit()
    judges = judges_of(session, settings, writing, tree, {"gk.duk": "DUK", "gk.duk2": "DUK-CB",
                                                          "gk.doan": "TDOAN"})
    forward(session, writing.city, [essay])
    close(session, writing.city)
    judging.start_judging(session=session, level_id=writing.city.id, actor_id=None,
                          now=utcnow())
    mine = session.exec(select(Assignment).where(
        Assignment.judge_id == judges["gk.duk"].id)).one()
    code = session.exec(select(BlindCode.code)).one()
    assert AUTHOR in unpacked(original)  # the uploaded file does name her
    session.commit()  # end the reads: on SQLite they hold the write lock
    return mine, code, judges


def crawl(client: TestClient, start: str) -> dict:
    """Every page and file reachable from `start` by the judge's links, by path."""
    found, queue = {}, [start]
    while queue:
        path = queue.pop()
        if path in found:
            continue
        found[path] = client.get(path)
        if found[path].headers["content-type"].startswith("text/html"):
            queue += re.findall(r'href="(/(?:giam-khao|api)[^"#?]*)"', found[path].text)
    return found


def judge_browser(app, username: str) -> TestClient:
    client = TestClient(app)
    assert sign_in(client, username).status_code == 303
    client.csrf = csrf_of(client, "/giam-khao")
    return client


def test_nothing_a_judge_can_open_names_the_author_their_unit_or_block(app, session, judged):
    mine, code, _ = judged
    criteria = [c.id for c in judging.criteria_of(session=session, competition_id=1)]
    session.commit()
    client = judge_browser(app, "gk.duk")
    api = api_token(TestClient(app), "gk.duk")

    pages = crawl(client, "/giam-khao")
    listing = pages["/giam-khao"]
    scored = client.post(f"/giam-khao/bai/{mine.id}", data={
        "csrf_token": client.csrf, "criterion": criteria,
        "points": ["40", "15", "10", "7,5", "4"]}, follow_redirects=True)
    calls = [client.get("/api/v1/judging/assignments", headers=api),
             client.get(f"/api/v1/judging/assignments/{mine.id}", headers=api)]
    file_url = calls[1].json()["file_url"]
    downloads = [pages[f"/giam-khao/bai/{mine.id}/tep"],
                 client.get(file_url, headers=api)]

    assert set(pages) == {"/giam-khao", f"/giam-khao/bai/{mine.id}",
                          f"/giam-khao/bai/{mine.id}/tep"}
    assert scored.status_code == 200
    assert "Đã lưu điểm." in scored.text
    assert all(r.status_code == 200 for r in [listing, *pages.values(), *calls, *downloads])
    texts = [r for r in [*pages.values(), scored, *calls]
             if not r.headers["content-type"].startswith(XDOCX)]
    assert len(texts) == 5
    for response in texts:
        assert code in response.text
        assert [s for s in SECRETS if s in response.text] == []
    for download in downloads:
        assert download.headers["content-disposition"] == f'attachment; filename="{code}.docx"'
        assert AUTHOR.encode() not in download.content
        assert [s for s in SECRETS if s in unpacked(download.content)] == []
        assert BODY in unpacked(download.content)


def test_the_essay_page_shows_code_title_text_rubric_and_history(app, session, judged):
    mine, code, judges = judged
    client = judge_browser(app, "gk.duk")
    criteria = judging.criteria_of(session=session, competition_id=1)
    judging.record_score(session=session, assignment_id=mine.id,
                         judge_user_id=judges["gk.duk"].user_id,
                         points={c.id: 5 for c in criteria}, reason="", now=utcnow())

    page = client.get(f"/giam-khao/bai/{mine.id}")

    assert page.status_code == 200
    assert f"Bài {code}" in page.text
    assert "Tổ dân phố đồng lòng" in page.text
    assert BODY in page.text
    assert "Nội dung (tối đa 50 điểm)" in page.text
    assert "25 điểm" in page.text  # the history
    assert "Lý do sửa điểm (bắt buộc)" in page.text


def test_a_file_whose_text_is_not_read_yet_sends_the_judge_to_the_file(app, session,
                                                                        judged):
    mine, _, _ = judged
    version = session.exec(select(EssayVersion)).one()
    version.text = ""
    session.add(version)
    session.commit()

    page = judge_browser(app, "gk.duk").get(f"/giam-khao/bai/{mine.id}")

    assert ("Chưa có văn bản trích xuất của bài này; hãy tải tệp để đọc."
            in page.text.replace("\n", ""))


def test_a_change_without_a_reason_is_refused_on_the_page(app, session, judged):
    mine, _, judges = judged
    client = judge_browser(app, "gk.duk")
    criteria = judging.criteria_of(session=session, competition_id=1)
    judging.record_score(session=session, assignment_id=mine.id,
                         judge_user_id=judges["gk.duk"].user_id,
                         points={c.id: 5 for c in criteria}, reason="", now=utcnow())

    answer = client.post(f"/giam-khao/bai/{mine.id}", data={
        "csrf_token": client.csrf, "criterion": [c.id for c in criteria],
        "points": ["6", "5", "5", "5", "5"]})

    assert answer.status_code == 422
    assert "Hãy ghi lý do sửa điểm" in answer.text
    assert len(session.exec(select(ScoreRecord)).all()) == 1


@pytest.mark.parametrize("path", ["/giam-khao/bai/{id}", "/giam-khao/bai/{id}/tep",
                                  "/api/v1/judging/assignments/{id}",
                                  "/api/v1/judging/assignments/{id}/file"])
def test_another_judges_essay_is_not_found(app, judged, path):
    mine, code, _ = judged
    client = judge_browser(app, "gk.doan")
    headers = api_token(TestClient(app), "gk.doan") if path.startswith("/api/") else {}

    answer = client.get(path.format(id=mine.id), headers=headers)
    missing = client.get(path.format(id=mine.id + 1000), headers=headers)

    assert answer.status_code == missing.status_code == 404
    assert "Không tìm thấy bài được giao này" in answer.text
    assert code not in answer.text
    assert "Tổ dân phố" not in answer.text


def test_a_judge_scores_over_the_api_and_a_change_keeps_both(client, session, judged):
    mine, _, _ = judged
    api = api_token(client, "gk.duk")
    criteria = judging.criteria_of(session=session, competition_id=1)
    session.commit()

    first = client.post(f"/api/v1/judging/assignments/{mine.id}/scores", headers=api,
                        json={"points": {str(c.id): 5 for c in criteria}})
    again = client.post(f"/api/v1/judging/assignments/{mine.id}/scores", headers=api,
                        json={"points": {str(c.id): 4 for c in criteria}})
    changed = client.post(f"/api/v1/judging/assignments/{mine.id}/scores", headers=api,
                          json={"points": {str(c.id): 4 for c in criteria},
                                "reason": "Chấm lại sau khi đọc kỹ"})

    assert (first.status_code, first.json()["total"]) == (201, 25)
    assert again.status_code == 422
    assert again.json()["detail"].startswith("Hãy ghi lý do sửa điểm")
    assert (changed.status_code, changed.json()["total"]) == (201, 20)
    history = client.get(f"/api/v1/judging/assignments/{mine.id}", headers=api).json()["history"]
    assert [(h["total"], h["reason"]) for h in history] == [(25, ""),
                                                            (20, "Chấm lại sau khi đọc kỹ")]

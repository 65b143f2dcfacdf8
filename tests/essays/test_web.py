"""Essays through the app: officers' pages and the API, authors' own pages, hostile files
refused with nothing stored, downloads only as attachments to those allowed."""

import time

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select, update

from backend.accounts.models import Role
from backend.blobs.models import StoredBlob
from backend.essays.extraction import extract_pending_texts
from backend.essays.models import Essay, EssayAuthor, EssayVersion
from backend.units.models import Unit
from tests.factories import (
    api_token,
    csrf_of,
    make_user,
    make_writing_competition,
    sign_in,
    visible_text,
)
from tests.uploads.builders import (
    docx_bytes,
    docx_plus,
    exe_bytes,
    pdf_bytes,
    with_javascript_on_open,
    zip_bomb_docx,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
AUTHOR = {"full_name": "Nguyễn Thị Hoa", "birth_year": "1985", "gender": "nu",
          "position": "Chuyên viên", "phone": "0912000111", "id_number": "079185000123",
          "bank_account": "0071000123456", "bank_name": "Vietcombank"}


def counts(database) -> tuple[int, int, int]:
    """Essays, versions and stored files, as committed."""
    with database.scope(write=False) as fresh:
        return tuple(fresh.exec(select(func.count()).select_from(model)).one()
                     for model in (Essay, EssayVersion, StoredBlob))


@pytest.fixture
def competition(session, tree):
    made, _ = make_writing_competition(session)
    session.commit()  # end the read: on SQLite this session would hold the write lock
    return made


def api_submit(client, headers, competition, unit, *, data: bytes | None = None,
               filename="Bài dự thi số 1.docx", title="Dân vận khéo ở phường", **fields):
    form = {**AUTHOR, "unit_id": str(unit.id), "title": title, **fields}
    files = {"file": (filename, data if data is not None else docx_bytes(), DOCX)}
    return client.post(f"/api/v1/writing/{competition.id}/essays", data=form,
                       files=files if "text" not in fields else None, headers=headers)


def test_an_officer_submits_through_the_page_and_reads_the_essay(officer_client, competition,
                                                                 tree, database):
    form = {**AUTHOR, "unit_id": str(tree["Q1-BN"].id), "title": "Dân vận khéo ở phường",
            "text": "Lắng nghe dân, hiểu dân, làm cho dân tin <script>alert(1)</script>.",
            "csrf_token": officer_client.csrf}

    sent = officer_client.post(f"/cuoc-thi-viet/{competition.id}/bai-viet/nop", data=form,
                               follow_redirects=False)
    page = officer_client.get(sent.headers["location"])

    assert sent.status_code == 303
    assert "Đã nhận bài." in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)" not in page.text
    assert "Lắng nghe dân, hiểu dân" in visible_text(page.text)
    assert counts(database) == (1, 1, 0)


def test_the_list_masks_personal_data_unless_allowed(client, session, settings, competition,
                                                     tree, officer, organiser_api):
    assert api_submit(client, organiser_api, competition, tree["Q1-BN"]).status_code == 201
    trusted = make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.tin",
                        unit=tree["Q1"], personal_data=True)
    session.commit()

    masked = client.get(f"/api/v1/writing/{competition.id}/essays",
                        headers=api_token(client, officer.username)).json()["essays"][0]
    full = client.get(f"/api/v1/writing/{competition.id}/essays",
                      headers=api_token(client, trusted.username)).json()["essays"][0]

    assert masked["author"] | {"full_name": "Nguyễn Thị Hoa"} == masked["author"]
    assert (masked["author"]["phone"], masked["author"]["id_number"],
            masked["author"]["bank_account"]) == ("091****111", "079******123", "****456")
    assert (full["author"]["phone"], full["author"]["id_number"],
            full["author"]["bank_account"]) == ("0912 000 111", "079185000123", "0071000123456")
    sign_in(client, officer.username)
    page = client.get(f"/cuoc-thi-viet/{competition.id}/bai-viet?q=dân vận")
    assert "091****111" in page.text
    assert "0912000111" not in page.text


def test_an_officer_of_another_district_is_refused_with_the_reason(client, session, settings,
                                                                   competition, tree, database):
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q3", unit=tree["Q3"])
    session.commit()

    answer = api_submit(client, api_token(client, "canbo.q3"), competition, tree["Q1-BN"])

    assert answer.status_code == 403
    assert answer.json()["detail"] == (
        "Bạn không có quyền nộp bài cho đơn vị “Phường Bến Nghé”: tài khoản của bạn chỉ quản "
        "lý Quận 3 và các đơn vị trực thuộc.")
    assert counts(database) == (0, 0, 0)


def test_an_officer_of_another_district_cannot_read_or_download(client, session, settings,
                                                                competition, tree,
                                                                organiser_api):
    essay = api_submit(client, organiser_api, competition, tree["Q1-BN"]).json()
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q3", unit=tree["Q3"])
    session.commit()
    other = api_token(client, "canbo.q3")

    shown = client.get(f"/api/v1/writing/essays/{essay['id']}", headers=other)
    file = client.get(f"/api/v1/writing/essays/{essay['id']}/versions/1/file", headers=other)
    listed = client.get(f"/api/v1/writing/{competition.id}/essays", headers=other).json()

    assert (shown.status_code, file.status_code) == (403, 403)
    assert "không có quyền xem bài viết này" in file.json()["detail"]
    assert listed["total"] == 0


HOSTILE = {
    "zip_bomb": (lambda: zip_bomb_docx(60), "bai.docx"),
    "exe_as_pdf": (exe_bytes, "bai.pdf"),
    "macro": (lambda: docx_plus(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")), "bai.docx"),
    "javascript": (lambda: pdf_bytes(setup=with_javascript_on_open), "bai.pdf"),
    "empty": (lambda: b"", "bai.docx"),
    "path_traversal": (lambda: docx_plus(("../../etc/passwd", b"x")), "bai.docx"),
}


@pytest.mark.parametrize(("case", "reason", "says"), [
    ("zip_bomb", "zip_bomb", "giải nén"),
    ("exe_as_pdf", "type_mismatch", "tệp chương trình (.exe)"),
    ("macro", "macro", "macro"),
    ("javascript", "javascript", "JavaScript"),
    ("empty", "empty", "rỗng (0 byte)"),
    ("path_traversal", "path_escape", ""),
])
def test_every_bad_file_is_refused_with_its_reason_and_nothing_stored(
        client, competition, tree, organiser_api, database, case, reason, says):
    build, filename = HOSTILE[case]

    answer = api_submit(client, organiser_api, competition, tree["Q1-BN"], data=build(),
                        filename=filename)

    assert answer.status_code == 422, answer.text
    assert answer.json()["reason"] == reason
    assert answer.json()["detail"].startswith(f"Tệp “{filename}”")
    assert says in answer.json()["detail"]
    assert counts(database) == (0, 0, 0)


def test_a_21_mb_file_is_refused_and_nothing_stored(client, competition, tree, organiser_api,
                                                    database):
    answer = api_submit(client, organiser_api, competition, tree["Q1-BN"],
                        data=docx_bytes() + bytes(21 * 1024 * 1024))

    assert answer.status_code == 413
    assert answer.json()["detail"].startswith("Tệp bài dự thi lớn hơn 20 MB, quá giới hạn cho "
                                              "phép; chưa có gì được lưu.")
    assert counts(database) == (0, 0, 0)


def test_only_essay_routes_take_files_past_the_app_wide_cap(client, competition, tree,
                                                            organiser_api):
    big = bytes(6 * 1024 * 1024)

    elsewhere = client.post("/api/v1/units/import", files={"file": ("don-vi.xlsx", big)},
                            headers=organiser_api)
    essay = api_submit(client, organiser_api, competition, tree["Q1-BN"], data=big)

    assert elsewhere.status_code == 413
    assert "tối đa 5.120 KB" in elsewhere.json()["detail"]
    assert essay.status_code == 422  # past the body cap, refused by inspection for its content
    assert essay.json()["reason"] != "too_large"


def test_duplicates_are_refused_with_409(client, competition, tree, organiser_api, database):
    data = docx_bytes()  # once: a .docx built a second later differs in its zip's timestamps
    first = api_submit(client, organiser_api, competition, tree["Q1-BN"], data=data)
    same_file = api_submit(client, organiser_api, competition, tree["Q1-BT"], title="Bài khác",
                           data=data,
                           full_name="Trần Văn Nam", phone="0912000222", id_number="",
                           gender="nam")
    same_title = api_submit(client, organiser_api, competition, tree["Q1-BN"],
                            data=docx_bytes("Một bài khác hẳn."))

    assert first.status_code == 201
    assert (same_file.status_code, same_title.status_code) == (409, 409)
    assert same_file.json()["detail"] == ("Tệp này đã được nộp cho bài “Dân vận khéo ở phường” "
                                          "(đơn vị Phường Bến Nghé).")
    assert same_title.json()["code"] == "duplicate_title"
    assert counts(database)[:2] == (1, 1)


def test_after_the_window_nothing_is_received(client, clock, competition, tree, organiser,
                                              database):
    clock.advance(days=7)

    answer = api_submit(client, api_token(client, organiser.username), competition,
                        tree["Q1-BN"])

    assert answer.status_code == 422
    assert answer.json()["code"] == "window_closed"
    assert counts(database) == (0, 0, 0)


def test_a_download_is_the_original_file_as_an_attachment(client, competition, tree,
                                                          organiser_api):
    data = docx_bytes()
    essay = api_submit(client, organiser_api, competition, tree["Q1-BN"], data=data,
                       filename="Bài dự thi số 1.docx").json()

    file = client.get(f"/api/v1/writing/essays/{essay['id']}/versions/1/file",
                      headers=organiser_api)

    assert file.content == data
    assert file.headers["content-type"] == DOCX
    assert file.headers["x-content-type-options"] == "nosniff"
    assert file.headers["content-disposition"] == (
        "attachment; filename=\"Bai du thi so 1.docx\"; "
        "filename*=UTF-8''B%C3%A0i%20d%E1%BB%B1%20thi%20s%E1%BB%91%201.docx")


def test_versions_are_listed_with_size_and_digest(client, competition, tree, organiser_api):
    essay = api_submit(client, organiser_api, competition, tree["Q1-BN"]).json()
    second = pdf_bytes("Ban sua lan hai")

    sent = client.post(f"/api/v1/writing/essays/{essay['id']}/versions",
                       files={"file": ("ban-sua.pdf", second, "application/pdf")},
                       headers=organiser_api)
    listed = client.get(f"/api/v1/writing/essays/{essay['id']}/versions",
                        headers=organiser_api).json()

    assert sent.status_code == 201
    assert [(v["number"], v["format"], v["size"]) for v in listed] == [
        (1, "docx", len(docx_bytes())), (2, "pdf", len(second))]
    assert all(len(v["sha256"]) == 64 for v in listed)


def author_browser(app, competition, tree, **fields) -> TestClient:
    client = TestClient(app)
    token = csrf_of(client, f"/cuoc-thi-viet/{competition.id}/tac-gia/dang-ky")
    form = {**AUTHOR, "unit_id": str(tree["Q1-BN"].id), "password": "mat-khau-tac-gia",
            "csrf_token": token, **fields}
    answer = client.post(f"/cuoc-thi-viet/{competition.id}/tac-gia/dang-ky", data=form,
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    client.csrf = csrf_of(client, f"/cuoc-thi-viet/{competition.id}/tac-gia")
    return client


def test_an_author_signs_up_submits_and_sees_only_their_essays(app, client, competition,
                                                               tree, organiser_api, database):
    api_submit(client, organiser_api, competition, tree["Q1-BT"], full_name="Trần Văn Nam",
               phone="0912000222", id_number="", gender="nam", title="Bài của người khác")
    author = author_browser(app, competition, tree)

    sent = author.post(f"/cuoc-thi-viet/{competition.id}/tac-gia/nop",
                       data={"title": "Bài của tôi", "csrf_token": author.csrf},
                       files={"file": ("bai.docx", docx_bytes("Bài của tôi."), DOCX)},
                       follow_redirects=False)
    home = author.get(sent.headers["location"])

    assert "Đã nhận bài." in home.text
    assert "Bài của tôi" in home.text
    assert "Bài của người khác" not in home.text
    assert "Đang đếm" in home.text
    others = author.get(f"/cuoc-thi-viet/{competition.id}/tac-gia/bai/1")  # Trần Văn Nam's
    assert others.status_code == 403
    staff_page = author.get(f"/cuoc-thi-viet/{competition.id}/bai-viet", follow_redirects=False)
    assert staff_page.headers["location"] == (
        f"/dang-nhap?next=/cuoc-thi-viet/{competition.id}/bai-viet")


def test_an_author_claims_what_their_unit_entered(app, client, session, competition, tree,
                                                  organiser_api):
    api_submit(client, organiser_api, competition, tree["Q1-BN"])

    author = author_browser(app, competition, tree)
    home = author.get(f"/cuoc-thi-viet/{competition.id}/tac-gia")

    assert "Dân vận khéo ở phường" in home.text
    assert session.exec(select(func.count()).select_from(EssayAuthor)).one() == 1


def test_a_claim_with_another_birth_year_is_refused(app, client, competition, tree,
                                                    organiser_api):
    api_submit(client, organiser_api, competition, tree["Q1-BN"])
    stranger = TestClient(app)
    token = csrf_of(stranger, f"/cuoc-thi-viet/{competition.id}/tac-gia/dang-ky")

    answer = stranger.post(f"/cuoc-thi-viet/{competition.id}/tac-gia/dang-ky", data={
        **AUTHOR, "birth_year": "1990", "id_number": "", "unit_id": str(tree["Q1-BN"].id),
        "password": "mat-khau-tac-gia", "csrf_token": token})

    assert answer.status_code == 409
    assert "họ tên hoặc năm sinh khác" in answer.text


def test_an_author_signs_in_with_phone_and_password_through_the_api(app, client, competition,
                                                                    tree):
    author_browser(app, competition, tree)

    wrong = client.post(f"/api/v1/writing/{competition.id}/authors/login",
                        json={"phone": "0912000111", "password": "sai-mat-khau"})
    right = client.post(f"/api/v1/writing/{competition.id}/authors/login",
                        json={"phone": "0912 000 111", "password": "mat-khau-tac-gia"})
    headers = {"Authorization": f"Bearer {right.json()['token']}"}
    sent = client.post(f"/api/v1/writing/{competition.id}/essays",
                       data={"title": "Bài gõ", "text": "Dân vận khéo. " * 10}, headers=headers)

    assert wrong.status_code == 422
    assert wrong.json()["detail"] == "Số điện thoại hoặc mật khẩu không đúng."
    assert sent.status_code == 201, sent.text
    assert (sent.json()["author"]["phone"], sent.json()["word_count"]) == ("0912 000 111", 30)


def test_an_author_withdraws_with_a_reason_and_the_essay_stays_listed(app, competition, tree):
    author = author_browser(app, competition, tree)
    author.post(f"/cuoc-thi-viet/{competition.id}/tac-gia/nop",
                data={"title": "Bài gõ", "text": "Dân vận khéo. " * 10, "csrf_token": author.csrf})
    base = f"/cuoc-thi-viet/{competition.id}/tac-gia/bai/1"

    refused = author.post(f"{base}/rut", data={"reason": "", "csrf_token": author.csrf})
    done = author.post(f"{base}/rut", data={"reason": "Tôi muốn sửa lại",
                                            "csrf_token": author.csrf})

    assert refused.status_code == 422
    assert "Hãy ghi lý do rút bài." in refused.text
    assert "Bài đã được rút" in done.text
    assert "Tôi muốn sửa lại" in done.text
    assert "Đã rút" in author.get(f"/cuoc-thi-viet/{competition.id}/tac-gia").text


def test_a_word_count_outside_the_limits_is_flagged_on_the_list(client, session, tree,
                                                                 organiser_api):
    competition, _ = make_writing_competition(session, min_words=5, max_words=50)
    session.commit()
    api_submit(client, organiser_api, competition, tree["Q1-BN"])
    session.exec(select(Essay)).one().word_count = 900  # as extraction would count it
    session.commit()

    listed = client.get(f"/api/v1/writing/{competition.id}/essays",
                        headers=organiser_api).json()

    assert listed["essays"][0]["word_problem"] == "Nhiều hơn 50 chữ theo thể lệ"


def test_a_signed_out_author_page_leads_to_the_authors_sign_in(client, competition):
    answer = client.get(f"/cuoc-thi-viet/{competition.id}/tac-gia", follow_redirects=False)

    assert answer.headers["location"] == (f"/cuoc-thi-viet/{competition.id}/tac-gia/dang-nhap"
                                          f"?next=/cuoc-thi-viet/{competition.id}/tac-gia")


def test_the_essay_page_shows_the_extracted_text_and_flags_the_word_count(
        client, session, database, tree, organiser_api, organiser):
    competition, _ = make_writing_competition(session, min_words=50)
    session.commit()
    essay = api_submit(client, organiser_api, competition, tree["Q1-BN"],
                       data=docx_bytes("Bài ngắn <b>in đậm</b> về dân vận.")).json()

    extract_pending_texts(database=database, seconds=60)
    sign_in(client, organiser.username)
    page = client.get(f"/bai-viet/{essay['id']}").text

    assert "Bài ngắn &lt;b&gt;in đậm&lt;/b&gt; về dân vận." in page
    assert "Ít hơn 50 chữ theo thể lệ" in page
    assert "Số chữ 7" in visible_text(page)


def test_an_authors_token_does_not_submit_into_another_competition(app, client, session,
                                                                   competition, tree):
    author_browser(app, competition, tree)
    other, _ = make_writing_competition(session, title="Cuộc thi viết khác")
    session.commit()
    token = client.post(f"/api/v1/writing/{competition.id}/authors/login",
                        json={"phone": "0912000111", "password": "mat-khau-tac-gia"}).json()

    answer = client.post(f"/api/v1/writing/{other.id}/essays",
                         data={"title": "Bài gõ", "text": "Dân vận khéo. " * 10},
                         headers={"Authorization": f"Bearer {token['token']}"})

    assert answer.status_code == 403
    assert answer.json()["detail"] == ("Bạn không có quyền nộp bài vào cuộc thi này: tài khoản "
                                       "tác giả của bạn thuộc cuộc thi khác.")


def test_the_list_filters_by_unit_and_finds_by_title_or_author(client, competition, tree,
                                                               organiser_api):
    api_submit(client, organiser_api, competition, tree["Q1-BN"])
    api_submit(client, organiser_api, competition, tree["Q3-VTS"], title="Phường Võ Thị Sáu",
               full_name="Lê Văn Tám", phone="0912000333", id_number="", gender="nam",
               data=docx_bytes("Bài của Quận 3."))
    base = f"/api/v1/writing/{competition.id}/essays"

    def titles(query: str) -> list[str]:
        found = client.get(f"{base}?{query}", headers=organiser_api).json()
        return [e["title"] for e in found["essays"]]

    assert titles(f"unit_id={tree['Q3'].id}") == ["Phường Võ Thị Sáu"]
    assert titles(f"unit_id={tree['Q1'].id}") == ["Dân vận khéo ở phường"]
    assert titles("q=lê văn") == ["Phường Võ Thị Sáu"]
    assert titles("q=DÂN VẬN") == ["Dân vận khéo ở phường"]


def test_a_hostile_file_is_judged_while_another_writer_holds_the_database(
        client, session, competition, tree, organiser_api, is_postgres):
    """Inspection runs before the use case's transaction: a writer holding SQLite's write
    lock (and the process's writer lock) does not delay the refusal."""
    if is_postgres:
        pytest.skip("SQLite's single writer is what this is about")
    session.execute(update(Unit).where(Unit.id == tree["Q1"].id).values(headcount=2400))
    started = time.monotonic()

    answer = api_submit(client, organiser_api, competition, tree["Q1-BN"],
                        data=zip_bomb_docx(60), filename="bai.docx")

    session.rollback()
    assert answer.status_code == 422
    assert answer.json()["reason"] == "zip_bomb"
    assert time.monotonic() - started < 5

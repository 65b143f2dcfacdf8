"""Submitting an essay: by its author or an officer of the author's unit, within the
window, once per file and per author and title; every version kept."""

import io
from datetime import timedelta

import docx
import pytest
from sqlmodel import select

from backend.accounts.models import Role
from backend.blobs.models import StoredBlob
from backend.blobs.service import read_blob
from backend.clock import utcnow
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.essays import service
from backend.essays.models import Essay, EssayAuthor, EssayFormat, EssayVersion, TextState
from tests.essays.conftest import details, inspected
from tests.factories import make_user, make_writing_competition
from tests.uploads.builders import docx_bytes, pdf_bytes

TEXT = "Dân vận khéo là biết lắng nghe dân, hiểu dân và làm cho dân tin. " * 5


def submit(session, settings, competition, unit, *, actor=None, title="Dân vận khéo ở phường",
           upload=None, text=None, now=None, **author):
    return service.submit_essay(
        session=session, settings=settings, competition_id=competition.id,
        author=details(unit, **author), title=title, upload=upload,
        filename="Bài dự thi.docx" if upload else "", text=text, actor=actor,
        now=now or utcnow())


def test_an_officer_submits_a_file_for_an_author_of_their_unit(session, settings, competition,
                                                               tree, officer):
    data = docx_bytes()
    essay = submit(session, settings, competition, tree["Q1-BN"], actor=officer,
                   upload=inspected(data), phone="0912 000 111", id_number="079185000123")

    author = session.get(EssayAuthor, essay.author_id)
    version = session.exec(select(EssayVersion).where(EssayVersion.essay_id == essay.id)).one()
    assert (author.full_name, author.phone, author.id_number, author.password_hash) == (
        "Nguyễn Thị Hoa", "+84912000111", "079185000123", None)
    assert (essay.format, essay.unit_id, essay.submitted_by, essay.version_count) == (
        EssayFormat.DOCX, tree["Q1-BN"].id, officer.id, 1)
    assert (version.number, version.text_state, version.filename, version.size) == (
        1, TextState.PENDING, "Bài dự thi.docx", len(data))
    assert read_blob(session=session, sha256=version.sha256, settings=settings) == data
    assert version.blind_sha256 is not None


def test_typed_text_is_counted_at_once(session, settings, competition, tree):
    essay = submit(session, settings, competition, tree["Q1-BN"], text=TEXT)

    version = session.exec(select(EssayVersion).where(EssayVersion.essay_id == essay.id)).one()
    assert (essay.format, essay.word_count, version.text_state) == (
        EssayFormat.ONLINE, 75, TextState.DONE)
    assert version.text == TEXT.strip()


def test_typed_text_outside_the_word_limits_is_refused(session, settings, tree):
    competition, _ = make_writing_competition(session, min_words=100, max_words=2000)

    with pytest.raises(InvalidInput) as refused:
        submit(session, settings, competition, tree["Q1-BN"], text=TEXT)

    assert refused.value.message == "Bài viết có 75 chữ; thể lệ yêu cầu từ 100 đến 2000 chữ."


def test_an_officer_of_another_district_is_refused(session, settings, competition, tree):
    other = make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q3",
                      unit=tree["Q3"])

    with pytest.raises(Forbidden) as refused:
        submit(session, settings, competition, tree["Q1-BN"], actor=other, text=TEXT)

    assert refused.value.message == (
        "Bạn không có quyền nộp bài cho đơn vị “Phường Bến Nghé”: tài khoản của bạn chỉ quản "
        "lý Quận 3 và các đơn vị trực thuộc.")
    assert session.exec(select(Essay)).all() == []


def test_the_same_file_twice_is_refused_saying_where_it_went(session, settings, competition,
                                                              tree, officer):
    data = docx_bytes()
    submit(session, settings, competition, tree["Q1-BN"], actor=officer, upload=inspected(data))

    with pytest.raises(Conflict) as refused:
        submit(session, settings, competition, tree["Q1-BT"], actor=officer,
               upload=inspected(data), name="Trần Văn Nam", phone="0912000222",
               title="Một bài khác")

    assert refused.value.message == ("Tệp này đã được nộp cho bài “Dân vận khéo ở phường” "
                                      "(đơn vị Phường Bến Nghé).")
    assert refused.value.code == "duplicate_file"
    session.commit()  # as bulk intake goes on to its next row: nothing of the refusal is kept
    assert len(session.exec(select(Essay)).all()) == 1
    assert [a.full_name for a in session.exec(select(EssayAuthor))] == ["Nguyễn Thị Hoa"]


@pytest.mark.parametrize("sender", ["officer of Quận 3", "another author"])
def test_the_same_file_from_outside_the_essays_reach_is_refused_without_naming_it(
        session, settings, competition, tree, officer, sender):
    data = docx_bytes()
    submit(session, settings, competition, tree["Q1-BN"], actor=officer, upload=inspected(data))
    actor = make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q3",
                      unit=tree["Q3"]) if sender.startswith("officer") else None

    with pytest.raises(Conflict) as refused:
        submit(session, settings, competition, tree["Q3-VTS"], actor=actor,
               upload=inspected(data), name="Trần Văn Nam", phone="0912000222",
               title="Một bài khác")

    assert refused.value.message == ("Tệp này đã được nộp cho một bài khác trong cuộc thi; mỗi "
                                      "tệp chỉ dự thi một lần.")
    assert (refused.value.code, refused.value.extra) == ("duplicate_file", {})


def test_the_same_author_and_title_twice_is_refused(session, settings, competition, tree):
    submit(session, settings, competition, tree["Q1-BN"], text=TEXT)

    with pytest.raises(Conflict) as refused:
        submit(session, settings, competition, tree["Q1-BN"], text=TEXT + " Thêm.",
               title="  dân vận KHÉO ở phường ")

    assert refused.value.message == ("Tác giả Nguyễn Thị Hoa đã nộp bài “Dân vận khéo ở phường” "
                                      "trong cuộc thi này.")
    assert refused.value.code == "duplicate_title"


def test_a_phone_already_given_for_someone_else_is_refused(session, settings, competition, tree):
    submit(session, settings, competition, tree["Q1-BN"], text=TEXT)

    with pytest.raises(Conflict) as refused:
        submit(session, settings, competition, tree["Q1-BN"], text=TEXT, title="Bài khác",
               name="Lê Văn Tám")

    assert "đã được khai cho tác giả khác (Nguyễn Thị Hoa)" in refused.value.message


def test_after_the_window_closes_nothing_is_received(session, settings, competition, tree):
    with pytest.raises(InvalidInput) as refused:
        submit(session, settings, competition, tree["Q1-BN"], text=TEXT,
               now=utcnow() + timedelta(days=7))

    assert refused.value.code == "window_closed"
    assert refused.value.message == ("Cấp đơn vị của “Cuộc thi viết Dân vận khéo” không trong "
                                      "thời gian nhận bài nên bài viết chưa được nhận.")


def test_a_format_the_competition_does_not_take_is_refused(session, settings, tree):
    competition, _ = make_writing_competition(session, formats=("docx",))

    with pytest.raises(InvalidInput) as refused:
        submit(session, settings, competition, tree["Q1-BN"], upload=inspected(
            pdf_bytes(), "bai.pdf"))

    assert refused.value.message == ("Cuộc thi không nhận bài dạng PDF; chỉ nhận: "
                                      "Word (.docx).")


@pytest.mark.parametrize(("change", "message"), [
    ({"name": "Hoa 2"}, "Họ và tên chỉ gồm chữ cái tiếng Việt"),
    ({"birth_year": 1850}, "Năm sinh “1850” không hợp lệ"),
    ({"phone": "12345"}, "Số điện thoại “12345” không hợp lệ"),
    ({"id_number": "079085000123"}, "Chữ số thứ 4 của CCCD"),
    ({"bank_account": "12ab"}, "Số tài khoản ngân hàng phải gồm 6 đến 30 chữ số."),
])
def test_author_details_are_checked(session, settings, competition, tree, change, message):
    with pytest.raises(InvalidInput) as refused:
        submit(session, settings, competition, tree["Q1-BN"], text=TEXT, **change)

    assert message in refused.value.message


def test_a_file_and_typed_text_together_are_refused(session, settings, competition, tree):
    with pytest.raises(InvalidInput) as refused:
        submit(session, settings, competition, tree["Q1-BN"], text=TEXT, upload=inspected())

    assert refused.value.message == ("Hãy gửi bài bằng một cách: tải tệp lên hoặc gõ trực "
                                      "tuyến, không cả hai.")


def test_every_version_is_kept_with_its_digest(session, settings, competition, tree, officer):
    first, second = docx_bytes("Bản đầu tiên của bài."), pdf_bytes("Ban sua lan hai")
    essay = submit(session, settings, competition, tree["Q1-BN"], actor=officer,
                   upload=inspected(first))

    version = service.submit_new_version(
        session=session, settings=settings, essay_id=essay.id,
        upload=inspected(second, "ban-sua.pdf"), filename="ban-sua.pdf", actor=None,
        author_id=essay.author_id, now=utcnow())

    versions = session.exec(select(EssayVersion).order_by(EssayVersion.number)).all()
    session.refresh(essay)
    assert [(v.number, v.format, v.size) for v in versions] == [
        (1, EssayFormat.DOCX, len(first)), (2, EssayFormat.PDF, len(second))]
    assert (essay.version_count, essay.format, essay.file_sha256) == (
        2, EssayFormat.PDF, version.sha256)
    assert read_blob(session=session, sha256=versions[0].sha256, settings=settings) == first
    assert session.get(StoredBlob, versions[1].sha256).size == len(second)


def test_someone_else_cannot_send_a_version_or_withdraw(session, settings, competition, tree):
    essay = submit(session, settings, competition, tree["Q1-BN"], text=TEXT)

    with pytest.raises(Forbidden):
        service.submit_new_version(session=session, settings=settings, essay_id=essay.id,
                                   upload=None, text=TEXT, actor=None,
                                   author_id=essay.author_id + 1, now=utcnow())
    with pytest.raises(Forbidden):
        service.withdraw_essay(session=session, essay_id=essay.id, reason="Nhầm",
                               actor=None, author_id=essay.author_id + 1, now=utcnow())


def test_a_withdrawal_needs_a_reason_and_is_kept(session, settings, competition, tree, officer):
    essay = submit(session, settings, competition, tree["Q1-BN"], text=TEXT)

    with pytest.raises(InvalidInput) as refused:
        service.withdraw_essay(session=session, essay_id=essay.id, reason="  ", actor=officer,
                               now=utcnow())
    assert refused.value.message == "Hãy ghi lý do rút bài."
    withdrawn = service.withdraw_essay(session=session, essay_id=essay.id,
                                       reason="Tác giả xin rút", actor=officer, now=utcnow())

    assert (withdrawn.withdrawn_reason, withdrawn.withdrawn_by) == ("Tác giả xin rút",
                                                                     officer.id)
    with pytest.raises(Conflict):
        service.submit_new_version(session=session, settings=settings, essay_id=essay.id,
                                   upload=None, text=TEXT, actor=officer, now=utcnow())


def test_judges_copy_of_the_file_names_no_author(session, settings, competition, tree, officer):
    document = docx.Document()
    document.add_paragraph("Bài dự thi về dân vận khéo.")
    document.core_properties.author = "Nguyễn Thị Hoa"
    buffer = io.BytesIO()
    document.save(buffer)

    essay = submit(session, settings, competition, tree["Q1-BN"], actor=officer,
                   upload=inspected(buffer.getvalue()))

    version = session.exec(select(EssayVersion).where(EssayVersion.essay_id == essay.id)).one()
    blind = read_blob(session=session, sha256=version.blind_sha256, settings=settings)
    assert version.blind_sha256 != version.sha256
    assert docx.Document(io.BytesIO(blind)).core_properties.author == ""
    assert "Bài dự thi về dân vận khéo." in blind_text(blind)


def blind_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)

"""The bank pages an organiser uses: what they show, and what their forms change."""

import html
import re

import pytest

from backend.accounts.models import Role
from backend.clock import utcnow
from backend.questions import service
from backend.questions.models import Difficulty
from tests.factories import XLSX, make_user, sign_in
from tests.questions.conftest import stored, take_contest, xlsx


def text_of(response) -> str:
    return html.unescape(response.text)


@pytest.fixture
def base(contest) -> str:
    return f"/quan-ly/cuoc-thi/{contest.id}/cau-hoi"


@pytest.fixture
def bank(session, contest):
    def add(text, topic, difficulty, options=("Đúng", "Sai"), correct=(0,)):
        return service.add_question(
            session=session, contest=contest, actor_id=None, now=utcnow(),
            draft=service.QuestionDraft(text=text, options=list(options), correct=set(correct),
                                        topic=topic, difficulty=difficulty))

    return [add("Bài báo “Dân vận” đăng năm nào?", "Lịch sử", Difficulty.EASY,
                options=("1945", "1949"), correct=(1,)),
            add("Mô hình dân vận khéo là gì?", "Phong trào", Difficulty.HARD),
            add("Ai viết bài “Dân vận”?", "Lịch sử", Difficulty.EASY)]


def question_form(client, **fields) -> dict:
    form = {"csrf_token": client.csrf, "text": "", "options": ["", "", "", "", "", ""],
            "topic": "", "difficulty": "trung_binh", "correct": []}
    form.update(fields)
    return form


def test_bank_page_lists_questions_with_the_key_and_counts_per_topic(organiser_client, base,
                                                                   bank):
    page = text_of(organiser_client.get(base))

    assert "Ngân hàng câu hỏi" in page
    assert "Câu 1." in page
    assert "Bài báo “Dân vận” đăng năm nào?" in page
    assert "1949 <strong class=\"correct\">(đúng)</strong>" in page
    assert "Số câu đang sử dụng theo chủ đề và mức độ" in page
    assert "3 câu hỏi khớp bộ lọc." in page
    assert "Xem thử đề ngẫu nhiên" in page


def test_bank_page_filters_by_unaccented_search_and_difficulty(organiser_client, base, bank):
    page = text_of(organiser_client.get(base, params={"q": "dan van", "difficulty": "de"}))

    assert "2 câu hỏi khớp bộ lọc." in page
    assert "Mô hình dân vận khéo là gì?" not in page


def test_unit_officers_may_not_see_the_bank(client, session, settings, tree, base, bank):
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q1", unit=tree["Q1"])
    sign_in(client, "canbo.q1")

    response = client.get(base)

    assert response.status_code == 403
    assert "Tài khoản của bạn không có quyền thực hiện việc này." in text_of(response)


def test_an_unknown_contest_is_not_found(organiser_client, contest):
    response = organiser_client.get(f"/quan-ly/cuoc-thi/{contest.id + 99}/cau-hoi")

    assert response.status_code == 404
    assert "Không tìm thấy cuộc thi này." in text_of(response)


def test_importing_a_good_file_reports_how_many_were_added(organiser_client, database, base,
                                                           contest):
    data = xlsx([(1, "Câu một", "a", "b", "", "", "A", "", ""),
                 (2, "Câu hai", "a", "b", "c", "", "B, C", "Chủ đề", "khó")])

    response = organiser_client.post(f"{base}/nhap", data={"csrf_token": organiser_client.csrf},
                                     files={"file": ("cau-hoi.xlsx", data, XLSX)})

    assert response.status_code == 200
    assert "Đã nhập xong tệp “cau-hoi.xlsx”: thêm 2 câu hỏi vào ngân hàng." in text_of(response)
    assert len(stored(database, contest.id)["questions"]) == 2


def test_a_refused_import_lists_every_problem_with_row_and_column(organiser_client, database,
                                                                  base, contest):
    data = xlsx([(1, "Câu một", "a", "b", "", "", "C", "", ""),
                 (2, "", "a", "b", "", "", "A", "", "siêu khó")])
    before = stored(database, contest.id)

    response = organiser_client.post(f"{base}/nhap", data={"csrf_token": organiser_client.csrf},
                                     files={"file": ("cau-hoi.xlsx", data, XLSX)})

    page = text_of(response)
    assert response.status_code == 422
    assert "Tệp “cau-hoi.xlsx” có 3 lỗi, chưa có dòng nào được lưu." in page
    assert ("Trang tính “Câu hỏi”, dòng 2, cột “Đáp án (cột G)”: Đáp án C trỏ tới phương án C "
            "đang để trống.") in page
    assert "dòng 3, cột “Câu hỏi (cột B)”: Câu hỏi đang để trống." in page
    assert "dòng 3, cột “Mức độ (cột I)”: Mức độ “siêu khó” không hợp lệ" in page
    assert stored(database, contest.id) == before


def test_adding_through_the_form_stores_the_question(organiser_client, database, base, contest):
    form = question_form(organiser_client, text="Câu hỏi mới?",
                         options=["Một", "Hai", "Ba", "", "", ""], correct=["B", "C"],
                         topic="Lịch sử", difficulty="kho")

    response = organiser_client.post(f"{base}/them", data=form, follow_redirects=False)
    page = text_of(organiser_client.get(response.headers["location"]))

    assert response.status_code == 303
    assert "Đã thêm câu số 1 vào ngân hàng." in page
    assert stored(database, contest.id)["questions"][0][1] == "Câu hỏi mới?"
    assert [o[3] for o in stored(database, contest.id)["options"]] == [False, True, True]


def test_a_refused_form_keeps_what_was_typed_and_says_why(organiser_client, database, base,
                                                          contest):
    form = question_form(organiser_client, text="Câu chưa có đáp án",
                         options=["Một", "Hai", "", "", "", ""])

    response = organiser_client.post(f"{base}/them", data=form, follow_redirects=False)

    page = text_of(response)
    assert response.status_code == 422
    assert "<h1>Thêm câu hỏi</h1>" in page
    assert "Chưa có phương án đúng" in page
    assert 'value="Hai"' in page
    assert "Câu chưa có đáp án</textarea>" in page
    assert stored(database, contest.id)["questions"] == []


def test_editing_through_the_form_saves_the_change(organiser_client, database, base, bank,
                                                   contest):
    target = bank[1].question
    form = question_form(organiser_client, text="Mô hình “Dân vận khéo” là gì?",
                         options=["Cách làm hay", "Khẩu hiệu", "", "", "", ""], correct=["A"],
                         topic="Phong trào", difficulty="trung_binh")

    edit_page = text_of(organiser_client.get(f"{base}/{target.id}/sua"))
    response = organiser_client.post(f"{base}/{target.id}/sua", data=form,
                                     follow_redirects=False)

    assert "<h1>Sửa câu số 2</h1>" in edit_page
    assert "Mô hình dân vận khéo là gì?</textarea>" in edit_page
    assert response.status_code == 303
    assert "Đã lưu thay đổi của câu số 2." in text_of(organiser_client.get(
        response.headers["location"]))
    assert "Mô hình “Dân vận khéo” là gì?" in [q[1] for q in stored(database, contest.id)
                                               ["questions"]]


def test_after_attempts_editing_is_refused_with_what_to_do_instead(organiser_client, session,
                                                                   database, base, bank,
                                                                   contest, tree):
    take_contest(session, contest, tree["Q1"])
    before = stored(database, contest.id)
    form = question_form(organiser_client, text="Đổi nội dung",
                         options=["a", "b", "", "", "", ""], correct=["A"])

    response = organiser_client.post(f"{base}/{bank[0].question.id}/sua", data=form)
    listing = text_of(organiser_client.get(base))

    assert response.status_code == 409
    assert "Hãy cho câu này ngừng sử dụng rồi thêm một câu mới." in text_of(response)
    assert stored(database, contest.id) == before
    assert "Cuộc thi đã có người thi: câu hỏi đã có không sửa được nữa." in listing
    assert f"{base}/{bank[0].question.id}/sua" not in listing


def test_retire_and_reactivate_buttons_keep_the_filters(organiser_client, database, base, bank,
                                                        contest):
    qid = bank[0].question.id

    retired = organiser_client.post(f"{base}/{qid}/ngung-su-dung",
                                    data={"csrf_token": organiser_client.csrf,
                                          "back": "q=dan+van&evil=http://x"},
                                    follow_redirects=False)
    page = text_of(organiser_client.get(retired.headers["location"]))
    after_retire = stored(database, contest.id)["questions"][0][5]
    back = organiser_client.post(f"{base}/{qid}/su-dung-lai",
                                 data={"csrf_token": organiser_client.csrf, "back": ""},
                                 follow_redirects=False)

    assert retired.headers["location"] == f"{base}?q=dan+van&ngung=1"
    assert "Câu số 1 đã ngừng sử dụng: từ nay không được rút vào đề nữa." in page
    assert after_retire is False
    assert back.headers["location"] == f"{base}?dung_lai=1"
    assert stored(database, contest.id)["questions"][0][5] is True


def test_a_form_without_the_csrf_token_changes_nothing(organiser_client, database, base, bank,
                                                       contest):
    before = stored(database, contest.id)

    response = organiser_client.post(f"{base}/{bank[0].question.id}/ngung-su-dung", data={})

    assert response.status_code == 403
    assert stored(database, contest.id) == before


def test_preview_page_shows_a_random_paper_with_the_key(organiser_client, base, bank):
    response = organiser_client.get(f"{base}/xem-thu", params={"question_count": "3"})

    page = text_of(response)
    assert "Đề thử gồm 3 câu" in page
    assert page.count("(đúng)") == 3
    assert "Mô hình dân vận khéo là gì?" in page


def test_preview_page_follows_quotas_and_explains_a_bank_too_small(organiser_client, base,
                                                                   bank):
    fits = text_of(organiser_client.get(f"{base}/xem-thu", params={
        "question_count": "2", "quota_topic": ["lich su", ""],
        "quota_difficulty": ["de", ""], "quota_count": ["2", ""]}))
    too_small = organiser_client.get(f"{base}/xem-thu", params={
        "question_count": "2", "quota_topic": "Phong trào", "quota_difficulty": "kho",
        "quota_count": "2"})

    assert "Đề thử gồm 2 câu" in fits
    assert "Mô hình dân vận khéo là gì?" not in fits
    assert too_small.status_code == 409
    assert ("Ngân hàng câu hỏi chỉ còn 1 câu chủ đề “Phong trào”, mức độ khó đang dùng, cần 2."
            in text_of(too_small))


def test_every_post_form_on_the_bank_pages_carries_the_csrf_token(organiser_client, base, bank):
    for path in ("", "/nhap", "/them", f"/{bank[0].question.id}/sua"):
        forms = re.findall(r'<form method="post".*?</form>',
                           organiser_client.get(f"{base}{path}").text, re.S)
        assert len(forms) >= 2  # the page's own forms and signing out
        for form in forms:
            assert f'name="csrf_token" value="{organiser_client.csrf}"' in form

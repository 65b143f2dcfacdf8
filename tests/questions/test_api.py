"""The bank over JSON: the same rules as the pages, answered as JSON with Vietnamese details."""

import pytest

from backend.accounts.models import Role
from tests.factories import XLSX, api_token, make_user
from tests.questions.conftest import stored, take_contest, xlsx

HISTORY = {"text": "Bài báo “Dân vận” đăng năm nào?", "options": ["1945", "1949", "1954"],
           "correct": ["B"], "topic": "Lịch sử", "difficulty": "de"}
MOVEMENT = {"text": "Phong trào nào do Ban Dân vận phát động?",
            "options": ["Dân vận khéo", "Xuân tình nguyện", "Học tập và làm theo"],
            "correct": ["A", "C"], "topic": "Phong trào", "difficulty": "kho"}


@pytest.fixture
def url(contest) -> str:
    return f"/api/v1/contests/{contest.id}/questions"


@pytest.fixture
def bank(client, organiser_api, url) -> list[dict]:
    return [client.post(url, json=body, headers=organiser_api).json()
            for body in (HISTORY, MOVEMENT)]


def test_adding_a_question_returns_it_with_its_options_and_key(client, organiser_api, url,
                                                               database, contest):
    response = client.post(url, json=HISTORY, headers=organiser_api)

    body = response.json()
    assert response.status_code == 201
    assert (body["number"], body["text"], body["difficulty_label"], body["correct"]) == (
        1, "Bài báo “Dân vận” đăng năm nào?", "Dễ", ["B"])
    assert [(o["letter"], o["text"], o["is_correct"]) for o in body["options"]] == [
        ("A", "1945", False), ("B", "1949", True), ("C", "1954", False)]
    assert stored(database, contest.id)["version"] == 2


@pytest.mark.parametrize(("change", "status", "detail"), [
    ({"options": ["Chỉ một"]}, 422, "Trường “options” có quá ít phần tử."),
    ({"correct": ["D"]}, 422, "Đáp án D trỏ tới phương án D đang để trống."),
    ({"correct": ["1"]}, 422, "Phương án đúng chỉ được ghi bằng chữ cái từ A đến F."),
    ({"difficulty": "rat_kho"}, 422, "Trường “difficulty” không thuộc các giá trị cho phép."),
])
def test_an_invalid_question_is_refused_with_a_vietnamese_reason(client, organiser_api, url,
                                                                 database, contest, change,
                                                                 status, detail):
    response = client.post(url, json={**HISTORY, **change}, headers=organiser_api)

    assert response.status_code == status
    assert response.json()["detail"] == detail
    assert stored(database, contest.id)["questions"] == []


def test_a_duplicate_question_is_a_conflict(client, organiser_api, url, bank):
    response = client.post(url, json={**MOVEMENT, "text": "phong trào NÀO do ban dân vận "
                                      "phát động?"}, headers=organiser_api)

    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_question"
    assert response.json()["detail"].startswith("Ngân hàng đã có câu hỏi này (câu số 2).")


def test_listing_filters_and_searches_without_diacritics(client, organiser_api, url, bank):
    everything = client.get(url, headers=organiser_api).json()
    found = client.get(url, params={"q": "phat dong", "difficulty": "kho", "active": "true"},
                       headers=organiser_api).json()
    by_topic = client.get(url, params={"topic": "lich su"}, headers=organiser_api).json()

    assert [q["number"] for q in everything] == [1, 2]
    assert [q["number"] for q in found] == [2]
    assert [q["number"] for q in by_topic] == [1]


def test_one_question_and_an_unknown_one(client, organiser_api, url, bank):
    found = client.get(f"{url}/{bank[1]['id']}", headers=organiser_api)
    missing = client.get(f"{url}/{bank[1]['id'] + 50}", headers=organiser_api)

    assert found.json()["correct"] == ["A", "C"]
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Không tìm thấy câu hỏi này trong ngân hàng của cuộc thi."


def test_editing_replaces_the_question(client, organiser_api, url, bank, database, contest):
    response = client.put(f"{url}/{bank[0]['id']}", headers=organiser_api,
                          json={**HISTORY, "options": ["1949", "1950"], "correct": ["A"]})

    assert response.status_code == 200
    assert [(o["text"], o["is_correct"]) for o in response.json()["options"]] == [
        ("1949", True), ("1950", False)]
    assert stored(database, contest.id)["version"] == 4


def test_editing_after_attempts_is_a_conflict_that_says_what_to_do(client, session, organiser_api,
                                                                   url, bank, database, contest,
                                                                   tree):
    take_contest(session, contest, tree["Q1"])
    before = stored(database, contest.id)

    response = client.put(f"{url}/{bank[0]['id']}", json=HISTORY, headers=organiser_api)

    assert response.status_code == 409
    assert response.json()["code"] == "bank_locked"
    assert "Hãy cho câu này ngừng sử dụng rồi thêm một câu mới." in response.json()["detail"]
    assert stored(database, contest.id) == before


def test_retire_and_reactivate(client, organiser_api, url, bank):
    retired = client.post(f"{url}/{bank[0]['id']}/retire", headers=organiser_api)
    again = client.post(f"{url}/{bank[0]['id']}/retire", headers=organiser_api)
    counts = client.get(f"{url}/counts", headers=organiser_api).json()
    back = client.post(f"{url}/{bank[0]['id']}/reactivate", headers=organiser_api)

    assert retired.json()["is_active"] is False
    assert again.status_code == 409
    assert again.json()["detail"] == "Câu hỏi này đã ngừng sử dụng từ trước."
    assert counts == [{"topic": "Phong trào", "difficulty": "kho", "difficulty_label": "Khó",
                       "count": 1}]
    assert back.json()["is_active"] is True


def test_import_adds_questions_and_reports_the_new_bank_version(client, organiser_api, url,
                                                                bank):
    data = xlsx([(1, "Câu mới một", "a", "b", "", "", "A", "", ""),
                 (2, "Câu mới hai", "a", "b", "c", "", "BC", "Lịch sử", "TB")])

    response = client.post(f"{url}/import", files={"file": ("cau-hoi.xlsx", data, XLSX)},
                           headers=organiser_api)

    assert response.json() == {"added": 2, "bank_version": 4}


def test_a_refused_import_lists_located_problems_and_stores_nothing(client, organiser_api, url,
                                                                    bank, database, contest):
    data = xlsx([(1, "Bài báo “Dân vận” đăng năm nào?", "a", "b", "", "", "A", "", "")])
    before = stored(database, contest.id)

    response = client.post(f"{url}/import", files={"file": ("cau-hoi.xlsx", data, XLSX)},
                           headers=organiser_api)

    assert response.status_code == 422
    assert response.json()["code"] == "import_rejected"
    problem = response.json()["problems"][0]
    assert (problem["sheet"], problem["row"], problem["column"]) == ("Câu hỏi", 2,
                                                                     "Câu hỏi (cột B)")
    assert problem["message"].startswith("Ngân hàng đã có câu hỏi này (câu số 1).")
    assert stored(database, contest.id) == before


def test_preview_draws_a_paper_with_quotas_and_shows_the_key(client, organiser_api, url, bank):
    response = client.post(f"{url}/preview", headers=organiser_api, json={
        "question_count": 2, "quotas": [{"topic": "lich su", "difficulty": "de", "count": 1},
                                        {"count": 1}]})

    paper = response.json()
    assert sorted(q["number"] for q in paper) == [1, 2]
    assert all(sum(o["is_correct"] for o in q["options"]) >= 1 for q in paper)
    assert [o["letter"] for o in paper[0]["options"]] == ["A", "B", "C"]


def test_preview_explains_a_bank_too_small(client, organiser_api, url, bank):
    response = client.post(f"{url}/preview", json={"question_count": 5}, headers=organiser_api)

    assert response.status_code == 409
    assert response.json()["code"] == "bank_too_small"
    assert response.json()["detail"].startswith("Ngân hàng câu hỏi chỉ còn 2 câu nào đang dùng")


def test_only_organisers_use_the_bank_api(client, session, settings, tree, url, bank):
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q1", unit=tree["Q1"])
    officer = api_token(client, "canbo.q1")

    refused = client.get(url, headers=officer)
    anonymous = client.get(url)

    assert refused.status_code == 403
    assert refused.json()["detail"] == "Tài khoản của bạn không có quyền thực hiện việc này."
    assert anonymous.status_code == 401


def test_the_bank_api_is_documented_under_its_tag_and_the_pages_are_not(client):
    schema = client.get("/openapi.json").json()

    operations = [op for path, item in schema["paths"].items() if "/questions" in path
                  for op in item.values()]
    assert len(operations) == 9
    assert all(op["tags"] == ["Ngân hàng câu hỏi"] and op["description"] for op in operations)
    assert not any("/cau-hoi" in path for path in schema["paths"])

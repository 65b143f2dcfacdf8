"""The organisers' contest API: the same use cases as the pages, as JSON."""

from datetime import UTC, datetime

from backend.clock import utcnow
from backend.contests.models import Round
from backend.units import service as units
from tests.contests.conftest import RULES_LOCKED, UNITS_LOCKED, add_contestant, audit_entries, take
from tests.factories import NO_RIGHT

API = "/api/v1/manage/contests"


def round_body(**changes) -> dict:
    return {"name": "Tuần 2", "opens_at": "2099-12-07T08:00:00",
            "closes_at": "2099-12-14T01:00:00Z", "question_count": 10,
            "time_limit_seconds": 900, "max_attempts": None,
            "prediction_prompt": "Có bao nhiêu người trả lời đúng tất cả các câu?",
            "quotas": [{"topic": "Dân vận", "difficulty": "kho", "count": 4},
                       {"topic": "", "difficulty": "", "count": 6}], **changes}


def start_one(session, database, contest, round_, tree):
    person = add_contestant(session, contest, tree["Q1-BN"])
    take(database, session, person, round_, started=utcnow())
    session.commit()


def test_the_manage_api_needs_a_signed_in_organiser(client, officer_api, tree):
    anonymous = client.get(API)
    officer = client.get(API, headers=officer_api)

    assert anonymous.status_code == 401
    assert (officer.status_code, officer.json()["detail"]) == (403, NO_RIGHT)


def test_list_contests_counts_rounds_and_contestants(client, organiser_api, session, contest,
                                                     round_, tree):
    add_contestant(session, contest, tree["TD"])

    response = client.get(API, headers=organiser_api)

    [listed] = response.json()
    assert {k: listed[k] for k in ("title", "is_published", "round_count", "open_round_count",
                                   "contestant_count")} == {
        "title": "Tham mưu tốt - Dân vận khéo", "is_published": True, "round_count": 1,
        "open_round_count": 1, "contestant_count": 1}


def test_create_a_contest_for_subtrees_by_code(client, organiser_api, tree):
    response = client.post(API, headers=organiser_api, json={
        "title": "Hội thi Quận 1", "rules_text": "Thể lệ.", "scope_unit_codes": ["Q1"]})

    body = response.json()
    assert response.status_code == 201
    assert (body["title"], body["unit_count"], body["scope_unit_ids"], body["is_published"],
            body["rules_locked"], body["rounds"]) == (
        "Hội thi Quận 1", 3, [tree["Q1"].id], False, False, [])


def test_create_with_an_unknown_code_is_refused(client, organiser_api, tree):
    response = client.post(API, headers=organiser_api, json={
        "title": "Hội thi", "scope_unit_codes": ["Q1", "XYZ"]})

    assert response.status_code == 422
    assert response.json()["detail"] == ("Không có đơn vị mang mã “XYZ” trong cây đơn vị; "
                                         "hãy kiểm tra lại mã.")


def test_patch_changes_only_the_fields_sent(client, organiser_api, contest):
    response = client.patch(f"{API}/{contest.id}", headers=organiser_api,
                            json={"is_published": False})

    body = response.json()
    assert (body["is_published"], body["title"], body["rules_text"]) == (
        False, "Tham mưu tốt - Dân vận khéo", "Mỗi người được thi tối đa 3 lượt mỗi tuần.")


def test_patching_locked_rules_needs_a_reason(client, organiser_api, session, database,
                                             contest, round_, tree):
    start_one(session, database, contest, round_, tree)

    refused = client.patch(f"{API}/{contest.id}", headers=organiser_api,
                           json={"rules_text": "Thể lệ mới."})
    accepted = client.patch(f"{API}/{contest.id}", headers=organiser_api, json={
        "rules_text": "Thể lệ mới.", "override_reason": "Đính chính theo văn bản số 12"})

    assert (refused.status_code, refused.json()) == (
        409, {"detail": RULES_LOCKED, "code": "rules_locked"})
    assert (accepted.status_code, accepted.json()["rules_text"],
            accepted.json()["rules_locked"]) == (200, "Thể lệ mới.", True)


def test_units_are_listed_as_frozen(client, organiser_api, session, contest, tree):
    units.rename_unit(session=session, unit=tree["TD"], name="Thành phố Thủ Đức mới",
                      kind=tree["TD"].kind, actor_id=None, now=utcnow())

    response = client.get(f"{API}/{contest.id}/units", headers=organiser_api)

    listed = {u["code"]: (u["name"], u["headcount"], u["block_name"]) for u in response.json()}
    assert listed["TD"] == ("Thành phố Thủ Đức", 6800, "Khối Quận, huyện")
    assert len(listed) == 8


def test_refresh_units_can_narrow_the_scope_before_attempts(client, organiser_api, contest,
                                                            tree):
    response = client.post(f"{API}/{contest.id}/units/refresh", headers=organiser_api,
                           json={"scope_unit_codes": ["Q3"]})

    assert response.json() == {"unit_count": 2}


def test_refresh_units_is_refused_after_attempts(client, organiser_api, session, database,
                                                 contest, round_, tree):
    start_one(session, database, contest, round_, tree)

    response = client.post(f"{API}/{contest.id}/units/refresh", headers=organiser_api)

    assert (response.status_code, response.json()["detail"]) == (409, UNITS_LOCKED)


def test_add_a_round_reading_naive_times_as_vietnam_time(client, organiser_api, database,
                                                         contest):
    response = client.post(f"{API}/{contest.id}/rounds", headers=organiser_api,
                           json=round_body())

    body = response.json()
    assert response.status_code == 201
    assert (body["opens_at"], body["closes_at"]) == ("2099-12-07T01:00:00Z",
                                                     "2099-12-14T01:00:00Z")
    assert (body["number"], body["status"], body["status_label"], body["attempt_count"]) == (
        1, "chua_mo", "Chưa mở", 0)
    assert body["quotas"] == [
        {"topic": "Dân vận", "difficulty": "kho", "count": 4, "available": 0},
        {"topic": "", "difficulty": "", "count": 6, "available": 30}]
    assert body["warnings"] == [
        "Chủ đề “Dân vận”, khó: cần 4 câu nhưng chỉ có 0 câu đang sử dụng."]
    with database.scope(write=False) as fresh:
        opens_at = fresh.get(Round, body["id"]).opens_at
    assert opens_at == datetime(2099, 12, 7, 1, 0, tzinfo=UTC)


def test_an_offset_in_the_time_is_taken_as_given(client, organiser_api, contest):
    response = client.post(f"{API}/{contest.id}/rounds", headers=organiser_api,
                           json=round_body(opens_at="2099-12-07T10:00:00+09:00", quotas=[]))

    assert response.json()["opens_at"] == "2099-12-07T01:00:00Z"


def test_a_round_closing_before_it_opens_is_refused(client, organiser_api, contest):
    response = client.post(f"{API}/{contest.id}/rounds", headers=organiser_api,
                           json=round_body(closes_at="2099-12-01T00:00:00Z"))

    assert (response.status_code, response.json()["detail"]) == (
        422, "Thời điểm đóng phải sau thời điểm mở.")


def test_list_and_get_rounds(client, organiser_api, contest, round_):
    listed = client.get(f"{API}/{contest.id}/rounds", headers=organiser_api).json()
    one = client.get(f"{API}/{contest.id}/rounds/{round_.id}", headers=organiser_api).json()

    assert [(r["name"], r["status_label"], r["is_open"]) for r in listed] == [
        ("Tuần 1", "Đang mở", True)]
    assert one["id"] == round_.id


def test_a_round_of_another_contest_is_not_found(client, organiser_api, session, contest,
                                                 round_):
    from tests.factories import make_contest

    other = make_contest(session, title="Cuộc thi khác")

    response = client.get(f"{API}/{other.id}/rounds/{round_.id}", headers=organiser_api)

    assert (response.status_code, response.json()["detail"]) == (
        404, "Không tìm thấy tuần thi này.")


def test_updating_a_round_with_attempts_needs_a_reason_and_is_audited(
        client, organiser_api, session, database, contest, round_, tree):
    start_one(session, database, contest, round_, tree)
    url = f"{API}/{contest.id}/rounds/{round_.id}"

    refused = client.put(url, headers=organiser_api, json=round_body(quotas=[]))
    accepted = client.put(url, headers=organiser_api, json=round_body(
        quotas=[], override_reason="Gia hạn do sự cố đường truyền"))

    assert (refused.status_code, refused.json()["code"]) == (409, "rules_locked")
    assert (accepted.status_code, accepted.json()["rules_version"],
            accepted.json()["rules_locked"]) == (200, 2, True)
    [entry] = audit_entries(database, "round.update")
    assert entry.details["reason"] == "Gia hạn do sự cố đường truyền"


def test_unknown_fields_are_refused(client, organiser_api, contest):
    response = client.post(f"{API}/{contest.id}/rounds", headers=organiser_api,
                           json=round_body(is_open=True))

    assert response.status_code == 422
    assert response.json()["detail"] == "Trường “is_open” không được phép có."


def test_the_manage_api_is_documented_under_its_own_tag(client):
    schema = client.get("/openapi.json").json()

    operation = schema["paths"]["/api/v1/manage/contests/{contest_id}/monitor"]["get"]
    assert operation["tags"] == ["Quản lý cuộc thi"]
    assert operation["description"].startswith("Attempts of the open rounds")
    assert not any(path.startswith("/quan-ly") for path in schema["paths"])

"""The movement over JSON: the same climb as the pages, years and fields for organisers only,
filters and counts, correcting while registered, another district refused without a title,
and a bulk step of 200 entries in one request."""

from backend.movement import service
from backend.movement.models import EntryStatus as S
from tests.movement.conftest import DURING

A = "/api/v1/movement"


def entry_body(tree, **changes) -> dict:
    return {"unit_id": tree["Q1-BN"].id, "kind": "dien_hinh_ca_nhan",
            "title": "Bà Nguyễn Thị Mai", "field": "Văn hóa - xã hội",
            "people": "Nguyễn Thị Mai", **changes}


def test_an_entry_climbs_from_the_ward_to_the_city_over_the_api(
        client, token_of, movement_year, tree, ward_officer, officer, organiser):
    ward, district, city = (token_of(u) for u in (ward_officer, officer, organiser))
    made = client.post(f"{A}/years/{movement_year.id}/entries", json=entry_body(tree),
                       headers=ward)
    entry_id = made.json()["id"]
    moves = [(ward, S.VERIFIED), (district, S.UNIT_RECOGNISED), (district, S.CITY_PROPOSED),
             (city, S.CITY_RECOGNISED), (city, S.EXEMPLARY)]

    answers = [client.post(f"{A}/entries/{entry_id}/steps", json={"to": to}, headers=who)
               for who, to in moves]
    shown = client.get(f"{A}/entries/{entry_id}", headers=city).json()

    assert made.status_code == 201
    assert (made.json()["kind_label"], made.json()["status_label"]) == (
        "Điển hình cá nhân", "Đã đăng ký")
    assert [a.status_code for a in answers] == [200] * 5
    assert (shown["status"], shown["status_label"], shown["may_act"]) == (
        "exemplary", "Tiêu biểu", True)
    assert [(s["from_status"], s["to_status"], s["actor_name"]) for s in shown["steps"]] == [
        (None, "registered", "Người dùng canbo.bennghe"),
        ("registered", "verified", "Người dùng canbo.bennghe"),
        ("verified", "unit_recognised", "Người dùng canbo.q1"),
        ("unit_recognised", "city_proposed", "Người dùng canbo.q1"),
        ("city_proposed", "city_recognised", "Người dùng bantochuc"),
        ("city_recognised", "exemplary", "Người dùng bantochuc")]


def test_a_district_officer_cannot_take_the_citys_step(client, token_of, register, session,
                                                       officer):
    entry = register(actor=officer)
    for to in (S.VERIFIED, S.UNIT_RECOGNISED, S.CITY_PROPOSED):
        service.advance_entry(session=session, entry_id=entry.id, to=to, actor=officer,
                              now=DURING)

    refused = client.post(f"{A}/entries/{entry.id}/steps", json={"to": "city_recognised"},
                          headers=token_of(officer))
    skipped = client.post(f"{A}/entries/{entry.id}/steps", json={"to": "exemplary"},
                          headers=token_of(officer))

    assert refused.status_code == 403
    assert "Ban Dân vận Thành ủy" in refused.json()["detail"]
    assert skipped.status_code == 403


def test_another_districts_officer_is_refused_on_every_entry_route(
        client, token_of, register, movement_year, q3_officer, tree):
    entry = register(title="Mô hình bí mật của Bến Nghé")
    other = token_of(q3_officer)
    base = f"{A}/entries/{entry.id}"

    answers = [
        client.get(base, headers=other),
        client.put(base, json=entry_body(tree), headers=other),
        client.post(f"{base}/steps", json={"to": "verified"}, headers=other),
        client.post(f"{A}/years/{movement_year.id}/entries", json=entry_body(tree),
                    headers=other),
        client.get(f"{A}/years/{movement_year.id}/entries?unit_id={tree['Q1'].id}",
                   headers=other)]
    listed = client.get(f"{A}/years/{movement_year.id}/entries", headers=other).json()
    bulk = client.post(f"{A}/years/{movement_year.id}/steps",
                       json={"entry_ids": [entry.id], "to": "verified"}, headers=other).json()

    assert [a.status_code for a in answers] == [404] * 5
    assert not any("bí mật" in a.text for a in answers)
    assert (listed["total"], listed["entries"]) == (0, [])
    assert bulk == {"moved": 0, "refused": [
        {"entry_id": entry.id, "message": "Không tìm thấy mô hình, giải pháp này."}]}


def test_years_and_fields_are_the_organisers(client, token_of, organiser, officer):
    body = {"year": 2024, "title": "Dân vận khéo năm 2024", "opens_at": "2024-01-15T08:00:00",
            "closes_at": "2024-03-31T17:00:00", "reminder_days": 5}

    by_officer = client.post(f"{A}/years", json=body, headers=token_of(officer))
    made = client.post(f"{A}/years", json=body, headers=token_of(organiser))
    again = client.post(f"{A}/years", json=body, headers=token_of(organiser))
    field = client.post(f"{A}/years/{made.json()['id']}/fields", json={"name": "Chuyển đổi số"},
                        headers=token_of(organiser))
    listed = client.get(f"{A}/years", headers=token_of(officer)).json()

    assert by_officer.status_code == 403
    assert made.status_code == 201
    assert made.json()["registration_opens_at"] == "2024-01-15T01:00:00Z"
    assert again.status_code == 409
    assert again.json()["detail"] == "Đã có đợt phong trào năm 2024."
    assert (field.status_code, field.json()["position"]) == (201, 4)
    assert [f["name"] for f in listed[0]["fields"]][-1] == "Chuyển đổi số"


def test_entries_are_filtered_and_counted(client, token_of, register, movement_year, officer,
                                         session, tree):
    register(title="Mô hình một")
    register("Q1-BT", title="Mô hình hai", field="Quốc phòng - an ninh")
    verified = register(title="Giải pháp ba", kind="giai_phap")
    service.advance_entry(session=session, entry_id=verified.id, to=S.VERIFIED, actor=None,
                          now=DURING)
    base = f"{A}/years/{movement_year.id}/entries"
    headers = token_of(officer)

    every = client.get(base, headers=headers).json()
    solutions = client.get(base, params={"kind": "giai_phap"}, headers=headers).json()
    of_ward = client.get(base, params={"unit_id": tree["Q1-BT"].id}, headers=headers).json()
    registered = client.get(base, params={"status": "registered"}, headers=headers).json()
    unknown = client.get(base, params={"status": "da_xong"}, headers=headers)

    assert (every["total"], every["counts"]["registered"], every["counts"]["verified"]) == (
        3, 2, 1)
    assert [e["title"] for e in solutions["entries"]] == ["Giải pháp ba"]
    assert [e["title"] for e in of_ward["entries"]] == ["Mô hình hai"]
    assert registered["total"] == 2
    assert registered["counts"]["verified"] == 1
    assert unknown.status_code == 422


def test_an_entry_is_corrected_while_registered_only(client, token_of, register, officer,
                                                     tree):
    entry = register(actor=officer)
    headers = token_of(officer)

    corrected = client.put(f"{A}/entries/{entry.id}", json=entry_body(tree), headers=headers)
    client.post(f"{A}/entries/{entry.id}/steps", json={"to": "verified"}, headers=headers)
    late = client.put(f"{A}/entries/{entry.id}", json=entry_body(tree, title="Khác"),
                      headers=headers)

    assert corrected.status_code == 200
    assert (corrected.json()["title"], corrected.json()["people"]) == (
        "Bà Nguyễn Thị Mai", "Nguyễn Thị Mai")
    assert len(corrected.json()["steps"]) == 1
    assert late.status_code == 409
    assert late.json()["code"] == "entry_not_editable"


def test_an_organiser_recognises_200_entries_in_one_request(client, token_of, register,
                                                            session, movement_year, organiser):
    entries = [register(title=f"Mô hình số {n:03d}") for n in range(200)]
    for to in (S.VERIFIED, S.UNIT_RECOGNISED, S.CITY_PROPOSED):
        service.advance_entries(session=session, entry_ids=[e.id for e in entries[:199]],
                                to=to, actor=None, now=DURING)

    answer = client.post(f"{A}/years/{movement_year.id}/steps",
                         json={"entry_ids": [e.id for e in entries], "to": "city_recognised",
                               "reason": "Hội đồng thành phố họp ngày 15/6"},
                         headers=token_of(organiser))
    listed = client.get(f"{A}/years/{movement_year.id}/entries",
                        params={"status": "city_recognised"}, headers=token_of(organiser))

    assert answer.status_code == 200
    assert answer.json() == {"moved": 199, "refused": [{
        "entry_id": entries[199].id,
        "message": "“Mô hình số 199” đang ở bước “Đã đăng ký”, chỉ có thể chuyển sang "
                   "“Đã thẩm định”."}]}
    assert listed.json()["total"] == 199


def test_a_bulk_step_past_500_entries_is_refused(client, token_of, movement_year, organiser):
    answer = client.post(f"{A}/years/{movement_year.id}/steps",
                         json={"entry_ids": list(range(1, 502)), "to": "verified"},
                         headers=token_of(organiser))

    assert answer.status_code == 422
    assert answer.json()["detail"] == "Trường “entry_ids” có quá nhiều phần tử."


def test_registering_after_the_deadline_is_refused_to_officers(client, token_of, in_window,
                                                               movement_year, officer, tree):
    in_window.now = movement_year.registration_closes_at

    answer = client.post(f"{A}/years/{movement_year.id}/entries", json=entry_body(tree),
                         headers=token_of(officer))

    assert answer.status_code == 409
    assert "đăng ký đã hết hạn" in answer.json()["detail"]

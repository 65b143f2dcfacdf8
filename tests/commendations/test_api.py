"""/api/v1/commendations: a district's proposal filled with nominees entered directly, the
double commendation refused, other districts kept out, submitting and a decision."""

from backend.commendations import service
from tests.commendations.conftest import NOW
from tests.factories import api_token

API = "/api/v1/commendations"


def person(tree, forms, name="Nguyễn Thị Lan", code="Q1-BN", **more) -> dict:
    return {"kind": "individual", "name": name, "birth_year": 1980, "gender": "nu",
            "position": "Tổ trưởng tổ dân phố 3", "unit_id": tree[code].id,
            "achievement": "Có mô hình “Dân vận khéo” tiêu biểu năm 2023",
            "award_form_id": forms[0].id, **more}


def test_an_officer_fills_a_proposal_with_a_list_of_nominees(client, officer_api, tree, forms):
    created = client.post(f"{API}/proposals", headers=officer_api, json={
        "year": 2023, "title": "Đề nghị khen thưởng 2023", "unit_id": tree["Q1"].id})
    path = f"{API}/proposals/{created.json()['id']}"

    added = client.post(f"{path}/nominees", headers=officer_api, json=[
        person(tree, forms), {"kind": "collective", "name": "Tổ dân phố 5",
                              "unit_id": tree["Q1-BT"].id, "achievement": "Dân vận khéo",
                              "award_form_id": forms[1].id}])
    shown = client.get(path, headers=officer_api).json()

    assert created.status_code == 201, created.text
    assert added.status_code == 201, added.text
    assert [(n["name"], n["unit_name"], n["award_form"], n["source"]) for n in added.json()] == [
        ("Nguyễn Thị Lan", "Phường Bến Nghé", "Bằng khen của Ban Thường vụ Thành ủy", "direct"),
        ("Tổ dân phố 5", "Phường Bến Thành", "Giấy khen của Ban Dân vận Thành ủy", "direct")]
    assert (shown["unit_name"], shown["status"], shown["collectives"],
            shown["individuals"]) == ("Quận 1", "draft", 1, 1)
    assert [n["name"] for n in shown["nominees"]["items"]] == ["Tổ dân phố 5", "Nguyễn Thị Lan"]


def test_the_same_achievement_and_form_again_is_a_409_naming_the_list(client, officer_api,
                                                                      tree, forms, proposal):
    path = f"{API}/proposals/{proposal.id}/nominees"
    client.post(path, headers=officer_api, json=person(tree, forms))

    again = client.post(path, headers=officer_api, json=person(tree, forms, "nguyễn thị lan"))

    assert again.status_code == 409
    assert again.json()["code"] == "double_commendation"
    assert again.json()["detail"] == (
        "Thành tích này của Nguyễn Thị Lan đã có trong danh sách đề nghị “Đề nghị khen thưởng "
        "Dân vận khéo 2023” với hình thức “Bằng khen của Ban Thường vụ Thành ủy”. Một thành "
        "tích không được khen thưởng hai lần cùng một hình thức.")


def test_another_districts_officer_gets_404_and_no_unit_outside_the_list(
        client, officer_api, q3_officer, tree, forms, proposal, session):
    q3 = api_token(client, q3_officer.username)
    path = f"{API}/proposals/{proposal.id}"

    seen = client.get(path, headers=q3)
    added = client.post(f"{path}/nominees", headers=q3, json=person(tree, forms, code="Q3-VTS"))
    outside = client.post(f"{path}/nominees", headers=officer_api,
                          json=person(tree, forms, code="Q3-VTS"))
    listed = client.get(f"{API}/proposals", headers=q3).json()

    assert (seen.status_code, added.status_code, outside.status_code) == (404, 404, 404)
    assert seen.json()["detail"] == "Không tìm thấy danh sách đề nghị khen thưởng này."
    assert "nằm ngoài phạm vi của bạn" in outside.json()["detail"]
    assert listed == []
    assert service.nominee_count(session=session, proposal_id=proposal.id) == 0


def test_removing_submitting_and_deciding_over_whole_proposals(client, officer_api,
                                                               organiser_api, tree, forms,
                                                               proposal):
    path = f"{API}/proposals/{proposal.id}"
    lan, hung = client.post(f"{path}/nominees", headers=officer_api, json=[
        person(tree, forms), person(tree, forms, "Trần Văn Hùng", gender="nam")]).json()

    removed = client.delete(f"{API}/nominees/{lan['id']}", headers=officer_api)
    submitted = client.post(f"{path}/submit", headers=officer_api)
    refused = client.post(f"{API}/decisions", headers=officer_api, json={})
    decided = client.post(f"{API}/decisions", headers=organiser_api, json={
        "number": "127", "signed_date": "2023-10-15", "signer_name": "Nguyễn Văn A",
        "signer_title": "TRƯỞNG BAN", "issuing_body": "Ban Thường vụ Thành ủy",
        "title": "Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong "
                 "trào thi đua “Dân vận khéo” năm 2023", "proposal_ids": [proposal.id]})
    shown = client.get(f"{API}/decisions/{decided.json()['id']}", headers=officer_api).json()
    listed = client.get(f"{API}/decisions", headers=officer_api).json()

    assert removed.status_code == 204
    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    assert refused.status_code == 403
    assert decided.status_code == 201, decided.text
    assert (shown["number"], shown["individuals"], shown["collectives"]) == (
        "127-QĐ/BDVTU", 1, 0)
    assert [(a["name"], a["unit_name"], a["decision_number"])
            for a in shown["awardees"]["items"]] == [
        ("Trần Văn Hùng", "Phường Bến Nghé", "127-QĐ/BDVTU")]
    assert [d["number"] for d in listed] == ["127-QĐ/BDVTU"]
    assert hung["id"] == shown["awardees"]["items"][0]["id"]


def test_a_decision_over_a_draft_or_nobody_is_refused(client, organiser_api, session, officer,
                                                      proposal, nominee):
    service.add_nominees(session=session, proposal_id=proposal.id, nominees=[nominee()],
                         actor=officer, now=NOW)
    body = {"number": "127", "signed_date": "2023-10-15", "title": "Về việc khen thưởng",
            "signer_name": "Nguyễn Văn A", "signer_title": "TRƯỞNG BAN"}

    draft = client.post(f"{API}/decisions", headers=organiser_api,
                        json={**body, "proposal_ids": [proposal.id]})
    nobody = client.post(f"{API}/decisions", headers=organiser_api, json=body)

    assert draft.status_code == 409
    assert "chưa gửi lên" in draft.json()["detail"]
    assert nobody.status_code == 422
    assert nobody.json()["detail"] == ("Quyết định cần ít nhất một tập thể hoặc cá nhân được "
                                       "khen.")


def test_the_organiser_keeps_the_award_forms(client, organiser_api, officer_api, forms):
    added = client.post(f"{API}/forms", headers=organiser_api, json={
        "kind": "khac", "name": "Giấy chứng nhận", "issuing_level": "Ban Dân vận Thành ủy"})
    by_officer = client.post(f"{API}/forms", headers=officer_api, json={
        "kind": "khac", "name": "Khác", "issuing_level": "Quận 1"})
    retired = client.post(f"{API}/forms/{forms[1].id}/deactivate", headers=organiser_api)
    offered = client.get(f"{API}/forms", headers=officer_api).json()

    assert added.status_code == 201
    assert by_officer.status_code == 403
    assert retired.json()["is_active"] is False
    assert [f["name"] for f in offered] == ["Bằng khen của Ban Thường vụ Thành ủy",
                                            "Giấy chứng nhận"]


def test_the_organiser_lists_a_city_list_and_filters_by_year(client, organiser_api, forms,
                                                             proposal):
    created = client.post(f"{API}/proposals", headers=organiser_api,
                          json={"year": 2024, "title": "Danh sách của Ban tổ chức"})

    of_2024 = client.get(f"{API}/proposals?year=2024", headers=organiser_api).json()
    every = client.get(f"{API}/proposals", headers=organiser_api).json()

    assert (created.status_code, created.json()["unit_id"]) == (201, None)
    assert [(p["title"], p["unit_name"]) for p in of_2024] == [("Danh sách của Ban tổ chức", "")]
    assert len(every) == 2

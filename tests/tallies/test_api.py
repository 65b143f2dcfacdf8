"""The figures over JSON: the same tally as the dashboard, reported figures entered and
removed, the reconciliation, collective prizes, the spreadsheet; refusals in Vietnamese."""

import io

from openpyxl import load_workbook


def api(scene, rest: str) -> str:
    return f"/api/v1/manage/contests/{scene.contest.id}{rest}"


def test_the_tally_in_json_adds_up_and_drills_down(client, organiser_api, scene):
    scene.sat(scene.people("Q1-BN", 2)[0], 5)
    scene.sat(scene.people("TDOAN", 1)[0], 3)

    whole = client.get(api(scene, "/tallies"), headers=organiser_api).json()
    q1 = client.get(api(scene, f"/tallies?unit_id={scene.tree['Q1'].id}"),
                    headers=organiser_api).json()

    assert whole["total"]["participants"] == 2
    assert whole["total"]["registered"] == 3
    assert sum(b["figures"]["participants"] for b in whole["blocks"]) == 2
    district = next(b for b in whole["blocks"] if b["name"] == "Khối Quận, huyện")
    assert [(u["name"], u["has_units"]) for u in district["units"]] == [
        ("Quận 1", True), ("Quận 3", True), ("Thành phố Thủ Đức", False)]
    assert [u["name"] for b in q1["blocks"] for u in b["units"]] == [
        "Phường Bến Nghé", "Phường Bến Thành", "Quận 1 (trực thuộc)"]
    assert q1["total"]["participants"] == 1


def test_reported_figures_are_entered_listed_and_removed(client, organiser_api, scene):
    body = {"target": "unit", "target_id": scene.tree["Q1"].id, "measure": "participants",
            "value": 40, "note": "Báo cáo số 7"}

    entered = client.put(api(scene, "/reported-figures"), json=body, headers=organiser_api)
    listed = client.get(api(scene, "/reported-figures"), headers=organiser_api).json()
    gaps = client.get(api(scene, "/reconciliation"), headers=organiser_api).json()
    removed = client.delete(api(scene, f"/reported-figures/{entered.json()['id']}"),
                            headers=organiser_api)
    after = client.get(api(scene, "/reported-figures"), headers=organiser_api).json()

    assert entered.status_code == 200
    assert (listed[0]["target_name"], listed[0]["value"], listed[0]["entered_by"]) == (
        "Quận 1", 40, "Người dùng bantochuc")
    assert [(g["name"], g["reported"], g["against"]) for g in gaps] == [("Quận 1", 40, 0)]
    assert removed.status_code == 204
    assert after == []


def test_bad_figures_are_refused_in_vietnamese(client, organiser_api, scene):
    bad = client.put(api(scene, "/reported-figures"), headers=organiser_api, json={
        "target": "khoi", "target_id": 1, "measure": "participants", "value": 1})
    huge = client.put(api(scene, "/reported-figures"), headers=organiser_api, json={
        "target": "unit", "target_id": 1, "measure": "participants", "value": 2**40})

    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("Hãy chọn báo cáo của một đơn vị")
    assert huge.status_code == 422


def test_collective_prizes_are_set_and_read(client, organiser_api, officer_api, scene):
    scene.sat(scene.people("Q3-VTS", 1)[0], 5)

    before = client.get(api(scene, "/collective-prizes"), headers=organiser_api)
    saved = client.put(api(scene, "/collective-prizes"), headers=organiser_api, json={
        "mode": "participants", "prizes": [{"tier": "Giải Nhất", "count": 1}]})
    seen = client.get(api(scene, "/collective-prizes"), headers=officer_api).json()
    refused = client.put(api(scene, "/collective-prizes"), headers=officer_api,
                         json={"mode": "rate"})

    assert before.status_code == 404
    assert "chưa đặt cách xét giải tập thể" in before.json()["detail"]
    assert saved.status_code == 200
    winner = next(u for u in seen["units"] if u["prize"])
    assert (winner["name"], winner["block"], winner["rank"]) == ("Quận 3", "Khối Quận, huyện", 1)
    assert refused.status_code == 403


def test_the_tally_file_over_the_api(client, organiser_api, scene):
    scene.sat(scene.people("Q1-BN", 1)[0], 5)

    answer = client.get(api(scene, "/tallies/export?kind=tong-hop"), headers=organiser_api)
    wrong = client.get(api(scene, "/tallies/export?kind=abc"), headers=organiser_api)

    values = [c.value for row in load_workbook(io.BytesIO(answer.content)).active.iter_rows()
              for c in row]
    assert "TỔNG CỘNG" in values
    assert wrong.status_code == 422
    assert wrong.json()["detail"].startswith("Loại tệp không hợp lệ")

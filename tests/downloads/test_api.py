"""Result spreadsheets over JSON: asked for, made in the background, downloaded from any app
instance; refused, with a Vietnamese reason and nothing created, to those without the right."""

import io
import time

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from backend.app import create_app
from backend.audit.models import AuditEntry
from backend.downloads.models import ExportFile
from tests.downloads.conftest import table_rows
from tests.factories import NO_RIGHT, api_token, make_contest


def exports_url(scene, board=None) -> str:
    board_id = (board or scene.board).id
    return f"/api/v1/manage/contests/{scene.contest.id}/results/{board_id}/exports"


def finished(client, url: str, headers: dict, seconds: float = 30) -> dict:
    """The export's status once its background build has ended."""
    deadline = time.monotonic() + seconds
    while True:
        body = client.get(url, headers=headers).json()
        if body["state"] in ("done", "failed"):
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.05)


def test_a_file_is_made_in_the_background_and_downloaded_when_ready(scene, client,
                                                                    organiser_api):
    asked = client.post(exports_url(scene), json={"kind": "results"}, headers=organiser_api)

    assert asked.status_code == 202
    assert asked.json()["state"] in ("queued", "running", "done")
    status = finished(client, asked.json()["status_url"], organiser_api)
    assert (status["state_label"], status["rows_done"], status["rows_total"],
            status["percent"]) == ("Sẵn sàng tải về", 15, 15, 100)
    got = client.get(status["download_url"], headers=organiser_api)
    assert got.status_code == 200
    assert got.headers["content-disposition"] == 'attachment; filename="ket-qua-tuan-1.xlsx"'
    assert int(got.headers["content-length"]) == status["size"] == len(got.content)
    assert len(table_rows(load_workbook(io.BytesIO(got.content)).active)) == 15


def test_asking_for_a_ready_file_again_answers_200_with_it(scene, client, organiser_api):
    scene.built()

    again = client.post(exports_url(scene), json={"kind": "results"}, headers=organiser_api)

    assert again.status_code == 200
    assert again.json()["state"] == "done"
    assert again.json()["download_url"].endswith("/file")


def test_every_download_is_audited(scene, client, organiser, organiser_api):
    export = scene.built()

    client.get(f"/api/v1/manage/exports/{export.id}/file", headers=organiser_api)

    with scene.database.scope(write=False) as session:
        logged = [(e.actor_id, e.details["export_id"], e.details["masked"]) for e in
                  session.execute(select(AuditEntry).where(
                      AuditEntry.action == "results.export.download")).scalars()]
    assert logged == [(organiser.id, export.id, True)]


def test_a_file_is_served_by_a_second_app_instance_on_the_same_database(scene, settings,
                                                                        client, organiser_api):
    asked = client.post(exports_url(scene), json={"kind": "prizes"}, headers=organiser_api)
    status = finished(client, asked.json()["status_url"], organiser_api)
    first = client.get(status["download_url"], headers=organiser_api).content

    with TestClient(create_app(settings)) as other:
        second = other.get(status["download_url"], headers=api_token(other, "bantochuc"))

    assert second.status_code == 200
    assert second.content == first


def test_without_the_right_to_export_403_in_vietnamese_and_nothing_created(scene, client,
                                                                           judge):
    refused = client.post(exports_url(scene), json={"kind": "results"},
                          headers=api_token(client, judge.username))

    assert refused.status_code == 403
    assert refused.json()["detail"] == NO_RIGHT
    assert scene.count(ExportFile) == 0


@pytest.mark.parametrize(("body", "status", "said"), [
    ({"kind": "everything"}, 422, "Trường “kind” không thuộc các giá trị cho phép."),
    ({}, 422, "Trường “kind” chưa được điền."),
    ({"kind": "results", "format": "csv"}, 422, "Trường “format” không được phép có."),
])
def test_bad_input_is_refused_in_vietnamese_and_nothing_created(scene, client, organiser_api,
                                                                body, status, said):
    refused = client.post(exports_url(scene), json=body, headers=organiser_api)

    assert refused.status_code == status
    assert refused.json()["detail"] == said
    assert scene.count(ExportFile) == 0


def test_a_board_of_another_contest_is_not_found(scene, client, organiser_api):
    other = make_contest(scene.session, title="Cuộc thi khác")
    scene.session.commit()

    refused = client.post(f"/api/v1/manage/contests/{other.id}/results/{scene.board.id}/exports",
                          json={"kind": "results"}, headers=organiser_api)

    assert refused.status_code == 404
    assert refused.json()["detail"] == "Không tìm thấy bảng kết quả này trong cuộc thi."
    assert scene.count(ExportFile) == 0


def test_results_not_yet_ranked_have_nothing_to_download(scene, client, organiser_api):
    overall = next(b for b in scene.session.execute(select(type(scene.board))).scalars()
                   if b.round_id is None)
    scene.session.commit()

    refused = client.post(exports_url(scene, overall), json={"kind": "results"},
                          headers=organiser_api)

    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("Chưa tổng hợp kết quả")
    assert scene.count(ExportFile) == 0


def test_the_overall_results_have_no_attempts_list_of_their_own(scene, client,
                                                                organiser_api):
    overall = scene.finalise()

    refused = client.post(exports_url(scene, overall), json={"kind": "attempts"},
                          headers=organiser_api)

    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("Kết quả chung cuộc không có danh sách lượt thi")
    assert scene.count(ExportFile) == 0


def test_an_officer_without_the_personal_data_right_cannot_ask_for_it(scene, client,
                                                                      officer_api):
    refused = client.post(exports_url(scene), json={"kind": "results", "masked": False},
                          headers=officer_api)

    assert refused.status_code == 403
    assert "không có quyền xem dữ liệu cá nhân" in refused.json()["detail"]
    assert scene.count(ExportFile) == 0


def test_an_officer_gets_their_subtree_only_and_never_the_whole_contests_file(
        scene, client, officer_api):
    whole = scene.built()

    asked = client.post(exports_url(scene), json={"kind": "results"}, headers=officer_api)
    status = finished(client, asked.json()["status_url"], officer_api)
    mine = client.get(status["download_url"], headers=officer_api)
    theirs = client.get(f"/api/v1/manage/exports/{whole.id}/file", headers=officer_api)

    assert (status["scope_unit_id"], status["masked"]) == (scene.tree["Q1"].id, True)
    rows = table_rows(load_workbook(io.BytesIO(mine.content)).active)
    assert {row[2] for row in rows} == {"Phường Bến Nghé", "Phường Bến Thành"}
    assert theirs.status_code == 404
    assert theirs.json()["detail"] == "Không tìm thấy tệp này, hoặc tệp nằm ngoài phạm vi của bạn."


def test_the_letterhead_is_read_and_saved_over_json(scene, client, organiser_api):
    default = client.get("/api/v1/manage/letterhead", headers=organiser_api).json()
    saved = client.put("/api/v1/manage/letterhead", headers=organiser_api, json={
        **default, "heading": "state", "governing_body": "Ủy ban nhân dân Quận 3",
        "issuing_body": "Phòng Nội vụ", "signer_titles": "KT. Trưởng phòng\nPhó Trưởng phòng"})

    assert (default["governing_body"], default["updated_at"]) == (
        "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH", None)
    assert saved.status_code == 200
    assert saved.json()["signer_titles"] == "KT. Trưởng phòng\nPhó Trưởng phòng"
    sheet = scene.sheet()
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN QUẬN 3"

"""Forwarding over JSON: the same rules as the pages, answered with status codes and
Vietnamese details."""

import pytest
from sqlmodel import select

from backend.accounts.models import Role
from backend.audit.models import AuditEntry
from tests.factories import api_token, make_user


@pytest.fixture
def at_window(clock, scene):
    clock.now = scene.at  # before any token is issued: one issued a week earlier has ended
    return clock


@pytest.fixture
def officer_token(at_window, client, officer) -> dict:
    return api_token(client, officer.username)


@pytest.fixture
def organiser_token(at_window, client, organiser) -> dict:
    return api_token(client, organiser.username)


def base(scene, code: str = "Q1") -> str:
    return f"/api/v1/writing/levels/{scene.city.id}/forwarding/{scene.tree[code].id}"


def test_an_officer_scores_selects_and_signs_and_the_batch_is_then_locked(client, scene,
                                                                         officer_token):
    ids = scene.ids("Q1")
    scored = client.put(f"{base(scene)}/scores", headers=officer_token, json={"scores": [
        {"essay_id": ids[0], "score": 88.75}, {"essay_id": ids[1], "score": 91}]})
    over = client.put(f"{base(scene)}/selection", headers=officer_token,
                      json={"essay_ids": ids[:4]})
    chosen = client.put(f"{base(scene)}/selection", headers=officer_token,
                        json={"essay_ids": ids[:2]})
    signed = client.post(f"{base(scene)}/sign", headers=officer_token)
    locked = client.put(f"{base(scene)}/selection", headers=officer_token,
                        json={"essay_ids": ids[:1]})

    assert [(c["essay_id"], c["score"], c["rank"]) for c in scored.json()["candidates"][:2]] == [
        (ids[1], 91.0, 1), (ids[0], 88.75, 2)]
    assert (over.status_code, over.json()["detail"]) == (
        422, "Chỉ tiêu của Quận 1 là 3 bài; đã chọn 4.")
    assert chosen.json()["batch"]["selected"] == 2
    assert (signed.status_code, signed.json()["batch"]["status"]) == (200, "signed")
    assert signed.json()["scores_editable"] is False
    assert locked.status_code == 409
    assert "đợt chuyển bài bị khóa" in locked.json()["detail"]


def test_reopening_is_refused_to_officers_and_without_a_reason(client, scene, officer_token,
                                                                organiser_token, session,
                                                                organiser):
    scene.score("Q1", [60])
    scene.forward("Q1", scene.ids("Q1", 1))
    scene.sign("Q1")

    by_officer = client.post(f"{base(scene)}/reopen", headers=officer_token,
                             json={"reason": "Chọn lại"})
    no_reason = client.post(f"{base(scene)}/reopen", headers=organiser_token, json={})
    reopened = client.post(f"{base(scene)}/reopen", headers=organiser_token,
                           json={"reason": "Đơn vị nộp nhầm bài"})

    assert by_officer.status_code == 403
    assert no_reason.status_code == 422
    assert "Hãy ghi lý do mở lại" in no_reason.json()["detail"]
    assert (reopened.status_code, reopened.json()["batch"]["status"],
            reopened.json()["batch"]["reopen_reason"]) == (200, "draft", "Đơn vị nộp nhầm bài")
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "forwarding.reopen")).one()
    assert (entry.actor_id, entry.at, entry.details["reason"]) == (
        organiser.id, scene.at, "Đơn vị nộp nhầm bài")


def test_the_level_list_shows_every_units_counts_against_its_quota(client, scene,
                                                                   organiser_token,
                                                                   officer_token):
    every = client.get(f"/api/v1/writing/levels/{scene.city.id}/forwarding",
                       headers=organiser_token).json()
    own = client.get(f"/api/v1/writing/levels/{scene.city.id}/forwarding",
                     headers=officer_token).json()

    assert [(b["unit_name"], b["status"], b["received"], b["quota"]) for b in every] == [
        ("Quận 1", "none", 5, 3), ("Quận 3", "none", 2, 3), ("Thành Đoàn", "none", 0, 3),
        ("Thành phố Thủ Đức", "none", 0, 3)]
    assert [b["unit_name"] for b in own] == ["Quận 1"]


def test_another_units_officer_and_the_first_level_are_not_found(client, scene, session,
                                                                settings, at_window):
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q3",
              unit=scene.tree["Q3"])
    token = api_token(client, "canbo.q3")

    other = client.put(f"{base(scene)}/selection", headers=token,
                       json={"essay_ids": scene.ids("Q1", 1)})
    first = client.get(f"/api/v1/writing/levels/{scene.source.id}/forwarding", headers=token)

    assert (other.status_code, other.json()["detail"]) == (
        404, "Không tìm thấy đơn vị này, hoặc đơn vị nằm ngoài phạm vi của bạn.")
    assert first.status_code == 404
    assert "là cấp đầu tiên" in first.json()["detail"]

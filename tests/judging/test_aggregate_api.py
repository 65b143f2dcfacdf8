"""The writing results API: rows by code with null identities before ráp phách, the lock's
409 with counts, severity, calibration by code."""

import pytest

from backend.clock import utcnow
from backend.writing import service as writing
from tests.factories import api_token
from tests.judging.results_factories import blind_level, coded, judged, panel

API = "/api/v1/manage/writing/levels/{}"


@pytest.fixture
def level(session, settings, tree, organiser):
    competition, level = blind_level(session)
    judges = panel(session, settings, competition, 2)
    essay = coded(session, competition, level, tree["TDOAN"], n=1, full_name="Trần Văn Hùng")
    judged(session, competition, level, essay, judges, [70, 75])
    writing.set_prize_tiers(session=session, level_id=level.id, tiers=[("Giải A", 1, None)],
                            actor_id=None, now=utcnow())
    session.commit()
    return level


def test_results_carry_no_identity_before_reveal_and_do_after(client, organiser_api, level):
    base = API.format(level.id)
    summary = client.post(f"{base}/results/aggregate", headers=organiser_api).json()
    before = client.get(f"{base}/results", headers=organiser_api).json()
    early = client.post(f"{base}/results/reveal", headers=organiser_api)
    client.post(f"{base}/results/lock", headers=organiser_api)
    revealed = client.post(f"{base}/results/reveal", headers=organiser_api).json()
    after = client.get(f"{base}/results", headers=organiser_api).json()

    assert (summary["scored"], summary["prizes"]) == (1, [
        {"name": "Giải A", "count": 1, "given": 1, "extra": 0}])
    row = before["rows"][0]
    assert (row["code"], row["score"], row["rank"], row["prize"]) == ("MP-0001", 72.5, 1,
                                                                      "Giải A")
    assert "Trần Văn Hùng" not in str(before)
    assert "Thành Đoàn" not in str(before)
    assert (row["author_name"], row["unit_name"], row["block_name"]) == (None, None, None)
    assert early.status_code == 409
    assert revealed["revealed_at"] is not None
    assert (after["rows"][0]["author_name"], after["rows"][0]["unit_name"],
            after["rows"][0]["block_name"]) == ("Trần Văn Hùng", "Thành Đoàn",
                                                "Khối Mặt trận, đoàn thể")


def test_a_judge_token_gets_nothing(client, level):
    token = api_token(client, "giamkhao1")

    response = client.get(f"{API.format(level.id)}/results", headers=token)

    assert response.status_code == 403


def test_lock_refused_says_how_many_essays_lack_scores(client, organiser_api, session, tree,
                                                       level):
    competition = writing.get_competition(session=session, competition_id=level.competition_id)
    essay = coded(session, competition, level, tree["Q3"], n=2)
    judged(session, competition, level, essay,
           writing.judges_of(session=session, competition_id=competition.id), [70, None])

    response = client.post(f"{API.format(level.id)}/results/lock", headers=organiser_api)

    assert response.status_code == 409
    assert "còn 1 bài chưa đủ điểm" in response.json()["detail"]


def test_severity_and_calibration_by_code(client, organiser_api, session, tree, level):
    competition = writing.get_competition(session=session, competition_id=level.competition_id)
    coded(session, competition, level, tree["Q3"], n=2)
    base = API.format(level.id)

    unknown = client.post(f"{base}/calibration", json={"codes": ["MP-9999"]},
                          headers=organiser_api)
    started = client.post(f"{base}/calibration", json={"codes": ["mp-0002"]},
                          headers=organiser_api)
    severity = client.get(f"{base}/severity", headers=organiser_api).json()

    assert unknown.status_code == 422
    assert unknown.json()["detail"] == "Không có mã phách MP-9999 ở cấp thi này."
    assert started.status_code == 409  # essay 1 has regular scores: judging has begun
    assert [(s["regular_essays"], s["offset"], s["wording"]) for s in severity] == [
        (1, -5.0, "chấm chặt"), (1, 5.0, "chấm rộng")]

"""Item analysis over JSON: the page's figures in the response model, for organisers only."""

from backend.analysis.schemas import ItemAnalysisOut
from tests.factories import NO_RIGHT


def url(scene, round_id=None) -> str:
    return (f"/api/v1/manage/contests/{scene.contest.id}/rounds/"
            f"{round_id or scene.round.id}/item-analysis")


def test_the_analysis_matches_its_model_and_the_figures(client, organiser_api, scene, six):
    scene.session.commit()

    body = client.get(url(scene), headers=organiser_api).json()

    found = ItemAnalysisOut.model_validate(body)
    assert (found.basis, found.attempts, found.mean_score, found.flagged) == (
        "finished", 6, 2.0, 2)
    q3 = found.questions[0]
    assert (q3.number, q3.shown, q3.right, round(q3.discrimination, 3)) == (3, 6, 1, -0.415)
    assert [(o.letter, o.correct, o.picks) for o in q3.options] == [
        ("A", False, 3), ("B", True, 1), ("C", False, 1), ("D", False, 1)]
    assert [(f.code, f.suspect) for f in q3.flags] == [
        ("negative_discrimination", True), ("distractor_above_key", True), ("too_hard", False)]
    assert q3.ruling_url == f"/quan-ly/cuoc-thi/{scene.contest.id}/cau-hoi-loi/cau/{six[2].id}"
    assert set(body) == set(ItemAnalysisOut.model_fields)


def test_refusals_are_in_vietnamese(client, organiser_api, officer_api, scene, six):
    scene.session.commit()

    anonymous = client.get(url(scene))
    officer = client.get(url(scene), headers=officer_api)
    missing = client.get(url(scene, 2_000_000), headers=organiser_api)
    huge = client.get(url(scene, 2**40), headers=organiser_api)

    assert anonymous.status_code == 401
    assert (officer.status_code, officer.json()["detail"]) == (403, NO_RIGHT)
    assert (missing.status_code, missing.json()["detail"]) == (404, "Không tìm thấy tuần thi này.")
    assert huge.status_code == 422

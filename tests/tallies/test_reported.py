"""Reported figures: entered on the page by organisers and unit officers (their subtree),
replaced when entered again, refused with a reason when wrong; the reconciliation lists
where they disagree with the count or with their parts."""

from sqlalchemy import select

from backend.audit.models import AuditEntry
from backend.tallies.models import ReportedFigure
from backend.units.models import Block
from tests.factories import visible_text


def post(client, scene, **fields):
    return client.post(f"/quan-ly/cuoc-thi/{scene.contest.id}/so-lieu/bao-cao", data={
        "csrf_token": client.csrf, "round_no": 0, "target": "unit", "note": "", **fields},
        follow_redirects=False)


def stored(scene):
    scene.session.expire_all()
    return [(f.target.value, f.target_id, f.measure.value, f.value) for f in
            scene.session.execute(select(ReportedFigure).order_by(ReportedFigure.id)).scalars()]


def test_a_figure_entered_again_replaces_the_value_and_the_log_keeps_the_old(
        organiser_client, scene):
    q1 = scene.tree["Q1"].id
    first = post(organiser_client, scene, target_id=q1, measure="participants", value=120)
    again = post(organiser_client, scene, target_id=q1, measure="participants", value=125,
                 note="Báo cáo số 12-BC/DV")

    assert (first.status_code, again.status_code) == (303, 303)
    assert stored(scene) == [("unit", q1, "participants", 125)]
    entries = scene.session.execute(select(AuditEntry).where(
        AuditEntry.action == "tallies.report").order_by(AuditEntry.id)).scalars().all()
    assert entries[-1].details["before"] == {"value": 120, "note": ""}
    page = visible_text(organiser_client.get(
        f"/quan-ly/cuoc-thi/{scene.contest.id}/so-lieu/bao-cao").text)
    assert "Quận 1 Toàn cuộc thi Số người tham gia 125 Báo cáo số 12-BC/DV" in page


def test_bad_figures_are_refused_and_nothing_is_stored(organiser_client, scene):
    q1 = scene.tree["Q1"].id
    cases = [({"target_id": q1, "measure": "participants", "value": -1}, 422,
              "Số liệu phải là số nguyên từ 0 đến 2.147.483.647."),
             ({"target_id": q1, "measure": "nonsense", "value": 1}, 422,
              "Hãy chọn loại số liệu: registered"),
             ({"target_id": q1, "measure": "attempts", "value": 1, "round_no": 9}, 422,
              "Cuộc thi không có tuần thi thứ 9."),
             ({"target_id": 999_999, "measure": "attempts", "value": 1}, 422,
              "Đơn vị này không tham gia cuộc thi.")]
    for fields, status, said in cases:
        answer = post(organiser_client, scene, **fields)
        assert answer.status_code == status, fields
        assert said in visible_text(answer.text)
    assert stored(scene) == []


def test_a_unit_officer_reports_for_their_subtree_only(officer_client, scene):
    inside = post(officer_client, scene, target_id=scene.tree["Q1-BN"].id,
                  measure="registered", value=10)
    outside = post(officer_client, scene, target_id=scene.tree["Q3"].id,
                   measure="registered", value=10)

    assert inside.status_code == 303
    assert outside.status_code == 403
    assert "nằm ngoài phạm vi của bạn" in visible_text(outside.text)
    assert stored(scene) == [("unit", scene.tree["Q1-BN"].id, "registered", 10)]


def test_the_reconciliation_lists_a_count_and_a_sum_that_disagree(organiser_client, scene):
    people = scene.people("Q1-BN", 2)
    scene.sat(people[0], 5)
    block = scene.session.execute(select(Block).where(Block.name == "Khối Quận, huyện")).scalar()
    scene.session.commit()  # SQLite has one writer: let the requests write
    for code, value in (("Q1", 1), ("Q3", 0), ("TD", 0)):  # Q1 counted 1: agrees
        post(organiser_client, scene, target_id=scene.tree[code].id, measure="participants",
             value=value)
    post(organiser_client, scene, target="block", target_id=block.id, measure="participants",
         value=3)  # the platform counted 1, its units' figures add up to 1
    post(organiser_client, scene, target_id=scene.tree["Q1-BN"].id, measure="registered",
         value=5)  # counted 2

    page = organiser_client.get(f"/quan-ly/cuoc-thi/{scene.contest.id}/so-lieu/doi-chieu")

    text = visible_text(page.text)
    assert page.status_code == 200
    assert ("Khối Quận, huyện Toàn cuộc thi Số người tham gia 3 1 2 Nền tảng đếm") in text
    assert ("Khối Quận, huyện Toàn cuộc thi Số người tham gia 3 1 2 Cộng các phần: Quận 1 1; "
            "Quận 3 0; Thành phố Thủ Đức 0") in text
    assert "Phường Bến Nghé Toàn cuộc thi Số thí sinh đăng ký 5 2 3 Nền tảng đếm" in text
    assert text.count("Nền tảng đếm") + text.count("Cộng các phần:") == 3

"""Forwarding without HTTP: quotas, the window, signing and its lock, reopening, the record
each forwarded essay keeps, and scores."""

from datetime import timedelta

import pytest
from sqlmodel import select

from backend.audit.models import AuditEntry
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.forwarding import queries, service
from backend.forwarding.models import BatchStatus, ForwardedEssay
from backend.judging.models import EssayResult
from backend.judging.queries import level_essays


def forwarded(scene) -> list[ForwardedEssay]:
    return list(scene.session.exec(select(ForwardedEssay).order_by(ForwardedEssay.essay_id)))


def in_city(scene) -> set[int]:
    return set(scene.session.execute(level_essays(scene.city)).scalars())


def test_forwarding_more_than_a_fixed_quota_is_refused_and_keeps_nothing(scene):
    with pytest.raises(InvalidInput) as refused:
        scene.forward("Q1", scene.ids("Q1", 4))

    assert refused.value.message == "Chỉ tiêu của Quận 1 là 3 bài; đã chọn 4."
    assert forwarded(scene) == []


@pytest.mark.parametrize("quota", [("share", 40)])
def test_a_share_quota_is_of_the_essays_the_unit_has_rounded_up(scene):
    with pytest.raises(InvalidInput) as refused:
        scene.forward("Q1", scene.ids("Q1", 3))
    scene.session.rollback()
    batch = scene.forward("Q1", scene.ids("Q1", 2))

    assert refused.value.message == ("Chỉ tiêu của Quận 1 là 2 bài (40% của 5 bài đơn vị có, "
                                     "làm tròn lên); đã chọn 3.")
    assert len(queries.selected_ids(session=scene.session, batch=batch)) == 2


def test_a_new_selection_replaces_the_draft(scene):
    scene.forward("Q1", scene.ids("Q1", 3))
    batch = scene.forward("Q1", scene.ids("Q1")[3:])

    assert batch.status is BatchStatus.DRAFT
    assert queries.selected_ids(session=scene.session, batch=batch) == set(scene.ids("Q1")[3:])
    assert in_city(scene) == set()  # a draft puts nothing into the level


def test_essays_of_another_unit_are_refused(scene):
    with pytest.raises(InvalidInput) as refused:
        scene.forward("Q1", [*scene.ids("Q1", 1), scene.ids("Q3")[0]])

    assert refused.value.message == (f"Bài mã {scene.ids('Q3')[0]} không phải bài của Quận 1 "
                                     "ở Cấp đơn vị, nên không chuyển lên được.")


def test_an_officer_of_another_unit_is_refused(scene, settings):
    from backend.accounts.models import Role
    from tests.factories import make_user

    q3 = make_user(scene.session, settings, role=Role.UNIT_OFFICER, username="canbo.q3",
                   unit=scene.tree["Q3"])
    with pytest.raises(NotFound) as refused:
        scene.forward("Q1", scene.ids("Q1", 1), actor=q3)

    assert refused.value.message == ("Không tìm thấy đơn vị này, hoặc đơn vị nằm ngoài phạm vi "
                                     "của bạn.")
    assert forwarded(scene) == []


def test_a_ward_does_not_forward_on_its_own(scene):
    with pytest.raises(InvalidInput) as refused:
        service.forward_essays(session=scene.session, level_id=scene.city.id,
                               unit_id=scene.tree["Q1-BN"].id, essay_ids=[], actor=None,
                               now=scene.at)

    assert refused.value.message == ("Phường Bến Nghé không trực tiếp chuyển bài: bài của đơn "
                                     "vị này do Quận 1 chọn và chuyển lên.")


@pytest.mark.parametrize(("moment", "said"), [
    (lambda city: city.opens_at - timedelta(seconds=1), "Cấp thành phố chưa mở nhận bài"),
    (lambda city: city.closes_at, "Cấp thành phố đã hết hạn chuyển bài"),
])
def test_changes_outside_the_window_are_refused(scene, moment, said):
    with pytest.raises(Conflict, match=said):
        scene.forward("Q1", scene.ids("Q1", 1), now=moment(scene.city))
    with pytest.raises(Conflict, match=said):
        scene.sign("Q1", now=moment(scene.city))


def test_signing_records_each_essays_score_and_rank_below_and_locks_the_batch(scene,
                                                                             organiser):
    scene.score("Q1", [70, 90.5, 90.5, None, 80])
    scene.forward("Q1", [scene.ids("Q1")[2], scene.ids("Q1")[4]])

    batch = scene.sign("Q1", actor=organiser)

    assert (batch.status, batch.signed_at, batch.signed_by) == (
        BatchStatus.SIGNED, scene.at, organiser.id)
    assert [(f.essay_id, f.source_level_id, f.source_score, f.source_rank, f.forwarded_by,
             f.forwarded_at) for f in forwarded(scene)] == [
        (scene.ids("Q1")[2], scene.source.id, 90.5, 2, organiser.id, scene.at),
        (scene.ids("Q1")[4], scene.source.id, 80.0, 3, organiser.id, scene.at)]
    assert in_city(scene) == {scene.ids("Q1")[2], scene.ids("Q1")[4]}
    with pytest.raises(Conflict) as refused:
        scene.forward("Q1", scene.ids("Q1", 1))
    assert refused.value.message == ("Quận 1 đã ký chuyển bài lên Cấp thành phố nên đợt chuyển "
                                     "bài bị khóa; chỉ ban tổ chức mở lại được (kèm lý do).")


def test_candidates_are_ranked_by_score_then_earlier_submission_unscored_last(scene):
    scene.score("Q1", [70, 90.5, 90.5, None, 80])
    ids = scene.ids("Q1")

    found = queries.candidates(session=scene.session, source=scene.source,
                               unit=scene.tree["Q1"], batch=None)

    assert [(c.essay_id, c.score, c.rank) for c in found] == [
        (ids[1], 90.5, 1), (ids[2], 90.5, 2), (ids[4], 80, 3), (ids[0], 70, 4),
        (ids[3], None, None)]


def test_signing_an_unscored_essay_is_refused(scene):
    scene.forward("Q1", scene.ids("Q1", 1))

    with pytest.raises(InvalidInput, match="chưa có điểm ở Cấp đơn vị; hãy nhập điểm"):
        scene.sign("Q1")


def test_the_quota_is_checked_again_at_signing(scene):
    scene.score("Q1", [50, 60, 70, 80, 90])
    scene.forward("Q1", scene.ids("Q1", 3))
    scene.city.quota_value = 2
    scene.session.commit()

    with pytest.raises(InvalidInput, match="Chỉ tiêu của Quận 1 là 2 bài; đã chọn 3"):
        scene.sign("Q1")


def test_scores_cannot_change_once_the_batch_is_signed(scene):
    scene.score("Q1", [50, 60, 70, 80, 90])
    scene.forward("Q1", scene.ids("Q1", 1))
    scene.sign("Q1")

    with pytest.raises(Conflict, match="đã ký chuyển bài lên Cấp thành phố"):
        scene.score("Q1", [55])


def test_a_changed_score_is_logged_with_its_old_value(scene, officer):
    scene.score("Q1", [50], actor=officer)
    changed = scene.score("Q1", [62.25, None], actor=officer)

    entries = scene.session.exec(select(AuditEntry).where(
        AuditEntry.action == "forwarding.scores").order_by(AuditEntry.id)).all()
    assert changed == 1
    assert entries[-1].details == {"unit_id": scene.tree["Q1"].id, "changes": [
        {"essay_id": scene.ids("Q1")[0], "from": 50.0, "to": 62.25}]}
    assert entries[-1].actor_id == officer.id
    assert scene.session.exec(select(EssayResult.score)).all() == [62.25]


@pytest.mark.parametrize("score", [-1, 100.1, 87.3])
def test_scores_out_of_range_or_finer_than_a_quarter_are_refused(scene, score):
    with pytest.raises(InvalidInput, match="phải từ 0 đến 100, lẻ đến 0,25 điểm"):
        scene.score("Q1", [score])


def test_scores_of_a_blind_level_are_not_entered_by_units(scene):
    with pytest.raises(Conflict, match="do giám khảo chấm kín"):
        service.enter_scores(session=scene.session, level_id=scene.city.id,
                             unit_id=scene.tree["Q1"].id, scores={}, actor=None, now=scene.at)


def test_reopening_needs_an_organiser_and_a_reason_and_is_logged(scene, officer, organiser):
    scene.score("Q1", [50, 60])
    scene.forward("Q1", scene.ids("Q1", 2))
    batch = scene.sign("Q1", actor=officer)

    with pytest.raises(Forbidden, match="chỉ ban tổ chức mở lại được"):
        service.reopen_batch(session=scene.session, batch_id=batch.id, reason="Sai bài",
                             actor=officer, now=scene.at)
    with pytest.raises(InvalidInput, match="Hãy ghi lý do mở lại"):
        service.reopen_batch(session=scene.session, batch_id=batch.id, reason="  ",
                             actor=organiser, now=scene.at)
    later = scene.at + timedelta(hours=2)
    reopened = service.reopen_batch(session=scene.session, batch_id=batch.id,
                                    reason="Đơn vị chọn nhầm bài", actor=organiser, now=later)

    assert (reopened.status, reopened.reopened_by, reopened.reopened_at,
            reopened.reopen_reason) == (BatchStatus.DRAFT, organiser.id, later,
                                        "Đơn vị chọn nhầm bài")
    entry = scene.session.exec(select(AuditEntry).where(
        AuditEntry.action == "forwarding.reopen")).one()
    assert (entry.actor_id, entry.at, entry.details["reason"]) == (
        organiser.id, later, "Đơn vị chọn nhầm bài")
    assert in_city(scene) == set()
    assert scene.forward("Q1", scene.ids("Q1", 1), actor=officer).status is BatchStatus.DRAFT


def test_the_deadline_job_closes_a_level_once(scene):
    after = scene.source.closes_at + timedelta(minutes=5)

    first = service.close_due_levels(session=scene.session, now=after)
    again = service.close_due_levels(session=scene.session, now=after + timedelta(hours=1))

    scene.session.refresh(scene.source)
    scene.session.refresh(scene.city)
    assert (first, again) == ([scene.source.id], [])
    assert (scene.source.closed_at, scene.city.closed_at) == (scene.source.closes_at, None)


def test_reminders_list_the_units_with_essays_and_no_signed_batch(scene):
    scene.score("Q3", [50])
    scene.forward("Q3", scene.ids("Q3", 1))
    scene.sign("Q3")
    soon = scene.city.closes_at - timedelta(days=2)

    found = queries.reminders(session=scene.session, now=soon, days=3, within=None)
    early = queries.reminders(session=scene.session, now=scene.at, days=3, within=None)
    own = queries.reminders(session=scene.session, now=soon, days=3, within=scene.tree["Q3"])

    assert [(r.level.id, [u.name for u in r.units]) for r in found] == [
        (scene.city.id, ["Quận 1"])]
    assert (early, own) == ([], [])


def test_a_later_level_holds_only_what_signed_batches_forwarded_into_it(session, tree):
    from tests.factories import make_writing_competition
    from tests.forwarding.conftest import Scene, essays_of

    competition, levels = make_writing_competition(session, kinds=("grassroots", "unit",
                                                                   "city"))
    scene = Scene(session, competition, levels, tree,
                  essays_of(session, competition, tree, levels[0].opens_at))
    grassroots, unit_level = levels[0], levels[1]
    ids = scene.ids("Q1")
    service.enter_scores(session=session, level_id=grassroots.id, unit_id=tree["Q1"].id,
                         scores={ids[0]: 60, ids[3]: 95}, actor=None, now=unit_level.opens_at)
    at = unit_level.opens_at + timedelta(hours=1)
    for step in (service.forward_essays, service.sign_batch):
        extra = {"essay_ids": [ids[0], ids[3]]} if step is service.forward_essays else {}
        step(session=session, level_id=unit_level.id, unit_id=tree["Q1"].id, actor=None,
             now=at, **extra)

    found = queries.candidates(session=session, source=unit_level, unit=tree["Q1"], batch=None)
    sources = {f.essay_id: (f.source_score, f.source_rank) for f in forwarded(scene)}

    assert [c.essay_id for c in found] == [ids[0], ids[3]]  # unscored at the unit level yet
    assert sources == {ids[3]: (95.0, 1), ids[0]: (60.0, 2)}
    assert queries.received_by_unit(session=session, level=unit_level) == {tree["Q1"].id: 2}


def test_a_withdrawn_essay_leaves_the_level_and_the_count_the_quota_is_taken_of(scene):
    essay = scene.essays["Q1"][0]
    essay.withdrawn_at = scene.at
    scene.session.commit()

    assert queries.received_by_unit(session=scene.session, level=scene.source) == {
        scene.tree["Q1"].id: 4, scene.tree["Q3"].id: 2}
    with pytest.raises(InvalidInput, match=f"Bài mã {essay.id} không phải bài của Quận 1"):
        scene.forward("Q1", [essay.id])

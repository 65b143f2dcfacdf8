from datetime import timedelta

import pytest

from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.movement import service
from backend.movement.models import EntryStatus as S
from tests.movement.conftest import CLOSES, DURING

LADDER = [S.VERIFIED, S.UNIT_RECOGNISED, S.CITY_PROPOSED, S.CITY_RECOGNISED, S.EXEMPLARY,
          S.COMMENDATION_PROPOSED]


def test_a_year_comes_with_the_four_usual_fields(session, movement_year):
    names = [f.name for f in service.fields_of(session=session, year_id=movement_year.id)]
    assert names == ["Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh",
                     "Xây dựng Đảng và hệ thống chính trị"]


def test_an_officer_registers_for_a_unit_in_its_subtree(register, officer, session):
    entry = register(actor=officer)
    assert (entry.status, entry.people) == (S.REGISTERED, "Tổ dân phố 3")
    steps = service.steps_of(session=session, entry_id=entry.id)
    assert [(s.from_status, s.to_status, s.actor_id) for s in steps] == [
        (None, S.REGISTERED, officer.id)]


def test_an_officer_cannot_register_for_another_district(register, q3_officer):
    with pytest.raises(NotFound):
        register("Q1-BN", actor=q3_officer)


def test_the_same_title_twice_for_a_unit_is_refused(register):
    register(title="Dân vận khéo trong chỉnh trang đô thị")
    with pytest.raises(Conflict) as refused:
        register(title="dân vận  khéo trong chỉnh trang đô thị")
    assert "cùng tên" in refused.value.message


def test_registration_outside_the_window_is_refused_to_officers(register, officer):
    with pytest.raises(Conflict) as refused:
        register(actor=officer, now=CLOSES + timedelta(minutes=1))
    assert "đã hết hạn" in refused.value.message


def test_an_unknown_field_names_the_fields_of_the_year(register):
    with pytest.raises(InvalidInput) as refused:
        register(field="Thể thao")
    assert "Thể thao" in refused.value.message
    assert "Kinh tế" in refused.value.message


def test_an_entry_climbs_every_step_by_the_level_that_covers_it(
        register, session, ward_officer, officer, organiser):
    entry = register(actor=ward_officer)
    actors = [ward_officer, officer, officer, organiser, organiser, organiser]
    for to, actor in zip(LADDER, actors, strict=True):
        entry = service.advance_entry(session=session, entry_id=entry.id, to=to, actor=actor,
                                      now=DURING)
    assert entry.status is S.COMMENDATION_PROPOSED
    steps = service.steps_of(session=session, entry_id=entry.id)
    assert [s.actor_id for s in steps[1:]] == [a.id for a in actors]


def test_a_ward_officer_cannot_recognise_at_the_unit_level(register, session, ward_officer):
    entry = register(actor=ward_officer)
    service.advance_entry(session=session, entry_id=entry.id, to=S.VERIFIED,
                          actor=ward_officer, now=DURING)
    with pytest.raises(Forbidden) as refused:
        service.advance_entry(session=session, entry_id=entry.id, to=S.UNIT_RECOGNISED,
                              actor=ward_officer, now=DURING)
    assert "đơn vị trực thuộc thành phố" in refused.value.message


def test_an_officer_cannot_recognise_at_the_city_level(register, session, officer):
    entry = register(actor=officer)
    for to in LADDER[:3]:
        service.advance_entry(session=session, entry_id=entry.id, to=to, actor=officer,
                              now=DURING)
    with pytest.raises(Forbidden):
        service.advance_entry(session=session, entry_id=entry.id, to=S.CITY_RECOGNISED,
                              actor=officer, now=DURING)


def test_an_officer_of_another_district_cannot_see_or_act(register, session, q3_officer):
    entry = register()
    with pytest.raises(NotFound):
        service.advance_entry(session=session, entry_id=entry.id, to=S.VERIFIED,
                              actor=q3_officer, now=DURING)


def test_a_step_cannot_be_skipped(register, session, organiser):
    entry = register()
    with pytest.raises(Conflict) as refused:
        service.advance_entry(session=session, entry_id=entry.id, to=S.CITY_RECOGNISED,
                              actor=organiser, now=DURING)
    assert "Đã thẩm định" in refused.value.message


def test_rejecting_needs_a_reason_and_keeps_the_step_it_was_at(register, session, officer):
    entry = register()
    with pytest.raises(InvalidInput):
        service.advance_entry(session=session, entry_id=entry.id, to=S.REJECTED,
                              actor=officer, now=DURING)
    entry = service.advance_entry(session=session, entry_id=entry.id, to=S.REJECTED,
                                  actor=officer, now=DURING, reason="Trùng mô hình năm trước")
    assert (entry.status, entry.rejected_from, entry.rejected_reason) == (
        S.REJECTED, S.REGISTERED, "Trùng mô hình năm trước")
    assert service.reached(entry, S.REGISTERED)
    assert not service.reached(entry, S.VERIFIED)
    with pytest.raises(Conflict):
        service.advance_entry(session=session, entry_id=entry.id, to=S.VERIFIED,
                              actor=officer, now=DURING)


def test_bulk_moves_what_may_move_and_lists_the_rest(register, session, officer, organiser):
    ids = [register(title=f"Mô hình số {n}").id for n in range(5)]
    service.advance_entry(session=session, entry_id=ids[0], to=S.VERIFIED, actor=organiser,
                          now=DURING)
    outcome = service.advance_entries(session=session, entry_ids=ids, to=S.VERIFIED,
                                      actor=officer, now=DURING)
    assert outcome.moved == 4
    assert [entry_id for entry_id, _ in outcome.refused] == [ids[0]]


def _corrected(tree, **changes) -> service.EntryData:
    data = {"unit_id": tree["Q1-BN"].id, "kind": "giai_phap", "title": "Dân vận khéo ở tổ 5",
            "field": "Văn hóa - xã hội", "people": "Tổ dân phố 5", "description": "Mô tả mới.",
            "results": "Kết quả mới.", **changes}
    return service.EntryData(**data)


def test_a_registered_entry_is_corrected_without_a_step(register, session, tree, officer):
    entry = register(actor=officer)
    later = DURING + timedelta(days=1)

    corrected = service.update_entry(session=session, entry_id=entry.id, actor=officer,
                                     data=_corrected(tree), now=later)

    assert (corrected.title, corrected.kind, corrected.people, corrected.results) == (
        "Dân vận khéo ở tổ 5", "giai_phap", "Tổ dân phố 5", "Kết quả mới.")
    assert corrected.updated_at == later
    assert len(service.steps_of(session=session, entry_id=entry.id)) == 1


def test_an_entry_past_registered_cannot_be_corrected(register, session, tree, officer):
    entry = register(actor=officer)
    service.advance_entry(session=session, entry_id=entry.id, to=S.VERIFIED, actor=officer,
                          now=DURING)

    with pytest.raises(Conflict) as refused:
        service.update_entry(session=session, entry_id=entry.id, actor=officer,
                             data=_corrected(tree), now=DURING)
    assert "chỉ sửa được khi còn ở bước “Đã đăng ký”" in refused.value.message


def test_correcting_follows_the_rules_of_registering(register, session, tree, officer,
                                                     q3_officer):
    entry = register(actor=officer)
    register(title="Mô hình khác")

    with pytest.raises(Conflict) as duplicate:
        service.update_entry(session=session, entry_id=entry.id, actor=officer,
                             data=_corrected(tree, title="mô hình  khác"), now=DURING)
    with pytest.raises(Conflict) as late:
        service.update_entry(session=session, entry_id=entry.id, actor=officer,
                             data=_corrected(tree), now=CLOSES)
    with pytest.raises(NotFound):
        service.update_entry(session=session, entry_id=entry.id, actor=q3_officer,
                             data=_corrected(tree), now=DURING)
    with pytest.raises(NotFound):
        service.update_entry(session=session, entry_id=entry.id, actor=officer,
                             data=_corrected(tree, unit_id=tree["Q3"].id), now=DURING)
    assert "cùng tên" in duplicate.value.message
    assert "đã hết hạn" in late.value.message


def test_a_bulk_step_for_a_year_refuses_entries_of_another_year(register, session, tree,
                                                                  movement_year):
    other = service.create_year(session=session, year=2024, title="Dân vận khéo 2024",
                                opens_at=DURING, closes_at=CLOSES)
    ours = register(title="Mô hình năm 2023")
    theirs = service.register_entry(
        session=session, year_id=other.id, actor=None, now=DURING, data=service.EntryData(
            unit_id=tree["Q1-BN"].id, kind="mo_hinh", title="Mô hình năm 2024",
            field="Kinh tế"))

    outcome = service.advance_entries(session=session, entry_ids=[ours.id, theirs.id],
                                      to=S.VERIFIED, actor=None, now=DURING,
                                      year_id=movement_year.id)

    assert outcome.moved == 1
    assert outcome.refused == [(theirs.id, "“Mô hình năm 2024” thuộc đợt phong trào khác.")]
@pytest.mark.parametrize(("change", "attribute"), [
    ({"title": ""}, "title"), ({"field": "Thể thao"}, "field"), ({"kind": "khac"}, "kind"),
    ({"kind": "dien_hinh_ca_nhan", "people": ""}, "people")])
def test_a_refused_entry_names_the_attribute_at_fault(session, movement_year, tree, change,
                                                      attribute):
    data = service.EntryData(**{"unit_id": tree["Q1-BN"].id, "kind": "mo_hinh",
                                "title": "Mô hình", "field": "Kinh tế", **change})
    with pytest.raises(InvalidInput) as refused:
        service.checked_entry(session=session, period=movement_year, data=data, actor=None)
    assert refused.value.extra["field"] == attribute


def test_a_unit_out_of_reach_names_the_unit(session, movement_year, tree, q3_officer):
    data = service.EntryData(unit_id=tree["Q1-BN"].id, kind="mo_hinh", title="Mô hình",
                             field="Kinh tế")
    with pytest.raises(NotFound) as refused:
        service.checked_entry(session=session, period=movement_year, data=data,
                              actor=q3_officer)
    assert refused.value.extra["field"] == "unit_id"

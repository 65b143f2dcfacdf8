"""Unit tree rules, checked through the service without HTTP."""

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from backend.accounts.models import Role
from backend.audit import service as audit
from backend.clock import utcnow
from backend.errors import Conflict, InvalidInput, NotFound
from backend.units import service
from backend.units.models import Block, Unit, UnitKind
from tests.factories import import_rows, make_user
from tests.units.conftest import fresh_units


def test_import_builds_paths_depths_and_passes_blocks_down(tree):
    hcm, q1, ben_nghe = tree["HCM"], tree["Q1"], tree["Q1-BN"]

    assert (hcm.path, hcm.depth) == (f"/{hcm.id}/", 0)
    assert (q1.path, q1.depth) == (f"/{hcm.id}/{q1.id}/", 1)
    assert (ben_nghe.path, ben_nghe.depth) == (f"/{hcm.id}/{q1.id}/{ben_nghe.id}/", 2)
    assert hcm.block_id is None
    assert ben_nghe.block_id == q1.block_id == tree["Q3"].block_id is not None
    assert tree["TDOAN"].block_id not in (None, q1.block_id)


def test_unit_keeps_code_name_kind_headcount_cluster_and_active_flag(session, tree):
    q1 = tree["Q1"]
    cluster = next(c for c in service.clusters(session=session) if c.id == q1.cluster_id)

    assert (q1.code, q1.name, q1.kind, q1.headcount, q1.is_active) == (
        "Q1", "Quận 1", UnitKind.URBAN_DISTRICT, 2400, True)
    assert q1.parent_id == tree["HCM"].id
    assert cluster.name == "Cụm 1"
    assert tree["TD"].cluster_id is None


def test_tree_goes_to_any_depth(session):
    chain = [("C0", "Thành phố", "", "Khối A", "Tỉnh, thành phố", 0, "")]
    chain += [(f"C{i}", f"Cấp {i}", f"C{i - 1}", "", "Khác", i, "") for i in range(1, 8)]

    import_rows(session, chain)

    units = {u.code: u for u in session.exec(select(Unit))}
    deepest = units["C7"]
    assert deepest.depth == 7
    assert deepest.path == "/" + "/".join(str(units[f"C{i}"].id) for i in range(8)) + "/"
    assert units["C0"].contains(deepest)
    assert not deepest.contains(units["C0"])
    assert [a.code for a in service.ancestors(session=session, unit=deepest)] == [
        f"C{i}" for i in range(7)]


def test_build_tree_nests_children_in_natural_order(session, tree):
    import_rows(session, [("Q10", "Quận 10", "HCM", "", "Quận", 1800, "")])

    roots = service.build_tree(service.list_units(session=session))

    assert [r.unit.code for r in roots] == ["HCM"]
    assert [c.unit.name for c in roots[0].children] == [
        "Quận 1", "Quận 3", "Quận 10", "Thành Đoàn", "Thành phố Thủ Đức"]
    q1 = roots[0].children[0]
    assert [c.unit.name for c in q1.children] == ["Phường Bến Nghé", "Phường Bến Thành"]
    assert roots[0].size == 9


@pytest.mark.parametrize("typed", ["thu duc", "THỦ ĐỨC", "Thu Duc", "thủ đức", "  thu   DUC "])
def test_search_ignores_diacritics_and_case(session, tree, typed):
    found = service.search_units(session=session, query=typed)

    assert [u.name for u in found] == ["Thành phố Thủ Đức"]


def test_search_needs_every_word_typed_and_also_matches_codes(session, tree):
    assert [u.code for u in service.search_units(session=session, query="phuong ben")] == [
        "Q1-BN", "Q1-BT"]
    assert [u.code for u in service.search_units(session=session, query="ben nghe")] == ["Q1-BN"]
    assert [u.code for u in service.search_units(session=session, query="q3-vts")] == ["Q3-VTS"]
    assert service.search_units(session=session, query="ben nghe q3") == []


def test_search_treats_like_wildcards_as_plain_text(session, tree):
    assert service.search_units(session=session, query="%") == []
    assert service.search_units(session=session, query="_") == []


def test_search_within_a_scope_finds_only_that_subtree(session, tree):
    found = service.search_units(session=session, query="phuong", within=tree["Q1"])

    assert [u.name for u in found] == ["Phường Bến Nghé", "Phường Bến Thành"]


def test_list_units_within_a_scope_is_that_subtree_parents_first(session, tree):
    found = service.list_units(session=session, within=tree["Q1"])

    assert [u.code for u in found] == ["Q1", "Q1-BN", "Q1-BT"]


def test_organiser_sees_the_whole_tree_and_officer_only_their_unit(session, settings, tree):
    organiser = make_user(session, settings, role=Role.ORGANISER, username="btc")
    officer = make_user(session, settings, role=Role.UNIT_OFFICER, username="q1",
                        unit=tree["Q1"])

    assert service.scope_of(session=session, user=organiser) is None
    assert service.scope_of(session=session, user=officer).code == "Q1"


def test_unit_outside_the_callers_subtree_is_not_found(session, tree):
    with pytest.raises(NotFound) as refused:
        service.get_unit(session=session, unit_id=tree["Q3-VTS"].id, within=tree["Q1"])

    assert refused.value.message == (
        "Không tìm thấy đơn vị này, hoặc đơn vị nằm ngoài phạm vi của bạn.")
    assert service.get_unit(session=session, unit_id=tree["Q1-BN"].id,
                            within=tree["Q1"]).code == "Q1-BN"


def test_set_headcount_stores_it_and_writes_an_audit_entry(session, database, tree):
    service.set_headcount(session=session, unit=tree["Q1-BN"], headcount=175, actor_id=None,
                          now=utcnow())

    assert fresh_units(database)["Q1-BN"].headcount == 175
    entry = audit.recent(session=session, action_prefix="unit.headcount")[0]
    assert (entry.target, entry.details) == (f"unit:{tree['Q1-BN'].id}", {"from": 130, "to": 175})


def test_negative_headcount_is_refused_and_not_stored(session, database, tree):
    with pytest.raises(InvalidInput) as refused:
        service.set_headcount(session=session, unit=tree["Q1-BN"], headcount=-1, actor_id=None,
                              now=utcnow())

    assert refused.value.message == "Số lượng thành viên không được âm."
    assert fresh_units(database)["Q1-BN"].headcount == 130


def test_rename_keeps_the_code_and_makes_the_new_name_searchable(session, database, tree):
    service.rename_unit(session=session, unit=tree["Q1-BN"], name="  Phường  Sài Gòn ",
                        kind=UnitKind.WARD, actor_id=None, now=utcnow())

    stored = fresh_units(database)["Q1-BN"]
    assert (stored.code, stored.name) == ("Q1-BN", "Phường Sài Gòn")
    assert [u.code for u in service.search_units(session=session, query="sai gon")] == ["Q1-BN"]
    assert service.search_units(session=session, query="ben nghe") == []
    entry = audit.recent(session=session, action_prefix="unit.rename")[0]
    assert entry.details == {"from": "Phường Bến Nghé", "to": "Phường Sài Gòn"}


def test_rename_to_a_blank_name_is_refused(session, database, tree):
    with pytest.raises(InvalidInput) as refused:
        service.rename_unit(session=session, unit=tree["Q1"], name=" \u200b ",
                            kind=UnitKind.URBAN_DISTRICT, actor_id=None, now=utcnow())

    assert refused.value.message == "Tên đơn vị không được để trống."
    assert fresh_units(database)["Q1"].name == "Quận 1"


def test_retiring_a_unit_retires_its_subtree_and_keeps_every_row(session, database, tree):
    now = utcnow()

    count = service.retire_unit(session=session, unit=tree["Q1"], actor_id=None, now=now)

    units = fresh_units(database)
    assert count == 3
    assert len(units) == 8
    assert {code for code, u in units.items() if not u.is_active} == {"Q1", "Q1-BN", "Q1-BT"}
    assert units["Q1-BN"].retired_at is not None
    assert (units["Q1-BN"].name, units["Q1-BN"].parent_id) == ("Phường Bến Nghé", tree["Q1"].id)
    assert (units["Q3"].is_active, units["Q3"].retired_at) == (True, None)
    entry = audit.recent(session=session, action_prefix="unit.retire")[0]
    assert (entry.target, entry.details) == (f"unit:{tree['Q1'].id}", {"code": "Q1", "count": 3})


def test_retired_units_leave_lists_searches_and_exports_but_can_still_be_opened(session, tree):
    service.retire_unit(session=session, unit=tree["Q1"], actor_id=None, now=utcnow())

    listed = [u.code for u in service.list_units(session=session)]
    assert {"Q1", "Q1-BN", "Q1-BT"}.isdisjoint(listed)
    assert service.search_units(session=session, query="ben nghe") == []
    assert [u.code for u in service.search_units(session=session, query="ben nghe",
                                                 include_retired=True)] == ["Q1-BN"]
    assert "Q1" not in [line.code for line in service.export_lines(session=session)]
    assert service.get_unit(session=session, unit_id=tree["Q1"].id).is_active is False


def test_retiring_a_retired_unit_is_a_conflict(session, tree):
    service.retire_unit(session=session, unit=tree["Q1"], actor_id=None, now=utcnow())

    with pytest.raises(Conflict) as refused:
        service.retire_unit(session=session, unit=tree["Q1"], actor_id=None, now=utcnow())

    assert refused.value.message == "Đơn vị này đã ngừng hoạt động từ trước."


def test_restore_brings_a_retired_unit_back(session, database, tree):
    service.retire_unit(session=session, unit=tree["Q1"], actor_id=None, now=utcnow())

    service.restore_unit(session=session, unit=tree["Q1"], actor_id=None, now=utcnow())

    restored = fresh_units(database)["Q1"]
    assert (restored.is_active, restored.retired_at) == (True, None)
    assert "Q1" in [u.code for u in service.list_units(session=session)]
    entry = audit.recent(session=session, action_prefix="unit.restore")[0]
    assert entry.target == f"unit:{tree['Q1'].id}"


def test_restoring_below_a_retired_parent_is_refused(session, database, tree):
    service.retire_unit(session=session, unit=tree["Q1"], actor_id=None, now=utcnow())

    with pytest.raises(Conflict) as refused:
        service.restore_unit(session=session, unit=tree["Q1-BN"], actor_id=None, now=utcnow())

    assert refused.value.message == ("Đơn vị cấp trên “Quận 1” đã ngừng hoạt động; "
                                     "hãy khôi phục đơn vị cấp trên trước.")
    assert fresh_units(database)["Q1-BN"].is_active is False


def test_restoring_an_active_unit_is_a_conflict(session, tree):
    with pytest.raises(Conflict) as refused:
        service.restore_unit(session=session, unit=tree["Q1"], actor_id=None, now=utcnow())

    assert refused.value.message == "Đơn vị này đang hoạt động."


def test_moving_wards_to_another_parent_recomputes_paths_depths_and_blocks(session, tree):
    import_rows(session, [
        ("Q1-BN", "Phường Bến Nghé", "TDOAN", "", "Phường", 130, ""),
        ("Q1-BT", "Phường Bến Thành", "Q3", "", "Phường", 140, ""),
    ])

    units = {u.code: u for u in session.exec(select(Unit))}
    ben_nghe, ben_thanh = units["Q1-BN"], units["Q1-BT"]
    assert ben_nghe.parent_id == units["TDOAN"].id
    assert ben_nghe.path == f"{units['TDOAN'].path}{ben_nghe.id}/"
    assert ben_nghe.block_id == units["TDOAN"].block_id != units["Q1"].block_id
    assert ben_thanh.path == f"{units['Q3'].path}{ben_thanh.id}/"
    assert [u.code for u in service.list_units(session=session, within=units["Q1"])] == ["Q1"]


def test_moving_a_unit_down_a_level_moves_its_whole_subtree(session, tree):
    import_rows(session, [
        ("KV1", "Khu vực 1", "HCM", "Khối Quận, huyện", "Khác", 0, ""),
        ("Q1", "Quận 1", "KV1", "", "Quận", 2400, "Cụm 1"),
    ])

    units = {u.code: u for u in session.exec(select(Unit))}
    ben_nghe = units["Q1-BN"]
    assert ben_nghe.depth == 3
    assert ben_nghe.path == f"/{units['HCM'].id}/{units['KV1'].id}/{units['Q1'].id}/{ben_nghe.id}/"
    assert units["KV1"].contains(ben_nghe)


def test_a_move_that_changes_a_districts_block_passes_it_to_the_wards(session, tree):
    import_rows(session, [("Q1", "Quận 1", "HCM", "Khối Mặt trận, đoàn thể", "Quận", 2400, "")])

    units = {u.code: u for u in session.exec(select(Unit))}
    front = session.exec(select(Block).where(Block.name == "Khối Mặt trận, đoàn thể")).one()
    assert units["Q1"].block_id == units["Q1-BN"].block_id == units["Q1-BT"].block_id == front.id


def test_export_lines_put_each_parent_before_its_children_and_each_block_before_its_units(
        session, tree):
    lines = service.export_lines(session=session)

    assert [(line.code, line.parent_code) for line in lines] == [
        ("HCM", ""), ("KHỐI MẶT TRẬN, ĐOÀN THỂ", "HCM"), ("TDOAN", "KHỐI MẶT TRẬN, ĐOÀN THỂ"),
        ("KHỐI QUẬN, HUYỆN", "HCM"), ("Q1", "KHỐI QUẬN, HUYỆN"), ("Q1-BN", "Q1"),
        ("Q1-BT", "Q1"), ("Q3", "KHỐI QUẬN, HUYỆN"), ("Q3-VTS", "Q3"), ("TD", "KHỐI QUẬN, HUYỆN")]
    block, ben_nghe = lines[3], lines[5]
    assert (block.name, block.kind, block.headcount, block.is_block) == (
        "Khối Quận, huyện", "Khối", None, True)
    assert (ben_nghe.name, ben_nghe.block, ben_nghe.kind, ben_nghe.headcount,
            ben_nghe.cluster, ben_nghe.is_block) == (
        "Phường Bến Nghé", "", "Phường", 130, "", False)


def test_export_lines_of_a_subtree_name_the_parent_of_its_top(session, tree):
    district = service.export_lines(session=session, within=tree["Q1"])
    ward = service.export_lines(session=session, within=tree["Q1-BN"])

    assert [(line.code, line.parent_code) for line in district] == [
        ("KHỐI QUẬN, HUYỆN", "HCM"), ("Q1", "KHỐI QUẬN, HUYỆN"), ("Q1-BN", "Q1"),
        ("Q1-BT", "Q1")]
    assert [(line.code, line.parent_code) for line in ward] == [("Q1-BN", "Q1")]


def test_the_database_holds_one_unit_per_code(session, tree):
    session.add(Unit(code="Q1", name="Quận 1 trùng", path="/"))

    with pytest.raises(IntegrityError):
        session.flush()


def test_the_database_refuses_a_negative_headcount(session, tree):
    tree["Q3"].headcount = -5
    session.add(tree["Q3"])

    with pytest.raises(IntegrityError):
        session.flush()

"""Blocks given as rows: a row of kind "Khối" is a block, the units under it belong to it and
hang under the block's own parent; the export writes that layout, so export -> import changes
nothing, and files with a "Khối" column still import."""


from sqlmodel import select

from backend.units.models import Block
from tests.units.conftest import (
    export_bytes,
    fresh_units,
    import_file,
    rejected_texts,
    sheet_rows,
    stored,
    xlsx,
)

ROWS = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại", "Số lượng thành viên",
        "Cụm thi đua"]
CITY_2023 = [
    ("TPHCM", "Thành phố Hồ Chí Minh", "", "Tỉnh, thành phố", 0, ""),
    ("K-QH", "Khối Quận, huyện và TP Thủ Đức", "TPHCM", "Khối", None, ""),
    ("Q1", "Quận 1", "K-QH", "Quận", 2460, "Cụm 1"),
    ("Q1-BN", "Phường Bến Nghé", "Q1", "Phường", 132, ""),
    ("TD", "Thành phố Thủ Đức", "K-QH", "Thành phố thuộc TP", 6850, "Cụm 1"),
    ("K-DU", "Khối Đảng ủy cấp trên cơ sở", "TPHCM", "khoi", None, ""),
    ("DU-DCD", "Đảng ủy Khối Dân - Chính - Đảng", "K-DU", "Đảng ủy cấp trên cơ sở", 7420, ""),
    ("K-MT", "Khối Mặt trận Tổ quốc và các đoàn thể", "TPHCM", "Khối", None, ""),
    ("TDOAN", "Thành Đoàn", "K-MT", "Đoàn thể", 980, ""),
]


def tree_file(rows: list[tuple], headers: list[str] = ROWS) -> bytes:
    return xlsx(rows, headers=headers)


def blocks(database) -> dict[str, tuple[int, str]]:
    with database.scope(write=False) as fresh:
        return {b.code: (b.id, b.name) for b in fresh.exec(select(Block))}


def test_block_rows_become_blocks_that_their_units_belong_to(session, database):
    summary = import_file(database, session, tree_file(CITY_2023))

    assert (summary.created, summary.updated, summary.unchanged) == (6, 0, 0)
    assert summary.new_blocks == ["Khối Quận, huyện và TP Thủ Đức",
                                  "Khối Đảng ủy cấp trên cơ sở",
                                  "Khối Mặt trận Tổ quốc và các đoàn thể"]
    found, units = blocks(database), fresh_units(database)
    assert set(found) == {"K-QH", "K-DU", "K-MT"}
    assert "K-QH" not in units
    assert units["Q1"].parent_id == units["TD"].parent_id == units["TPHCM"].id
    assert units["Q1"].block_id == units["Q1-BN"].block_id == found["K-QH"][0]
    assert units["DU-DCD"].block_id == found["K-DU"][0]
    assert units["TDOAN"].block_id == found["K-MT"][0]
    assert units["TPHCM"].block_id is None
    assert units["Q1-BN"].path == f"/{units['TPHCM'].id}/{units['Q1'].id}/{units['Q1-BN'].id}/"


def test_a_block_row_at_the_top_puts_its_units_at_the_root(session, database):
    import_file(database, session, tree_file([
        ("K-MT", "Khối Mặt trận, đoàn thể", "", "Khối", None, ""),
        ("TDOAN", "Thành Đoàn", "K-MT", "Đoàn thể", 980, ""),
    ]))

    thanh_doan = fresh_units(database)["TDOAN"]
    assert (thanh_doan.parent_id, thanh_doan.depth) == (None, 0)
    assert thanh_doan.block_id == blocks(database)["K-MT"][0]


def test_a_block_row_may_come_after_the_units_under_it(session, database):
    import_file(database, session, tree_file([
        ("TDOAN", "Thành Đoàn", "K-MT", "Đoàn thể", 980, ""),
        ("K-MT", "Khối Mặt trận, đoàn thể", "", "Khối", None, ""),
    ]))

    assert fresh_units(database)["TDOAN"].block_id == blocks(database)["K-MT"][0]


def test_a_block_row_renames_its_block_by_code_and_keeps_its_units(session, database):
    import_file(database, session, tree_file(CITY_2023))
    before = blocks(database)

    summary = import_file(database, session, tree_file([
        ("K-MT", "Khối Mặt trận và các tổ chức chính trị - xã hội", "TPHCM", "Khối", None, ""),
    ]))

    after = blocks(database)
    assert summary.new_blocks == []
    assert after["K-MT"] == (before["K-MT"][0], "Khối Mặt trận và các tổ chức chính trị - xã hội")
    assert fresh_units(database)["TDOAN"].block_id == before["K-MT"][0]


def test_a_unit_moved_out_from_under_a_block_row_leaves_the_block(session, database):
    import_file(database, session, tree_file(CITY_2023))

    summary = import_file(database, session, tree_file([
        ("K-MT", "Khối Mặt trận Tổ quốc và các đoàn thể", "TPHCM", "Khối", None, ""),
        ("TDOAN", "Thành Đoàn", "TPHCM", "Đoàn thể", 980, ""),
    ]))

    assert summary.updated == 1
    assert fresh_units(database)["TDOAN"].block_id is None


def test_every_mistake_with_block_rows_is_reported_at_once_and_nothing_is_stored(
        session, database, tree):
    before = stored(database)
    data = tree_file([
        ("K-A", "Khối A", "HCM", "Khối", 100, "Cụm 1"),
        ("K-B", "Khối B", "K-A", "Khối", None, ""),
        ("Q3", "Khối Quận 3", "HCM", "Khối", None, ""),
        ("K-C", "Khối a", "HCM", "Khối", None, ""),
        ("Q9", "Quận 9", "KHỐI QUẬN, HUYỆN", "Quận", 10, ""),
        ("K-D", "Khối D", "Q1", "Khối", None, ""),
        ("K-E", "Khối Mặt trận, đoàn thể", "HCM", "Khối", None, ""),
    ])

    message, problems = rejected_texts(database, session, data)

    assert message.startswith("Tệp “don-vi.xlsx” có 8 lỗi")
    assert [p.removeprefix("Trang tính “Đơn vị”, ") for p in problems] == [
        "dòng 2, cột “Số lượng thành viên (cột E)”: Khối không có số lượng thành viên riêng (số "
        "của khối là tổng các đơn vị trong khối); hãy để trống ô này.",
        "dòng 2, cột “Cụm thi đua (cột F)”: Khối không thuộc cụm thi đua; cụm thi đua ghi ở dòng "
        "của từng đơn vị, hãy để trống ô này.",
        "dòng 3, cột “Mã đơn vị cấp trên (cột C)”: Khối không nằm trong khối khác: ô này ghi mã "
        "đơn vị chứa khối (để trống nếu khối ở cấp cao nhất).",
        "dòng 4, cột “Mã đơn vị (cột A)”: Mã “Q3” đã là mã của đơn vị “Quận 3”; khối cần một mã "
        "riêng.",
        "dòng 5, cột “Tên đơn vị (cột B)”: Tên khối “Khối a” trùng với khối ở dòng 2.",
        "dòng 6, cột “Mã đơn vị cấp trên (cột C)”: Mã “KHỐI QUẬN, HUYỆN” là mã của khối “Khối "
        "Quận, huyện” nhưng tệp không có dòng của khối này. Hãy thêm dòng khối (Loại “Khối”, mã "
        "“KHỐI QUẬN, HUYỆN”) vào tệp, hoặc ghi tên khối ở cột “Khối”.",
        "dòng 7, cột “Mã đơn vị cấp trên (cột C)”: Đơn vị cấp trên “Q1” thuộc khối “Khối Quận, "
        "huyện”; khối không nằm trong khối khác. Hãy đặt dòng khối dưới một đơn vị không thuộc "
        "khối nào (hoặc để trống ô này).",
        "dòng 8, cột “Tên đơn vị (cột B)”: Tên khối “Khối Mặt trận, đoàn thể” đã là tên của khối "
        "mã “KHỐI MẶT TRẬN, ĐOÀN THỂ”.",
    ]
    assert stored(database) == before


def test_a_khoi_cell_that_contradicts_the_block_row_above_is_refused(session, database):
    headers = [*ROWS, "Khối"]
    data = tree_file([("K-A", "Khối A", "", "Khối", None, "", ""),
                      ("K-B", "Khối B", "", "Khối", None, "", ""),
                      ("X", "Đơn vị X", "K-A", "Khác", 1, "", "Khối B")], headers=headers)

    _, problems = rejected_texts(database, session, data)

    assert problems == ["Trang tính “Đơn vị”, dòng 4, cột “Khối (cột G)”: Khối “Khối B” khác "
                        "khối “Khối A” của dòng khối cấp trên (dòng 2); hãy để trống ô này."]


def test_a_cycle_through_a_block_row_is_refused(session, database):
    data = tree_file([("K-A", "Khối A", "X", "Khối", None, ""),
                      ("X", "Đơn vị X", "K-A", "Khác", 1, "")])

    _, problems = rejected_texts(database, session, data)

    assert problems == ["Trang tính “Đơn vị”, dòng 3, cột “Mã đơn vị cấp trên (cột C)”: "
                        "Cấp trên tạo thành vòng lặp: X → K-A → X."]


def test_export_then_import_of_a_tree_with_blocks_as_rows_changes_nothing(session, database):
    import_file(database, session, tree_file(CITY_2023))
    data = export_bytes(session)
    before, blocks_before = stored(database), blocks(database)

    summary = import_file(database, session, data, filename="xuat.xlsx")

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 6)
    assert summary.new_blocks == []
    assert stored(database)["units"] == before["units"]
    assert blocks(database) == blocks_before
    assert [row[:4] for row in sheet_rows(data)[1:4]] == [
        ("TPHCM", "Thành phố Hồ Chí Minh", None, "Tỉnh, thành phố"),
        ("K-DU", "Khối Đảng ủy cấp trên cơ sở", "TPHCM", "Khối"),
        ("DU-DCD", "Đảng ủy Khối Dân - Chính - Đảng", "K-DU", "Đảng ủy cấp trên cơ sở")]
    assert [row[0] for row in sheet_rows(data) if row[3] == "Khối"] == ["K-DU", "K-MT", "K-QH"]


def test_the_old_layout_with_a_khoi_column_describes_the_same_tree(session, database):
    import_file(database, session, tree_file(CITY_2023))
    before, blocks_before = stored(database), blocks(database)
    old_layout = xlsx([
        ("TPHCM", "Thành phố Hồ Chí Minh", "", "", "Tỉnh, thành phố", 0, ""),
        ("Q1", "Quận 1", "TPHCM", "K-QH", "Quận", 2460, "Cụm 1"),
        ("Q1-BN", "Phường Bến Nghé", "Q1", "", "Phường", 132, ""),
        ("TD", "Thành phố Thủ Đức", "TPHCM", "Khối Quận, huyện và TP Thủ Đức",
         "Thành phố thuộc TP", 6850, "Cụm 1"),
        ("DU-DCD", "Đảng ủy Khối Dân - Chính - Đảng", "TPHCM", "k-du",
         "Đảng ủy cấp trên cơ sở", 7420, ""),
        ("TDOAN", "Thành Đoàn", "TPHCM", "Khối Mặt trận Tổ quốc và các đoàn thể", "Đoàn thể",
         980, ""),
    ])

    summary = import_file(database, session, old_layout)

    assert (summary.updated, summary.unchanged, summary.new_blocks) == (0, 6, [])
    assert stored(database)["units"] == before["units"]
    assert blocks(database) == blocks_before


def test_a_block_whose_units_hang_under_two_parents_round_trips_with_a_khoi_column(
        session, database, tree):
    import_file(database, session, xlsx([("Q3-VTS-KP1", "Khu phố 1", "Q3-VTS", "", "Khác", 5,
                                          ""),
                                         ("DV-X", "Đơn vị X", "Q3-VTS-KP1", "", "Khác", 5, "")]))
    import_file(database, session, xlsx([("LDLD", "Liên đoàn Lao động", "HCM",
                                          "Khối Mặt trận, đoàn thể", "Đoàn thể", 1, ""),
                                         ("X-ROOT", "Đơn vị ở gốc", "", "", "Khác", 1, ""),
                                         ("X-CHILD", "Đơn vị dưới gốc", "X-ROOT",
                                          "Khối Mặt trận, đoàn thể", "Khác", 1, "")]))
    data = export_bytes(session)
    before, blocks_before = stored(database), blocks(database)

    summary = import_file(database, session, data, filename="xuat.xlsx")

    rows = sheet_rows(data)
    assert rows[0][-1] == "Khối"
    assert ("X-CHILD", "Đơn vị dưới gốc", "X-ROOT", "Khác", 1, None,
            "KHỐI MẶT TRẬN, ĐOÀN THỂ") in rows
    assert (summary.created, summary.updated) == (0, 0)
    assert stored(database)["units"] == before["units"]
    assert blocks(database) == blocks_before


def test_a_subtree_export_imports_back_unchanged(session, database, tree):
    data = export_bytes(session, within=tree["Q1"])
    before = stored(database)

    summary = import_file(database, session, data)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
    assert stored(database)["units"] == before["units"]

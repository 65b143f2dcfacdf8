"""Unit files at the edges: trees as deep as allowed, deeper ones and long loops refused with
located problems (never a crash), and the row limit."""

import pytest

from backend.errors import ImportRejected
from backend.units import importer
from backend.units.service import MAX_DEPTH
from tests.factories import UNIT_HEADERS
from tests.questions.raw_xlsx import row, workbook
from tests.units.conftest import fresh_units, import_file, stored, xlsx


def chain(length: int, *, closed: bool = False) -> bytes:
    """Units U1 > U2 > ... > Un, each below the one before; `closed`: U1 below Un."""
    return xlsx([(f"U{n}", f"Đơn vị {n}", f"U{n - 1}" if n > 1 else (
        f"U{length}" if closed else ""), "", "Khác", 1, "") for n in range(1, length + 1)])


def refused(database, session, data: bytes) -> ImportRejected:
    before = stored(database)
    with pytest.raises(ImportRejected) as rejected:
        import_file(database, session, data)
    assert stored(database) == before
    return rejected.value


def test_a_tree_as_deep_as_allowed_imports(session, database):
    summary = import_file(database, session, chain(MAX_DEPTH))

    deepest = fresh_units(database)[f"U{MAX_DEPTH}"]
    assert (summary.created, deepest.depth) == (MAX_DEPTH, MAX_DEPTH - 1)


def test_one_level_deeper_is_refused_at_the_row_that_goes_too_deep(session, database):
    rejected = refused(database, session, chain(MAX_DEPTH + 1))

    assert [str(p) for p in rejected.problems] == [
        f"Trang tính “Đơn vị”, dòng {MAX_DEPTH + 2}, cột “Mã đơn vị cấp trên (cột C)”: Đơn vị "
        f"này nằm ở cấp thứ {MAX_DEPTH + 1} của cây; cây đơn vị có tối đa {MAX_DEPTH} cấp. "
        "Hãy kiểm tra lại mã đơn vị cấp trên."]


def test_a_chain_of_3000_nested_rows_is_refused_not_crashed_on(session, database):
    rejected = refused(database, session, chain(3000))

    assert rejected.total == 3000 - MAX_DEPTH
    assert str(rejected.problems[-1]) == f"… và {3000 - MAX_DEPTH - 200:,} lỗi khác.".replace(
        ",", ".")


def test_a_loop_of_3000_rows_is_shown_by_its_start_on_every_row(session, database):
    rejected = refused(database, session, chain(3000, closed=True))

    assert rejected.total == 3000
    assert rejected.problems[0].message == (
        "Cấp trên tạo thành vòng lặp: U1 → U3000 → U2999 → U2998 → U2997 → U2996 → U2995 → "
        "U2994 → U2993 → … → U1.")


def test_more_rows_than_an_import_takes_are_refused_before_they_are_read(session, database):
    lines = [row(1, UNIT_HEADERS), *(row(n, [f"U{n}", f"Đơn vị {n}", "", "", "Khác", 1])
                                for n in range(2, importer.MAX_ROWS + 3))]

    rejected = refused(database, session, workbook(lines, sheet="Đơn vị"))

    assert [str(p) for p in rejected.problems] == [
        f"Trang tính “Đơn vị”: Trang tính có hơn {importer.MAX_ROWS:,} dòng dữ liệu; mỗi lần "
        f"nhập tối đa {importer.MAX_ROWS:,} dòng. Hãy chia thành nhiều tệp nhỏ hơn rồi tải lên "
        "lần lượt.".replace(",", ".")]

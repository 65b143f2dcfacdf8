"""`thidua results export`: the same files, built in the foreground with their progress."""

import io

from openpyxl import load_workbook
from sqlalchemy import select

from backend.audit.models import AuditEntry
from backend.downloads.models import ExportFile
from tests.downloads.conftest import table_rows


def test_a_rounds_results_are_written_with_progress_on_stderr(scene, thidua, tmp_path):
    path = tmp_path / "ket-qua.xlsx"

    result = thidua("results", "export", scene.contest.id, "--round", 1, "--output", path)

    assert result.exit_code == 0, result.output
    assert result.stdout == f"Đã ghi {path}: 15 dòng, {path.stat().st_size:,} byte.\n".replace(
        ",", ".")
    assert "Đang tạo tệp: 0 / 15 dòng (0%)" in result.stderr
    assert "Đang tạo tệp: 15 / 15 dòng (100%)" in result.stderr
    rows = table_rows(load_workbook(path).active)
    assert rows[0][8] == "090****005"  # masked unless asked otherwise


def test_the_overall_prize_list_in_full_goes_to_its_standard_name(scene, thidua, tmp_path,
                                                                  monkeypatch):
    scene.finalise()
    monkeypatch.chdir(tmp_path)

    result = thidua("results", "export", scene.contest.id, "--overall", "--kind", "prizes",
                    "--unmasked")

    assert result.exit_code == 0, result.output
    sheet = load_workbook(io.BytesIO((tmp_path / "danh-sach-doat-giai-chung-cuoc-day-du.xlsx")
                                     .read_bytes())).active
    assert table_rows(sheet)[0][7] == "0900 000 005"
    with scene.database.scope(write=False) as session:
        actions = session.execute(select(AuditEntry.action).where(
            AuditEntry.action.startswith("results.export")).order_by(AuditEntry.id)).scalars().all()
    assert actions == ["results.export.request", "results.export.download"]


def test_a_file_already_made_is_written_at_once(scene, thidua, tmp_path):
    export = scene.built()

    result = thidua("results", "export", scene.contest.id, "--round", 1, "-o",
                    tmp_path / "x.xlsx")

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert (tmp_path / "x.xlsx").read_bytes() == scene.file_bytes(export)


def test_errors_name_what_is_wrong_and_exit_1(scene, thidua, tmp_path):
    contest = scene.contest.id
    cases = [
        ((contest,), "Hãy chọn một trong hai: --round SỐ (kết quả một vòng) hoặc --overall"),
        ((contest, "--round", 1, "--overall"), "Hãy chọn một trong hai"),
        ((999, "--round", 1), "Không có cuộc thi số 999."),
        ((contest, "--round", 7), f"Cuộc thi số {contest} không có vòng thi số 7."),
        ((contest, "--overall"), "Chưa tổng hợp kết quả nên chưa có gì để tải về."),
        ((contest, "--overall", "--kind", "attempts"), "Chưa tổng hợp kết quả"),
        ((contest, "--round", 1, "-o", tmp_path / "khong-co" / "x.xlsx"),
         "Không ghi được tệp"),
    ]
    for args, said in cases:
        result = thidua("results", "export", *args)

        assert result.exit_code == 1, (args, result.output)
        assert said in result.stderr, (args, result.stderr)
    with scene.database.scope(write=False) as session:
        assert session.execute(select(ExportFile.id)).scalars().all() == [1]


def test_an_unknown_kind_is_a_usage_error_in_vietnamese(scene, thidua):
    result = thidua("results", "export", scene.contest.id, "--round", 1, "--kind", "csv")

    assert result.exit_code == 2
    assert "Giá trị “csv” của --kind không hợp lệ: chọn một trong results, prizes, attempts." \
        in result.stderr

"""`thidua tallies …` against the test database."""

from openpyxl import load_workbook


def test_show_prints_blocks_units_and_the_total(thidua, scene):
    scene.sat(scene.people("Q1-BN", 2)[0], 5)
    contest_id = scene.contest.id
    scene.session.commit()

    result = thidua("tallies", "show", contest_id)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert ("  Quận 1: 1 người tham gia / 2 đăng ký, tỷ lệ 0,0%, 1 lượt thi, 0 người đoạt "
            "giải") in lines
    assert lines[-1].startswith("Tổng cộng: 1 người tham gia / 2 đăng ký")


def test_export_writes_the_tally_file(thidua, scene, tmp_path):
    scene.sat(scene.people("Q1-BN", 1)[0], 5)
    contest_id = scene.contest.id
    scene.session.commit()
    target = tmp_path / "so-lieu.xlsx"

    result = thidua("tallies", "export", contest_id, "-o", target)

    assert result.exit_code == 0, result.output
    values = [c.value for row in load_workbook(target).active.iter_rows() for c in row]
    assert "TỔNG CỘNG" in values


def test_reconcile_exits_1_on_a_disagreement_and_bad_input_is_named(thidua, scene):
    from backend.clock import utcnow
    from backend.tallies import reported
    from backend.tallies.models import Measure, Target
    reported.record_figure(session=scene.session, contest_id=scene.contest.id, round_no=0,
                           target=Target.UNIT, target_id=scene.tree["Q1"].id,
                           measure=Measure.PARTICIPANTS, value=7, note="", actor=None,
                           within=None, now=utcnow())
    contest_id = scene.contest.id

    found = thidua("tallies", "reconcile", contest_id)
    missing = thidua("tallies", "show", contest_id, "--round", 9)
    kind = thidua("tallies", "export", contest_id, "--kind", "xyz")

    assert found.exit_code == 1
    assert found.stdout == ("Số người tham gia của Quận 1 (toàn cuộc thi): báo cáo 7, nền "
                            "tảng đếm được 0 (lệch 7).\n")
    assert (missing.exit_code, missing.stderr) == (1, "Cuộc thi không có tuần thi thứ 9.\n")
    assert kind.exit_code == 1
    assert kind.stderr.startswith("Loại tệp không hợp lệ")

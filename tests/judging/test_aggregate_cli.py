"""`thidua writing results …`: aggregate, lock, reveal and severity as the page does them."""

from tests.judging.results_factories import blind_level, coded, judged, panel


def test_aggregate_lock_reveal_and_severity_from_the_command_line(thidua, session, settings,
                                                                   tree):
    competition, level = blind_level(session)
    judges = panel(session, settings, competition, 2)
    essay = coded(session, competition, level, tree["Q1"], n=1)
    judged(session, competition, level, essay, judges, [70, 80])
    session.commit()

    early = thidua("writing", "results", "reveal", level.id)
    aggregated = thidua("writing", "results", "aggregate", level.id)
    locked = thidua("writing", "results", "lock", level.id)
    unlocked = thidua("writing", "results", "unlock", level.id)
    thidua("writing", "results", "lock", level.id)
    revealed = thidua("writing", "results", "reveal", level.id)
    severity = thidua("writing", "results", "severity", level.id)

    assert early.exit_code == 1
    assert "Chỉ ráp phách sau khi đã khóa điểm." in early.output
    assert aggregated.output.startswith("1 bài: 1 bài có điểm chung cuộc, 0 bài chưa đủ điểm")
    assert locked.output.endswith("Đã khóa điểm.\n")
    assert "Hãy ghi lý do mở khóa điểm." in unlocked.output
    assert revealed.output == "Đã ráp phách Cấp thành phố.\n"
    assert severity.output.splitlines() == [
        "Người dùng giamkhao1: 0 bài chấm thử, 1 bài chính thức, độ lệch -10,00 (chấm chặt)",
        "Người dùng giamkhao2: 0 bài chấm thử, 1 bài chính thức, độ lệch 10,00 (chấm rộng)"]

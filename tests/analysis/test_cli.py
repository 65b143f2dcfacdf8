"""`thidua analysis items`: a summary line, then a question a line, suspect ones first;
refusals in Vietnamese with exit status 1."""


def test_a_line_per_question(thidua, scene, six):
    contest_id = scene.contest.id
    scene.session.commit()

    result = thidua("analysis", "items", contest_id, "--round", 1)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("Tuần 1: 6 lượt thi (mọi lượt thi đã nộp hoặc hết giờ (kết quả chưa "
                        "tổng hợp)), điểm trung bình 2,00; 2/4 câu có cảnh báo.")
    assert lines[1].startswith(
        "Câu 3 (6 lượt có câu): đúng 16,7%, độ phân biệt -0,42; A 50,0% · B (đáp án) 16,7% · "
        "C 16,7% · D 16,7%; bỏ trống 0. Cảnh báo: Độ phân biệt âm")
    assert [line.split(" ", 2)[1] for line in lines[1:]] == ["3", "1", "2", "4"]
    assert "bỏ trống 1." in lines[4]


def test_an_empty_round_says_so(thidua, scene, bank):
    scene.add_round(2)
    contest_id = scene.contest.id

    result = thidua("analysis", "items", contest_id, "--round", 2)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        "Chưa có lượt thi nào đã nộp hoặc hết giờ để phân tích.")


def test_a_bad_contest_or_round_is_refused(thidua, scene, bank):
    contest_id = scene.contest.id
    scene.session.commit()

    no_contest = thidua("analysis", "items", 999, "--round", 1)
    no_round = thidua("analysis", "items", contest_id, "--round", 9)
    no_option = thidua("analysis", "items", contest_id)

    assert (no_contest.exit_code, no_contest.stderr) == (1, "Không tìm thấy cuộc thi này.\n")
    assert (no_round.exit_code, no_round.stderr) == (
        1, f"Cuộc thi {contest_id} không có tuần thi thứ 9.\n")
    assert no_option.exit_code == 2
    assert "Thiếu tùy chọn --round" in no_option.stderr

"""`thidua results rulings …`: the rulings page's actions from the command line, questions by
their number and options by their letters, refusals in Vietnamese with exit status 1."""

from sqlalchemy import select

from backend.attempts.models import Attempt
from backend.questions.models import Question, QuestionOption
from backend.results.models import QuestionRuling

REASON = "Câu 2 có hai phương án cùng đúng"


def scores(scene) -> list[int]:
    scene.session.expire_all()
    return [score for (score,) in scene.session.execute(
        select(Attempt.score).order_by(Attempt.id)).all()]


def test_voiding_by_number_rescores_and_is_listed(thidua, scene, bank):
    for letters in ("BBBB", "BCBB", "B-BB"):
        scene.sit(scene.contestants(1)[0], bank, letters)
    contest_id = scene.contest.id
    scene.session.commit()

    voided = thidua("results", "rulings", "void", contest_id, "--question", 2,
                    "--reason", REASON)
    again = thidua("results", "rulings", "void", contest_id, "--question", 2,
                   "--reason", REASON)
    listed = thidua("results", "rulings", "list", contest_id)

    assert voided.exit_code == 0, voided.output
    assert voided.stdout.splitlines()[0] == (
        "Câu số 2: hủy câu hỏi, mọi người đều được điểm câu này. Đã chấm lại 3 lượt thi, 2 điểm "
        "thay đổi.")
    assert scores(scene) == [4, 4, 4]
    assert again.stdout == "Câu số 2 đã được xử lý như vậy; không có điểm nào thay đổi.\n"
    assert listed.exit_code == 0
    line, = listed.stdout.splitlines()
    assert line.endswith(f"Câu số 2: Hủy câu hỏi, mọi người đều được điểm câu này (dòng lệnh). "
                         f"Lý do: {REASON}. Chấm lại 3 lượt, 2 điểm thay đổi.")


def test_rekeying_by_letter_moves_the_mark(thidua, scene, bank):
    scene.sit(scene.contestants(1)[0], bank, "BBBB")
    scene.sit(scene.contestants(1)[0], bank, "BAAB")
    contest_id = scene.contest.id
    scene.session.commit()

    result = thidua("results", "rulings", "rekey", contest_id, "--question", 2,
                    "--correct", "a", "--reason", REASON)

    assert result.exit_code == 0, result.output
    assert scores(scene) == [3, 3]
    correct = scene.session.execute(
        select(QuestionOption.position).join(Question).where(
            Question.number == 2, QuestionOption.is_correct)).scalars().all()
    assert correct == [0]


def test_refusals_name_the_problem_and_change_nothing(thidua, scene, bank):
    scene.sit(scene.contestants(1)[0], bank, "BBBB")
    contest_id = scene.contest.id
    scene.session.commit()

    cases = [
        (("void", contest_id, "--question", 99, "--reason", REASON),
         f"Ngân hàng câu hỏi của cuộc thi {contest_id} không có câu số 99."),
        (("void", contest_id, "--question", 2),
         "Câu số 2: Hãy ghi lý do xử lý câu hỏi"),
        (("rekey", contest_id, "--question", 2, "--correct", "F", "--reason", REASON),
         "Câu số 2: câu hỏi chỉ có 4 phương án, từ A đến D."),
        (("rekey", contest_id, "--question", 2, "--correct", "Z", "--reason", REASON),
         "Câu số 2: Phương án đúng chỉ được ghi bằng chữ cái từ A đến F."),
    ]
    for arguments, said in cases:
        result = thidua("results", "rulings", *arguments)
        assert result.exit_code == 1, arguments
        assert result.stderr.startswith(said), result.stderr

    assert scores(scene) == [4]
    assert scene.session.execute(select(QuestionRuling)).first() is None

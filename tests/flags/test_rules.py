"""Each rule flags a planted case and leaves the near miss beside it alone."""

from datetime import timedelta

from backend.clock import utcnow
from backend.flags.detect import FlagKind
from tests.factories import add_finished_attempt

WHEN = utcnow().replace(microsecond=0) - timedelta(days=7, hours=12)


def _evidence(flags, kind):
    return sorted(f.evidence for f in flags.by_kind[kind])


def _who(flags, kind):
    return sorted(sorted(f.contestant_ids) for f in flags.by_kind[kind])


def test_full_marks_faster_than_the_threshold_is_flagged(scene):
    fast, slow, wrong = scene.contestants(3)
    flagged = add_finished_attempt(scene.session, scene.round, fast, score=5, duration_s=10)
    add_finished_attempt(scene.session, scene.round, slow, score=5, duration_s=16)
    add_finished_attempt(scene.session, scene.round, wrong, score=4, duration_s=5)

    flags = scene.flags()  # 3 s a question: 15 s for a paper of 5

    [flag] = flags.by_kind[FlagKind.FAST_FULL_MARKS]
    assert (flag.contestant_ids, flag.attempt_ids) == ([fast.id], [flagged.id])
    assert flag.evidence == "5/5 câu đúng trong 10 giây (ngưỡng: dưới 15 giây cho đề 5 câu)"
    assert flag.people[0].full_name == fast.full_name
    assert scene.flags(fast_seconds_per_question=2).by_kind[FlagKind.FAST_FULL_MARKS] == []


def _registered(scene, people, address, minutes_apart):
    for n, person in enumerate(people):
        person.registered_ip = address
        person.registered_at = WHEN + timedelta(minutes=minutes_apart * n)
    scene.session.commit()


def test_many_registrations_from_one_address_in_a_short_span_are_flagged(scene):
    people = scene.contestants(14)
    _registered(scene, people[:5], "203.0.113.5", 1.5)  # 5 in 6 minutes
    _registered(scene, people[5:10], "203.0.113.9", 3)  # 5 in 12 minutes: 4 in any 10
    _registered(scene, people[10:], "198.51.100.1", 0.5)  # 4 in 2 minutes

    flags = scene.flags()

    assert _who(flags, FlagKind.ADDRESS_BURST) == [sorted(p.id for p in people[:5])]
    [evidence] = _evidence(flags, FlagKind.ADDRESS_BURST)
    assert evidence.startswith("5 lượt đăng ký của 5 người từ 203.0.113.5 trong 6 phút (")
    assert _who(scene.flags(burst_minutes=15), FlagKind.ADDRESS_BURST) == [
        sorted(p.id for p in people[:5]), sorted(p.id for p in people[5:10])]


def test_many_people_starting_from_one_address_are_flagged_not_one_person_starting_often(
        scene):
    people = scene.contestants(7)
    for n, person in enumerate(people[:5]):  # five people, one address, within 4 minutes
        add_finished_attempt(scene.session, scene.round, person, score=1,
                             started_at=WHEN + timedelta(minutes=n)).started_ip = "192.0.2.7"
    for n in range(1, 7):  # one person, six attempts from home
        add_finished_attempt(scene.session, scene.round, people[5], score=1, attempt_no=n,
                             started_at=WHEN + timedelta(minutes=n)).started_ip = "192.0.2.8"
    scene.session.commit()

    flags = scene.flags()

    [flag] = flags.by_kind[FlagKind.ADDRESS_BURST]
    assert sorted(flag.contestant_ids) == sorted(p.id for p in people[:5])
    assert len(flag.attempt_ids) == 5
    assert flag.evidence.startswith("5 lượt bắt đầu thi của 5 người từ 192.0.2.7 trong 4 phút")


def _paper(scene, person, answers, *, submitted_s, duration_s):
    return add_finished_attempt(
        scene.session, scene.round, person, score=1, question_count=len(answers),
        submitted_at=WHEN + timedelta(seconds=submitted_s),
        started_at=WHEN + timedelta(seconds=submitted_s - duration_s),
        answers={str(q): [a] for q, a in answers.items()})


def test_near_identical_papers_handed_in_together_are_flagged(scene):
    a, b, late, slow, unlike, short = scene.contestants(6)
    answers = {q: 100 + q for q in range(1, 13)}  # twelve questions answered
    _paper(scene, a, answers, submitted_s=0, duration_s=200)
    _paper(scene, b, {**answers, 12: 999}, submitted_s=20, duration_s=205)  # 11/12 alike
    _paper(scene, late, answers, submitted_s=1000, duration_s=200)  # 1000 s later
    _paper(scene, slow, answers, submitted_s=40, duration_s=260)  # 60 s slower
    _paper(scene, unlike, {**answers, 11: 1, 12: 2}, submitted_s=30,
           duration_s=202)  # 10/12 alike: 83 %
    _paper(scene, short, {q: answers[q] for q in range(1, 10)}, submitted_s=10,
           duration_s=200)  # 9 shared only

    flags = scene.flags()

    [flag] = flags.by_kind[FlagKind.SIMILAR_ANSWERS]
    assert sorted(flag.contestant_ids) == sorted([a.id, b.id])
    assert flag.evidence == ("2 bài của 2 người gần như giống hệt nhau (cao nhất 11/12 câu "
                             "cùng trả lời giống nhau)")
    assert flag.details == [f"{a.full_name} và {b.full_name}: giống nhau 11/12 câu cùng trả "
                            "lời, nộp cách nhau 20 giây, thời gian làm bài 3 phút 20 giây và "
                            "3 phút 25 giây"]
    [looser] = scene.flags(similar_percent=80).by_kind[FlagKind.SIMILAR_ANSWERS]
    assert sorted(looser.contestant_ids) == sorted([a.id, b.id, unlike.id])  # short: 9 shared


def test_one_person_registered_twice_is_flagged(scene):
    from datetime import date

    first, again, namesake = scene.contestants(3)
    for person, unit in ((first, scene.units[0]), (again, scene.units[2]),
                         (namesake, scene.units[1])):
        person.name_key, person.full_name, person.unit_id = "nguyễn văn an", "Nguyễn Văn An", \
            unit.id
    first.birth_date = again.birth_date = date(1990, 5, 17)
    namesake.birth_date = date(1991, 5, 17)
    scene.session.commit()

    flags = scene.flags()

    assert _who(flags, FlagKind.SAME_PERSON) == [sorted([first.id, again.id])]
    assert _evidence(flags, FlagKind.SAME_PERSON) == [
        "2 lần đăng ký cùng họ tên «Nguyễn Văn An» và cùng ngày sinh, ở: "
        f"{scene.units[0].name}, {scene.units[2].name}"]


def test_a_round_is_flagged_on_its_own_attempts(scene):
    person = scene.contestants(1)[0]
    second = scene.add_round(2)
    add_finished_attempt(scene.session, scene.round, person, score=5, duration_s=3)

    assert len(scene.flags().by_kind[FlagKind.FAST_FULL_MARKS]) == 1
    assert scene.flags(round_=second).by_kind[FlagKind.FAST_FULL_MARKS] == []
